"""thiduabot command line: one command per thing a user wants to do.

  thiduabot ingest [--dry-run] [--json] [--allow-remove]   build or refresh the knowledge index
  thiduabot sources [--json]              list the indexed documents
  thiduabot ask "câu hỏi" [--json]        one answer
  thiduabot chat                          a console chat (the engine and the nomination wizard)
  thiduabot binh-xet [FILE] [--out DIR]   a unit's year-end review: the template, or a filled sheet judged
  thiduabot eval FILE [--json]            retrieval metrics on a question set
  thiduabot bot                           the Telegram bot
  thiduabot run                           refresh the index, then the bot (or the console chat without a token)
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable
from pathlib import Path

from bot.settings import ConfigError, Settings, check_environment, load_settings
from ingest.amendments import registry_notes
from ingest.progress import Progress
from ingest.refresh import RefreshBusy
from ingest.units import status_label

EXIT_SKIPPED = 2
EXIT_BUSY = 3
EXIT_CONFIG = 4
EXIT_HELD = 5  # the refresh would remove much of the index and was not confirmed: nothing written


def cmd_ingest(settings: Settings, args: argparse.Namespace) -> int:
    from bot.services import run_refresh

    tracker = Progress()

    def progress(done: int, total: int) -> None:
        tracker(done, total)
        if line := tracker.render():
            print(f"\r  {line}   ", end="", file=sys.stderr, flush=True)

    try:
        report = run_refresh(settings, dry_run=args.dry_run, on_progress=None if args.json else progress,
                             allow_remove=args.allow_remove)
    except RefreshBusy as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_BUSY
    if report.embedded and not args.json:
        print(file=sys.stderr)
    print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2) if args.json else report.render(full_paths=True))
    if report.held:
        print("Nếu đúng là muốn gỡ, chạy lại với --allow-remove; nếu không, hãy đặt KNOWLEDGE_DIRS (các thư mục cách "
              "nhau bằng dấu :) cho đủ các thư mục văn bản.", file=sys.stderr)
        return EXIT_HELD
    return EXIT_SKIPPED if report.skipped else 0


def cmd_sources(settings: Settings, args: argparse.Namespace) -> int:
    from bot.services import open_store

    generation = open_store(settings).generation()
    documents = generation.documents if generation else {}
    if args.json:
        print(json.dumps([{"id": key, **value} for key, value in documents.items()], ensure_ascii=False, indent=2))
        return 0
    if not documents:
        print("Chưa có văn bản nào trong cơ sở tri thức. Hãy chạy: thiduabot ingest")
        return 0
    for doc_id, doc in documents.items():
        print(f"{doc_id}\t{doc['number'] or '-'}\t{doc['title']}\t{status_label(doc['status'])}\t"
              f"{doc['units']} đơn vị\t{doc['indexed_at']}")
        for note in registry_notes(doc_id, documents):
            print(f"\t↳ {note}")
    return 0


def cmd_ask(settings: Settings, args: argparse.Namespace) -> int:
    from bot.faces.console import CONSOLE, reply_text
    from bot.faces.render import render
    from bot.services import build_assistant

    replies = build_assistant(settings).handle(CONSOLE, args.question)
    answer = next((reply.answer for reply in replies if reply.answer is not None), None)
    if not args.json or answer is None:
        print("\n".join(reply_text(reply) for reply in replies))
        return 0
    print(json.dumps({
        "question": answer.question, "covered": answer.covered, "text": render(answer), "mode": answer.mode,
        "relevance": round(answer.relevance, 3),
        "citations": [{"unit_id": c.unit_id, "citation": c.text} for c in answer.citations],
        "units": [{"unit_id": h.unit_id, "score": round(h.score, 5), "dense": round(h.dense, 4), "why": h.reasons,
                   "citation": f"Điều {h.unit.article} {h.unit.doc.number}" if h.unit.article else h.unit.heading}
                  for h in answer.hits],
        "timing_ms": {key: round(value, 1) for key, value in answer.timings.items()},
    }, ensure_ascii=False, indent=2))
    return 0


def cmd_chat(settings: Settings, args: argparse.Namespace) -> int:
    from bot.faces.console import ConsoleChat
    from bot.services import build_assistant

    return ConsoleChat(build_assistant(settings)).run()


def cmd_review(settings: Settings, args: argparse.Namespace) -> int:
    """The template (no FILE; next year's for --don-vi from the registry), or a filled sheet judged: the result
    workbook and the dossier copied to --out, as /binh_xet gives them on Telegram."""
    import shutil

    from bot.faces.console import CONSOLE
    from bot.services import build_reviews, open_store
    from bot.storage import Storage

    generation = open_store(settings).generation()
    documents = generation.documents if generation else {}
    reviews = build_reviews(settings, lambda: documents, Storage(settings.sqlalchemy_url))
    if args.file is None:
        reply = reviews.template(CONSOLE.user_id, True, args.don_vi or "")
    elif not args.file.is_file():
        print(f"Không tìm thấy tệp {args.file}.", file=sys.stderr)
        return 1
    else:
        reply = reviews.review(CONSOLE.user_id, True, args.file.name, args.file.read_bytes())
    print(reply.text)
    args.out.mkdir(parents=True, exist_ok=True)
    for path in reply.files:
        copied = shutil.copy2(path, args.out / path.name)
        print(f"Đã ghi: {copied}")
    return 0 if reply.files else 1


def cmd_eval(settings: Settings, args: argparse.Namespace) -> int:
    from bot.evaluate import METRIC_KEYS, engine_system, evaluate, load_questions
    from bot.services import build_engine

    engine = build_engine(settings)
    if not engine.documents:
        print("Chưa có chỉ mục. Hãy chạy: thiduabot ingest", file=sys.stderr)
        return 1
    engine.ask("khởi động")  # load the index and the models before timing
    result = evaluate(load_questions(args.file), engine_system(engine))
    measured = {**{key: result["counts"]["hit_at_1"] for key in ("hit_at_5", "mrr_at_10")}, **result["counts"]}
    below = [f"{key}: chưa đo được (bộ câu hỏi không có câu nào cho chỉ số này)" if measured.get(key, 1) == 0
             else f"{key} = {result.get(key)} < {floor}" for key, floor in args.min
             if measured.get(key, 1) == 0 or not result.get(key, 0) >= floor]
    below += [f"{key} = {result.get(key)} > {ceiling}" for key, ceiling in args.max if result.get(key, 0) > ceiling]
    if args.aggregate:  # a held-out set is read only as figures
        result["questions"] = []
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        for key in METRIC_KEYS:
            print(f"{key}: {result[key]}")
        print("confident_wrong_causes: " + ", ".join(f"{k}={v}" for k, v in result["confident_wrong_causes"].items()))
        if result["kinds"]:
            print(kinds_table(result["kinds"]))
        for row in result["questions"]:
            bad = row["refused"] != row["out_of_scope"] or (not row["out_of_scope"] and row["rank"] != 1)
            if bad:
                print(f"  ! rank={row['rank']} refused={row['refused']} {row['q']} -> {row['top']}")
    for line in below:
        print(f"Dưới ngưỡng: {line}", file=sys.stderr)
    return 1 if below else 0


def kinds_table(confusion: dict[str, dict[str, int]]) -> str:
    """Kinds asked (rows) against kinds understood (columns), as a plain text table."""
    understood = sorted({kind for row in confusion.values() for kind in row})
    width = max(len(kind) for kind in [*confusion, *understood, "hỏi \\ hiểu"]) + 1
    lines = ["hỏi \\ hiểu".ljust(width) + "".join(kind[:6].rjust(7) for kind in understood)]
    for asked in sorted(confusion):
        lines.append(asked.ljust(width) + "".join(str(confusion[asked].get(kind, "")).rjust(7) for kind in understood))
    return "\n".join(lines)


def cmd_bot(settings: Settings, args: argparse.Namespace) -> int:
    from bot.faces.telegram import run_bot

    if not settings.telegram_bot_token:
        print("Thiếu TELEGRAM_BOT_TOKEN.", file=sys.stderr)
        return 1
    from bot.logs import configure

    configure(settings.log_level, [settings.telegram_bot_token, settings.webhook_secret, settings.llm_api_key])
    return run_bot(settings)


def cmd_run(settings: Settings, args: argparse.Namespace) -> int:
    """What `make run` does: refresh the index, then the bot, or the console chat without a token."""
    status = cmd_ingest(settings, argparse.Namespace(dry_run=False, json=False, allow_remove=False))
    if status == EXIT_BUSY:
        return status
    return cmd_bot(settings, args) if settings.telegram_bot_token else cmd_chat(settings, args)


COMMANDS: dict[str, Callable[[Settings, argparse.Namespace], int]] = {
    "ingest": cmd_ingest,
    "sources": cmd_sources,
    "ask": cmd_ask,
    "chat": cmd_chat,
    "eval": cmd_eval,
    "binh-xet": cmd_review,
    "bot": cmd_bot,
    "run": cmd_run,
}


def _threshold(text: str) -> tuple[str, float]:
    key, _, value = text.partition("=")
    try:
        return key.strip(), float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"ngưỡng không hợp lệ: {text!r} (dạng khoa=0.85)") from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="thiduabot", description="Trợ lý thi đua, khen thưởng")
    sub = parser.add_subparsers(dest="command", required=True)
    ingest = sub.add_parser("ingest", help="xây dựng hoặc cập nhật chỉ mục từ các thư mục văn bản")
    ingest.add_argument("--dry-run", action="store_true", help="chỉ báo cáo, không ghi gì")
    ingest.add_argument("--json", action="store_true", help="báo cáo dạng JSON")
    ingest.add_argument("--allow-remove", action="store_true",
                        help="cho phép gỡ nhiều đơn vị hoặc cả văn bản khỏi chỉ mục (mặc định: dừng và báo)")
    sources = sub.add_parser("sources", help="liệt kê các văn bản đã có trong chỉ mục")
    sources.add_argument("--json", action="store_true")
    ask = sub.add_parser("ask", help="hỏi một câu và nhận câu trả lời có dẫn căn cứ")
    ask.add_argument("question")
    ask.add_argument("--json", action="store_true", help="văn bản, các đơn vị kèm điểm số và thời gian")
    sub.add_parser("chat", help="trò chuyện trên cửa sổ dòng lệnh")
    review = sub.add_parser("binh-xet", help="bình xét cuối năm cả đơn vị: không có FILE thì ghi mẫu .xlsx; có FILE "
                                             "(mẫu đã điền) thì ghi kết quả và hồ sơ")
    review.add_argument("file", type=Path, nargs="?", help="bảng bình xét đã điền (.xlsx)")
    review.add_argument("--out", type=Path, default=Path("."), help="thư mục ghi kết quả (mặc định: thư mục hiện tại)")
    review.add_argument("--don-vi", help="tên đơn vị: mẫu năm sau điền sẵn từ sổ bình xét của đơn vị")
    evaluate = sub.add_parser("eval", help="đo chất lượng tìm kiếm trên một bộ câu hỏi (YAML)")
    evaluate.add_argument("file", type=Path)
    evaluate.add_argument("--json", action="store_true")
    evaluate.add_argument("--min", action="append", default=[], type=_threshold, metavar="KHOA=GIA_TRI",
                          help="ngưỡng tối thiểu, ví dụ --min hit_at_5=0.85 (lệnh trả mã 1 nếu dưới ngưỡng)")
    evaluate.add_argument("--max", action="append", default=[], type=_threshold, metavar="KHOA=GIA_TRI",
                          help="ngưỡng tối đa, ví dụ --max confident_wrong_share=0.03 (mã 1 nếu vượt)")
    evaluate.add_argument("--aggregate", action="store_true",
                          help="chỉ in các chỉ số, không in từng câu (bộ câu hỏi giữ kín)")
    sub.add_parser("bot", help="chạy bot Telegram (cần TELEGRAM_BOT_TOKEN)")
    sub.add_parser("run", help="cập nhật chỉ mục rồi chạy bot (hoặc trò chuyện dòng lệnh nếu chưa có token)")
    return parser


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings()
        check_environment(settings)
        return COMMANDS[args.command](settings, args)
    except ConfigError as exc:  # a setting that cannot work: one sentence, no traceback
        print(str(exc), file=sys.stderr)
        return EXIT_CONFIG


if __name__ == "__main__":
    sys.exit(main())
