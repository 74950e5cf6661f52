"""The steps of a nomination and where their answers live in the session.

A step asks one thing (a prompt, options to offer, a parser that turns what the person typed into data or
raises InvalidInput). Which steps a nomination has follows the award and the kind of nominee: a farmer is not
asked a task rating, a collective is asked its members' results, and "help me choose" asks the facts every
candidate award needs, each once. Answers the user gave before (their unit, the facts told while choosing)
count as answered, so nothing is asked twice.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from bot.nomination.answers import (
    ASK,
    PENALTY_ANSWER,
    PENDING_ANSWER,
    expand_years,
    lenient_yes_no,
    no_rating,
    one_year,
    parse_scope,
    read_discipline,
    read_member_discipline,
    read_penalty,
)
from bot.nomination.authority import in_force
from bot.nomination.catalogue import Award, Catalogue, Rule
from bot.nomination.documents import BLANK, NOMINEE_KINDS, place_name, proposed_abbreviation
from bot.nomination.eligibility import RATING_LABELS, SCOPE_LABELS, Rules, Verdict
from bot.nomination.facts import (
    InvalidInput,
    parse_int,
    parse_name,
    parse_ratings,
    parse_text,
    parse_titles,
    plain,
)
from bot.nomination.provinces import applied, foreign, judged_here, localized, province_words

MAX_ACHIEVEMENTS = 20000
HELP_CONFIRM = "help-confirm:"


def confirm_key(text: str) -> str:
    """One "help me choose" answer per distinct criterion text (awards reuse ids for different texts)."""
    return f"{HELP_CONFIRM}{zlib.crc32(text.encode()):08x}"


@dataclass
class Step:
    name: str
    label: str
    prompt: Callable[[dict], str]
    parse: Callable[[str, dict], object]
    options: Callable[[dict], list[tuple[str, str]]] = lambda session: []
    shown: Callable[[object], str] = str
    multiline: bool = False
    scope: str = "nominee"  # "session" for the user's unit (kept for the next nominations)


YES_NO_OPTIONS = [("Có", "Có"), ("Không", "Không"), ("Chưa rõ", "Chưa rõ")]
INITIATIVE_OPTIONS = [("Không có", "khong"), ("Cấp cơ sở", "co-so"), ("Cấp Bộ, ngành, tỉnh", "tinh"),
                      ("Toàn quốc", "toan-quoc"), ("Chưa rõ", "chua-ro")]
IDENTITY = ("name", "birth_year", "gender", "position", "unit", "collective_name", "collective_size",
            "household_head", "address", "duties")
# The user's unit as a step names it and as the documents read it.
PROFILE = {"org_unit": "unit", "org_parent": "parent", "org_abbreviation": "abbreviation", "org_place": "place"}
SAME_UNIT = "org_same"  # the remembered unit confirmed for this nomination
UNITS = "units"  # the user's units remembered from their nominations, by folded name, each with its parts
UNIT_WAS = "unit_was"  # the unit's parts before the user chose to correct them: the defaults offered
KEEP, EDIT = "Giữ nguyên", "Sửa"
SUGGESTED = "Dùng gợi ý"  # the option value of a default (short: a button's data holds 64 bytes)
NO_PARENT = "Không có"
ABBREVIATION_RE = re.compile(r"[A-ZĐ][A-ZĐ0-9]*(?:-[A-ZĐ0-9]+)*")
MAX_ABBREVIATION, MAX_PLACE = 20, 60


def _yes_no_text(value: object) -> str:
    return {True: "Có", False: "Không", None: "Chưa rõ"}[value]


def _penalty_text(value: object) -> str:
    if value is None:
        return "Chưa rõ"
    return f"Có (kỷ luật có hiệu lực đến năm {value})" if value else "Không"


DISCIPLINE_OPTIONS = [("Không", "Không"), (PENDING_ANSWER, PENDING_ANSWER), (PENALTY_ANSWER, PENALTY_ANSWER),
                      ("Chưa rõ", "Chưa rõ")]
MEMBER_DISCIPLINE_OPTIONS = [("Có", "Có"), ("Không", "Không"), ("Chỉ có khiển trách", "Chỉ có khiển trách"),
                             ("Chưa rõ", "Chưa rõ")]


class StepBook:
    """The steps of a session's nomination and its answers (read, written, undone)."""

    def __init__(self, catalogue: Catalogue, rules: Rules, province: str) -> None:
        self.catalogue = catalogue
        self.rules = rules
        self.province = province

    def award_of(self, session: dict) -> Award | None:
        award = self.catalogue.awards.get(session.get("award") or "")
        if award is None:
            return None
        award = award.for_nominee(session["kind"]) if session.get("kind") else award
        return in_force(applied(award, self.province), self.rules.documents, session.get("profile"))

    def nominee(self, session: dict) -> dict:
        while len(session["nominees"]) <= session["current"]:
            session["nominees"].append({"facts": {"confirm": {}}, "achievements": [], "answered": []})
        return session["nominees"][session["current"]]

    def candidates(self, kind: str) -> list[Award]:
        """Every award this kind of nominee can receive, as it applies to them in the user's province; an award
        only another province's regulation in the knowledge base rules is none of them."""
        return [in_force(localized(award.for_nominee(kind), self.province), self.rules.documents)
                for award in self.catalogue.awards.values()
                if kind in award.nominees and judged_here(award.for_nominee(kind), self.province)]

    def award_name(self, award: Award) -> str:
        """The award as the user's province names it ("Bằng khen của Chủ tịch Ủy ban nhân dân thành phố")."""
        return province_words(self.province).award_name(award)

    def cite_here(self, rule: Rule) -> str:
        """Where a rule is laid down; another province's regulation is never named for this province's unit."""
        if foreign(rule, self.province):
            return f"quy định của Ủy ban nhân dân {province_words(self.province).full}"
        return rule.cite.label(self.rules.documents)


    def steps(self, session: dict) -> list[Step]:
        """The steps of the chosen award; in "help me choose" the fact steps of every candidate award."""
        kind = session.get("kind")
        if session.get("mode") == "help":
            return self.help_steps(session, kind) if kind else []
        award = self.award_of(session)
        if award is None:
            return []
        steps: list[Step] = []
        if len(self.catalogue.awards[award.id].nominees) > 1:
            steps.append(Step("kind", "Đối tượng", self._kind_prompt, self._parse_kind, self._kind_options,
                              shown=lambda v: NOMINEE_KINDS.get(str(v), "—"), scope="session"))
        steps += self.profile_steps()
        steps += self.identity_steps(kind or award.nominees[0])
        steps += self.fact_steps(session, [award])
        for rule in award.criteria:
            if "confirm" in rule.check:
                steps.append(Step(f"confirm:{rule.id}", rule.text[:60],
                                  lambda s, r=rule: f"Đơn vị xác nhận đạt tiêu chuẩn: “{r.text}” "
                                                    f"({r.cite.label(self.rules.documents)})?",
                                  lambda t, s: lenient_yes_no(t), lambda s: YES_NO_OPTIONS, shown=_yes_no_text))
        steps.append(Step("duties", "Đặc điểm nhiệm vụ", self._duties_prompt,
                          lambda t, s: [line.strip() for line in parse_text(t, "Nội dung", 4000).splitlines()
                                        if line.strip()], shown=lambda v: f"{len(v)} đoạn", multiline=True))
        steps.append(Step("achievements", "Thành tích", self._achievements_prompt, self._parse_achievement,
                          shown=lambda v: f"{len(v)} đoạn", multiline=True))
        return steps

    def help_steps(self, session: dict, kind: str) -> list[Step]:
        """Every fact the candidate awards need, once; then each distinct judgement the unit must confirm, for
        the awards the facts told so far have not ruled out."""
        candidates = self.candidates(kind)
        steps = self.fact_steps(session, candidates)
        asked: set[str] = set()
        for award, _ in self.supported(session, kind, within=candidates):
            for rule in award.criteria:
                name = confirm_key(rule.text)
                if "confirm" in rule.check and name not in asked:
                    asked.add(name)
                    steps.append(Step(name, rule.text[:60],
                                      lambda s, r=rule: f"Có đạt tiêu chuẩn: “{r.text}” "
                                                        f"({r.cite.label(self.rules.documents)})?",
                                      lambda t, s: lenient_yes_no(t), lambda s: YES_NO_OPTIONS, shown=_yes_no_text))
        return steps

    def profile_steps(self) -> list[Step]:
        """The user's unit: its name, parent, ký hiệu and địa danh, asked once per unit with defaults offered; a
        unit remembered from an earlier nomination is shown whole and confirmed (SAME_UNIT) instead."""
        return [
            Step(SAME_UNIT, "Thông tin đơn vị đã xác nhận", self._same_unit_prompt, self._parse_same_unit,
                 lambda s: [(KEEP, KEEP), (EDIT, EDIT)], shown=_yes_no_text, scope="session"),
            Step("org_unit", "Đơn vị lập tờ trình",
                 lambda s: ("Tên cơ quan, đơn vị của bạn, nơi lập tờ trình (ví dụ: Sở Nội vụ thành phố "
                            f"{self.province}, Phòng Giáo dục và Đào tạo…)? Bot ghi nhớ cho các lần đề nghị sau."),
                 lambda t, s: self._default(s, "org_unit") if self._suggested(t) else parse_name(t, "Tên đơn vị"),
                 lambda s: self._default_option(s, "org_unit"), scope="session"),
            Step("org_parent", "Cơ quan chủ quản (cấp trên)",
                 lambda s: (f"Cơ quan chủ quản, cấp trên trực tiếp của {self._unit(s)} (ví dụ: Ủy ban nhân dân thành "
                            f"phố {self.province}; Ủy ban nhân dân xã An Hưng)? Gõ “Không” nếu không có."),
                 self._parse_parent, lambda s: [*self._default_option(s, "org_parent"), (NO_PARENT, "Không")],
                 shown=lambda v: v or NO_PARENT, scope="session"),
            Step("org_abbreviation", "Ký hiệu viết tắt của đơn vị",
                 lambda s: (f"Ký hiệu viết tắt của {self._unit(s)} trong số văn bản (ví dụ: SNV trong “Số: …/TTr-SNV”)"
                            f"? Gợi ý: {self._default(s, 'org_abbreviation') or 'để trống'}. Gõ “Không” để để trống "
                            "(……) và điền tay."),
                 self._parse_abbreviation, lambda s: [*self._default_option(s, "org_abbreviation"),
                                                      ("Để trống", "Không")],
                 shown=lambda v: v or f"để trống ({BLANK})", scope="session"),
            Step("org_place", "Địa danh trên văn bản",
                 lambda s: (f"Địa danh ghi trước ngày tháng trên văn bản của {self._unit(s)} (“…, ngày … tháng … "
                            f"năm …”)? Gợi ý: {self._default(s, 'org_place')}."),
                 self._parse_place, lambda s: self._default_option(s, "org_place"), scope="session"),
        ]

    @staticmethod
    def _unit(session: dict) -> str:
        return (session.get("profile") or {}).get("org_unit") or "đơn vị"

    def _same_unit_prompt(self, session: dict) -> str:
        profile = session.get("profile") or {}
        if not profile.get("org_unit"):  # back from a correction just begun: the unit as it was
            profile = session.get(UNIT_WAS) or {}
        place = profile.get("org_place")
        return ("Đơn vị lập hồ sơ, như lần đề nghị trước:\n"
                f"Đơn vị: {profile.get('org_unit')}; cấp trên: {profile.get('org_parent') or 'không có'}; "
                f"ký hiệu: {profile.get('org_abbreviation') or f'để trống ({BLANK})'}; "
                f"địa danh: {place or 'chưa có'} — {KEEP} hay {EDIT}?")

    @staticmethod
    def _parse_same_unit(text: str, session: dict) -> bool:
        """“Giữ nguyên” (True) keeps the remembered unit; “Sửa” (False) asks each of its parts again, the
        remembered values offered as defaults, or another unit."""
        key = plain(text)
        if key in (plain(EDIT), "sua lai", "don vi khac", "khac"):
            return False
        if key in (plain(KEEP), "giu", "co", "dung", "dong y"):
            return True
        raise InvalidInput(f"Hãy chọn “{KEEP}” hoặc “{EDIT}”.")

    @staticmethod
    def _suggested(text: str) -> bool:
        return plain(text) == plain(SUGGESTED)

    def _default(self, session: dict, name: str) -> str:
        """What is offered for a part of the unit: its value before the user chose to correct it, else the
        ký hiệu proposed from the unit's name and the địa danh of the unit, its commune or the province."""
        was = session.get(UNIT_WAS) or {}
        if name in was:
            return was[name] or ""
        profile = session.get("profile") or {}
        if name == "org_abbreviation":
            return proposed_abbreviation(profile.get("org_unit") or "")
        if name == "org_place":
            return place_name(self.province, {"unit": profile.get("org_unit"), "parent": profile.get("org_parent")})
        return ""

    def _default_option(self, session: dict, name: str) -> list[tuple[str, str]]:
        value = self._default(session, name)
        return [(f"{value[:40]} ({'như cũ' if name in (session.get(UNIT_WAS) or {}) else 'gợi ý'})", SUGGESTED)
                ] if value else []

    def _parse_parent(self, text: str, session: dict) -> str:
        if self._suggested(text):
            return self._default(session, "org_parent")
        return "" if plain(text) in ("khong", "khong co") else parse_name(text, "Tên cơ quan chủ quản")

    def _parse_abbreviation(self, text: str, session: dict) -> str:
        if self._suggested(text):
            return self._default(session, "org_abbreviation")
        if plain(text) in ("khong", "khong co", "de trong"):
            return ""
        value = text.strip().upper()
        if not ABBREVIATION_RE.fullmatch(value) or len(value) > MAX_ABBREVIATION:
            raise InvalidInput(f"Ký hiệu gồm chữ in hoa, số và dấu gạch nối, không quá {MAX_ABBREVIATION} ký tự "
                               "(ví dụ: SNV, UBND, SGDĐT); gõ “Không” để để trống.")
        return value

    def _parse_place(self, text: str, session: dict) -> str:
        if self._suggested(text):
            return self._default(session, "org_place")
        if plain(text) in ("khong", "khong co", "de trong"):
            raise InvalidInput("Văn bản cần địa danh trước ngày tháng; chọn gợi ý "
                               f"“{self._default(session, 'org_place')}” hoặc gõ địa danh.")
        value = parse_name(text, "Địa danh")
        if len(value) > MAX_PLACE:
            raise InvalidInput(f"Địa danh quá dài ({len(value)} ký tự); tối đa {MAX_PLACE} ký tự, ví dụ: "
                               f"{province_words(self.province).place}.")
        return value

    @staticmethod
    def _confirm_unit(session: dict, keep: bool) -> None:
        """Keep the unit shown (the one before a correction was begun, when the user came back to it), or
        forget it and keep its parts as the defaults of the questions that follow."""
        profile = session.get("profile") or {}
        if not profile.get("org_unit"):
            profile = session.pop(UNIT_WAS, None) or {}
        if keep:
            session["profile"] = {**profile, SAME_UNIT: True}
        else:
            session[UNIT_WAS] = {part: value for part, value in profile.items() if part != SAME_UNIT}
            session["profile"] = {}

    def _take_unit(self, session: dict, name: str) -> None:
        """The unit named for this nomination. Its own parts, being corrected, are asked again with the old values
        offered; a unit remembered from the user's earlier nominations brings its parts, shown for confirmation;
        a new unit has its parts asked. The same unit renamed keeps its parts."""
        was = session.pop(UNIT_WAS, None)
        profile = session.get("profile") or {}
        key = plain(name)
        remembered = (session.get(UNITS) or {}).get(key)
        if was is not None and plain(was.get("org_unit") or "") == key:
            session[UNIT_WAS] = was
            session["profile"] = {SAME_UNIT: True}
        elif plain(profile.get("org_unit") or "") != key:
            session["profile"] = ({part: value for part, value in remembered.items() if part != SAME_UNIT}
                                  if remembered is not None else {SAME_UNIT: True})
        session["profile"] |= {"org_unit": name, "unit": name}

    def identity_steps(self, kind: str) -> list[Step]:
        if kind == "tap-the":
            return [
                Step("collective_name", "Tên tập thể", lambda s: "Tên tập thể được đề nghị?",
                     lambda t, s: parse_name(t, "Tên tập thể")),
                Step("collective_size", "Số thành viên", lambda s: "Tập thể có bao nhiêu thành viên?",
                     lambda t, s: parse_int(t, "Số thành viên", 1, 100000)),
                Step("unit", "Đơn vị cấp trên", lambda s: "Cơ quan, đơn vị cấp trên trực tiếp của tập thể?",
                     lambda t, s: parse_text(t, "Đơn vị")),
            ]
        if kind == "ho-gia-dinh":
            return [
                Step("household_head", "Chủ hộ", lambda s: "Họ và tên chủ hộ?",
                     lambda t, s: parse_name(t, "Họ tên", person=True)),
                Step("gender", "Giới tính chủ hộ", lambda s: "Giới tính của chủ hộ?", self._parse_gender,
                     lambda s: [("Nam", "Nam"), ("Nữ", "Nữ")]),
                Step("address", "Địa chỉ", lambda s: "Địa chỉ của hộ gia đình (thôn, tổ dân phố, xã, phường)?",
                     lambda t, s: parse_text(t, "Địa chỉ")),
            ]
        latest = date.today().year - 15
        farmer = kind == "cong-nhan-nong-dan"
        return [
            Step("name", "Họ và tên", lambda s: "Họ và tên người được đề nghị?",
                 lambda t, s: parse_name(t, "Họ tên", person=True)),
            Step("birth_year", "Năm sinh", lambda s: "Năm sinh?",
                 lambda t, s: one_year(t, 1940, latest, "năm sinh")),
            Step("gender", "Giới tính", lambda s: "Giới tính?", self._parse_gender,
                 lambda s: [("Nam", "Nam"), ("Nữ", "Nữ")]),
            Step("position", "Nghề nghiệp" if farmer else "Chức vụ",
                 (lambda s: "Nghề nghiệp, công việc (ví dụ: Nông dân, Công nhân)?") if farmer else
                 (lambda s: "Chức vụ (hoặc “Chuyên viên”, “Giáo viên”…)?"),
                 lambda t, s: parse_text(t, "Chức vụ")),
            Step("unit", "Nơi cư trú, làm việc" if farmer else "Đơn vị",
                 (lambda s: "Nơi cư trú hoặc làm việc (thôn, tổ dân phố, xã, phường; hợp tác xã…)?") if farmer else
                 (lambda s: "Đơn vị công tác (cơ quan, đơn vị quản lý trực tiếp)?"),
                 lambda t, s: parse_text(t, "Đơn vị")),
        ]

    def fact_steps(self, session: dict, awards: list[Award]) -> list[Step]:
        """The facts the criteria of `awards` need, each asked once."""
        uses = {key for award in awards for check in award.checks() for key in check}
        steps = [Step("year", "Năm xét khen thưởng", lambda s: "Năm xét khen thưởng (năm của thành tích)?",
                      lambda t, s: one_year(t, 2000, date.today().year),
                      lambda s: [(str(y), str(y)) for y in self._recent_years()])]
        if "rating" in uses:
            steps.append(Step("ratings", "Xếp loại nhiệm vụ", self._ratings_prompt, self._parse_ratings,
                              shown=self._ratings_text, multiline=True))
        steps.append(Step("titles", "Danh hiệu, khen thưởng đã đạt", self._titles_prompt, self._parse_titles,
                          shown=self._titles_text, multiline=True))
        if "initiative" in uses:
            steps.append(Step("initiative", "Sáng kiến, đề tài khoa học",
                              lambda s: ("Sáng kiến hoặc đề tài khoa học đã được công nhận, nghiệm thu (phạm vi rộng "
                                         "nhất, ví dụ: “áp dụng trong toàn thành phố”)?"),
                              lambda t, s: parse_scope(t), lambda s: INITIATIVE_OPTIONS,
                              shown=lambda v: "Chưa rõ" if v is None else SCOPE_LABELS[v]))
        # Khoản 4 Điều 4 Nghị định 152/2025: a pending discipline and a penalty in force within the year (even
        # one served or expired before the nomination) both hold it. One question asks both; the penalty has a
        # step of its own for answers that leave it open, for editing, and for drafts saved before it was asked.
        steps.append(Step("discipline", "Đang bị xem xét kỷ luật, thanh tra", self._discipline_prompt,
                          lambda t, s: read_discipline(t, self._year(s)), lambda s: DISCIPLINE_OPTIONS,
                          shown=_yes_no_text))
        steps.append(Step("disciplined_in", "Bị kỷ luật trong năm xét", self._penalty_prompt,
                          lambda t, s: read_penalty(t, self._year(s)), lambda s: YES_NO_OPTIONS, shown=_penalty_text))
        if "member_share" in uses:
            steps.append(Step("ldtt_percent", "Tỷ lệ đạt Lao động tiên tiến",
                              lambda s: "Bao nhiêu phần trăm cá nhân trong tập thể đạt “Lao động tiên tiến”? (0-100)",
                              lambda t, s: parse_int(t, "Tỷ lệ", 0, 100), shown=lambda v: f"{v}%"))
        for key, step, label, question in (
            ("members_completed", "members_completed", "100% hoàn thành nhiệm vụ",
             "Tất cả cá nhân trong tập thể đều hoàn thành nhiệm vụ được giao?"),
            ("member_with_title", "has_cstdcs", "Có cá nhân đạt Chiến sĩ thi đua cơ sở",
             "Tập thể có cá nhân đạt “Chiến sĩ thi đua cơ sở” trong năm không?"),
        ):
            if key in uses:
                steps.append(Step(step, label, lambda s, q=question: q, lambda t, s: lenient_yes_no(t),
                                  lambda s: YES_NO_OPTIONS, shown=_yes_no_text))
        rule = next((rule for award in awards for rule in award.criteria if "no_member_discipline" in str(rule.check)),
                    None)
        if "no_member_discipline" in uses and rule is not None:
            # The form matters here: the criterion counts a warning (cảnh cáo) or heavier, not a reprimand.
            steps.append(Step("member_discipline", "Có cá nhân bị kỷ luật từ cảnh cáo trở lên",
                              lambda s, r=rule: (
                                  f"Trong năm {self._year(s)}, có cá nhân nào trong tập thể bị kỷ luật từ hình thức "
                                  "cảnh cáo trở lên (cảnh cáo, hạ bậc lương, giáng chức, cách chức, buộc thôi việc) "
                                  "không? Kỷ luật khiển trách không tính theo tiêu chuẩn này "
                                  f"({r.cite.label(self.rules.documents)})."),
                              lambda t, s: read_member_discipline(t), lambda s: MEMBER_DISCIPLINE_OPTIONS,
                              shown=_yes_no_text))
        return steps

    def _discipline_cite(self) -> str:
        principle = self.catalogue.principles.get("after-discipline") or self.catalogue.principles.get("pending")
        return principle.cite.label(self.rules.documents) if principle else "Điều 4 Nghị định 152/2025/NĐ-CP"

    def _discipline_prompt(self, session: dict) -> str:
        year = self._year(session)
        return (f"Người (tập thể) được đề nghị có đang bị xem xét kỷ luật, điều tra, thanh tra, kiểm tra hoặc có đơn "
                f"thư đang được xác minh không? Trong năm {year} có bị kỷ luật không (khiển trách, cảnh cáo, hạ bậc "
                f"lương, giáng chức, cách chức…), kể cả kỷ luật đã chấp hành xong hoặc đã hết thời hạn trong năm "
                f"{year}, hay kỷ luật từ năm trước còn thời hạn sang năm {year}?\nTheo {self._discipline_cite()}: "
                "chưa khen thưởng khi đang bị xem xét kỷ luật, thanh tra; người bị kỷ luật thì thành tích chỉ được "
                "tính từ khi chấp hành xong thời gian kỷ luật. Gõ “Không” nếu cả hai điều trên đều không có.")

    def _penalty_prompt(self, session: dict) -> str:
        year = self._year(session)
        return (f"Trong năm {year}, người (tập thể) được đề nghị có bị kỷ luật không (khiển trách, cảnh cáo, hạ bậc "
                f"lương, giáng chức, cách chức…)? Tính cả kỷ luật đã chấp hành xong hoặc đã hết thời hạn trong năm "
                f"{year} và kỷ luật từ năm trước còn thời hạn sang năm {year}. Theo {self._discipline_cite()}, thành "
                "tích chỉ được tính từ khi chấp hành xong thời gian kỷ luật, nên bị kỷ luật trong năm thì không đề "
                f"nghị khen thưởng thành tích năm {year}. Có thể ghi năm chấp hành xong, ví dụ: “Có, chấp hành xong "
                f"năm {year - 1}”.")

    def _recent_years(self) -> list[int]:
        this_year = date.today().year
        return [this_year - 1, this_year]

    def _kind_prompt(self, session: dict) -> str:
        return "Người (đối tượng) được đề nghị thuộc nhóm nào?"

    def _kind_options(self, session: dict) -> list[tuple[str, str]]:
        award = self.catalogue.awards[session["award"]]
        return [(NOMINEE_KINDS[kind], kind) for kind in award.nominees]

    def _parse_kind(self, text: str, session: dict) -> str:
        key = plain(text)
        options = self._kind_options(session)
        for label, value in options:
            if key in (value, plain(label)) or key.replace(" ", "-") == value:
                return value
        words = {"nong dan": "cong-nhan-nong-dan", "cong nhan": "cong-nhan-nong-dan", "hop dong": "nguoi-lao-dong",
                 "cong chuc": "can-bo", "vien chuc": "can-bo", "can bo": "can-bo", "ho gia dinh": "ho-gia-dinh"}
        allowed = {value for _, value in options}
        for word, value in words.items():
            if word in key and value in allowed:
                return value
        raise InvalidInput("Hãy chọn một nhóm: " + "; ".join(label for label, _ in options) + ".")

    @staticmethod
    def _parse_gender(text: str, session: dict) -> str:
        key = plain(text)
        if key in ("nam", "male", "ong"):
            return "Nam"
        if key in ("nu", "female", "ba"):
            return "Nữ"
        raise InvalidInput("Hãy chọn “Nam” hoặc “Nữ”.")

    def _year(self, session: dict) -> int:
        return int(self.nominee(session).get("year") or date.today().year)

    def _ratings_prompt(self, session: dict) -> str:
        year = self._year(session)
        text = (f"Kết quả xếp loại mức độ hoàn thành nhiệm vụ các năm gần đây (ít nhất năm {year}). Mỗi dòng một "
                f"năm, ví dụ:\n{year - 1}: hoàn thành xuất sắc\n{year}: hoàn thành tốt\n(hoặc “{year - 2}-{year}: "
                "hoàn thành xuất sắc”, “3 năm liền hoàn thành tốt”)")
        award = self.award_of(session)
        if award is not None and "cong-nhan-nong-dan" in self.catalogue.awards[award.id].variants:
            text += "\nNgười không thuộc diện đánh giá, xếp loại (nông dân, công nhân…) gõ “Không có xếp loại”."
        return text

    def _parse_ratings(self, text: str, session: dict) -> dict[str, str]:
        year = self._year(session)
        if plain(text) in ("chua ro", "khong ro", "chua biet"):
            return {}
        if no_rating(text):
            self._no_rating(session)
        return parse_ratings(expand_years(text, year), year)

    def _no_rating(self, session: dict) -> None:
        """"Không có xếp loại": valid for the workers and farmers of khoản 3 Điều 24, who are not rated."""
        award = self.award_of(session)
        base = self.catalogue.awards[award.id] if award else None
        if base is not None and "cong-nhan-nong-dan" in base.variants and session.get("kind") != "cong-nhan-nong-dan":
            raise SwitchKind("cong-nhan-nong-dan")
        rating = next((rule for rule in (award.criteria if award else []) if "rating" in str(rule.check)), None)
        where = f" ({rating.cite.label(self.rules.documents)})" if rating else ""
        raise InvalidInput(f"Tiêu chuẩn này cần kết quả xếp loại mức độ hoàn thành nhiệm vụ{where}. Nếu chưa có "
                           "kết quả, gõ “Chưa rõ” để tiếp tục (hồ sơ sẽ ghi là còn thiếu thông tin).")

    def _titles_prompt(self, session: dict) -> str:
        year = self._year(session)
        return ("Các danh hiệu, hình thức khen thưởng đã đạt những năm trước? Mỗi dòng một năm, ví dụ:\n"
                f"{year - 2}, {year - 1}: Chiến sĩ thi đua cơ sở\n{year - 3}: Lao động tiên tiến\n"
                "Gõ “Không” nếu chưa có.")

    def _parse_titles(self, text: str, session: dict) -> dict[str, list[str]]:
        year = self._year(session)
        titles = parse_titles(expand_years(text, year), self.catalogue, year)
        award = self.award_of(session)
        if award is not None and award.id in titles.get(str(year), []):
            raise InvalidInput(f"Năm {year} là năm đang đề nghị tặng “{award.short}”, nên chưa thể là danh hiệu đã "
                               f"đạt. Hãy kể các danh hiệu đã được công nhận, ví dụ: {year - 1}: {award.short}.")
        return titles

    @staticmethod
    def _ratings_text(value: object) -> str:
        if not value:
            return "Chưa rõ"
        return "; ".join(f"{y}: {RATING_LABELS[level]}" for y, level in sorted(dict(value).items()))

    def _titles_text(self, value: object) -> str:
        if not value:
            return "Chưa có"
        return "; ".join(f"{y}: {', '.join(self.catalogue.awards[a].short for a in ids)}"
                         for y, ids in sorted(dict(value).items()))

    def _duties_prompt(self, session: dict) -> str:
        if session.get("kind") == "tap-the":
            return ("Đặc điểm, tình hình và chức năng, nhiệm vụ được giao của tập thể (viết tự do, có thể nhiều "
                    "dòng; dùng cho phần I của báo cáo thành tích).")
        if session.get("kind") == "ho-gia-dinh":
            return "Đặc điểm, hoàn cảnh của hộ gia đình (nghề nghiệp, số nhân khẩu…; viết tự do, có thể nhiều dòng)."
        return ("Quyền hạn, nhiệm vụ được giao (đặc điểm nhiệm vụ; viết tự do, có thể nhiều dòng; dùng cho báo cáo "
                "thành tích).")

    def _achievements_prompt(self, session: dict) -> str:
        done = len(self.nominee(session)["achievements"])
        if done:
            return f"Đã ghi {done} đoạn. Gửi tiếp thành tích, hoặc /xong để chuyển sang bước rà soát."
        return ("Thành tích đạt được (viết tự do, có thể nhiều dòng hoặc nhiều tin nhắn: kết quả nổi bật, sáng kiến, "
                "giải pháp…). Gửi /xong khi đã đủ.")

    def _parse_achievement(self, text: str, session: dict) -> list[str]:
        nominee = self.nominee(session)
        total = sum(len(part) for part in nominee["achievements"]) + len(text)
        if total > MAX_ACHIEVEMENTS:
            raise InvalidInput(f"Phần thành tích đã quá {MAX_ACHIEVEMENTS} ký tự; hãy rút gọn rồi gửi /xong.")
        lines = [line.strip() for line in parse_text(text, "Thành tích", 4000).splitlines() if line.strip()]
        return [*nominee["achievements"], *lines]

    # Reading and writing answers ----------------------------------------------------------------------
    def _answered(self, session: dict, step: Step) -> bool:
        if step.scope == "session":
            profile = session.get("profile") or {}
            if step.name == SAME_UNIT:  # asked only of a unit remembered from an earlier nomination
                return SAME_UNIT in profile or not profile.get("org_unit")
            return step.name in profile or (step.name == "kind" and bool(session.get("kind")))
        if step.name.startswith(HELP_CONFIRM):
            return step.name in self.nominee(session).get("help_confirm", {})
        return step.name in self.nominee(session).get("answered", [])

    def _get(self, session: dict, name: str) -> object:
        if name == "kind":
            return session.get("kind")
        if name in PROFILE or name == SAME_UNIT:
            return (session.get("profile") or {}).get(name)
        nominee = self.nominee(session)
        facts = nominee["facts"]
        if name.startswith(HELP_CONFIRM):
            return nominee.get("help_confirm", {}).get(name)
        if name.startswith("confirm:"):
            return facts["confirm"].get(name.split(":", 1)[1])
        if name in IDENTITY or name == "achievements":
            return nominee.get(name)
        return facts.get(name)

    def _set(self, session: dict, name: str, value: object) -> None:
        if name == "kind":
            session["kind"] = value
            return
        if name == SAME_UNIT:
            self._confirm_unit(session, bool(value))
            return
        if name == "org_unit":
            self._take_unit(session, str(value))
            return
        if name in PROFILE:  # the documents read the unit under the plain names
            session.setdefault("profile", {}).update({name: value, PROFILE[name]: value})
            return
        nominee = self.nominee(session)
        facts = nominee["facts"]
        if name.startswith(HELP_CONFIRM):
            nominee.setdefault("help_confirm", {})[name] = value
            return
        if name == "discipline" and isinstance(value, tuple):
            value, penalty = value  # the one question answers both facts of khoản 4 Điều 4 Nghị định 152/2025
            if penalty == ASK:
                self._unanswer(session, "disciplined_in")
                facts.pop("disciplined_in", None)
            else:
                self._set(session, "disciplined_in", penalty)
        if name == "year" and nominee.get("year") not in (None, value) and "disciplined_in" in nominee.get(
                "answered", []):
            self._unanswer(session, "disciplined_in")  # a penalty "within the year" was told for another year
            facts.pop("disciplined_in", None)
        if name not in nominee.setdefault("answered", []):
            nominee["answered"].append(name)
        if name.startswith("confirm:"):
            facts["confirm"][name.split(":", 1)[1]] = value
        elif name in IDENTITY or name == "achievements":
            nominee[name] = value
        else:
            facts[name] = value
        if name == "year":
            nominee["year"] = value

    def _unanswer(self, session: dict, name: str) -> None:
        if name == "kind":
            session["kind"] = None
        elif name in PROFILE or name == SAME_UNIT:
            profile = session.get("profile") or {}
            profile.pop(name, None)
            profile.pop(PROFILE.get(name, name), None)
        elif session.get("nominees") and name in self.nominee(session).get("answered", []):
            self.nominee(session)["answered"].remove(name)

    def _value_text(self, session: dict, step: Step) -> str:
        value = self._get(session, step.name)
        return "—" if value is None and not self._answered(session, step) else step.shown(value)

    def supported(self, session: dict, kind: str, below: Award | None = None, within: list[Award] | None = None,
                  strict: bool = False) -> list[tuple[Award, Verdict]]:
        """Awards whose criteria the facts told meet, best first. Judgements the unit confirms must be
        confirmed when `strict`; otherwise only a "no" rules an award out. A fact not told yet rules nothing
        out unless `strict`."""
        nominee = self.nominee(session)
        answers = nominee.get("help_confirm", {})
        found, failed = [], []
        for award in within if within is not None else self.candidates(kind):
            if below is not None and (award.id == below.id or award.collective != below.collective
                                      or award.rank > below.rank):
                continue  # failing an award never earns the offer of a higher one (Cờ thi đua after TTLĐXS)
            confirm = {**nominee["facts"].get("confirm", {}),
                       **{rule.id: answers[confirm_key(rule.text)] for rule in award.criteria
                          if confirm_key(rule.text) in answers}}
            verdict = self.rules.evaluate(award, {**nominee["facts"], "confirm": confirm, "year": nominee.get("year")})
            if any(f.ok is False for f in verdict.findings):
                failed.append(award)
                continue
            if strict and any(f.ok is not True for f in verdict.findings):
                continue
            if below is not None and any(f.ok is None for f in verdict.findings if "confirm" not in f.rule.check):
                continue
            found.append((award, verdict))
        # The ladder of emulation titles: failing one (Tập thể lao động xuất sắc) rules out those above it
        # (Cờ thi đua), whatever another regulation's criteria for them say.
        found = [(award, verdict) for award, verdict in found
                 if not any(award.kind == low.kind == "danh hiệu thi đua" and award.collective == low.collective
                            and award.rank > low.rank for low in failed)]
        return sorted(found, key=lambda pair: pair[0].rank, reverse=True)


class SwitchKind(Exception):
    """The answer shows the nominee is of another kind (e.g. a farmer, who has no task rating)."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind
