"""Deterministic eligibility rules over a nominee's declared facts.

Every verdict gives its reason and citation; a fact that was not supplied makes the criterion "to be
supplied", never assumed true or false.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.nomination.catalogue import Award, Catalogue, Rule

RATING_LEVELS = {"khong": 0, "hoan-thanh": 1, "tot": 2, "xuat-sac": 3}
RATING_LABELS = {"khong": "không hoàn thành nhiệm vụ", "hoan-thanh": "hoàn thành nhiệm vụ",
                 "tot": "hoàn thành tốt nhiệm vụ", "xuat-sac": "hoàn thành xuất sắc nhiệm vụ"}
SCOPES = {"khong": 0, "co-so": 1, "tinh": 2, "toan-quoc": 3}
SCOPE_LABELS = {"khong": "không có", "co-so": "phạm vi cơ sở", "tinh": "phạm vi Bộ, ban, ngành, tỉnh",
                "toan-quoc": "phạm vi toàn quốc"}

# How a penalty that holds the year's nomination is told in a finding (read back by Verdict.penalty_year).
PENALTY_TOLD = "bị kỷ luật năm"
PENALTY_RULE = "thành tích chỉ được tính từ thời điểm chấp hành xong thời gian kỷ luật"
PENALTY_RE = re.compile(rf"{PENALTY_TOLD} (\d{{4}})")

# Facts about a collective's members. The wizard names the two it asks (`ldtt_percent`, `has_cstdcs`); any other
# title is read from `member_share` / `member_titles`, keyed by the award id the check names.
WIZARD_MEMBER_FACTS = {"lao-dong-tien-tien": "ldtt_percent", "chien-si-thi-dua-co-so": "has_cstdcs"}


@dataclass
class Finding:
    rule: Rule
    ok: bool | None
    detail: str
    # The fact the check used (or the fact it lacks), without the rule: what a reply shows beside the citation.
    fact: str = ""

    @property
    def judgement(self) -> bool:
        """A criterion the unit or council judges (confirmed, never computed from dates and counts)."""
        return "confirm" in self.rule.check

    @property
    def obstacle(self) -> bool:
        """A criterion about the absence of an obstacle (pending discipline, a disciplined member)."""
        return bool({"no_discipline", "no_member_discipline"} & set(self.rule.check))


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

    @property
    def deferred(self) -> bool:
        """Only a pending discipline or inspection stands in the way (khoản 4 Điều 4 Nghị định 152/2025):
        the nomination waits, it is not refused. A penalty in force within the year is no wait: that year's
        achievements count only from when it was served, so the year's nomination is refused."""
        failed = self.failed
        return bool(failed) and all("no_discipline" in f.rule.check for f in failed) and self.penalty_year is None

    @property
    def penalty_year(self) -> int | None:
        """The year of a penalty that holds the nomination (achievements count only once it is served)."""
        for finding in self.failed:
            told = PENALTY_RE.search(finding.fact) if "no_discipline" in finding.rule.check else None
            if told:
                return int(told.group(1))
        return None

    @property
    def facts_needed(self) -> list[Finding]:
        """Unknown criteria that need a fact about achievements (not a judgement, not an obstacle)."""
        return [f for f in self.missing if not f.judgement and not f.obstacle]


def count(number: int) -> str:
    return f"{number:02d}"


