"""Draft documents for a nomination, filled from the .docx templates in knowledge/templates (docxtpl).

The templates carry the layout (Nghị định 30/2020/NĐ-CP: A4, margins, Times New Roman, two-level issuer,
Quốc hiệu and Tiêu ngữ, Nơi nhận, signature); staff can edit them in Word. This module only decides the
words: who issues, to whom (the authority that decides for this nominee and award, in the user's province),
on what legal basis, and for whom. It is handed only the nominees that are proposed; a nominee the rules
found not eligible never reaches a tờ trình, danh sách, báo cáo or biên bản.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from docxtpl import DocxTemplate

from bot.nomination.catalogue import Award, Catalogue, Cite
from bot.nomination.eligibility import RATING_LABELS, SCOPE_LABELS, Verdict
from bot.nomination.provinces import province_words, unheld
from ingest.vietnamese import fold_key, nfc, slug

TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "knowledge" / "templates"
BLANK = "……"
DATE_BLANK = "ngày …… tháng …… năm ……"
SIGN_HINT = "(Ký, ghi rõ họ tên, đóng dấu)"
LAW_ID, DECREE_ID = "luat-tdkt-2022", "nd-152-2025"
# What the two texts every dossier rests on are called when the index does not (yet) hold them.
FALLBACK_BASIS = {
    LAW_ID: "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
    DECREE_ID: "Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ quy định về phân cấp, "
               "phân quyền trong lĩnh vực thi đua, khen thưởng; quy định chi tiết và hướng dẫn thi hành một số điều "
               "của Luật Thi đua, khen thưởng;",
}
NO_DISCIPLINE = ("không trong thời gian cơ quan có thẩm quyền đang xem xét thi hành kỷ luật hoặc điều tra, thanh "
                 "tra, kiểm tra (khoản 4 Điều 4 Nghị định số 152/2025/NĐ-CP)")
# The title of the person who heads a body, from the first words of its name (longest first).
HEADS = (
    ("uy ban nhan dan", "Chủ tịch"), ("ubnd", "Chủ tịch"), ("hoi dong nhan dan", "Chủ tịch"),
    ("chi cuc", "Chi cục trưởng"), ("cuc", "Cục trưởng"), ("tong cong ty", "Tổng Giám đốc"),
    ("van phong", "Chánh Văn phòng"), ("thanh tra", "Chánh Thanh tra"), ("so", "Giám đốc"),
    ("cong ty", "Giám đốc"), ("benh vien", "Giám đốc"), ("trung tam", "Giám đốc"), ("hop tac xa", "Giám đốc"),
    ("dai hoc", "Giám đốc"), ("truong", "Hiệu trưởng"), ("phong", "Trưởng phòng"), ("ban", "Trưởng ban"),
    ("khoa", "Trưởng khoa"), ("to dan pho", "Tổ trưởng"), ("thon", "Trưởng thôn"), ("hoi", "Chủ tịch"),
    ("doi", "Đội trưởng"), ("to", "Tổ trưởng"), ("vien", "Viện trưởng"), ("xi nghiep", "Giám đốc"),
)
COMMUNE_RE = re.compile(r"\b(xa|phuong|dac khu|thi tran)\b")
# The commune's own name in a body's name: "Ủy ban nhân dân xã An Hưng" -> "An Hưng" (its địa danh).
COMMUNE_NAME_RE = re.compile(r"\b(?:xã|phường|đặc khu|thị trấn)\s+(.+)$", re.IGNORECASE)
# Bodies below the commune (a thôn, a tổ dân phố) hold a bình xét meeting: no council, no seal of their own.
VILLAGE_RE = re.compile(r"^(thon|to dan pho|khu pho|ap|lang|xom|khu dan cu)\b")
# Where a body's name turns to its place ("Sở Nội vụ | thành phố Hải Phòng"), and words no ký hiệu spells.
PLACE_WORDS_RE = re.compile(r"\s(?:thành phố|tỉnh|quận|huyện|thị xã|xã|phường|đặc khu|thị trấn)\s", re.IGNORECASE)
ABBREVIATION_SKIPS = ("va",)
DOC_KINDS = {"nghi-dinh": "Nghị định", "quyet-dinh": "Quyết định", "thong-tu": "Thông tư", "chi-thi": "Chỉ thị",
             "ke-hoach": "Kế hoạch", "nghi-quyet": "Nghị quyết"}
NOMINEE_KINDS = {
    "can-bo": "Cán bộ, công chức, viên chức",
    "nguoi-lao-dong": "Người lao động làm việc theo hợp đồng",
    "cong-nhan-nong-dan": "Công nhân, nông dân, người lao động khác",
    "tap-the": "Tập thể",
    "ho-gia-dinh": "Hộ gia đình",
    "luc-luong-vu-trang": "Quân nhân, công an, dân quân",
    "nha-giao": "Nhà giáo, cán bộ quản lý giáo dục, cán bộ nghiên cứu giáo dục",
}


def province_name(province: str) -> str:
    """ "Hải Phòng" -> "thành phố Hải Phòng", "Bắc Ninh" -> "tỉnh Bắc Ninh" (as written after "Ủy ban nhân dân")."""
    return province_words(province).full


def place_name(province: str, profile: dict | None = None) -> str:
    """The địa danh before the date: the unit's own if configured, a commune's name for a body of or under a
    commune ("An Hưng"), else the province's ("Hải Phòng")."""
    profile = profile or {}
    if profile.get("place"):
        return profile["place"]
    for body in (profile.get("unit") or "", profile.get("parent") or ""):
        match = COMMUNE_NAME_RE.search(body) if is_commune_body(body) else None
        if match:
            return match.group(1).strip()
    return province_words(province).place


