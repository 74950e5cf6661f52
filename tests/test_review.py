"""The year-end review of a whole unit, end to end: a staff list of 40 people and 3 collectives sent through the
fake Bot API to the real Application, every verdict checked against the catalogue's rules (computed here from
the test's own facts), the result workbook opened with openpyxl, the dossier holding the eligible only; next
year's template filled from the registry and consecutive years counted from it; the console and the command
line giving the same result; every bad sheet refused with its message and nothing kept."""

from __future__ import annotations

import io
import os
import re
import shutil
import uuid
import zipfile
from datetime import date
from pathlib import Path

import docx
import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.faces import cli
from bot.faces.console import ConsoleChat
from bot.faces.telegram import build_application
from bot.nomination.eligibility import Rules
from bot.review.judge import STATUS
from bot.review.registry import HeldTitle, RegistryPerson, ReviewYear, Run, Unit
from bot.review.report import RESULT_SHEETS, fact_text, finding_text
from bot.review.service import Reviews
from bot.review.sheet import MAX_PEOPLE
from bot.services import build_assistant
from bot.storage import QuestionLog, Storage
from ingest.vietnamese import slug
from tests.fake_telegram import TOKEN, FakeBotApi, RunningBot
from tests.fakes import own_database
from tests.review_sheets import (
    CATALOGUE,
    awards_for,
    collectives,
    expected_collectives,
    expected_people,
    fill,
    person_facts,
    staff,
)

STAFF, OTHER = 6101, 6102
YEAR = date.today().year - 2
CSTD_TINH = "chien-si-thi-dua-cap-tinh"
CSTDCS = "chien-si-thi-dua-co-so"


@pytest.fixture(scope="module")
def review_env(corpus_settings, corpus_engine, tmp_path_factory: pytest.TempPathFactory):
    data = tmp_path_factory.mktemp("review-bot")
    shutil.copytree(corpus_settings.data_dir / "chroma", data / "chroma")
    api = FakeBotApi()
    api.start()
    settings = corpus_settings.model_copy(update={
        "data_dir": data, "upload_dir": data / "uploads", "drafts_dir": data / "drafts", "telegram_bot_token": TOKEN,
        "telegram_base_url": api.base_url, "telegram_base_file_url": api.base_file_url, "rate_limit_per_minute": 60})
    assistant = build_assistant(settings)
    with RunningBot(build_application(settings, assistant), settings):
        api.wait_for(lambda m, p: m == "setMyCommands")
        yield api, assistant, settings
    api.stop()


def exchange(api: FakeBotApi, user: int, send, count: int) -> tuple[list[str], dict[str, bytes]]:
    """What the bot answers to one message: its texts and its files by name."""
    since = len(api.calls)
    send()
    sent = api.sent_to(user, since, count=count, timeout=120)
    texts = [p["text"] for p in sent if "text" in p]
    files = {p["document"]["filename"]: p["document"]["data"] for p in sent if "document" in p}
    return texts, files


def table(data: bytes, sheet: str) -> list[list]:
    return [list(row) for row in load_workbook(io.BytesIO(data))[sheet].iter_rows(values_only=True)]


def statuses(result: bytes) -> dict[str, dict[str, str]]:
    """name -> award short name -> status, from the "Tổng hợp" sheet."""
    rows = table(result, RESULT_SHEETS[0])
    awards = rows[0][3:]
    return {row[1]: {award: status for award, status in zip(awards, row[3:], strict=True) if status != "—"}
            for row in rows[1:]}


def check_verdicts(result: bytes, people, teams, year: int, documents: dict, registry=None) -> dict:
    """Every status of the result equals the rules' own, and every criterion row its finding."""
    expected = expected_people(people, year, documents, registry)
    expected |= expected_collectives(teams, people, year, documents, expected)
    found = statuses(result)
    assert set(found) == set(expected)
    for name, standings in expected.items():
        wanted = {CATALOGUE.awards[award].short: STATUS[standing] for award, standing in standings.items()}
        assert found[name] == wanted, name
    rules = Rules(CATALOGUE, documents)
    rows = table(result, RESULT_SHEETS[2])[1:]
    wanted_rows = []
    for person in people:
        facts = person_facts(person, year, (registry or {}).get(person.name))
        for award in awards_for(person.kind):
            for finding in rules.evaluate(award, facts).findings:
                wanted_rows.append([person.name, award.short, finding.rule.text, finding_text(finding),
                                    fact_text(finding), finding.rule.cite.label(documents)])
    people_rows = [row for row in rows if row[0] in {p.name for p in people}]
    assert people_rows == wanted_rows
    return expected


