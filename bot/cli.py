"""thiduabot command line: one command per thing a user wants to do.

  thiduabot ingest [--dry-run] [--json]   build or refresh the knowledge index
  thiduabot sources [--json]              list the indexed documents
  thiduabot ask "câu hỏi" [--json]        one answer
  thiduabot chat                          a console chat (the engine and the nomination wizard)
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

from bot.settings import Settings
from ingest.refresh import RefreshBusy
from ingest.units import status_label

EXIT_SKIPPED = 2
EXIT_BUSY = 3


def cmd_ingest(settings: Settings, args: argparse.Namespace) -> int:
    from bot.services import run_refresh

    def progress(done: int, total: int) -> None:
        print(f"\r  nhúng {done}/{total} đơn vị…", end="", file=sys.stderr, flush=True)

    try:
        report = run_refresh(settings, dry_run=args.dry_run, on_progress=None if args.json else progress)
    except RefreshBusy as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_BUSY
    if report.embedded and not args.json:
        print(file=sys.stderr)
    print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2) if args.json else report.render())
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
    return 0


COMMANDS: dict[str, Callable[[Settings, argparse.Namespace], int]] = {
    "ingest": cmd_ingest,
    "sources": cmd_sources,
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="thiduabot", description="Trợ lý thi đua, khen thưởng")
    sub = parser.add_subparsers(dest="command", required=True)
    ingest = sub.add_parser("ingest", help="xây dựng hoặc cập nhật chỉ mục từ các thư mục văn bản")
    ingest.add_argument("--dry-run", action="store_true", help="chỉ báo cáo, không ghi gì")
    ingest.add_argument("--json", action="store_true", help="báo cáo dạng JSON")
    sources = sub.add_parser("sources", help="liệt kê các văn bản đã có trong chỉ mục")
    sources.add_argument("--json", action="store_true")
    return parser


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    args = build_parser().parse_args(argv)
    return COMMANDS[args.command](Settings(), args)


if __name__ == "__main__":
    sys.exit(main())