def is_village(body: str) -> bool:
    """A thôn, tổ dân phố, khu phố, ấp…: it meets to bình xét, it has no Hội đồng Thi đua - Khen thưởng."""
    return bool(VILLAGE_RE.match(fold_key(body)))


def head_title(body: str) -> str:
    key = fold_key(body)
    for start, title in HEADS:
        if key == start or key.startswith(start + " "):
            return title
    return "Thủ trưởng"


def abbreviation(profile: dict) -> str:
    """The issuer's ký hiệu: as the unit configured it, "UBND" for a People's Committee (Nghị định 30/2020/NĐ-CP,
    Phụ lục III), else a blank to fill; never invented from initials."""
    if profile.get("abbreviation"):
        return profile["abbreviation"]
    return "UBND" if is_people_committee(profile.get("unit") or "") else BLANK


def proposed_abbreviation(unit: str) -> str:
    """The ký hiệu offered for the user to confirm or change: "UBND" for a People's Committee, else the initials
    of the unit's name before its place ("Sở Giáo dục và Đào tạo thành phố Hải Phòng" -> "SGDĐT"), a word written
    in capitals kept whole ("Trường THCS Lê Lợi" -> "TTHCSLL"). Never printed unless the user takes it."""
    if is_people_committee(unit):
        return "UBND"
    initials = []
    for word in PLACE_WORDS_RE.split(nfc(unit), maxsplit=1)[0].split():
        letters = "".join(character for character in word if character.isalnum())
        if not letters or fold_key(letters) in ABBREVIATION_SKIPS:
            continue
        whole = (letters.isupper() and len(letters) > 1) or letters.isdigit()
        initials.append(letters.upper() if whole else ("Đ" if letters[0] in "Đđ" else fold_key(letters[0]).upper()))
    return "".join(initials)[:20]


def is_people_committee(body: str) -> bool:
    return fold_key(body).startswith(("uy ban nhan dan", "ubnd"))


def is_commune_body(body: str) -> bool:
    return is_people_committee(body) and bool(COMMUNE_RE.search(fold_key(body)))


def recipient(level: str, profile: dict, province: str) -> str:
    """Kính gửi: the authority that decides this award for this nominee, in the user's province."""
    unit, parent = profile.get("unit") or "", profile.get("parent") or ""
    if level == "commune":
        body = next((b for b in (parent, unit) if is_commune_body(b)), "")
        return f"Chủ tịch {body}" if body else f"Chủ tịch Ủy ban nhân dân xã (phường) {BLANK}"
    if level in ("province", "government"):
        return f"Chủ tịch Ủy ban nhân dân {province_name(province)}"
    # Under a provincial People's Committee the unit itself (a Sở, a cơ quan chuyên môn) is the one that decides.
    body = unit if is_people_committee(parent) and not is_commune_body(parent) else parent or unit
    return f"{head_title(body)} {body}" if body else f"Thủ trưởng cơ quan, đơn vị {BLANK}"


def date_words(iso: str) -> str:
    """ "2022-06-15" -> "ngày 15 tháng 6 năm 2022" (days below 10 and months below 3 take a leading zero)."""
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", iso or "")
    if not match:
        return ""
    year, month, day = (int(part) for part in match.groups())
    month_text = f"{month:02d}" if month < 3 else str(month)
    return f"ngày {day:02d} tháng {month_text} năm {year}"


def basis_line(doc: dict) -> str:
    """ "Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ quy định …;" """
    title, number, signed = doc.get("title", ""), doc.get("number", ""), date_words(doc.get("signed", ""))
    if doc.get("type") == "luat":
        return " ".join(part for part in ("Căn cứ", title, signed) if part) + ";"
    kind = DOC_KINDS.get(doc.get("type", ""), "")
    rest = title[len(kind):].strip() if kind and title.startswith(kind) else title
    issuer = f"của {doc['issuer']}" if doc.get("issuer") else ""
    return " ".join(part for part in ("Căn cứ", kind or "văn bản", f"số {number}" if number else "", signed, issuer,
                                      rest) if part) + ";"


def cite_list(rules: list, documents: dict[str, dict]) -> str:
    """ "điểm a, b khoản 1 Điều 24 Luật …": citations of one clause grouped, in catalogue order."""
    groups: dict[tuple, list[str]] = {}
    for rule in rules:
        cite = rule.cite
        points = groups.setdefault((cite.doc, cite.article, cite.clause), [])
        if cite.point not in points:
            points.append(cite.point)
    labels = []
    for (doc, article, clause), points in groups.items():
        label = Cite(doc, article, clause).label(documents)
        named = [point for point in points if point]
        labels.append(f"điểm {', '.join(named)} {label}" if named and "" not in points else label)
    return "; ".join(labels)


@dataclass
class Entry:
    """One proposed (or, on a review sheet, excluded) nominee with the verdict of the rules."""

    nominee: dict
    verdict: Verdict
    standing: str = "propose"


def nominee_name(nominee: dict) -> str:
    if nominee.get("household_head"):
        return f"Hộ gia đình {'ông' if nominee.get('gender') != 'Nữ' else 'bà'} {nominee['household_head']}"
    return nominee.get("name") or nominee.get("collective_name") or BLANK


def in_sentence(name: str) -> str:
    """ "danh hiệu “Lao động tiên tiến”" inside a sentence; a form of commendation keeps its capital."""
    return name[0].lower() + name[1:] if name.startswith("Danh hiệu") else name


@dataclass
class Parties:
    """Who proposes, to whom, who signs and which meeting the proposal rests on."""

    to: str  # Kính gửi: the authority that decides
    parent: str  # the proposer's cơ quan chủ quản (upper line of the header)
    proposer: str  # the proposing body as named in sentences
    header: str  # the proposing body as named in the header
    signer_title: str
    sign_hint: str
    meeting: str  # "họp Hội đồng Thi đua - Khen thưởng Sở Y tế", "họp bình xét thi đua, khen thưởng Thôn Đông"
    council: bool  # a Hội đồng Thi đua - Khen thưởng exists (not in a thôn)


def parties(level: str, profile: dict, province: str) -> Parties:
    """The proposer and the addressee from the unit, its parent and the level that decides (Điều 80 Luật Thi
    đua, khen thưởng), never the same body: where the unit itself decides, its Hội đồng Thi đua - Khen thưởng
    proposes to its head; a thôn holds a bình xét meeting and its head signs without a seal."""
    unit, parent = profile.get("unit") or BLANK, profile.get("parent") or ""
    to = recipient(level, profile, province)
    if is_village(unit):
        return Parties(to, parent, unit, unit, head_title(unit).upper(), "(Ký, ghi rõ họ tên)",
                       f"họp bình xét thi đua, khen thưởng {unit}", council=False)
    council = f"Hội đồng Thi đua - Khen thưởng {unit}"
    if to == f"{head_title(unit)} {unit}":
        return Parties(to, unit, council, "Hội đồng Thi đua - Khen thưởng", "TM. HỘI ĐỒNG\nPHÓ CHỦ TỊCH THƯỜNG TRỰC",
                       SIGN_HINT, f"họp {council}", council=True)
    return Parties(to, parent, unit, unit, head_title(unit).upper(), SIGN_HINT, f"họp {council}", council=True)