class Rules:
    def __init__(self, catalogue: Catalogue, documents: dict[str, dict]) -> None:
        self.catalogue = catalogue
        self.documents = documents

    def evaluate(self, award: Award, facts: dict) -> Verdict:
        verdict = Verdict(award)
        verdict.findings = [self.finding(rule, facts) for rule in [*award.criteria, *self.catalogue.common]]
        return verdict

    def finding(self, rule: Rule, facts: dict) -> Finding:
        """One criterion checked against the facts."""
        ok, detail = self._check(rule.check, facts, rule)
        return Finding(rule, ok, self._explain(rule, ok, detail), detail)

    def _explain(self, rule: Rule, ok: bool | None, detail: str) -> str:
        where = rule.cite.label(self.documents)
        if ok is not None and detail and "confirm" not in rule.check:
            detail = f"hồ sơ khai {detail}"
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
        if "all_of" in check:
            results = [self._check(option, facts, rule) for option in check["all_of"]]
            details = "; ".join(detail for _, detail in results if detail)
            if any(ok is False for ok, _ in results):
                return False, "; ".join(detail for ok, detail in results if ok is False)
            if any(ok is None for ok, _ in results):
                return None, " và ".join(detail for ok, detail in results if ok is None)
            return True, details
        if "rating" in check:
            return self._rating(check["rating"], facts.get("ratings") or {}, year, facts.get("titles") or {})
        if "title_streak" in check:
            return self._streak(check["title_streak"], facts.get("titles"), year)
        if "title_count" in check:
            return self._title_count(check["title_count"], facts, year)
        if "since_title" in check:
            return self._since_title(check["since_title"], facts, year)
        if "initiative" in check:
            return self._initiative(check["initiative"], facts)
        if "service_years" in check:
            spec = check["service_years"]
            served = facts.get(spec["fact"])
            label = spec["label"]
            if served is None:
                return None, f"số năm {label}"
            return int(served) >= int(spec["at_least"]), f"{int(served)} năm {label} (cần từ {spec['at_least']} năm)"
        if "member_share" in check:
            spec = check["member_share"]
            name = self.catalogue.awards[spec["title"]].short
            share = self.member_share(facts, spec["title"])
            if share is None:
                return None, f"tỷ lệ cá nhân đạt “{name}”"
            wanted = spec["percent"]
            return share >= wanted, f"{share}% cá nhân đạt “{name}” (yêu cầu ít nhất {wanted}%)"
        if "members_completed" in check:
            return self._yes_no(facts.get("members_completed"), "việc tất cả cá nhân hoàn thành nhiệm vụ",
                                "có cá nhân chưa hoàn thành nhiệm vụ")
        if "member_with_title" in check:
            title = check["member_with_title"]
            name = self.catalogue.awards[title].short
            return self._yes_no(self.member_has(facts, title), f"việc có cá nhân đạt “{name}”",
                                f"không có cá nhân nào đạt “{name}”")
        if "no_member_discipline" in check:
            value = facts.get("member_discipline")
            return self._yes_no(None if value is None else not value, "việc có cá nhân bị kỷ luật",
                                "có cá nhân bị kỷ luật")
        if "no_discipline" in check:
            return self._discipline(facts, year)
        if "confirm" in check:
            return self._yes_no((facts.get("confirm") or {}).get(rule.id), "xác nhận của đơn vị",
                                "đơn vị chưa xác nhận đạt tiêu chuẩn này")
        raise ValueError(f"unknown check {check}")

    def _discipline(self, facts: dict, year: int) -> tuple[bool | None, str]:
        """Khoản 4 Điều 4 Nghị định 152/2025: nothing is proposed while a discipline or an inspection is pending,
        and after a penalty achievements count only from when it was served, so a penalty in force at any time
        of the year assessed (imposed, served or expired within it) holds that year's nomination. The form of the
        penalty does not matter here. `disciplined_in` is the last year a penalty was in force; the wizard stores
        0 for "none" and None for "not known" (a history that does not mention one leaves it out)."""
        penalty = facts.get("disciplined_in")
        if year and penalty and int(penalty) >= year:
            return False, f"{PENALTY_TOLD} {penalty}: {PENALTY_RULE}"
        pending = facts.get("discipline")
        if pending:
            return False, "đang bị xem xét kỷ luật hoặc thanh tra, kiểm tra"
        if pending is None:
            return None, "việc có đang bị xem xét kỷ luật, thanh tra"
        if "disciplined_in" in facts and penalty is None:
            return None, f"việc có bị kỷ luật trong năm {year} (kể cả đã chấp hành xong)"
        return True, ""

    def member_share(self, facts: dict, title: str) -> int | None:
        share = (facts.get("member_share") or {}).get(title)
        if share is None and title in WIZARD_MEMBER_FACTS:
            share = facts.get(WIZARD_MEMBER_FACTS[title])
        return None if share is None else int(share)

    def member_has(self, facts: dict, title: str) -> bool | None:
        held = (facts.get("member_titles") or {}).get(title)
        if held is None and title in WIZARD_MEMBER_FACTS:
            held = facts.get(WIZARD_MEMBER_FACTS[title])
        if not isinstance(held, bool):
            share = (facts.get("member_share") or {}).get(title)  # a share told implies whether anyone holds it
            return None if share is None else share > 0
        return held

    @staticmethod
    def _yes_no(value: bool | None, unknown: str, failed: str) -> tuple[bool | None, str]:
        if value is None:
            return None, unknown
        return (True, "") if value else (False, failed)

    def _rating(self, spec: dict, ratings: dict[str, str], year: int,
                titles: dict[str, list[str]]) -> tuple[bool | None, str]:
        wanted, years = spec["at_least"], int(spec.get("years", 1))
        needed = [str(y) for y in range(year - years + 1, year + 1)]
        proxy = spec.get("or_title")
        if proxy and any(y not in ratings and proxy in titles.get(y, []) for y in needed):
            # A title whose standard includes the rating stands for a rating not told.
            name = self.catalogue.awards[proxy].short
            held = {y: wanted for y in needed if y not in ratings and proxy in titles.get(y, [])}
            ok, detail = self._rating({**spec, "or_title": None}, {**ratings, **held}, year, {})
            told = ", ".join(sorted(held))
            return ok, f"năm {told}: đạt “{name}”" + (f"; {detail}" if set(needed) - set(held) else "")
        below = [y for y in needed if y in ratings and RATING_LEVELS[ratings[y]] < RATING_LEVELS[wanted]]
        declared = "; ".join(f"năm {y}: {RATING_LABELS[ratings[y]]}" for y in needed if y in ratings)
        if below:
            span = f" {years} năm liên tục đến năm {year}" if years > 1 else ""
            return False, f"{declared} (cần {RATING_LABELS[wanted]} trở lên{span})"
        missing = [y for y in needed if y not in ratings]
        if missing:
            return None, f"kết quả xếp loại nhiệm vụ năm {', '.join(missing)}"
        return True, declared

    @staticmethod
    def _runs(held: list[int]) -> str:
        """ "2021, 2022, 2024" -> "2021-2022, 2024": where the years stop being consecutive."""
        runs: list[list[int]] = []
        for held_year in held:
            if runs and held_year == runs[-1][-1] + 1:
                runs[-1].append(held_year)
            else:
                runs.append([held_year])
        return ", ".join(f"{run[0]}-{run[-1]}" if len(run) > 1 else str(run[0]) for run in runs)

    def _streak(self, spec: dict, titles: dict[str, list[str]] | None, year: int) -> tuple[bool | None, str]:
        title, wanted = spec["title"], int(spec["count"])
        name = self.catalogue.awards[title].short
        if titles is None:
            return None, f"các năm đạt danh hiệu “{name}”"
        held = sorted(int(y) for y, names in titles.items() if title in names and int(y) <= year)
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
        detail = (f"{count(streak)} lần liên tục đạt “{name}” ({years})" if streak
                  else f"không đạt “{name}” năm {year - 1} hoặc năm {year}")
        if streak >= wanted:
            return True, detail
        if held and len(held) > streak:
            detail += f"; các năm đạt: {self._runs(held)}"
            if held[-1] < year - 1:
                detail += f", lần gần nhất ({held[-1]}) trước năm {year - 1}"
            elif len(held) >= wanted:
                detail += " — không liên tục"
        return False, detail + f", cần {count(wanted)} lần liên tục"

    def _title_count(self, spec: dict, facts: dict, year: int) -> tuple[bool | None, str]:
        """At least `count` times holding a title within the last `years` years (any order)."""
        title, wanted, years = spec["title"], int(spec["count"]), int(spec.get("years", 0))
        name = self.catalogue.awards[title].short
        titles = facts.get("titles")
        told = (facts.get("title_counts") or {}).get(title)
        held = sorted(int(y) for y, names in (titles or {}).items() if title in names and int(y) <= year
                      and (not years or int(y) > year - years))
        found = max(len(held), int(told or 0))
        if titles is None and told is None:
            return None, f"số lần đạt “{name}”"
        within = f" trong {years} năm đến năm {year}" if years else ""
        detail = (f"{count(found)} lần đạt “{name}”{within}" + (f" ({', '.join(map(str, held))})" if held else "")
                  if found else f"chưa đạt “{name}”{within}")
        if found >= wanted:
            return True, detail
        return False, detail + f", cần {count(wanted)} lần"

    def _since_title(self, spec: dict, facts: dict, year: int) -> tuple[bool | None, str]:
        """Having received a title, then `years` or more consecutive years rated at least `rating` up to the
        nomination year, with `then` (a title_count) within that time (điểm b khoản 1 Điều 73 of the Law)."""
        wanted = spec["titles"]
        names = " hoặc ".join(f"“{self.catalogue.awards[t].short}”" for t in wanted)
        titles = facts.get("titles") or {}
        received = sorted(int(y) for y, held in titles.items() if set(held) & set(wanted) and int(y) < year)
        if not received:
            undated = any((facts.get("title_counts") or {}).get(t) for t in wanted)
            if undated or "titles" not in facts:
                return None, f"năm được tặng {names}"
            return False, f"chưa được tặng {names}"
        ratings, level, years = facts.get("ratings") or {}, spec["rating"], int(spec["years"])
        since = received[-1]
        run = 0
        for rated in range(year, since, -1):
            if str(rated) not in ratings or RATING_LEVELS[ratings[str(rated)]] < RATING_LEVELS[level]:
                break
            run += 1
        detail = f"được tặng {names} năm {since}; {count(run)} năm liên tục {RATING_LABELS[level]} đến năm {year}"
        if run < years:
            unknown = [str(y) for y in range(year - years + 1, year + 1) if str(y) not in ratings]
            if unknown and since < year - years + 1:
                return None, f"kết quả xếp loại nhiệm vụ năm {', '.join(unknown)}"
            return False, detail + f", cần từ {count(years)} năm"
        then = spec.get("then")
        if not then:
            return True, detail
        ok, counted = self._title_count({**then["title_count"], "years": run}, facts, year)
        return ok, f"{detail}; {counted}"

    def _initiative(self, spec: dict, facts: dict) -> tuple[bool | None, str]:
        """An initiative (or research work) recognised at `scope` or wider; `count` of them when asked.
        `initiative_at_least` is a lower bound told without the scope ("có sáng kiến được công nhận")."""
        wanted, needed = spec["scope"], int(spec.get("count", 1))
        scope = facts.get("initiative")
        if scope is None:
            floor = facts.get("initiative_at_least")
            if floor is None or SCOPES[floor] < SCOPES[wanted]:
                return None, f"phạm vi công nhận, áp dụng của sáng kiến (cần {SCOPE_LABELS[wanted]} trở lên)" \
                    if floor else "thông tin về sáng kiến, đề tài khoa học"
            scope = floor
        label = f"sáng kiến {SCOPE_LABELS[scope]}"
        if SCOPES[scope] < SCOPES[wanted]:
            return False, f"{label if scope != 'khong' else 'không có sáng kiến'} (cần {SCOPE_LABELS[wanted]})"
        if needed > 1:
            told = facts.get("initiative_count")
            if told is None:
                return None, f"số sáng kiến được công nhận (cần {count(needed)})"
            return int(told) >= needed, f"{count(int(told))} {label} (cần {count(needed)})"
        return True, label
