"""The review workbook: the template a unit fills (openpyxl) and the reading of a filled one.

Four sheets: "Thông tin chung" (the unit, its parent body, the year reviewed), "Cá nhân" (one row per person),
"Tập thể" (one row per collective) and "Danh hiệu đã đạt" (one row per title or award held before the year,
with its decision number). Headers carry the years they ask about, so a template made for 2025 is not read as
2026's. Whatever is wrong is gathered, each fault named by sheet, cell and column, and the whole sheet is
refused: nothing is kept from a sheet with a fault.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from bot.nomination.answers import parse_scope
from bot.nomination.catalogue import Catalogue
from bot.nomination.documents import NOMINEE_KINDS
from bot.nomination.eligibility import RATING_LABELS
from bot.nomination.facts import InvalidInput, parse_yes_no, plain, rating_level
from ingest.loaders import LoadError, check_container
from ingest.vietnamese import clean, fold_key

SHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".csv", ".ods")
# A unit's list, not a ministry's: beyond these a sheet is refused (bench/binh_xet.py times the largest).
MAX_PEOPLE = 2000
MAX_COLLECTIVES = 200
MAX_TITLES = 20000
MAX_FAULTS = 25
RATING_YEARS = 5  # Bằng khen của Thủ tướng asks five years of ratings (điểm b khoản 1 Điều 73 of the Law)
COLLECTIVE_RATING_YEARS = 2

INFO, PEOPLE, COLLECTIVES, TITLES = "Thông tin chung", "Cá nhân", "Tập thể", "Danh hiệu đã đạt"
CHOICES = "Danh mục"  # hidden: the lists the drop-downs offer
INFO_ROWS = (("unit", "Đơn vị lập danh sách"), ("parent", "Cơ quan chủ quản"), ("year", "Năm bình xét"))
PERSON_KINDS = {key: label for key, label in NOMINEE_KINDS.items() if key not in ("tap-the", "ho-gia-dinh")}
RATING_CHOICES = [label[0].upper() + label[1:] for label in RATING_LABELS.values()]
SCOPE_CHOICES = ["Không có", "Cấp cơ sở", "Cấp Bộ, ngành, tỉnh", "Toàn quốc"]
YES_NO = ["Có", "Không"]


class SheetRejected(ValueError):
    """A sheet with faults: `faults` name sheet, cell and column, in Vietnamese."""

    def __init__(self, faults: list[str]) -> None:
        super().__init__("\n".join(faults))
        self.faults = faults

    def message(self) -> str:
        shown = self.faults[:MAX_FAULTS]
        more = len(self.faults) - len(shown)
        return ("⚠️ Bảng tính chưa được nhận — không có thông tin nào được lưu. Hãy sửa rồi gửi lại:\n"
                + "\n".join(f"• {fault}" for fault in shown)
                + (f"\n… và {more} lỗi khác." if more > 0 else ""))


@dataclass
class Person:
    row: int
    name: str
    gender: str = ""
    birth_year: int | None = None
    position: str = ""
    workplace: str = ""
    kind: str = "can-bo"
    ratings: dict[str, str] = field(default_factory=dict)
    initiative: str = "khong"
    initiative_count: int | None = None
    pending: bool | None = None
    penalty: int | None = None  # the last year a penalty was in force; 0 none; None not told
    leave: str = ""
    teaching_years: int | None = None
    confirmed: bool | None = None


@dataclass
class Collective:
    row: int
    name: str
    parent: str = ""
    size: int | None = None
    women: int | None = None
    ratings: dict[str, str] = field(default_factory=dict)
    ldtt_percent: int | None = None
    members_completed: bool | None = None
    has_cstdcs: bool | None = None
    member_discipline: bool | None = None
    pending: bool | None = None
    confirmed: bool | None = None


@dataclass
class Title:
    row: int
    holder: str
    year: int
    award_id: str
    decision: str = ""


@dataclass
class Roster:
    unit: str
    parent: str
    year: int
    people: list[Person]
    collectives: list[Collective]
    titles: list[Title]


def name_key(name: str) -> str:
    """Two rows name the same person when this is equal (case and spacing aside; diacritics kept)."""
    return " ".join(clean(name).lower().split())


# Columns ----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: int = 14
    choices: tuple[str, ...] = ()


def people_columns(year: int) -> list[Column]:
    return [
        Column("index", "STT", 6), Column("name", "Họ và tên", 26), Column("gender", "Giới tính", 9, ("Nam", "Nữ")),
        Column("birth_year", "Năm sinh", 9), Column("position", "Chức vụ", 20),
        Column("workplace", "Đơn vị công tác (phòng, tổ, khoa…)", 24),
        Column("kind", "Đối tượng", 30, tuple(PERSON_KINDS.values())),
        *(Column(f"rating:{y}", f"Xếp loại {y}", 18, tuple(RATING_CHOICES))
          for y in range(year - RATING_YEARS + 1, year + 1)),
        Column("initiative", f"Sáng kiến năm {year} (phạm vi)", 18, tuple(SCOPE_CHOICES)),
        Column("initiative_count", f"Số sáng kiến năm {year}", 10),
        Column("pending", "Đang bị xem xét kỷ luật, thanh tra", 14, tuple(YES_NO)),
        Column("penalty", f"Bị kỷ luật trong năm {year}", 14),
        Column("leave", "Nghỉ dài ngày trong năm (lý do)", 22),
        Column("teaching_years", "Số năm trực tiếp giảng dạy", 10),
        Column("confirmed", "Đơn vị xác nhận các tiêu chuẩn do đơn vị đánh giá", 16, tuple(YES_NO)),
    ]


def collective_columns(year: int) -> list[Column]:
    return [
        Column("index", "STT", 6), Column("name", "Tên tập thể", 28), Column("parent", "Đơn vị cấp trên", 24),
        Column("size", "Số thành viên", 10), Column("women", "Số thành viên nữ", 10),
        *(Column(f"rating:{y}", f"Xếp loại {y}", 18, tuple(RATING_CHOICES))
          for y in range(year - COLLECTIVE_RATING_YEARS + 1, year + 1)),
        Column("ldtt_percent", "Tỷ lệ cá nhân đạt Lao động tiên tiến (%)", 12),
        Column("members_completed", "100% cá nhân hoàn thành nhiệm vụ", 12, tuple(YES_NO)),
        Column("has_cstdcs", "Có cá nhân đạt Chiến sĩ thi đua cơ sở", 12, tuple(YES_NO)),
        Column("member_discipline", "Có cá nhân bị kỷ luật từ cảnh cáo trở lên", 12, tuple(YES_NO)),
        Column("pending", "Đang bị xem xét kỷ luật, thanh tra", 14, tuple(YES_NO)),
        Column("confirmed", "Đơn vị xác nhận các tiêu chuẩn do đơn vị đánh giá", 16, tuple(YES_NO)),
    ]


TITLE_COLUMNS = [Column("holder", "Họ và tên (hoặc tên tập thể)", 28), Column("year", "Năm", 8),
                 Column("award", "Danh hiệu, hình thức khen thưởng", 34), Column("decision", "Số quyết định", 30)]

GUIDE = [
    "Bình xét thi đua, khen thưởng cuối năm — mẫu danh sách",
    "1. Sheet “Thông tin chung”: tên đơn vị, cơ quan chủ quản, năm bình xét.",
    "2. Sheet “Cá nhân”: mỗi người một dòng; họ tên không trùng nhau (nếu trùng, thêm năm sinh trong ngoặc).",
    "   Đối tượng để trống là cán bộ, công chức, viên chức. Năm sinh chỉ ghi năm (4 chữ số), không ghi ngày tháng.",
    "   Xếp loại: hoàn thành xuất sắc / tốt / hoàn thành / không hoàn thành nhiệm vụ; để trống nếu chưa có.",
    "   Sáng kiến để trống là không có. “Bị kỷ luật trong năm”: Không, hoặc năm chấp hành xong (kể cả đã xong).",
    "   Ô để trống ở cột kỷ luật, xác nhận: kết quả ghi “Cần thêm thông tin”.",
    "3. Sheet “Tập thể”: các cột về cá nhân trong tập thể để trống thì tính từ những người trong sheet “Cá nhân”",
    "   có “Đơn vị công tác” trùng tên tập thể.",
    "4. Sheet “Danh hiệu đã đạt”: mỗi danh hiệu một dòng, các năm trước năm bình xét, kèm số quyết định.",
    f"Giới hạn: {MAX_PEOPLE} người, {MAX_COLLECTIVES} tập thể một lần gửi. Không dùng công thức, không gộp ô.",
    "Gửi lại tệp .xlsx này cho bot (không lưu thành .xls hoặc .csv).",
]


# The template ------------------------------------------------------------------------------------------
def _header(sheet, columns: list[Column], choices: dict[tuple[str, ...], str]) -> None:
    """Bold headers; a drop-down for the columns with choices, listed on the hidden sheet (`choices`: the
    list -> its range there), since an inline list would split "Cán bộ, công chức, viên chức" at its commas."""
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index, value=column.header)
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.column_dimensions[get_column_letter(index)].width = column.width
        if column.choices:
            letter = get_column_letter(index)
            rule = DataValidation(type="list", formula1=choices[column.choices], allow_blank=True,
                                  showErrorMessage=False)
            sheet.add_data_validation(rule)
            rule.add(f"{letter}2:{letter}{MAX_PEOPLE + 1}")
    sheet.freeze_panes = "C2"


def _choice_sheet(book: Workbook, lists: list[tuple[str, ...]]) -> dict[tuple[str, ...], str]:
    sheet = book.create_sheet(CHOICES)
    sheet.sheet_state = "hidden"
    ranges = {}
    for index, values in enumerate(dict.fromkeys(lists), start=1):
        letter = get_column_letter(index)
        for row, value in enumerate(values, start=1):
            sheet.cell(row=row, column=index, value=value)
        ranges[values] = f"'{CHOICES}'!${letter}$1:${letter}${len(values)}"
    return ranges


def write_template(path: Path, year: int, unit: str = "", parent: str = "", people: list[dict] | None = None,
                   collectives: list[dict] | None = None, titles: list[dict] | None = None) -> Path:
    """The template for `year`, with the rows given (next year's, from the registry). Rows are dicts keyed by
    column key; their values are written as a person would type them."""
    book = Workbook()
    guide = book.active
    guide.title = "Hướng dẫn"
    for index, line in enumerate(GUIDE, start=1):
        guide.cell(row=index, column=1, value=line).font = Font(bold=index == 1)
    guide.column_dimensions["A"].width = 110
    info = book.create_sheet(INFO)
    for index, (key, label) in enumerate(INFO_ROWS, start=1):
        info.cell(row=index, column=1, value=label).font = Font(bold=True)
        info.cell(row=index, column=2, value={"unit": unit, "parent": parent, "year": year}[key] or None)
    info.column_dimensions["A"].width, info.column_dimensions["B"].width = 24, 50
    sheets = ((PEOPLE, people_columns(year), people), (COLLECTIVES, collective_columns(year), collectives),
              (TITLES, TITLE_COLUMNS, titles))
    choices = _choice_sheet(book, [column.choices for _, columns, _ in sheets for column in columns
                                   if column.choices])
    for title, columns, rows in sheets:
        sheet = book.create_sheet(title)
        _header(sheet, columns, choices)
        for row_index, row in enumerate(rows or [], start=2):
            for column_index, column in enumerate(columns, start=1):
                value = row_index - 1 if column.key == "index" else row.get(column.key)
                if value not in (None, ""):
                    sheet.cell(row=row_index, column=column_index, value=value)
    book.move_sheet(CHOICES, offset=len(book.sheetnames) - 1 - book.sheetnames.index(CHOICES))
    book.active = 1
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


# Reading ----------------------------------------------------------------------------------------------
def refuse_format(name: str, data: bytes) -> str | None:
    """Why a file is not a workbook this reads (an .xls, a .csv…), or None."""
    suffix = Path(name).suffix.lower()
    if suffix == ".xls" or data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return (f"Tệp {name} là định dạng Excel cũ (.xls). Hãy mở bằng Excel và chọn Lưu thành (Save As) → “Excel "
                "Workbook (*.xlsx)”, rồi gửi lại tệp .xlsx.")
    if suffix == ".csv":
        return (f"Tệp {name} là .csv (chỉ có chữ, mất các sheet và định dạng năm). Hãy dùng mẫu .xlsx (gõ "
                "/binh_xet để nhận mẫu), điền rồi gửi lại tệp .xlsx.")
    if suffix not in (".xlsx", ".xlsm"):
        return f"Tệp {name} không phải bảng tính .xlsx. Hãy gửi lại đúng tệp mẫu .xlsx (gõ /binh_xet để nhận mẫu)."
    if not data:
        return f"Tệp {name} rỗng."
    return None


Reader = Callable[[object], object]


def _is_date_text(text: str) -> bool:
    return bool(re.fullmatch(r"\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}|\d{4}-\d{1,2}-\d{1,2}", text.strip()))


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return clean(str(value)).strip()


def read_year(value: object, earliest: int, latest: int, label: str, reviewed: int | None = None) -> int | None:
    """A year of four digits; a date (typed or formatted as one), a year to come or out of range is a fault."""
    if value is None or cell_text(value) == "":
        return None
    if isinstance(value, datetime | date | time):
        raise InvalidInput(f"{label} đang ở dạng ngày tháng; chỉ ghi năm gồm 4 chữ số (ví dụ {latest - 1}) và định "
                           "dạng ô là Số hoặc Văn bản")
    text = cell_text(value)
    if _is_date_text(text):
        raise InvalidInput(f"“{text}” là ngày tháng dạng chữ; chỉ ghi năm gồm 4 chữ số (ví dụ {latest - 1})")
    if not re.fullmatch(r"\d{4}", text):
        raise InvalidInput(f"“{text[:40]}” không phải một năm; hãy ghi năm gồm 4 chữ số (ví dụ {latest - 1})")
    found = int(text)
    this_year = date.today().year
    if found > this_year:
        raise InvalidInput(f"năm {found} là năm trong tương lai (nay là năm {this_year})")
    if reviewed is not None and found > reviewed:
        raise InvalidInput(f"năm {found} sau năm bình xét ({reviewed})")
    if found < earliest or found > latest:
        raise InvalidInput(f"năm {found} ngoài khoảng {earliest}–{latest}")
    return found


def read_int(value: object, label: str, high: int) -> int | None:
    text = cell_text(value).rstrip("%").strip()
    if not text:
        return None
    if not re.fullmatch(r"\d{1,6}", text) or int(text) > high:
        raise InvalidInput(f"“{text[:40]}” không phải số từ 0 đến {high}")
    return int(text)


def read_yes_no(value: object) -> bool | None:
    text = cell_text(value)
    return parse_yes_no(text) if text else None


def read_rating(value: object) -> str | None:
    text = cell_text(value)
    if not text:
        return None
    level = rating_level(text)
    if level is None:
        raise InvalidInput(f"“{text[:40]}” không phải mức xếp loại; ghi một trong: {'; '.join(RATING_CHOICES)}")
    return level


def read_kind(value: object) -> str:
    text = cell_text(value)
    if not text:
        return "can-bo"
    key = plain(text)
    for kind, label in PERSON_KINDS.items():
        if key in (kind, plain(label)):
            return kind
    words = {"nong dan": "cong-nhan-nong-dan", "cong nhan": "cong-nhan-nong-dan", "hop dong": "nguoi-lao-dong",
             "nha giao": "nha-giao", "giao vien": "nha-giao", "quan nhan": "luc-luong-vu-trang",
             "cong an": "luc-luong-vu-trang", "cong chuc": "can-bo", "vien chuc": "can-bo", "can bo": "can-bo"}
    found = next((kind for word, kind in words.items() if word in key), None)
    if found is None:
        raise InvalidInput(f"“{text[:40]}” không phải đối tượng trong mẫu; ghi một trong: "
                           + "; ".join(PERSON_KINDS.values()))
    return found


def read_gender(value: object) -> str:
    key = plain(cell_text(value))
    if not key:
        return ""
    if key in ("nam", "male"):
        return "Nam"
    if key in ("nu", "female"):
        return "Nữ"
    raise InvalidInput("ghi “Nam” hoặc “Nữ”")


def read_scope(value: object) -> str:
    text = cell_text(value)
    return (parse_scope(text) or "khong") if text else "khong"


def read_penalty(value: object, year: int) -> int | None:
    """ "Không" -> 0; a year (the penalty was in force until then, served or not) -> that year; "Có" -> `year`."""
    text = cell_text(value)
    if not text:
        return None
    if re.fullmatch(r"\d{4}", text) or isinstance(value, datetime | date):
        return read_year(value, 1990, year, "Năm kỷ luật", year)
    answer = parse_yes_no(text)
    return None if answer is None else (year if answer else 0)


class SheetReader:
    """Reads a filled workbook into a Roster, or raises SheetRejected naming every fault."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self.faults: list[str] = []
        self.year = 0

    def fault(self, sheet: str, cell: str, column: str, problem: str) -> None:
        where = f"Sheet “{sheet}”, ô {cell}" + (f" (cột “{column}”)" if column else "")
        self.faults.append(f"{where}: {problem}.")

    def read(self, name: str, data: bytes) -> Roster:
        refusal = refuse_format(name, data)
        if refusal:
            raise SheetRejected([refusal])
        try:
            check_container(io.BytesIO(data), ".xlsx")
            book = load_workbook(io.BytesIO(data), data_only=False)
        except LoadError as exc:
            raise SheetRejected([f"Tệp {name}: {exc}."]) from None
        except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
            raise SheetRejected([f"Không đọc được tệp {name} ({type(exc).__name__}): tệp hỏng hoặc không phải "
                                 "bảng tính Excel .xlsx. Hãy dùng mẫu nhận từ /binh_xet."]) from None
        missing = [title for title in (INFO, PEOPLE, COLLECTIVES, TITLES) if title not in book.sheetnames]
        if missing:
            raise SheetRejected([f"Thiếu sheet “{title}” (tệp có: {', '.join(book.sheetnames)}). Hãy dùng mẫu "
                                 "nhận từ /binh_xet, không đổi tên sheet." for title in missing])
        for title in (INFO, PEOPLE, COLLECTIVES, TITLES):
            self._structure(book[title], title)
        unit, parent, year = self._info(book[INFO])
        if self.faults or year is None:
            raise SheetRejected(self.faults)
        self.year = year
        people = self._rows(book[PEOPLE], PEOPLE, people_columns(year), MAX_PEOPLE, lambda c, r: self._person(c, r,
                                                                                                                year))
        collectives = self._rows(book[COLLECTIVES], COLLECTIVES, collective_columns(year), MAX_COLLECTIVES,
                                 lambda c, r: self._collective(c, r, year))
        titles = self._rows(book[TITLES], TITLES, TITLE_COLUMNS, MAX_TITLES, lambda c, r: self._title(c, r, year))
        self._unique(people, PEOPLE, "B", "Họ và tên")
        self._unique(collectives, COLLECTIVES, "B", "Tên tập thể")
        holders = {name_key(p.name) for p in people} | {name_key(c.name) for c in collectives}
        for title in titles:
            if name_key(title.holder) not in holders:
                self.fault(TITLES, f"A{title.row}", TITLE_COLUMNS[0].header,
                           f"“{title.holder}” không có trong sheet “{PEOPLE}” hoặc “{COLLECTIVES}”")
        if not people and not collectives and not self.faults:
            self.faults.append(f"Sheet “{PEOPLE}” và “{COLLECTIVES}” chưa có dòng nào: hãy điền danh sách.")
        if self.faults:
            raise SheetRejected(self.faults)
        return Roster(unit, parent, year, people, collectives, titles)

    def _structure(self, sheet, title: str) -> None:
        for merged in sheet.merged_cells.ranges:
            self.fault(title, str(merged), "", "các ô được gộp (merge); mỗi người một dòng, mỗi thông tin một ô — "
                                               "hãy bỏ gộp ô (Unmerge)")
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    self.fault(title, cell.coordinate, "", f"ô chứa công thức “{str(cell.value)[:40]}”; hãy thay "
                                                           "bằng giá trị (Sao chép → Dán đặc biệt → Giá trị)")

    def _info(self, sheet) -> tuple[str, str, int | None]:
        values = {}
        for index, (key, label) in enumerate(INFO_ROWS, start=1):
            found = cell_text(sheet.cell(row=index, column=1).value)
            if fold_key(found) != fold_key(label):
                self.fault(INFO, f"A{index}", "", f"cần nhãn “{label}”, tệp ghi “{found[:40]}”")
            values[key] = sheet.cell(row=index, column=2).value
        year = None
        try:
            year = read_year(values["year"], 2000, date.today().year, "Năm bình xét")
            if year is None:
                self.fault(INFO, "B3", INFO_ROWS[2][1], "chưa ghi năm bình xét")
        except InvalidInput as problem:
            self.fault(INFO, "B3", INFO_ROWS[2][1], str(problem))
        unit = cell_text(values["unit"])
        if not unit:
            self.fault(INFO, "B1", INFO_ROWS[0][1], "chưa ghi tên đơn vị")
        return unit[:200], cell_text(values["parent"])[:200], year

    def _rows(self, sheet, title: str, columns: list[Column], limit: int, read_row) -> list:
        headers = [cell_text(cell.value) for cell in next(sheet.iter_rows(min_row=1, max_row=1), ())]
        wanted = [column.header for column in columns]
        bad = False
        for index, header in enumerate(wanted):
            found = headers[index] if index < len(headers) else ""
            if fold_key(found) != fold_key(header):
                self.fault(title, f"{get_column_letter(index + 1)}1", "", f"tiêu đề cột là “{found[:50]}”, mẫu cần "
                                                                          f"“{header}”")
                bad = True
        extra = [(index, header) for index, header in enumerate(headers) if index >= len(wanted) and header]
        for index, header in extra:
            self.fault(title, f"{get_column_letter(index + 1)}1", "", f"cột “{header[:50]}” không có trong mẫu")
        if bad or extra:
            self.faults.append(f"Sheet “{title}”: các cột phải đúng như mẫu năm {self.year}; nếu đã đổi năm bình xét, "
                               "hãy nhận mẫu của năm đó (/binh_xet <năm>) và chép dữ liệu sang.")
            return []
        found: list[tuple[int, tuple]] = []
        for number, row in enumerate(sheet.iter_rows(min_row=2, max_col=len(columns), values_only=True), start=2):
            if all(cell_text(value) == "" for value in row):
                continue
            if len(found) == limit:
                self.faults.append(f"Sheet “{title}” có hơn {limit} dòng; mỗi lần gửi tối đa {limit} dòng — hãy "
                                   "chia danh sách theo phòng, đơn vị trực thuộc.")
                return []
            found.append((number, row))
        rows = []
        for number, row in found:
            cells = dict(zip((column.key for column in columns), row, strict=False))
            item = read_row(Context(self, title, number, columns, cells), cells)
            if item is not None:
                rows.append(item)
        return rows

    def _unique(self, rows: list, title: str, letter: str, label: str) -> None:
        seen: dict[str, int] = {}
        for item in rows:
            key = name_key(item.name)
            if key in seen:
                self.fault(title, f"{letter}{item.row}", label, f"“{item.name}” trùng với dòng {seen[key]}; nếu là "
                                                                 "hai người khác nhau, thêm năm sinh trong ngoặc để "
                                                                 "phân biệt")
            else:
                seen[key] = item.row

    def _person(self, context: Context, cells: dict, year: int) -> Person | None:
        name = cell_text(cells["name"])
        if not name:
            context.fault("name", "chưa ghi họ và tên")
            return None
        this_year = date.today().year
        ratings = {}
        for y in range(year - RATING_YEARS + 1, year + 1):
            level = context.read(f"rating:{y}", read_rating)
            if level:
                ratings[str(y)] = level
        return Person(
            row=context.row, name=name[:120], gender=context.read("gender", read_gender) or "",
            birth_year=context.read("birth_year", lambda v: read_year(v, 1930, this_year - 15, "Năm sinh")),
            position=cell_text(cells["position"])[:200], workplace=cell_text(cells["workplace"])[:200],
            kind=context.read("kind", read_kind) or "can-bo", ratings=ratings,
            initiative=context.read("initiative", read_scope) or "khong",
            initiative_count=context.read("initiative_count", lambda v: read_int(v, "Số sáng kiến", 100)),
            pending=context.read("pending", read_yes_no),
            penalty=context.read("penalty", lambda v: read_penalty(v, year)),
            leave=cell_text(cells["leave"])[:300],
            teaching_years=context.read("teaching_years", lambda v: read_int(v, "Số năm", 60)),
            confirmed=context.read("confirmed", read_yes_no))

    def _collective(self, context: Context, cells: dict, year: int) -> Collective | None:
        name = cell_text(cells["name"])
        if not name:
            context.fault("name", "chưa ghi tên tập thể")
            return None
        ratings = {}
        for y in range(year - COLLECTIVE_RATING_YEARS + 1, year + 1):
            level = context.read(f"rating:{y}", read_rating)
            if level:
                ratings[str(y)] = level
        size = context.read("size", lambda v: read_int(v, "Số thành viên", 100000))
        women = context.read("women", lambda v: read_int(v, "Số thành viên nữ", 100000))
        if size is not None and women is not None and women > size:
            context.fault("women", f"số thành viên nữ ({women}) lớn hơn số thành viên ({size})")
        return Collective(
            row=context.row, name=name[:200], parent=cell_text(cells["parent"])[:200], size=size, women=women,
            ratings=ratings, ldtt_percent=context.read("ldtt_percent", lambda v: read_int(v, "Tỷ lệ", 100)),
            members_completed=context.read("members_completed", read_yes_no),
            has_cstdcs=context.read("has_cstdcs", read_yes_no),
            member_discipline=context.read("member_discipline", read_yes_no),
            pending=context.read("pending", read_yes_no), confirmed=context.read("confirmed", read_yes_no))

    def _title(self, context: Context, cells: dict, year: int) -> Title | None:
        holder = cell_text(cells["holder"])
        held = context.read("year", lambda v: read_year(v, 1975, year - 1, "Năm", year))
        named = cell_text(cells["award"])
        award = self.catalogue.find(named) if named else None
        if not holder:
            context.fault("holder", "chưa ghi họ tên hoặc tên tập thể")
        if held is None and "year" not in context.failed:
            context.fault("year", "chưa ghi năm")
        if held == year:
            context.fault("year", f"năm {year} là năm đang bình xét; chỉ ghi danh hiệu đã đạt các năm trước")
        if award is None:
            context.fault("award", f"“{named[:50]}” không có trong danh mục; ghi một trong: "
                          + "; ".join(a.short for a in self.catalogue.awards.values()) if named
                          else "chưa ghi danh hiệu, hình thức khen thưởng")
        if not holder or held is None or held == year or award is None:
            return None
        return Title(context.row, holder[:200], held, award.id, cell_text(cells["decision"])[:200])


@dataclass
class Context:
    """One row being read: faults are named by its cell and column."""

    reader: SheetReader
    sheet: str
    row: int
    columns: list[Column]
    cells: dict
    failed: set[str] = field(default_factory=set)

    def _where(self, key: str) -> tuple[str, str]:
        index = next(i for i, column in enumerate(self.columns) if column.key == key)
        return f"{get_column_letter(index + 1)}{self.row}", self.columns[index].header

    def fault(self, key: str, problem: str) -> None:
        self.failed.add(key)
        cell, header = self._where(key)
        self.reader.fault(self.sheet, cell, header, problem)

    def read(self, key: str, reader: Reader):
        try:
            return reader(self.cells.get(key))
        except InvalidInput as problem:
            self.fault(key, str(problem).rstrip("."))
            return None