def names_in(document: bytes) -> str:
    parsed = docx.Document(io.BytesIO(document))
    cells = [cell.text for table in parsed.tables for row in table.rows for cell in row.cells]
    return "\n".join([*(p.text for p in parsed.paragraphs), *cells])


def test_a_unit_reviewed_through_telegram_then_remembered_for_next_year(review_env) -> None:
    api, assistant, _ = review_env
    documents = assistant.engine.documents
    texts, files = exchange(api, STAFF, lambda: api.send_text(STAFF, f"/binh_xet {YEAR}"), 2)
    assert any(f"Mẫu danh sách bình xét năm {YEAR}" in text for text in texts)
    template = files[f"mau-binh-xet-{YEAR}.xlsx"]
    people, teams = staff(40, YEAR), collectives(YEAR)
    sheet = fill(template, YEAR, people, teams)

    texts, files = exchange(api, STAFF, lambda: api.send_document(STAFF, "binh-xet.xlsx", sheet), 3)
    assert any("40 cá nhân, 3 tập thể" in text for text in texts), texts
    result = files[f"ket-qua-binh-xet-{YEAR}.xlsx"]
    expected = check_verdicts(result, people, teams, YEAR, documents)
    standings = {standing for awards in expected.values() for standing in awards.values()}
    assert standings == {"propose", "reject", "incomplete", "defer"}  # the sheet meets all four

    # Women first among those equally eligible (khoản 6 Điều 4 Nghị định 152/2025), cited in the notes.
    results = table(result, RESULT_SHEETS[1])[1:]
    ldtt = [row for row in results if row[2] == "Lao động tiên tiến" and row[3] == "Đủ"]
    women = {p.name for p in people if p.gender == "Nữ"}
    assert {row[1] for row in ldtt if row[4]} == {row[1] for row in ldtt} & women
    notes = "\n".join(row[0] for row in table(result, RESULT_SHEETS[3])[1:])
    assert "khoản 6 Điều 4 Nghị định" in notes and "Chưa có trong cơ sở tri thức: Số lượng, tỷ lệ tối đa" in notes

    # The dossier: one tờ trình, danh sách, biên bản per award and authority, with the eligible only.
    bundle = zipfile.ZipFile(io.BytesIO(files[f"ho-so-binh-xet-{YEAR}.zip"]))
    folders = {name.split("/")[0] for name in bundle.namelist()}
    for award in CATALOGUE.awards.values():
        for collective, holders in ((False, people), (True, teams)):
            if collective != ("tap-the" in award.nominees) and (collective or award.for_whom == "tập thể"):
                continue
            eligible = {h.name for h in holders if expected[h.name].get(award.id) == "propose"}
            label = f"{award.short} (tập thể)" if collective and award.for_whom != "tập thể" else award.short
            # One folder per deciding authority (a farmer's Giấy khen is the commune's).
            chosen = [f for f in folders if f.split("-", 1)[1] == slug(label, 50)]
            assert bool(chosen) == bool(eligible), label
            for part in ("to-trinh", "danh-sach", "bien-ban-hop-hoi-dong"):
                text = "\n".join(names_in(bundle.read(f"{folder}/{part}.docx")) for folder in chosen)
                named = {h.name for h in holders if re.search(rf"(?<!\w){re.escape(h.name)}(?!\w)", text)}
                assert named == eligible, (label, part)
    left = table(result, RESULT_SHEETS[4])
    assert left[1][0].startswith("Lưu nội bộ") and len(left) - 2 == sum(
        1 for awards in expected.values() for standing in awards.values() if standing != "propose")

    # The registry: a person looked up; a decision entered for one of three on a streak of CSTĐCS.
    on_streak = [p.name for p in people[9:12]]
    assert all(expected[name][CSTDCS] == "propose" for name in on_streak)
    texts, _ = exchange(api, STAFF, lambda: api.send_text(STAFF, f"/ho_so_ca_nhan {on_streak[0]}"), 1)
    assert f"{YEAR - 1}: Chiến sĩ thi đua cơ sở" in texts[0] and "chưa có số quyết định" in texts[0]
    texts, _ = exchange(api, STAFF, lambda: api.send_text(
        STAFF, f"/ho_so_ca_nhan sua {on_streak[0]} | {YEAR} | Chiến sĩ thi đua cơ sở | 99/QĐ-UBND"), 1)
    assert "Đã ghi Chiến sĩ thi đua cơ sở" in texts[0]
    texts, _ = exchange(api, OTHER, lambda: api.send_text(OTHER, f"/ho_so_ca_nhan {on_streak[0]}"), 1)
    assert "Không tìm thấy" in texts[0]  # another unit's user sees none of its people

    # Next year's template comes filled from the registry.
    texts, files = exchange(api, STAFF, lambda: api.send_text(STAFF, "/binh_xet"), 2)
    assert any(f"Mẫu bình xét năm {YEAR + 1}" in text for text in texts), texts
    following = next(data for name, data in files.items() if name.startswith(f"binh-xet-{YEAR + 1}"))
    rows = table(following, "Cá nhân")
    assert [row[1] for row in rows[1:41]] == [p.name for p in people]
    header = rows[0]
    first = rows[1]
    assert first[header.index(f"Xếp loại {YEAR}")] == {"xuat-sac": "Hoàn thành xuất sắc nhiệm vụ", "tot":
                                                       "Hoàn thành tốt nhiệm vụ", "hoan-thanh": "Hoàn thành nhiệm vụ",
                                                       "khong": "Không hoàn thành nhiệm vụ"}[people[0].ratings[YEAR]]
    held = {(row[0], row[1], row[2]): row[3] for row in table(following, "Danh hiệu đã đạt")[1:]}
    assert held[(on_streak[0], YEAR, "Chiến sĩ thi đua cơ sở")] == "99/QĐ-UBND"
    assert held[(on_streak[1], YEAR, "Chiến sĩ thi đua cơ sở")] is None  # a proposal: no decision yet

    # Year two: the first of the three has its proposal row removed but its decision entered (the registry
    # counts it), the second keeps the row, the third has it removed and no decision (it does not count).
    book = load_workbook(io.BytesIO(following))
    titles = book["Danh hiệu đã đạt"]
    for number in range(titles.max_row, 1, -1):
        holder, held_year, award = (titles.cell(row=number, column=c).value for c in (1, 2, 3))
        if held_year == YEAR and award == "Chiến sĩ thi đua cơ sở" and holder in (on_streak[0], on_streak[2]):
            titles.delete_rows(number)
    edited = io.BytesIO()
    book.save(edited)
    next_people = staff(40, YEAR + 1)
    for person in next_people:
        person.titles = {}  # the template holds them
    for person in next_people[9:12]:
        person.ratings[YEAR + 1], person.initiative = "xuat-sac", "tinh"
    next_teams = collectives(YEAR + 1)
    for team in next_teams:
        team.titles = {}
    sheet = fill(edited.getvalue(), YEAR + 1, next_people, next_teams, keep_titles=True)
    texts, files = exchange(api, STAFF, lambda: api.send_document(STAFF, "binh-xet-2.xlsx", sheet), 3)
    result = files[f"ket-qua-binh-xet-{YEAR + 1}.xlsx"]
    # What the test knows each holds: last year's sheet, last year's proposals kept in the template, the decision.
    known = {}
    for person in people:
        titles_held = {y: list(ids) for y, ids in person.titles.items()}
        proposed = [a for a, standing in expected[person.name].items() if standing == "propose"]
        if person.name == on_streak[2]:
            proposed.remove(CSTDCS)
        titles_held[YEAR] = proposed
        known[person.name] = titles_held
    for team, original in zip(next_teams, teams, strict=True):
        team.titles = {**original.titles, YEAR: [a for a, s in expected[team.name].items() if s == "propose"]}
    following_expected = check_verdicts(result, next_people, next_teams, YEAR + 1, documents, known)
    assert [following_expected[name][CSTD_TINH] for name in on_streak] == ["propose", "propose", "reject"]
    criteria = table(result, RESULT_SHEETS[2])
    streak = next(row for row in criteria if row[0] == on_streak[0] and row[1] == "Chiến sĩ thi đua cấp tỉnh"
                  and "03 lần" in row[2])
    assert streak[4].startswith("03 lần liên tục đạt “Chiến sĩ thi đua cơ sở”")

    # Another user cannot review (or see) this unit; deleting a person takes their files too.
    texts, _ = exchange(api, OTHER, lambda: api.send_document(OTHER, "binh-xet.xlsx", sheet), 1)
    assert "đã có người quản lý sổ bình xét" in texts[0] and "không có gì được lưu" in texts[0]
    storage = assistant.storage
    with Session(storage.engine) as session:
        folders = [Path(run.folder) for run in session.scalars(select(Run))]
    assert folders and all(folder.is_dir() for folder in folders)
    asked = f"{people[0].name} có đủ điều kiện Chiến sĩ thi đua cơ sở không?"
    exchange(api, OTHER, lambda: api.send_text(OTHER, asked), 1)  # the name in another user's question log
    texts, _ = exchange(api, STAFF, lambda: api.send_text(STAFF, f"/ho_so_ca_nhan xoa {people[0].name}"), 1)
    assert f"Đã xóa {people[0].name}" in texts[0]
    assert not any(folder.exists() for folder in folders)
    with Session(storage.engine) as session:
        logged = [row.question for row in session.scalars(select(QuestionLog))]
    assert "[đã xóa] có đủ điều kiện Chiến sĩ thi đua cơ sở không?" in logged
    assert not [question for question in logged if people[0].name in question]
    texts, _ = exchange(api, STAFF, lambda: api.send_text(STAFF, f"/ho_so_ca_nhan {people[0].name}"), 1)
    assert "Không tìm thấy" in texts[0]


