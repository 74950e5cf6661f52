"""A unit's staff list as a test writes it, and the verdicts the catalogue's rules give for it, computed here
from the facts the test chose (through `Rules.evaluate` and the wizard's `standing`), never read back from the
review's own reading of the sheet. bench/binh_xet.py uses the same generator."""

from __future__ import annotations

import io
import random
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import load_workbook

from bot.nomination.catalogue import Catalogue
from bot.nomination.eligibility import RATING_LEVELS, Rules
from bot.nomination.wizard import standing

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = Catalogue.load(ROOT / "knowledge" / "awards")
RATING_WORDS = {"xuat-sac": "Hoàn thành xuất sắc nhiệm vụ", "tot": "Hoàn thành tốt nhiệm vụ",
                "hoan-thanh": "Hoàn thành nhiệm vụ", "khong": "Không hoàn thành nhiệm vụ"}
KIND_WORDS = {"can-bo": "", "nguoi-lao-dong": "Người lao động làm việc theo hợp đồng",
              "nha-giao": "Nhà giáo, cán bộ quản lý giáo dục, cán bộ nghiên cứu giáo dục",
              "cong-nhan-nong-dan": "Công nhân, nông dân, người lao động khác"}
SCOPE_WORDS = {"khong": "", "co-so": "Cấp cơ sở", "tinh": "Cấp Bộ, ngành, tỉnh", "toan-quoc": "Toàn quốc"}
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương"]
MIDDLE = ["Văn", "Thị", "Minh", "Thu", "Quốc", "Ngọc", "Đức", "Thanh"]
GIVEN = ["An", "Bình", "Châu", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Khoa", "Lan", "Linh", "Long", "Mai", "Nam",
         "Ngân", "Phúc", "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Vân", "Yến"]
TEAMS = ["Tổ Toán", "Tổ Ngữ văn", "Văn phòng"]


@dataclass
class StaffPerson:
    name: str
    gender: str
    birth_year: int
    kind: str
    workplace: str
    ratings: dict[int, str]
    initiative: str = "khong"
    initiative_count: int | None = None
    pending: bool | None = False
    penalty: int | None = 0
    leave: str = ""
    confirmed: bool | None = True
    titles: dict[int, list[str]] = field(default_factory=dict)


@dataclass
class StaffCollective:
    name: str
    size: int | None
    women: int | None
    ratings: dict[int, str]
    ldtt_percent: int | None = None
    members_completed: bool | None = None
    has_cstdcs: bool | None = None
    member_discipline: bool | None = None
    pending: bool | None = False
    confirmed: bool | None = True
    titles: dict[int, list[str]] = field(default_factory=dict)


def staff(count: int, year: int, seed: int = 18) -> list[StaffPerson]:
    """`count` people with varied histories: streaks of titles, initiatives, a pending discipline, a penalty in
    the year, maternity and sick leave, a rating or a confirmation not given."""
    rng = random.Random(seed)
    people = []
    for index in range(count):
        name = f"{SURNAMES[index % 12]} {MIDDLE[index // 12 % 8]} {GIVEN[index % 24]}"
        if index >= 12 * 8:
            name += f" ({1965 + index % 30})"
        name = name if all(p.name != name for p in people) else f"{name} {index}"
        kind = ["can-bo"] * 6 + ["nguoi-lao-dong", "nha-giao", "cong-nhan-nong-dan"]
        person = StaffPerson(name=name, gender="Nữ" if index % 2 else "Nam", birth_year=1965 + index % 30,
                             kind=rng.choice(kind), workplace=TEAMS[index % 3] if index < 30 else "",
                             ratings={y: rng.choice(["xuat-sac", "xuat-sac", "tot", "tot", "hoan-thanh"])
                                      for y in range(year - 4, year + 1)})
        person.initiative = rng.choice(["khong", "co-so", "co-so", "tinh"])
        person.initiative_count = rng.choice([1, 2]) if person.initiative != "khong" else None
        streak = rng.choice([0, 1, 2, 3])
        for held in range(year - streak, year):
            person.titles.setdefault(held, []).append("chien-si-thi-dua-co-so")
        if rng.random() < 0.3:
            person.titles.setdefault(year - 4, []).append("bang-khen-chu-tich-ubnd-tinh")
        people.append(person)
    # The cases a unit meets every year, placed where the test can name them.
    people[1].pending = True
    people[2].penalty = year
    people[3].ratings.pop(year)
    people[4].confirmed = None
    people[5].leave = "Nghỉ thai sản 6 tháng"
    people[6].leave = "Nghỉ ốm dài ngày 4 tháng"
    people[7].confirmed = False
    people[8].penalty = None
    for person in people[9:12]:  # CSTĐCS the last two years, an initiative of the province: CSTĐ tỉnh after a third
        person.kind, person.initiative, person.initiative_count = "can-bo", "tinh", 2
        person.ratings[year] = "xuat-sac"
        person.titles = {year - 2: ["chien-si-thi-dua-co-so"], year - 1: ["chien-si-thi-dua-co-so"]}
        person.pending, person.penalty, person.confirmed, person.leave = False, 0, True, ""
    return people


