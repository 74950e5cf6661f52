"""The nomination conversation as a transport-free state machine.

A session is a JSON-able dict; `Wizard.handle(session, text)` validates one answer, moves to the next step
and returns a Reply (text, options to offer as buttons, files produced). The Telegram bot and the console
chat both drive it; the option values are plain text, so a button press and a typed answer are the same.
Commands inside the wizard: /quay_lai (back one step), /huy (cancel), /xong (end the achievements).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from bot.nomination.catalogue import Award, Catalogue
from bot.nomination.eligibility import RATING_LABELS, SCOPE_LABELS, Rules, Verdict
from bot.nomination.facts import (
    InvalidInput,
    parse_int,
    parse_ratings,
    parse_text,
    parse_titles,
    parse_year,
    parse_yes_no,
    plain,
)
from ingest.units import same_place

HELP_CHOOSE = "Giúp tôi chọn"
CONFIRM = "Xác nhận"
ADD_ANOTHER = "Thêm người khác"
FINISH = "Hoàn tất"
MAX_ACHIEVEMENTS = 20000


@dataclass
class Reply:
    text: str
    options: list[tuple[str, str]] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    finished: bool = False


@dataclass
class Step:
    name: str
    label: str
    prompt: Callable[[dict], str]
    parse: Callable[[str, dict], object]
    options: Callable[[dict], list[tuple[str, str]]] = lambda session: []
    shown: Callable[[object], str] = str


YES_NO_OPTIONS = [("Có", "Có"), ("Không", "Không"), ("Chưa rõ", "Chưa rõ")]
INITIATIVE_OPTIONS = [("Không có", "khong"), ("Cấp cơ sở", "co-so"), ("Cấp Bộ, ngành, tỉnh", "tinh"),
                      ("Toàn quốc", "toan-quoc"), ("Chưa rõ", "chua-ro")]


def _yes_no_text(value: object) -> str:
    return {True: "Có", False: "Không", None: "Chưa rõ"}[value]


class Wizard:
    def __init__(self, catalogue: Catalogue, rules: Rules, province: str,
                 render_documents: Callable[[dict, list[Verdict]], list[Path]]) -> None:
        self.catalogue = catalogue
        self.rules = rules
        self.province = province
        self.render_documents = render_documents

    # Sessions -----------------------------------------------------------------------------------------
    def start(self) -> tuple[dict, Reply]:
        session = {"step": "award", "history": [], "award": None, "nominees": [], "current": 0, "help": {}}
        return session, self.ask(session)

    def award_of(self, session: dict) -> Award | None:
        return self.catalogue.awards.get(session.get("award") or "")

    def nominee(self, session: dict) -> dict:
        while len(session["nominees"]) <= session["current"]:
            session["nominees"].append({"facts": {"confirm": {}}, "achievements": []})
        return session["nominees"][session["current"]]

    def title(self, session: dict) -> str:
        award = self.award_of(session)
        names = [n.get("name") or n.get("collective_name") for n in session["nominees"]]
        who = ", ".join(name for name in names if name) or "chưa có người được đề nghị"
        return f"{award.short if award else 'Chưa chọn danh hiệu'} — {who}"

    # The steps ----------------------------------------------------------------------------------------
    def steps(self, session: dict) -> list[Step]:
        award = self.award_of(session)
        if award is None:
            return []
        checks = award.checks()
        uses = {key for check in checks for key in check}
        steps: list[Step] = []
        if award.collective:
            steps += [
                Step("collective_name", "Tên tập thể", lambda s: "Tên tập thể được đề nghị?",
                     lambda t, s: parse_text(t, "Tên tập thể")),
                Step("collective_size", "Số thành viên", lambda s: "Tập thể có bao nhiêu thành viên?",
                     lambda t, s: parse_int(t, "Số thành viên", 1, 100000)),
            ]
        else:
            steps += [
                Step("name", "Họ và tên", lambda s: "Họ và tên người được đề nghị?",
                     lambda t, s: parse_text(t, "Họ tên")),
                Step("birth_year", "Năm sinh", lambda s: "Năm sinh?",
                     lambda t, s: parse_year(t, 1940, date.today().year - 16)),
                Step("gender", "Giới tính", lambda s: "Giới tính?", self._parse_gender,
                     lambda s: [("Nam", "Nam"), ("Nữ", "Nữ")]),
                Step("position", "Chức vụ", lambda s: "Chức vụ (hoặc “Chuyên viên”, “Giáo viên”…)?",
                     lambda t, s: parse_text(t, "Chức vụ")),
            ]
        steps += [
            Step("unit", "Đơn vị", lambda s: "Đơn vị công tác (cơ quan, đơn vị quản lý trực tiếp)?",
                 lambda t, s: parse_text(t, "Đơn vị")),
            Step("year", "Năm xét khen thưởng", lambda s: "Năm xét khen thưởng (năm của thành tích)?",
                 lambda t, s: parse_year(t), lambda s: [(str(y), str(y)) for y in self._recent_years()]),
            Step("ratings", "Xếp loại nhiệm vụ", self._ratings_prompt,
                 lambda t, s: parse_ratings(t, int(self.nominee(s)["year"])), shown=self._ratings_text),
            Step("titles", "Danh hiệu, khen thưởng đã đạt",
                 lambda s: ("Các danh hiệu, hình thức khen thưởng đã đạt những năm trước? Mỗi dòng một năm, ví dụ:\n"
                            "2023, 2024: Chiến sĩ thi đua cơ sở\n2022: Lao động tiên tiến\nGõ “Không” nếu chưa có."),
                 lambda t, s: parse_titles(t, self.catalogue, int(self.nominee(s)["year"])), shown=self._titles_text),
        ]
        if "initiative" in uses:
            steps.append(Step("initiative", "Sáng kiến, đề tài khoa học",
                              lambda s: ("Sáng kiến hoặc đề tài khoa học đã được công nhận, nghiệm thu "
                                         "(phạm vi rộng nhất)?"),
                              self._parse_initiative, lambda s: INITIATIVE_OPTIONS,
                              shown=lambda v: "Chưa rõ" if v is None else SCOPE_LABELS[v]))
        steps.append(Step("discipline", "Đang bị xem xét kỷ luật, thanh tra",
                          lambda s: ("Người (tập thể) được đề nghị có đang bị xem xét kỷ luật, điều tra, thanh tra, "
                                     "kiểm tra hoặc có đơn thư đang được xác minh không?"),
                          lambda t, s: parse_yes_no(t), lambda s: YES_NO_OPTIONS, shown=_yes_no_text))
        if "member_share" in uses:
            steps.append(Step("ldtt_percent", "Tỷ lệ đạt Lao động tiên tiến",
                              lambda s: "Bao nhiêu phần trăm cá nhân trong tập thể đạt “Lao động tiên tiến”? (0-100)",
                              lambda t, s: parse_int(t, "Tỷ lệ", 0, 100), shown=lambda v: f"{v}%"))
        for key, step, label, question in (
            ("members_completed", "members_completed", "100% hoàn thành nhiệm vụ",
             "Tất cả cá nhân trong tập thể đều hoàn thành nhiệm vụ được giao?"),
            ("member_with_title", "has_cstdcs", "Có cá nhân đạt Chiến sĩ thi đua cơ sở",
             "Tập thể có cá nhân đạt “Chiến sĩ thi đua cơ sở” trong năm không?"),
            ("no_member_discipline", "member_discipline", "Có cá nhân bị kỷ luật",
             "Có cá nhân trong tập thể bị kỷ luật từ hình thức cảnh cáo trở lên không?"),
        ):
            if key in uses:
                steps.append(Step(step, label, lambda s, q=question: q, lambda t, s: parse_yes_no(t),
                                  lambda s: YES_NO_OPTIONS, shown=_yes_no_text))
        for rule in award.criteria:
            if "confirm" in rule.check:
                steps.append(Step(f"confirm:{rule.id}", rule.text[:60],
                                  lambda s, r=rule: f"Đơn vị xác nhận đạt tiêu chuẩn: “{r.text}”?",
                                  lambda t, s: parse_yes_no(t), lambda s: YES_NO_OPTIONS, shown=_yes_no_text))
        steps.append(Step("achievements", "Thành tích", self._achievements_prompt, self._parse_achievement,
                          shown=lambda v: f"{len(v)} đoạn"))
        return steps

    def _recent_years(self) -> list[int]:
        this_year = date.today().year
        return [this_year - 1, this_year]

    @staticmethod
    def _parse_gender(text: str, session: dict) -> str:
        key = plain(text)
        if key in ("nam", "male"):
            return "Nam"
        if key in ("nu", "female"):
            return "Nữ"
        raise InvalidInput("Hãy chọn “Nam” hoặc “Nữ”.")

    @staticmethod
    def _parse_initiative(text: str, session: dict) -> str | None:
        key = plain(text).replace(" ", "-")
        aliases = {"khong": "khong", "khong-co": "khong", "co-so": "co-so", "cap-co-so": "co-so", "tinh": "tinh",
                   "cap-tinh": "tinh", "cap-bo,-nganh,-tinh": "tinh", "toan-quoc": "toan-quoc", "chua-ro": None}
        if key not in aliases:
            raise InvalidInput("Hãy chọn một mức: Không có, Cấp cơ sở, Cấp Bộ, ngành, tỉnh, Toàn quốc hoặc Chưa rõ.")
        return aliases[key]

    def _ratings_prompt(self, session: dict) -> str:
        year = int(self.nominee(session)["year"])
        return (f"Kết quả xếp loại mức độ hoàn thành nhiệm vụ các năm gần đây (ít nhất năm {year}). Mỗi dòng một "
                f"năm, ví dụ:\n{year - 1}: hoàn thành xuất sắc\n{year}: hoàn thành tốt")

    @staticmethod
    def _ratings_text(value: object) -> str:
        return "; ".join(f"{y}: {RATING_LABELS[level]}" for y, level in sorted(dict(value).items()))

    def _titles_text(self, value: object) -> str:
        if not value:
            return "Chưa có"
        return "; ".join(f"{y}: {', '.join(self.catalogue.awards[a].short for a in ids)}"
                         for y, ids in sorted(dict(value).items()))

    def _achievements_prompt(self, session: dict) -> str:
        done = len(self.nominee(session)["achievements"])
        if done:
            return f"Đã ghi {done} đoạn. Gửi tiếp thành tích, hoặc /xong để chuyển sang bước rà soát."
        return ("Thành tích đạt được (viết tự do, có thể gửi nhiều tin nhắn: nhiệm vụ được giao, kết quả nổi bật, "
                "sáng kiến, giải pháp…). Gửi /xong khi đã đủ.")

    def _parse_achievement(self, text: str, session: dict) -> list[str]:
        nominee = self.nominee(session)
        total = sum(len(part) for part in nominee["achievements"]) + len(text)
        if total > MAX_ACHIEVEMENTS:
            raise InvalidInput(f"Phần thành tích đã quá {MAX_ACHIEVEMENTS} ký tự; hãy rút gọn rồi gửi /xong.")
        return [*nominee["achievements"], parse_text(text, "Thành tích", 4000)]

    # Moving through the conversation -------------------------------------------------------------------
    def ask(self, session: dict) -> Reply:
        step = session["step"]
        if step == "award":
            options = [(f"{a.short}", a.id) for a in self.catalogue.awards.values()]
            return Reply("Đề nghị khen thưởng: chọn danh hiệu hoặc hình thức khen thưởng (bấm nút hoặc gõ tên), "
                         "hoặc “Giúp tôi chọn”.", [*options, (HELP_CHOOSE, HELP_CHOOSE)])
        if step == "help_kind":
            return Reply("Đề nghị cho cá nhân hay tập thể?", [("Cá nhân", "cá nhân"), ("Tập thể", "tập thể")])
        if step == "help_ratings":
            return Reply("Kết quả xếp loại nhiệm vụ các năm gần đây? Mỗi dòng một năm, ví dụ:\n"
                         f"{date.today().year - 1}: hoàn thành xuất sắc\n{date.today().year}: hoàn thành tốt")
        if step == "help_titles":
            return Reply("Danh hiệu đã đạt các năm trước? Ví dụ: “2023, 2024: Chiến sĩ thi đua cơ sở”, hoặc “Không”.")
        if step == "review":
            return self.review(session)
        if step == "more":
            return Reply("Đã xác nhận. Thêm người (tập thể) khác vào cùng hồ sơ, hay hoàn tất và tạo văn bản?",
                         [(ADD_ANOTHER, ADD_ANOTHER), (FINISH, FINISH)])
        current = self._step(session, step)
        prompt = current.prompt(session)
        if session.get("editing"):
            prompt += "\n(Đang sửa; giá trị cũ: " + self._value_text(session, current) + ")"
        return Reply(prompt, current.options(session))

    def _step(self, session: dict, name: str) -> Step:
        return next(step for step in self.steps(session) if step.name == name)

    def _value_text(self, session: dict, step: Step) -> str:
        nominee = self.nominee(session)
        value = self._get(nominee, step.name)
        return "—" if value is None and step.name not in nominee.get("answered", []) else step.shown(value)

    @staticmethod
    def _get(nominee: dict, name: str) -> object:
        facts = nominee["facts"]
        if name.startswith("confirm:"):
            return facts["confirm"].get(name.split(":", 1)[1])
        if name in ("name", "birth_year", "gender", "position", "unit", "collective_name", "collective_size"):
            return nominee.get(name)
        if name == "achievements":
            return nominee["achievements"]
        return facts.get(name)

    @staticmethod
    def _set(nominee: dict, name: str, value: object) -> None:
        facts = nominee["facts"]
        nominee.setdefault("answered", [])
        if name not in nominee["answered"]:
            nominee["answered"].append(name)
        if name.startswith("confirm:"):
            facts["confirm"][name.split(":", 1)[1]] = value
        elif name in ("name", "birth_year", "gender", "position", "unit", "collective_name", "collective_size"):
            nominee[name] = value
        elif name == "achievements":
            nominee["achievements"] = value
        else:
            facts[name] = value
        if name == "year":
            nominee[name] = value

    def handle(self, session: dict, text: str) -> Reply:
        text = (text or "").strip()
        command = plain(text)
        if command in ("/quay_lai", "quay lai"):
            return self.back(session)
        step = session["step"]
        try:
            if step == "award":
                return self._choose_award(session, text)
            if step.startswith("help_"):
                return self._help_choose(session, step, text)
            if step == "review":
                return self._review_answer(session, text)
            if step == "more":
                return self._more_answer(session, text)
            if step == "achievements" and command in ("/xong", "xong"):
                if not self.nominee(session)["achievements"]:
                    raise InvalidInput("Hãy gửi ít nhất một đoạn thành tích trước khi /xong.")
                return self._advance(session)
            current = self._step(session, step)
            if not text:
                raise InvalidInput("Câu trả lời trống.")
            value = current.parse(text, session)
            self._set(self.nominee(session), step, value)
            if step == "achievements":
                return Reply(self._achievements_prompt(session))
            return self._advance(session)
        except InvalidInput as problem:
            reply = self.ask(session)
            return Reply(f"⚠️ {problem}\n\n{reply.text}\n(Đang lập hồ sơ: /quay_lai để quay lại, /huy để dừng và "
                         "đặt câu hỏi.)", reply.options)

    def _go(self, session: dict, step: str) -> Reply:
        session["history"].append(session["step"])
        session["step"] = step
        return self.ask(session)

    def _advance(self, session: dict) -> Reply:
        if session.pop("editing", False):
            return self._go(session, "review")
        names = [step.name for step in self.steps(session)]
        index = names.index(session["step"]) + 1 if session["step"] in names else 0
        return self._go(session, names[index] if index < len(names) else "review")

    def back(self, session: dict) -> Reply:
        note = "Đây là bước đầu tiên."
        if session["history"]:
            session.pop("editing", None)
            session["step"] = session["history"].pop()
            note = "↩️ Quay lại bước trước."
        reply = self.ask(session)
        return Reply(f"{note}\n\n{reply.text}", reply.options)

    def _choose_award(self, session: dict, text: str) -> Reply:
        if plain(text) == plain(HELP_CHOOSE):
            return self._go(session, "help_kind")
        award = self.catalogue.find(text)
        if award is None:
            raise InvalidInput(f"Không có danh hiệu “{text[:60]}” trong danh mục.")
        session["award"] = award.id
        notes = [f"Đã chọn: {award.name} ({award.kind}, cho {award.for_whom})."]
        notes += self.province_notes(award)
        reply = self._advance(session)
        return Reply("\n".join(notes) + "\n\n" + reply.text, reply.options)

    def province_notes(self, award: Award) -> list[str]:
        """Say plainly when the rule shown belongs to another province."""
        places = {rule.province for rule in award.rules() if rule.province} | ({award.province} - {""})
        return [f"⚠️ Một số quy định dưới đây là của {place} (cơ sở tri thức chưa có quy định của {self.province}); "
                f"hãy đối chiếu quy định của {self.province}. Quản trị viên có thể bổ sung văn bản đó."
                for place in sorted(places) if not same_place(place, self.province)]

    def _help_choose(self, session: dict, step: str, text: str) -> Reply:
        helper = session["help"]
        if step == "help_kind":
            key = plain(text)
            if key not in ("ca nhan", "tap the"):
                raise InvalidInput("Hãy chọn “Cá nhân” hoặc “Tập thể”.")
            helper["kind"] = "cá nhân" if key == "ca nhan" else "tập thể"
            return self._go(session, "help_ratings")
        year = date.today().year
        if step == "help_ratings":
            helper["ratings"] = parse_ratings(text, year)
            helper["year"] = max(int(y) for y in helper["ratings"])
            if helper["kind"] == "tập thể":
                return self._suggest(session)
            return self._go(session, "help_titles")
        helper["titles"] = parse_titles(text, self.catalogue, year)
        return self._suggest(session)

    def _suggest(self, session: dict) -> Reply:
        helper = session["help"]
        facts = {"year": helper["year"], "ratings": helper["ratings"], "titles": helper.get("titles", {}),
                 "confirm": {}}
        ranked = []
        for award in self.catalogue.awards.values():
            if award.for_whom != helper["kind"]:
                continue
            verdict = self.rules.evaluate(award, facts)
            if not verdict.failed:
                ranked.append((award.rank, award, verdict))
        session["step"] = "award"
        if not ranked:
            return Reply("Với kết quả đã khai, chưa có danh hiệu nào trong danh mục phù hợp. Bạn vẫn có thể chọn "
                         "một danh hiệu để xem đầy đủ tiêu chuẩn.", self.ask(session).options)
        ranked.sort(key=lambda item: item[0], reverse=True)
        best, verdict = ranked[0][1], ranked[0][2]
        reasons = "\n".join(f"• {f.detail}" for f in verdict.findings if f.ok)
        still = "\n".join(f"• {f.detail}" for f in verdict.missing)
        text = f"Gợi ý: {best.name}.\nLý do:\n{reasons or '• (chưa có tiêu chí nào được kiểm tra)'}"
        if still:
            text += f"\nCòn phải bổ sung khi lập hồ sơ:\n{still}"
        others = ", ".join(award.short for _, award, _ in ranked[1:])
        if others:
            text += f"\nCũng có thể xét: {others}."
        options = [(f"Chọn {award.short}", award.id) for _, award, _ in ranked]
        return Reply(text, options)

    # Review and the end ---------------------------------------------------------------------------------
    def verdicts(self, session: dict) -> list[Verdict]:
        award = self.award_of(session)
        return [self.rules.evaluate(award, {**nominee["facts"], "year": nominee.get("year")})
                for nominee in session["nominees"]]

    def review(self, session: dict) -> Reply:
        award = self.award_of(session)
        nominee = self.nominee(session)
        lines = [f"Rà soát hồ sơ: {award.name}"]
        steps = self.steps(session)
        for step in steps:
            lines.append(f"• {step.label}: {self._value_text(session, step)}")
        verdict = self.rules.evaluate(award, {**nominee["facts"], "year": nominee.get("year")})
        lines.append("")
        lines.append({"eligible": "✅ Đủ điều kiện theo các thông tin đã khai.",
                      "not_eligible": "❌ Chưa đủ điều kiện.",
                      "incomplete": "⚠️ Còn thông tin phải bổ sung."}[verdict.status])
        lines += [f"- {finding.detail}" for finding in verdict.findings]
        lines.append("\nBấm “Sửa: …” để sửa một mục, hoặc “Xác nhận” để tiếp tục.")
        options = [(f"Sửa: {step.label[:30]}", f"sửa {step.name}") for step in steps]
        return Reply("\n".join(lines), [(CONFIRM, CONFIRM), *options])

    def _review_answer(self, session: dict, text: str) -> Reply:
        if plain(text) == plain(CONFIRM):
            return self._go(session, "more")
        key = plain(text)
        if key.startswith("sua "):
            wanted = text.split(" ", 1)[1].strip()
            for step in self.steps(session):
                if wanted in (step.name, step.label) or plain(wanted) == plain(step.label):
                    session["editing"] = True
                    if step.name == "achievements":
                        self.nominee(session)["achievements"] = []
                    return self._go(session, step.name)
        raise InvalidInput("Hãy bấm “Xác nhận” hoặc một nút “Sửa: …”.")

    def _more_answer(self, session: dict, text: str) -> Reply:
        key = plain(text)
        if key == plain(ADD_ANOTHER):
            session["current"] = len(session["nominees"])
            self.nominee(session)
            names = [step.name for step in self.steps(session)]
            return self._go(session, names[0])
        if key != plain(FINISH):
            raise InvalidInput("Hãy chọn “Thêm người khác” hoặc “Hoàn tất”.")
        verdicts = self.verdicts(session)
        files = self.render_documents(session, verdicts)
        session["step"] = "done"
        return Reply(self.summary(session, verdicts), files=files, finished=True)

    def summary(self, session: dict, verdicts: list[Verdict]) -> str:
        """The dossier checklist, who decides and where to send, deadlines and gaps, each cited."""
        award = self.award_of(session)
        documents = self.rules.documents
        lines = [f"Hồ sơ đề nghị: {award.name}"]
        for nominee, verdict in zip(session["nominees"], verdicts, strict=True):
            name = nominee.get("name") or nominee.get("collective_name")
            status = {"eligible": "đủ điều kiện", "not_eligible": "chưa đủ điều kiện",
                      "incomplete": "còn thiếu thông tin"}[verdict.status]
            lines.append(f"• {name}: {status}")
            lines += [f"   - {f.detail}" for f in verdict.findings if f.ok is not True]
        lines.append("\nThành phần hồ sơ:")
        lines += [f"☐ {item.text} ({item.cite.label(documents)})" for item in award.dossier]
        lines.append(f"\nThẩm quyền quyết định: {award.decides.text} ({award.decides.cite.label(documents)})")
        if award.procedure:
            lines.append(f"Thủ tục: {award.procedure.text} ({award.procedure.cite.label(documents)})")
        if award.deadline:
            lines.append(f"Thời hạn: {award.deadline.text} ({award.deadline.cite.label(documents)})")
        if award.reward:
            lines.append(f"Mức thưởng: {award.reward.text} ({award.reward.cite.label(documents)})")
        lines += self.province_notes(award)
        lines += [f"Lưu ý: {gap}" for gap in award.gaps]
        lines.append("\nĐã tạo các văn bản dự thảo (.docx) để bạn hoàn thiện.")
        return "\n".join(lines)