class DossierWriter:
    def __init__(self, catalogue: Catalogue, documents: dict[str, dict], province: str = "",
                 templates: Path = TEMPLATES_DIR) -> None:
        self.catalogue = catalogue
        self.documents = documents
        self.province = province
        self.words = province_words(province)
        self.templates = templates

    def name(self, award: Award) -> str:
        """The award as the user's province names it, inside a sentence."""
        return in_sentence(self.words.award_name(award))

    # Shared wording -----------------------------------------------------------------------------------
    def _render(self, template: str, context: dict, path: Path) -> Path:
        document = DocxTemplate(str(self.templates / template))
        document.render(context, autoescape=True)
        document.save(str(path))
        return path

    def _place_date(self, profile: dict) -> str:
        return f"{place_name(self.province, profile) or BLANK}, {DATE_BLANK}"

    def _issuer(self, profile: dict, by: Parties) -> dict:
        return {"issuer_parent": by.parent.upper(), "issuer_unit": by.header.upper(),
                "place_date": self._place_date(profile), "signer_title": by.signer_title,
                "signer_hint": by.sign_hint, "signer_name": BLANK}

    def parties(self, award: Award, profile: dict) -> Parties:
        return parties(award.decides.level, profile, self.province)

    def basis(self, award: Award, profile: dict) -> list[str]:
        lines = [basis_line(self.documents[doc_id]) if doc_id in self.documents else FALLBACK_BASIS[doc_id]
                 for doc_id in (LAW_ID, DECREE_ID)]
        # A regulation of the user's own province that the criteria or the authority rest on.
        local = {rule.cite.doc for rule in [*award.criteria, award.decides]
                 if rule.province and fold_key(self.words.place) in fold_key(rule.province)}
        lines += [basis_line(self.documents[doc_id]) for doc_id in sorted(local) if doc_id in self.documents]
        lines.append(f"Căn cứ Biên bản {self.parties(award, profile).meeting} {DATE_BLANK}.")
        return lines

    def _foreign(self, rule) -> bool:
        """A rule of another province's regulation: no basis for a document of this province."""
        return bool(rule.province) and fold_key(self.words.place) not in fold_key(rule.province)

    def criteria_cites(self, award: Award) -> str:
        """Where the criteria are laid down; another province's rules, and the criterion standing for the user's
        province's own, are the user's province's regulation, left blank to fill in (the knowledge base lacks it)."""
        own = [rule for rule in award.criteria if not self._foreign(rule) and not unheld(rule)]
        parts = [cite_list(own, self.documents)] if own else []
        if len(own) < len(award.criteria):
            parts.append(f"quy định về thi đua, khen thưởng của Ủy ban nhân dân {self.words.full} "
                         f"(Quyết định số {BLANK} {DATE_BLANK})")
        return "; ".join(parts)

    def authority(self, award: Award, to: str) -> str:
        if self._foreign(award.decides):
            return f"Việc tặng {self.name(award)} thuộc thẩm quyền của {to}."
        where = award.decides.cite.label(self.documents)
        return f"Việc tặng {self.name(award)} thuộc thẩm quyền quy định tại {where}."

    @staticmethod
    def who(award: Award, count: int) -> str:
        kind = award.nominee_kind or ("tap-the" if award.collective else "can-bo")
        noun = {"tap-the": "tập thể", "ho-gia-dinh": "hộ gia đình"}.get(kind, "cá nhân")
        return f"{count:02d} {noun}"

    def those(self, award: Award, count: int) -> str:
        """ "các cá nhân" for several, "cá nhân" for one."""
        noun = self.who(award, count).split(" ", 1)[1]
        return f"các {noun}" if count > 1 else noun

    def _line(self, nominee: dict) -> str:
        if nominee.get("collective_name"):
            return f"{nominee['collective_name']}, {nominee.get('unit') or BLANK}"
        if nominee.get("household_head"):
            return f"{nominee_name(nominee)}, {nominee.get('address') or BLANK}"
        title = {"Nam": "Ông", "Nữ": "Bà"}.get(nominee.get("gender") or "", "Ông (bà)")
        return f"{title} {nominee.get('name')}, {nominee.get('position') or BLANK}, {nominee.get('unit') or BLANK}"

    # The documents ------------------------------------------------------------------------------------
    def write(self, session: dict, award: Award, entries: list[Entry], folder: Path) -> list[Path]:
        """Tờ trình, danh sách, biên bản and one báo cáo per proposed nominee."""
        folder.mkdir(parents=True, exist_ok=True)
        profile = session.get("profile") or {}
        year = str(entries[0].nominee.get("year") or BLANK)
        files = [self.submission(award, entries, profile, year, folder / "to-trinh.docx"),
                 self.listing(award, entries, profile, year, folder / "danh-sach.docx"),
                 self.minutes(award, entries, profile, year, folder / "bien-ban-hop-hoi-dong.docx")]
        for entry in entries:
            name = slug(nominee_name(entry.nominee), 40, default="ho-so")
            files.append(self.report(award, entry, profile, year, folder / f"bao-cao-thanh-tich-{name}.docx"))
        return files

    def subject(self, award: Award, year: str, lead: str = "Về việc đề nghị tặng") -> str:
        """The trích yếu: one line, the award by its short name in the province's words."""
        return f"{lead} {self.words.award_short(award)} năm {year}"

    def submission(self, award: Award, entries: list[Entry], profile: dict, year: str, path: Path) -> Path:
        by = self.parties(award, profile)
        verb = "trình Thủ tướng Chính phủ quyết định" if award.decides.level == "government" else "quyết định"
        who = self.who(award, len(entries))
        body = [f"Thực hiện phong trào thi đua năm {year}, {profile.get('unit') or BLANK} đã tổ chức bình xét thi đua, "
                f"khen thưởng theo quy định. Căn cứ kết quả {by.meeting}, {by.proposer} kính đề nghị {by.to} xem "
                f"xét, {verb} tặng {self.name(award)} năm {year} cho {who}, gồm:"]
        body += [f"{index}. {self._line(entry.nominee)};" for index, entry in enumerate(entries, start=1)]
        those = self.those(award, len(entries))
        body.append(f"{those[0].upper()}{those[1:]} được đề nghị đạt tiêu chuẩn quy định tại "
                    f"{self.criteria_cites(award)}; {NO_DISCIPLINE}. {self.authority(award, by.to)}")
        body.append(f"(Kèm theo Danh sách, Báo cáo thành tích của {who} và Biên bản {by.meeting}.)")
        context = {**self._issuer(profile, by), "number": f"Số: {BLANK}/TTr-{self._symbol(profile, by)}",
                   "subject": self.subject(award, year), "recipient": by.to,
                   "basis": self.basis(award, profile), "body": body,
                   "closing": f"{by.proposer} kính trình {by.to} xem xét, {verb}./.",
                   "archive": f"- Lưu: VT, {BLANK}."}
        return self._render("to-trinh.docx", context, path)

    @staticmethod
    def _symbol(profile: dict, by: Parties) -> str:
        return "HĐTĐKT" if by.header != by.proposer else abbreviation(profile)

    def listing(self, award: Award, entries: list[Entry], profile: dict, year: str, path: Path) -> Path:
        by = self.parties(award, profile)
        collective = award.collective
        rows = []
        for index, entry in enumerate(entries, start=1):
            nominee = entry.nominee
            if collective:
                size = nominee.get("collective_size")
                rows.append({"index": index, "name": nominee.get("collective_name"),
                             "year": size if size is not None else BLANK, "position": nominee.get("unit") or BLANK,
                             "note": ""})
                continue
            rows.append({"index": index, "name": nominee_name(nominee), "gender": nominee.get("gender") or BLANK,
                         "year": nominee.get("birth_year") or BLANK,
                         "position": ", ".join(part for part in (nominee.get("position"), nominee.get("unit")
                                                                 or nominee.get("address")) if part) or BLANK,
                         "note": self._note(nominee)})
        context = {**self._issuer(profile, by), "subject": self.subject(award, year, "Đề nghị tặng"),
                   "attachment": f"(Kèm theo Tờ trình số {BLANK}/TTr-{self._symbol(profile, by)} {DATE_BLANK} "
                                 f"của {by.proposer})",
                   "rows": rows, "total": f"Danh sách có {self.who(award, len(entries))}./."}
        return self._render("danh-sach-tap-the.docx" if collective else "danh-sach.docx", context, path)

    @staticmethod
    def _note(nominee: dict) -> str:
        scope = (nominee.get("facts") or {}).get("initiative")
        return f"Sáng kiến {SCOPE_LABELS[scope]}" if scope not in (None, "khong") else ""

    def minutes(self, award: Award, entries: list[Entry], profile: dict, year: str, path: Path) -> Path:
        by = self.parties(award, profile)
        who = self.who(award, len(entries))
        body_of = "Hội đồng" if by.council else "Cuộc họp"
        vote = "Hội đồng tiến hành bỏ phiếu kín" if by.council else "Người dự họp biểu quyết"
        body = [f"1. {body_of} nghe báo cáo tóm tắt thành tích của {self.those(award, len(entries))} được bình xét, "
                f"đề nghị tặng {self.name(award)} năm {year}.",
                f"2. {body_of} thảo luận, đối chiếu thành tích với tiêu chuẩn quy định tại {self.criteria_cites(award)}"
                " và nguyên tắc tại khoản 4 Điều 4 Nghị định số 152/2025/NĐ-CP.",
                f"3. {vote}. Kết quả như sau:"]
        rows = [{"index": index, "name": nominee_name(entry.nominee),
                 "position": ", ".join(p for p in (entry.nominee.get("position"), entry.nominee.get("unit")) if p)
                 or BLANK} for index, entry in enumerate(entries, start=1)]
        unit = profile.get("unit") or BLANK
        meeting = by.meeting[0].upper() + by.meeting[1:]
        # The minutes are the unit's own record, whoever then proposes.
        context = {**self._issuer(profile, by), "issuer_parent": (profile.get("parent") or "").upper(),
                   "issuer_unit": unit.upper(),
                   "number": f"Số: {BLANK}/BB-HĐTĐKT" if by.council else f"Số: {BLANK}/BB", "meeting": meeting,
                   "chair": "Chủ tịch Hội đồng" if by.council else head_title(unit),
                   "members": "Thành viên Hội đồng" if by.council else "Người dự họp",
                   "chair_title": "CHỦ TỊCH HỘI ĐỒNG" if by.council else "CHỦ TRÌ",
                   "subject": self.subject(award, year, "Xét đề nghị tặng"), "body": body, "rows": rows,
                   "name_label": "Tên tập thể" if award.collective else "Họ và tên",
                   "conclusion": f"4. Kết luận: {body_of} thống nhất đề nghị {by.to} xem xét, quyết định tặng "
                                 f"{self.name(award)} năm {year} cho {who} có tên trên (đạt {BLANK}% số phiếu "
                                 "đồng ý; tỷ lệ tối thiểu theo quy định hiện hành)."}
        return self._render("bien-ban.docx", context, path)

    def report(self, award: Award, entry: Entry, profile: dict, year: str, path: Path) -> Path:
        nominee = entry.nominee
        facts = nominee.get("facts") or {}
        results = [f"Năm {y}: {RATING_LABELS[level]}." for y, level in sorted((facts.get("ratings") or {}).items())]
        if results:
            results.insert(0, "Kết quả đánh giá, xếp loại mức độ hoàn thành nhiệm vụ:")
        if facts.get("initiative") not in (None, "khong"):
            results.append(f"Sáng kiến, đề tài khoa học được công nhận: {SCOPE_LABELS[facts['initiative']]}.")
        titles, honours = [], []
        for held_year, ids in sorted((facts.get("titles") or {}).items()):
            for award_id in ids:
                held = self.catalogue.awards[award_id]
                row = {"year": held_year, "name": held.name,
                       "decision": f"Quyết định số {BLANK} {DATE_BLANK} của {BLANK}"}
                (titles if held.kind == "danh hiệu thi đua" else honours).append(row)
        none = [{"year": "", "name": "Chưa có", "decision": ""}]
        kind = award.nominee_kind or ("tap-the" if award.collective else "can-bo")
        context = {"place_date": self._place_date(profile), "subject": self.subject(award, year, "Đề nghị tặng"),
                   "duties": nominee.get("duties") or [BLANK], "achievements": nominee.get("achievements") or [BLANK],
                   "results": results, "titles": titles or none, "honours": honours or none,
                   "nominee_name": nominee_name(nominee)}
        if kind == "tap-the":
            name = nominee.get("collective_name") or BLANK
            size = nominee.get("collective_size")
            context |= {"issuer_parent": (nominee.get("unit") or "").upper(), "issuer_unit": name.upper(),
                        "nominee_line": name, "head_title": head_title(name).upper(),
                        "profile": [f"Tên tập thể: {name}",
                                    f"Đơn vị cấp trên trực tiếp: {nominee.get('unit') or BLANK}",
                                    f"Địa chỉ trụ sở: {BLANK}", f"Điện thoại: {BLANK}; E-mail: {BLANK}",
                                    f"Số thành viên: {size if size is not None else BLANK}",
                                    f"Tổ chức đảng, đoàn thể: {BLANK}"]}
            return self._render("bao-cao-tap-the.docx", context, path)
        if kind == "ho-gia-dinh":
            place = nominee.get("unit") or ""
            context |= {"nominee_line": nominee_name(nominee),
                        "confirmer": "XÁC NHẬN CỦA " + (place if is_commune_body(place) else "Ủy ban nhân dân cấp xã")
                        .upper(),
                        "profile": [f"Họ và tên chủ hộ: {nominee.get('household_head') or BLANK}",
                                    f"Địa chỉ: {nominee.get('address') or BLANK}", f"Số nhân khẩu: {BLANK}",
                                    f"Nghề nghiệp chính: {BLANK}"]}
            return self._render("bao-cao-ho-gia-dinh.docx", context, path)
        birth = nominee.get("birth_year") or BLANK
        context |= {"nominee_line": f"{nominee.get('name')} - {nominee.get('position') or BLANK}, "
                                    f"{nominee.get('unit') or BLANK}",
                    "profile": [f"Họ và tên: {nominee.get('name') or BLANK}",
                                f"Sinh ngày …… tháng …… năm {birth}", f"Giới tính: {nominee.get('gender') or BLANK}",
                                f"Quê quán: {BLANK}", f"Trú quán: {BLANK}",
                                *self._work_lines(kind, nominee),
                                f"Trình độ chuyên môn, nghiệp vụ: {BLANK}",
                                f"Học hàm, học vị, danh hiệu, giải thưởng: {BLANK}",
                                f"Đối tượng: {NOMINEE_KINDS.get(kind, NOMINEE_KINDS['can-bo'])}"]}
        return self._render("bao-cao-ca-nhan.docx", context, path)

    @staticmethod
    def _work_lines(kind: str, nominee: dict) -> list[str]:
        unit, position = nominee.get("unit") or BLANK, nominee.get("position") or BLANK
        if kind == "cong-nhan-nong-dan":  # no post and no employing body: what they do and where
            return [f"Nghề nghiệp: {position}", f"Nơi cư trú, làm việc: {unit}"]
        return [f"Đơn vị công tác: {unit}", f"Chức vụ (đảng, chính quyền, đoàn thể): {position}"]

    def review_sheet(self, session: dict, award: Award, entries: list[Entry], folder: Path) -> Path:
        """The checklist of a dossier with nobody to propose, marked "không đề nghị" / "chưa đề nghị"."""
        folder.mkdir(parents=True, exist_ok=True)
        profile = session.get("profile") or {}
        deferred = all(entry.standing == "defer" for entry in entries)
        lines = []
        for entry in entries:
            status = {"defer": "chưa đề nghị (khoản 4 Điều 4 Nghị định số 152/2025/NĐ-CP)",
                      "reject": "không đề nghị (chưa đủ tiêu chuẩn)",
                      "incomplete": "không đề nghị (còn thiếu thông tin)"}[entry.standing]
            lines.append(f"{nominee_name(entry.nominee)}: {status}.")
            lines += [f"- {finding.detail}" for finding in entry.verdict.findings if finding.ok is not True]
        year = str(entries[0].nominee.get("year") or BLANK)
        context = {**self._issuer(profile, self.parties(award, profile)),
                   "subject": self.subject(award, year, "Xét đề nghị tặng"),
                   "mark": "CHƯA ĐỀ NGHỊ" if deferred else "KHÔNG ĐỀ NGHỊ", "lines": lines,
                   "checklist": [f"{item.text} ({item.cite.label(self.documents)})"
                                 for item in award.checklist([entry.nominee.get("facts") or {} for entry in entries])]}
        return self._render("phieu-ra-soat.docx", context, folder / "phieu-ra-soat-khong-de-nghi.docx")