def collectives(year: int) -> list[StaffCollective]:
    return [StaffCollective(TEAMS[0], None, None, {year - 1: "xuat-sac", year: "xuat-sac"}),
            StaffCollective(TEAMS[1], 10, 8, {year - 1: "tot", year: "xuat-sac"}, ldtt_percent=90,
                            members_completed=True, has_cstdcs=True, member_discipline=False,
                            titles={year - 1: ["tap-the-lao-dong-xuat-sac"]}),
            StaffCollective(TEAMS[2], 12, 3, {year - 1: "tot", year: "tot"}, ldtt_percent=60,
                            members_completed=True, has_cstdcs=False, member_discipline=False, pending=None)]


def yes_no(value: bool | None) -> str | None:
    return None if value is None else ("Có" if value else "Không")


def fill(template: bytes, year: int, people: list[StaffPerson], teams: list[StaffCollective],
         unit: str = "Trường THCS Lê Lợi", parent: str = "Phòng Giáo dục và Đào tạo quận Lê Chân",
         keep_titles: bool = False) -> bytes:
    """The template filled as a person would: values typed under the template's own headers."""
    book = load_workbook(io.BytesIO(template))
    info = book["Thông tin chung"]
    info["B1"], info["B2"], info["B3"] = unit, parent, year

    def write(sheet_name: str, rows: list[dict], start: int | None = None) -> None:
        sheet = book[sheet_name]
        headers = {cell.value: cell.column for cell in sheet[1]}
        first = start or 2
        for offset, row in enumerate(rows):
            for header, value in row.items():
                sheet.cell(row=first + offset, column=headers[header], value=value)

    write("Cá nhân", [{
        "STT": index, "Họ và tên": p.name, "Giới tính": p.gender, "Năm sinh": p.birth_year,
        "Chức vụ": "Giáo viên", "Đơn vị công tác (phòng, tổ, khoa…)": p.workplace or None,
        "Đối tượng": KIND_WORDS[p.kind] or None,
        **{f"Xếp loại {y}": RATING_WORDS[level] for y, level in p.ratings.items()},
        f"Sáng kiến năm {year} (phạm vi)": SCOPE_WORDS[p.initiative] or None,
        f"Số sáng kiến năm {year}": p.initiative_count, "Đang bị xem xét kỷ luật, thanh tra": yes_no(p.pending),
        f"Bị kỷ luật trong năm {year}": {0: "Không", None: None}.get(p.penalty, p.penalty),
        "Nghỉ dài ngày trong năm (lý do)": p.leave or None,
        "Đơn vị xác nhận các tiêu chuẩn do đơn vị đánh giá": yes_no(p.confirmed)}
        for index, p in enumerate(people, start=1)])
    write("Tập thể", [{
        "STT": index, "Tên tập thể": c.name, "Đơn vị cấp trên": unit, "Số thành viên": c.size,
        "Số thành viên nữ": c.women, **{f"Xếp loại {y}": RATING_WORDS[level] for y, level in c.ratings.items()},
        "Tỷ lệ cá nhân đạt Lao động tiên tiến (%)": c.ldtt_percent,
        "100% cá nhân hoàn thành nhiệm vụ": yes_no(c.members_completed),
        "Có cá nhân đạt Chiến sĩ thi đua cơ sở": yes_no(c.has_cstdcs),
        "Có cá nhân bị kỷ luật từ cảnh cáo trở lên": yes_no(c.member_discipline),
        "Đang bị xem xét kỷ luật, thanh tra": yes_no(c.pending),
        "Đơn vị xác nhận các tiêu chuẩn do đơn vị đánh giá": yes_no(c.confirmed)}
        for index, c in enumerate(teams, start=1)])
    titles = book["Danh hiệu đã đạt"]
    start = titles.max_row + 1 if keep_titles else 2
    if not keep_titles:
        titles.delete_rows(2, titles.max_row)
    write("Danh hiệu đã đạt", [{"Họ và tên (hoặc tên tập thể)": holder.name, "Năm": held,
                                "Danh hiệu, hình thức khen thưởng": CATALOGUE.awards[award].short,
                                "Số quyết định": f"{10 + held % 100}/QĐ-PGDĐT"}
                               for holder in [*people, *teams] for held, ids in holder.titles.items()
                               for award in ids], start)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# What the rules say, computed from the test's own facts ---------------------------------------------------