def all_values(data: bytes) -> dict[str, list]:
    book = load_workbook(io.BytesIO(data))
    return {name: [list(row) for row in book[name].iter_rows(values_only=True)] for name in book.sheetnames}


def test_the_same_sheet_gives_the_same_result_in_every_face(review_env, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    api, assistant, settings = review_env
    user = STAFF + 10
    _, files = exchange(api, user, lambda: api.send_text(user, f"/binh_xet {YEAR}"), 2)
    sheet = fill(files[f"mau-binh-xet-{YEAR}.xlsx"], YEAR, staff(12, YEAR, seed=7), collectives(YEAR),
                 unit="Trường THCS Ngô Quyền")
    _, files = exchange(api, user, lambda: api.send_document(user, "ds.xlsx", sheet), 3)
    telegram = all_values(files[f"ket-qua-binh-xet-{YEAR}.xlsx"])

    path = tmp_path / "ds.xlsx"
    path.write_bytes(sheet)
    out = io.StringIO()
    chat = ConsoleChat(assistant, io.StringIO(f"/gui_tep {path}\n"), out)
    chat.run()
    written = re.findall(r"Đã ghi: (\S+ket-qua-binh-xet-\d{4}\.xlsx)", out.getvalue())
    assert len(written) == 1, out.getvalue()
    assert all_values(Path(written[0]).read_bytes()) == telegram

    for name, value in (("DATA_DIR", settings.data_dir), ("KNOWLEDGE_DIRS", settings.knowledge_dirs),
                        ("UPLOAD_DIR", settings.upload_dir), ("EMBEDDING_MODEL", settings.embedding_model),
                        ("DRAFTS_DIR", settings.drafts_dir), ("PROVINCE", settings.province)):
        monkeypatch.setenv(name, str(value))
    assert cli.main(["binh-xet", str(path), "--out", str(tmp_path / "cli")]) == 0
    assert all_values((tmp_path / "cli" / f"ket-qua-binh-xet-{YEAR}.xlsx").read_bytes()) == telegram
    assert (tmp_path / "cli" / f"ho-so-binh-xet-{YEAR}.zip").is_file()


# Bad sheets ---------------------------------------------------------------------------------------------
@pytest.fixture()
def reviews(tmp_path: Path) -> Reviews:
    storage = Storage(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    return Reviews(CATALOGUE, lambda: {}, storage, "Hải Phòng", tmp_path / "out")


def good_sheet(reviews: Reviews) -> bytes:
    template = reviews.template(1, False, str(YEAR)).files[0].read_bytes()
    return fill(template, YEAR, staff(12, YEAR)[:5], collectives(YEAR)[:1])


def edit(data: bytes, change) -> bytes:
    book = load_workbook(io.BytesIO(data))
    change(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def set_cell(sheet: str, cell: str, value):
    def change(book) -> None:
        book[sheet][cell] = value
    return change


def later_title(book) -> None:
    sheet = book["Danh hiệu đã đạt"]
    sheet["A2"], sheet["B2"], sheet["C2"] = staff(12, YEAR)[0].name, YEAR + 1, "Lao động tiên tiến"


def many_rows(book) -> None:
    sheet = book["Cá nhân"]
    for number in range(2, 5002):
        sheet.cell(row=number, column=2, value=f"Người số {number}")


def merged(book) -> None:
    book["Cá nhân"].merge_cells("G2:G3")


def csv_bytes() -> bytes:
    return "Họ và tên,Năm sinh\nNguyễn Văn A,1980\n".encode()


def xls_bytes() -> bytes:
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504


BAD_SHEETS = {
    "wrong columns": (lambda r: edit(good_sheet(r), set_cell("Cá nhân", "D1", "Ngày sinh")),
                      "ô D1: tiêu đề cột là “Ngày sinh”, mẫu cần “Năm sinh”"),
    "merged cells": (lambda r: edit(good_sheet(r), merged), "ô G2:G3: các ô được gộp (merge)"),
    "a date as text": (lambda r: edit(good_sheet(r), set_cell("Cá nhân", "D3", "15/03/1982")),
                       "ô D3 (cột “Năm sinh”): “15/03/1982” là ngày tháng dạng chữ"),
    "a date cell": (lambda r: edit(good_sheet(r), set_cell("Cá nhân", "D4", date(1982, 3, 15))),
                    "ô D4 (cột “Năm sinh”): Năm sinh đang ở dạng ngày tháng"),
    "a year in the future": (lambda r: edit(good_sheet(r), set_cell("Thông tin chung", "B3", date.today().year + 1)),
                             f"ô B3 (cột “Năm bình xét”): năm {date.today().year + 1} là năm trong tương lai"),
    "a title in a later year": (lambda r: edit(good_sheet(r), later_title),
                                f"ô B2 (cột “Năm”): năm {YEAR + 1} sau năm bình xét ({YEAR})"),
    "a name twice": (lambda r: edit(good_sheet(r), set_cell("Cá nhân", "B4", staff(12, YEAR)[0].name)),
                     f"ô B4 (cột “Họ và tên”): “{staff(12, YEAR)[0].name}” trùng với dòng 2"),
    "5,000 rows": (lambda r: edit(good_sheet(r), many_rows), f"có hơn {MAX_PEOPLE} dòng"),
    "a formula": (lambda r: edit(good_sheet(r), set_cell("Cá nhân", "F2", "=A1&B1")),
                  "ô F2: ô chứa công thức “=A1&B1”"),
    "an .xls": (lambda r: xls_bytes(), "định dạng Excel cũ (.xls)"),
    "a .csv": (lambda r: csv_bytes(), "là .csv"),
    "not a workbook": (lambda r: b"PK\x03\x04 broken", "không phải tệp .xlsx hợp lệ"),
}


def stored(reviews: Reviews) -> int:
    with Session(reviews.registry.engine) as session:
        return sum(session.scalar(select(func.count()).select_from(table))
                   for table in (Unit, RegistryPerson, ReviewYear, HeldTitle, Run))


@pytest.mark.parametrize("case", list(BAD_SHEETS))
def test_a_bad_sheet_is_named_cell_by_cell_and_nothing_is_kept(reviews: Reviews, case: str) -> None:
    make, message = BAD_SHEETS[case]
    data = make(reviews)
    name = {"an .xls": "ds.xls", "a .csv": "ds.csv"}.get(case, "ds.xlsx")
    reply = reviews.review(1, False, name, data)
    assert message in reply.text, reply.text
    assert "không có thông tin nào được lưu" in reply.text
    assert not reply.files and stored(reviews) == 0
    assert not (reviews.root / "truong-thcs-le-loi").exists()


def test_a_sheet_from_another_template_is_told_which_year_it_needs(reviews: Reviews) -> None:
    data = edit(good_sheet(reviews), set_cell("Thông tin chung", "B3", YEAR - 1))
    text = reviews.review(1, False, "ds.xlsx", data).text
    assert f"tiêu đề cột là “Xếp loại {YEAR - 4}”, mẫu cần “Xếp loại {YEAR - 5}”" in text
    assert "/binh_xet <năm>" in text and stored(reviews) == 0


def test_an_empty_workbook_names_the_missing_sheets(reviews: Reviews) -> None:
    out = io.BytesIO()
    Workbook().save(out)
    text = reviews.review(1, False, "ds.xlsx", out.getvalue()).text
    assert "Thiếu sheet “Cá nhân”" in text and stored(reviews) == 0


def test_a_bad_sheet_through_telegram_gets_its_message(review_env) -> None:
    api, _, _ = review_env
    user = STAFF + 20
    texts, _ = exchange(api, user, lambda: api.send_document(user, "danh-sach.xls", xls_bytes()), 1)
    assert "định dạng Excel cũ (.xls)" in texts[0] and "Save As" in texts[0]


PG_URL = os.environ.get("THIDUABOT_TEST_DATABASE_URL", "")


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'db.sqlite3'}"
    if not PG_URL:
        reason = "needs PostgreSQL: .ci/run starts it and sets THIDUABOT_TEST_DATABASE_URL"
        if os.environ.get("CI"):
            raise RuntimeError(reason)  # CI must run it, never skip it
        pytest.skip(reason)
    # a database of its own: test_scale_workers resets the shared one's schema, in another worker at the same time
    return own_database("thiduabot_review").render_as_string(hide_password=False)


def test_the_registry_keeps_a_review_on_sqlite_and_postgresql(database: str, tmp_path: Path) -> None:
    """Migration 0005 on both databases: a review kept, a bad sheet after it changing nothing, next year's
    template filled from it, a decision entered, a person deleted, another user kept out."""
    reviews = Reviews(CATALOGUE, lambda: {}, Storage(database), "Hải Phòng", tmp_path / "out")
    unit = f"Trường Tiểu học {uuid.uuid4().hex[:8]}"
    user = int(uuid.uuid4().int % 10**9)
    template = reviews.template(user, False, str(YEAR)).files[0].read_bytes()
    people = staff(12, YEAR)
    sheet = fill(template, YEAR, people, collectives(YEAR)[:1], unit=unit)
    kept = reviews.review(user, False, "ds.xlsx", sheet).files
    assert len(kept) == 2
    before = stored(reviews)
    bad = edit(sheet, set_cell("Cá nhân", "C5", "Không rõ"))
    assert "ô C5 (cột “Giới tính”): ghi “Nam” hoặc “Nữ”" in reviews.review(user, False, "ds.xlsx", bad).text
    assert stored(reviews) == before
    assert "đã có người quản lý" in reviews.review(user + 1, False, "ds.xlsx", sheet).text
    assert stored(reviews) == before and all(path.is_file() for path in kept)

    following = reviews.template(user, False, unit)
    rows = table(following.files[0].read_bytes(), "Cá nhân")
    assert rows[0][1] == "Họ và tên" and [row[1] for row in rows[1:13]] == [p.name for p in people]
    entered = reviews.person_command(user, False, f"sua {people[9].name} | {YEAR} | CSTĐCS | 7/QĐ-UBND").text
    assert entered.startswith("Đã ghi Chiến sĩ thi đua cơ sở")
    record = reviews.person_command(user, False, people[9].name).text
    assert f"{YEAR}: Chiến sĩ thi đua cơ sở (Quyết định 7/QĐ-UBND; nhập từ quyết định)" in record
    assert "Không tìm thấy" in reviews.person_command(user + 1, False, people[9].name).text
    assert reviews.person_command(user, False, f"xoa {people[9].name}").text.startswith("Đã xóa")
    assert "Không tìm thấy" in reviews.person_command(user, False, people[9].name).text


def test_a_communes_review_names_the_commune_chair_for_what_was_transferred(corpus_engine, tmp_path: Path) -> None:
    """A review whose unit sits under a ward's People's Committee: the awards Điều 59 Nghị định 129/2025 gives the
    commune chair are decided by that chair, cited to it; a department's review keeps its own head."""
    reviews = Reviews(CATALOGUE, lambda: corpus_engine.documents, Storage(f"sqlite:///{tmp_path / 'db.sqlite3'}"),
                      "Hải Phòng", tmp_path / "out")
    reviews._sync_documents()  # as each review does

    def decides(unit: str, parent: str) -> str:
        award = next(a for a in reviews.judge.awards_for("can-bo", {"unit": unit, "parent": parent})
                     if a.id == "lao-dong-tien-tien")
        return f"{award.decides.text} ({award.decides.cite.doc})"

    assert "nd-129-2025" in decides("Văn phòng HĐND và UBND", "Ủy ban nhân dân phường Lê Chân")
    assert "nd-129-2025" not in decides("Phòng Tổ chức", "Sở Tài chính")
