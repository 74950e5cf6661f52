"""Deterministic eligibility rules over a nominee's declared facts.

Every verdict gives its reason and citation; a fact that was not supplied makes the criterion "to be
supplied", never assumed true or false.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.nomination.catalogue import Award, Catalogue, Rule

RATING_LEVELS = {"khong": 0, "hoan-thanh": 1, "tot": 2, "xuat-sac": 3}
RATING_LABELS = {"khong": "không hoàn thành nhiệm vụ", "hoan-thanh": "hoàn thành nhiệm vụ",
                 "tot": "hoàn thành tốt nhiệm vụ", "xuat-sac": "hoàn thành xuất sắc nhiệm vụ"}
SCOPES = {"khong": 0, "co-so": 1, "tinh": 2, "toan-quoc": 3}
SCOPE_LABELS = {"khong": "không có", "co-so": "phạm vi cơ sở", "tinh": "phạm vi Bộ, ban, ngành, tỉnh",
                "toan-quoc": "phạm vi toàn quốc"}


@dataclass
class Finding:
    rule: Rule
    ok: bool | None
    detail: str


@dataclass
class Verdict:
    award: Award
    findings: list[Finding] = field(default_factory=list)

    @property
    def status(self) -> str:
        if any(f.ok is False for f in self.findings):
            return "not_eligible"
        if any(f.ok is None for f in self.findings):
            return "incomplete"
        return "eligible"

    @property
    def failed(self) -> list[Finding]:
        return [f for f in self.findings if f.ok is False]

    @property
    def missing(self) -> list[Finding]:
        return [f for f in self.findings if f.ok is None]


def count(number: int) -> str:
    return f"{number:02d}"


class Rules:
    def __init__(self, catalogue: Catalogue, documents: dict[str, dict]) -> None:
        self.catalogue = catalogue
        self.documents = documents

    def evaluate(self, award: Award, facts: dict) -> Verdict:
        verdict = Verdict(award)
        for rule in [*award.criteria, *self.catalogue.common]:
            ok, detail = self._check(rule.check, facts, rule)
            verdict.findings.append(Finding(rule, ok, self._explain(rule, ok, detail)))
        return verdict

    def _explain(self, rule: Rule, ok: bool | None, detail: str) -> str:
        where = rule.cite.label(self.documents)
        if ok is True:
            return f"Đạt: {rule.text} ({where}){'; ' + detail if detail else ''}."
        if ok is False:
            return f"Chưa đủ điều kiện: {where} yêu cầu: {rule.text}; {detail}."
        return f"Cần bổ sung: {detail} để xét tiêu chuẩn “{rule.text}” ({where})."

    def _check(self, check: dict, facts: dict, rule: Rule) -> tuple[bool | None, str]:
        year = int(facts.get("year") or 0)
        if "any_of" in check:
            results = [self._check(option, facts, rule) for option in check["any_of"]]
            if any(ok is True for ok, _ in results):
                return True, next(detail for ok, detail in results if ok is True)
            if all(ok is False for ok, _ in results):
                return False, "; ".join(detail for _, detail in results)
            return None, " hoặc ".join(detail for ok, detail in results if ok is None)
        if "rating" in check:
            return self._rating(check["rating"], facts.get("ratings") or {}, year)
        if "title_streak" in check:
            return self._streak(check["title_streak"], facts.get("titles"), year)
        if "initiative" in check:
            scope = facts.get("initiative")
            if scope is None:
                return None, "thông tin về sáng kiến, đề tài khoa học"
            wanted = check["initiative"]["scope"]
            ok = SCOPES[scope] >= SCOPES[wanted]
            return ok, f"hồ sơ khai sáng kiến: {SCOPE_LABELS[scope]}"
        if "member_share" in check:
            share = facts.get("ldtt_percent")
            if share is None:
                return None, "tỷ lệ cá nhân đạt “Lao động tiên tiến”"
            wanted = check["member_share"]["percent"]
            return share >= wanted, f"hồ sơ khai {share}% (yêu cầu ít nhất {wanted}%)"
        if "members_completed" in check:
            return self._yes_no(facts.get("members_completed"), "việc tất cả cá nhân hoàn thành nhiệm vụ",
                                "có cá nhân chưa hoàn thành nhiệm vụ")
        if "member_with_title" in check:
            return self._yes_no(facts.get("has_cstdcs"), "việc có cá nhân đạt “Chiến sĩ thi đua cơ sở”",
                                "hồ sơ khai không có cá nhân nào đạt danh hiệu này")
        if "no_member_discipline" in check:
            value = facts.get("member_discipline")
            return self._yes_no(None if value is None else not value, "việc có cá nhân bị kỷ luật",
                                "hồ sơ khai có cá nhân bị kỷ luật")
        if "no_discipline" in check:
            value = facts.get("discipline")
            return self._yes_no(None if value is None else not value, "việc có đang bị xem xét kỷ luật, thanh tra",
                                "hồ sơ khai đang bị xem xét kỷ luật hoặc thanh tra, kiểm tra")
        if "confirm" in check:
            return self._yes_no((facts.get("confirm") or {}).get(rule.id), "xác nhận của đơn vị",
                                "đơn vị chưa xác nhận đạt tiêu chuẩn này")
        raise ValueError(f"unknown check {check}")

    @staticmethod
    def _yes_no(value: bool | None, unknown: str, failed: str) -> tuple[bool | None, str]:
        if value is None:
            return None, unknown
        return (True, "") if value else (False, failed)

    @staticmethod
    def _rating(spec: dict, ratings: dict[str, str], year: int) -> tuple[bool | None, str]:
        wanted, years = spec["at_least"], int(spec.get("years", 1))
        needed = [str(y) for y in range(year - years + 1, year + 1)]
        missing = [y for y in needed if y not in ratings]
        if missing:
            return None, f"kết quả xếp loại nhiệm vụ năm {', '.join(missing)}"
        below = [y for y in needed if RATING_LEVELS[ratings[y]] < RATING_LEVELS[wanted]]
        declared = "; ".join(f"năm {y}: {RATING_LABELS[ratings[y]]}" for y in needed)
        if below:
            return False, f"hồ sơ khai {declared}"
        return True, f"hồ sơ khai {declared}"

    def _streak(self, spec: dict, titles: dict[str, list[str]] | None, year: int) -> tuple[bool | None, str]:
        title, wanted = spec["title"], int(spec["count"])
        name = self.catalogue.awards[title].short
        if titles is None:
            return None, f"các năm đạt danh hiệu “{name}”"
        held = sorted(int(y) for y, names in titles.items() if title in names)
        streak, last = 0, None
        for held_year in reversed(held):
            if last is None:
                if held_year < year - 1:
                    break
                streak, last = 1, held_year
            elif held_year == last - 1:
                streak, last = streak + 1, held_year
            else:
                break
        years = ", ".join(str(y) for y in range(last, last + streak)) if streak else ""
        detail = f"hồ sơ khai {count(streak)} lần liên tục đạt “{name}”" + (f" ({years})" if years else "")
        return streak >= wanted, detail + ("" if streak >= wanted else f", cần {count(wanted)} lần")