CONFIRM_IDS = sorted({rule.id for award in CATALOGUE.awards.values() for rule in award.rules()
                      if "confirm" in rule.check})


def awards_for(kind: str) -> list:
    kinds = [kind, "can-bo"] if kind == "nha-giao" else [kind]
    found = []
    for award in CATALOGUE.awards.values():
        usable = next((k for k in kinds if k in award.nominees), None)
        if usable:
            found.append(award.for_nominee(usable))
    return found


def titles_of(holder, before: dict[int, list[str]] | None = None) -> dict[str, list[str]]:
    merged: dict[str, set[str]] = {}
    for source in (holder.titles, before or {}):
        for held, ids in source.items():
            merged.setdefault(str(held), set()).update(ids)
    return {held: sorted(ids) for held, ids in merged.items()}


def person_facts(person: StaffPerson, year: int, registry: dict[int, list[str]] | None = None) -> dict:
    facts = {"year": year, "ratings": {str(y): level for y, level in person.ratings.items()},
             "titles": titles_of(person, registry), "discipline": person.pending,
             "confirm": dict.fromkeys(CONFIRM_IDS, person.confirmed), "nominee_kind": person.kind,
             "initiative": person.initiative, "disciplined_in": person.penalty,
             "initiative_count": person.initiative_count if person.initiative != "khong" else 0}
    if person.initiative_count is None and person.initiative != "khong":
        facts.pop("initiative_count")
    if "thai sản" in person.leave:
        facts["maternity"] = [year]
    return facts


def expected_people(people: list[StaffPerson], year: int, documents: dict,
                    registry: dict[str, dict[int, list[str]]] | None = None) -> dict[str, dict[str, str]]:
    """name -> award id -> standing, by the catalogue's rules; sick leave (a rule the knowledge base lacks, see
    `unruled` in knowledge/awards/_common.yaml) keeps anyone from a plain "propose"."""
    rules = Rules(CATALOGUE, documents)
    found = {}
    for person in people:
        facts = person_facts(person, year, (registry or {}).get(person.name))
        found[person.name] = {}
        for award in awards_for(person.kind):
            result = standing(rules.evaluate(award, facts))
            if "ốm" in person.leave and result == "propose":
                result = "incomplete"
            found[person.name][award.id] = result
    return found


def expected_collectives(teams: list[StaffCollective], people: list[StaffPerson], year: int, documents: dict,
                         people_standings: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    """The first team leaves its members' figures blank: they come from the people whose workplace it is."""
    rules = Rules(CATALOGUE, documents)
    found = {}
    for team in teams:
        facts = {"year": year, "ratings": {str(y): level for y, level in team.ratings.items()},
                 "titles": titles_of(team), "discipline": team.pending, "nominee_kind": "tap-the",
                 "confirm": dict.fromkeys(CONFIRM_IDS, team.confirmed)}
        members = [p for p in people if p.workplace == team.name]
        if team.ldtt_percent is None:
            ldtt = sum(1 for p in members if people_standings[p.name].get("lao-dong-tien-tien") == "propose")
            facts["ldtt_percent"] = round(100 * ldtt / len(members))
            cstdcs = [people_standings[p.name].get("chien-si-thi-dua-co-so") for p in members]
            if "propose" in cstdcs:
                facts["has_cstdcs"] = True
            elif "incomplete" not in cstdcs:
                facts["has_cstdcs"] = False
            levels = [p.ratings.get(year) for p in members]
            if "khong" in levels:
                facts["members_completed"] = False
            elif all(level and RATING_LEVELS[level] >= 1 for level in levels):
                facts["members_completed"] = True
            if all(p.penalty == 0 for p in members):
                facts["member_discipline"] = False
        else:
            facts |= {"ldtt_percent": team.ldtt_percent, "members_completed": team.members_completed,
                      "has_cstdcs": team.has_cstdcs, "member_discipline": team.member_discipline}
        found[team.name] = {award.id: standing(rules.evaluate(award, facts)) for award in awards_for("tap-the")}
    return found
