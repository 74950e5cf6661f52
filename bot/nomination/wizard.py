"""The nomination conversation as a transport-free state machine.

A session is a JSON-able dict; `Wizard.handle(session, text)` validates one answer, moves to the next step
and returns a Reply (text, options, files produced). The faces word the options (buttons in Telegram,
numbers in the console); the option values are plain text, so choosing and typing are the same.
A question typed at any step is never stored: the Reply carries it in `question` and asks the step again.
Commands inside the wizard: /quay_lai (back one step), /huy (cancel), /xong (end the achievements).

Who goes into the documents is decided here, by the same rules the questions use: only nominees that meet
every criterion are proposed; a pending discipline or inspection defers them ("chưa đề nghị", khoản 4 Điều 4
Nghị định 152/2025/NĐ-CP) and a penalty in force within the year assessed, even one served since, refuses that
year's nomination (the same khoản: achievements count from when it was served); the others are explained, offered
an award their facts support, and left out. A draft saved before a question existed is asked it before its review.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bot.nomination.answers import looks_like_question
from bot.nomination.catalogue import Award, Catalogue
from bot.nomination.documents import NOMINEE_KINDS, Entry, nominee_name, recipient
from bot.nomination.eligibility import Rules, Verdict
from bot.nomination.facts import InvalidInput, plain
from bot.nomination.provinces import applied, foreign, province_words, unheld
from bot.nomination.steps import PROFILE, SAME_UNIT, UNITS, Step, StepBook, SwitchKind, confirm_key

__all__ = ["Reply", "Wizard", "looks_like_question"]

HELP_CHOOSE = "Giúp tôi chọn"
CONFIRM = "Xác nhận"
ADD_ANOTHER = "Thêm người khác"
FINISH = "Hoàn tất"
SWITCH = "chuyển"


@dataclass
class Reply:
    text: str
    options: list[tuple[str, str]] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    finished: bool = False
    # The user asked this instead of answering: answer it, then show `text` (the step asked again).
    question: str = ""
    # The step takes several lines (one year or one paragraph per line): a face may read until an empty line.
    multiline: bool = False


HELP_KINDS = [("Cán bộ, công chức, viên chức", "can-bo"), ("Người lao động làm việc theo hợp đồng", "nguoi-lao-dong"),
              ("Công nhân, nông dân, người lao động khác", "cong-nhan-nong-dan"), ("Tập thể", "tap-the"),
              ("Hộ gia đình", "ho-gia-dinh")]


def standing(verdict: Verdict) -> str:
    """propose, defer (only a pending discipline / inspection stands in the way), reject, or incomplete."""
    if verdict.failed:
        return "defer" if verdict.deferred else "reject"
    return "incomplete" if verdict.missing else "propose"


STANDING_TEXT = {
    "propose": "✅ Đủ điều kiện theo các thông tin đã khai: được đưa vào tờ trình, danh sách.",
    "defer": ("⏸ Chưa đề nghị: đang bị xem xét kỷ luật, điều tra, thanh tra, kiểm tra hoặc có đơn thư đang xác minh. "
              "Theo khoản 4 Điều 4 Nghị định 152/2025/NĐ-CP, chưa khen thưởng hoặc đề nghị khen thưởng trong thời "
              "gian này; đề nghị lại khi có kết luận không vi phạm."),
    "reject": "❌ Chưa đủ điều kiện: không đưa vào tờ trình, danh sách (không đề nghị).",
    "incomplete": "⚠️ Còn thông tin phải bổ sung: chưa thể đưa vào tờ trình, danh sách.",
}


NEW_QUESTION = ("Hồ sơ này được lưu trước khi bot hỏi thêm thông tin dưới đây; hãy trả lời để tiếp tục (các câu "
                "trả lời khác được giữ nguyên):")


def penalty_text(year: int, where: str) -> str:
    """Why a penalty in force within the year assessed holds the nomination, cited (`where`)."""
    return (f"❌ Chưa đủ điều kiện: bị kỷ luật có hiệu lực trong năm {year} (kể cả đã chấp hành xong hoặc đã hết "
            f"thời hạn). Theo {where}, thành tích chỉ được tính từ thời điểm chấp hành xong thời gian kỷ luật, nên "
            f"không đề nghị khen thưởng thành tích năm {year}.")


class Wizard(StepBook):
    def __init__(self, catalogue: Catalogue, rules: Rules, province: str,
                 render_documents: Callable[[dict, Award, list[Entry], bool], list[Path]]) -> None:
        """`render_documents(session, award, entries, review_sheet)` writes the drafts and returns their paths."""
        super().__init__(catalogue, rules, province)
        self.render_documents = render_documents

    # Sessions -----------------------------------------------------------------------------------------
    def start(self, units: list[dict] | None = None) -> tuple[dict, Reply]:
        """A new nomination; `units` are the user's units as their earlier nominations gave them, latest first."""
        # Each unit keeps its parts; the latest is shown again for confirmation (SAME_UNIT asked anew).
        units = [{part: value for part, value in unit.items() if part != SAME_UNIT} for unit in units or []]
        session = {"step": "award", "history": [], "award": None, "kind": None, "nominees": [], "current": 0,
                   "mode": "choose", "profile": dict(units[0]) if units else {},
                   UNITS: {plain(unit["org_unit"]): unit for unit in reversed(units)}}
        return session, self.ask(session)

    def title(self, session: dict) -> str:
        award = self.award_of(session)
        names = [nominee_name(n) for n in session["nominees"] if n.get("name") or n.get("collective_name")
                 or n.get("household_head")]
        who = ", ".join(names) or "chưa có người được đề nghị"
        return f"{award.short if award else 'Chưa chọn danh hiệu'} — {who}"


    # Moving through the conversation -------------------------------------------------------------------
    def ask(self, session: dict) -> Reply:
        step = session["step"]
        if step == "award":
            options = [(a.short, a.id) for a in self.catalogue.awards.values()]
            return Reply("Đề nghị khen thưởng: chọn danh hiệu hoặc hình thức khen thưởng (hoặc gõ tên), hoặc "
                         "“Giúp tôi chọn” để bot hỏi thông tin rồi gợi ý.", [*options, (HELP_CHOOSE, HELP_CHOOSE)])
        if step == "help_kind":
            return Reply("Đề nghị cho ai?", HELP_KINDS)
        if step == "review":
            return self.review(session)
        if step == "more":
            return Reply("Đã xác nhận. Thêm người (tập thể) khác vào cùng hồ sơ, hay hoàn tất và tạo văn bản?",
                         [(ADD_ANOTHER, ADD_ANOTHER), (FINISH, FINISH)])
        current = self._step(session, step)
        prompt = current.prompt(session)
        if session.get("editing"):
            prompt += "\n(Đang sửa; giá trị cũ: " + self._value_text(session, current) + ")"
        return Reply(prompt, current.options(session), multiline=current.multiline)

    def _step(self, session: dict, name: str) -> Step:
        return next(step for step in self.steps(session) if step.name == name)

    def handle(self, session: dict, text: str) -> Reply:
        text = (text or "").strip()
        command = plain(text)
        if command in ("/quay_lai", "quay lai"):
            return self.back(session)
        step = session["step"]
        try:
            if step == "achievements" and command in ("/xong", "xong"):
                if not self.nominee(session)["achievements"]:
                    raise InvalidInput("Hãy gửi ít nhất một đoạn thành tích trước khi /xong.")
                return self._advance(session)
            if looks_like_question(text) and not self._is_option(session, text):
                reply = self.ask(session)
                return Reply(f"Hồ sơ vẫn ở bước này (câu hỏi không được ghi vào hồ sơ):\n\n{reply.text}",
                             reply.options, question=text, multiline=reply.multiline)
            missing = self._ask_missing(session)
            if missing is not None:
                return missing
            if step == "award":
                return self._choose_award(session, text)
            if step == "help_kind":
                return self._help_kind(session, text)
            if step == "review":
                return self._review_answer(session, text)
            if step == "more":
                return self._more_answer(session, text)
            current = self._step(session, step)
            if not text:
                raise InvalidInput("Câu trả lời trống.")
            value = current.parse(text, session)
            self._set(session, step, value)
            if step == "achievements":
                return Reply(self._achievements_prompt(session), multiline=True)
            return self._advance(session)
        except SwitchKind as switch:
            return self._switch_kind(session, switch.kind)
        except InvalidInput as problem:
            reply = self.ask(session)
            return Reply(f"⚠️ {problem}\n\n{reply.text}\n(Đang lập hồ sơ: /quay_lai để quay lại, /huy để dừng; câu "
                         "hỏi gõ ở đây được trả lời mà không ghi vào hồ sơ.)", reply.options, multiline=reply.multiline)

    def _is_option(self, session: dict, text: str) -> bool:
        key = plain(text)
        return any(key in (plain(label), plain(value)) for label, value in self.ask(session).options)

    def _go(self, session: dict, step: str) -> Reply:
        session["history"].append(session["step"])
        session["step"] = step
        return self.ask(session)

    def _next(self, session: dict, after: str | None) -> str | None:
        """The next step not yet answered (facts told in "help me choose" or a remembered unit are kept)."""
        steps = self.steps(session)
        names = [step.name for step in steps]
        start = names.index(after) + 1 if after in names else 0
        return next((step.name for step in steps[start:] if not self._answered(session, step)), None)

    def _advance(self, session: dict) -> Reply:
        if session.pop("editing", False):
            missing = self._next(session, None)  # an edit may leave a step to answer again (the year's penalty)
            return self._go(session, missing or "review")
        # After a part of the user's unit, the first part not yet told (a correction asks the name first).
        following = self._next(session, None if session["step"] in (SAME_UNIT, *PROFILE) else session["step"])
        # A pending discipline or a penalty in the year settles "help me choose" at once: nothing can be proposed.
        if session.get("mode") == "help" and self._held(session):
            following = None
        if following is None and session.get("mode") != "help":
            following = self._next(session, None)  # a step skipped, e.g. one a saved draft was never asked
        if following is None:
            return self._suggest(session) if session.get("mode") == "help" else self._go(session, "review")
        return self._go(session, following)

    def _held(self, session: dict) -> bool:
        nominee = self.nominee(session)
        facts = nominee["facts"]
        year = int(nominee.get("year") or 0)
        return bool(facts.get("discipline")) or bool(year and int(facts.get("disciplined_in") or 0) >= year)

    def resume(self, session: dict) -> Reply:
        """The step a saved draft stopped at; a question added since it was saved is asked first."""
        return self._ask_missing(session) or self.ask(session)

    def _ask_missing(self, session: dict) -> Reply | None:
        """At the review (or after it), a step never answered, e.g. one added after the draft was saved."""
        if session["step"] not in ("review", "more") or session.get("mode") == "help":
            return None
        current, missing = session["current"], None
        # The nominee in hand first, then the others of the same dossier (their verdicts go into it too).
        for index in [current, *(i for i in range(len(session["nominees"])) if i != current)]:
            session["current"] = index
            missing = self._next(session, None)
            if missing is not None:
                break
        if missing is None:
            session["current"] = current
            return None
        session.pop("editing", None)
        reply = self._go(session, missing)
        return Reply(f"{NEW_QUESTION}\n\n{reply.text}", reply.options, multiline=reply.multiline)

    def back(self, session: dict) -> Reply:
        note = "Đây là bước đầu tiên."
        if session["history"]:
            session.pop("editing", None)
            # The step left is asked again on the way forward, even though it had been answered.
            self._unanswer(session, session["step"])
            session["step"] = session["history"].pop()
            if session["step"] in ("award", "help_kind"):
                session["mode"] = "choose" if session["step"] == "award" else "help"
            note = "↩️ Quay lại bước trước."
        reply = self.ask(session)
        return Reply(f"{note}\n\n{reply.text}", reply.options, multiline=reply.multiline)

    def _switch_kind(self, session: dict, kind: str) -> Reply:
        session["kind"] = kind
        award = self.award_of(session)
        notes = [f"Ghi nhận: không có xếp loại. Người được đề nghị thuộc nhóm “{NOMINEE_KINDS[kind]}”; tiêu chuẩn "
                 f"“{award.short}” áp dụng: " + "; ".join(f"{rule.text} ({rule.cite.label(self.rules.documents)})"
                                                          for rule in award.criteria) + "."]
        notes.append(f"Thẩm quyền quyết định: {award.decides.text} ({award.decides.cite.label(self.rules.documents)}).")
        reply = self._advance(session)
        return Reply("\n".join(notes) + "\n\n" + reply.text, reply.options, multiline=reply.multiline)

    def _choose_award(self, session: dict, text: str) -> Reply:
        if plain(text) == plain(HELP_CHOOSE):
            session["mode"] = "help"
            return self._go(session, "help_kind")
        award = self.catalogue.find(text)
        if award is None:
            raise InvalidInput(f"Không có danh hiệu “{text[:60]}” trong danh mục. Hãy chọn trong danh sách.")
        if session.get("kind") and session["kind"] not in award.nominees:
            raise InvalidInput(f"“{award.short}” không dành cho nhóm “{NOMINEE_KINDS[session['kind']]}”.")
        session["award"], session["mode"] = award.id, "choose"
        if not session.get("kind") and len(award.nominees) == 1:
            session["kind"] = award.nominees[0]
        nominee = self.nominee(session)
        for rule in self.award_of(session).criteria:
            answer = nominee.get("help_confirm", {}).get(confirm_key(rule.text))
            if "confirm" in rule.check and answer is not None:
                self._set(session, f"confirm:{rule.id}", answer)
        notes = [f"Đã chọn: {self.award_name(award)} ({award.kind})."]
        notes += self.province_notes(self.award_of(session))
        session.setdefault("profile", {})  # drafts saved before the unit was asked have none
        reply = self._advance(session)
        return Reply("\n".join(notes) + "\n\n" + reply.text, reply.options, multiline=reply.multiline)

    def province_notes(self, award: Award) -> list[str]:
        """Say plainly what the knowledge base lacks of the user's province's rules for the award as applied
        (`applied`): another province's are never shown nor named in their place."""
        words = province_words(self.province)
        full, name = words.full, words.award_short(award)
        notes = []
        if any(unheld(rule) for rule in award.criteria):
            notes.append(f"⚠️ Cơ sở tri thức chưa có quy định của Ủy ban nhân dân {full} về tiêu chuẩn xét tặng "
                         f"{name}: đơn vị đối chiếu văn bản đó và xác nhận người (tập thể) được đề nghị đạt "
                         "tiêu chuẩn; hồ sơ để trống số, ngày của văn bản đó để bạn điền. Quản trị viên có thể bổ sung "
                         "văn bản vào cơ sở tri thức.")
        if any(foreign(rule, self.province) for rule in (award.decides, award.deadline, award.procedure)):
            notes.append(f"⚠️ Cơ sở tri thức chưa có quy định của {self.province} về thẩm quyền, thủ tục, thời hạn của "
                         f"{name}: các mục ghi “quy định của Ủy ban nhân dân {full}” cần đối chiếu văn bản "
                         "đó.")
        return notes

    # "Giúp tôi chọn" -------------------------------------------------------------------------------------
    def _help_kind(self, session: dict, text: str) -> Reply:
        key = plain(text)
        kind = next((value for label, value in HELP_KINDS if key in (value, plain(label))), None)
        if kind is None:
            kind = {"ca nhan": "can-bo", "tap the": "tap-the", "ho gia dinh": "ho-gia-dinh",
                    "nong dan": "cong-nhan-nong-dan", "cong nhan": "cong-nhan-nong-dan"}.get(key)
        if kind is None:
            raise InvalidInput("Hãy chọn một nhóm: " + "; ".join(label for label, _ in HELP_KINDS) + ".")
        session["kind"] = kind
        return self._go(session, self._next(session, None))

    def _suggest(self, session: dict) -> Reply:
        kind = session["kind"]
        session["mode"] = "choose"
        session["history"].append(session["step"])
        session["step"] = "award"
        options = [(a.short, a.id) for a in self.candidates(kind)]
        if self._held(session):
            pending = self.nominee(session)["facts"].get("discipline")
            rule = next(rule for rule in self.catalogue.common if "no_discipline" in rule.check)
            text = STANDING_TEXT["defer"] if pending else penalty_text(
                self._year(session), rule.cite.label(self.rules.documents))
            return Reply(f"{text}\nBạn vẫn có thể chọn một danh hiệu để xem đầy đủ tiêu chuẩn.", options)
        ranked = self.supported(session, kind, strict=True)
        if not ranked:
            return Reply("Với các thông tin đã khai, chưa có danh hiệu, hình thức khen thưởng nào trong danh mục đạt "
                         "đủ tiêu chuẩn. Bạn vẫn có thể chọn một danh hiệu để xem đầy đủ tiêu chuẩn.", options)
        lines = ["Gợi ý (chỉ những danh hiệu, hình thức khen thưởng đạt đủ tiêu chuẩn theo thông tin đã khai):"]
        for award, verdict in ranked:
            lines.append(f"\n▶ {self.award_name(award)}")
            lines += [f"   • {f.detail}" for f in verdict.findings]
            lines.append(f"   Thẩm quyền quyết định: {self.authority(award, session)} "
                         f"({self.cite_here(award.decides)}).")
            lines += [f"   {note}" for note in self.province_notes(applied(self.catalogue.awards[award.id]
                                                                             .for_nominee(kind), self.province))]
        lines.append("\nCác thông tin đã khai được giữ lại; chọn một danh hiệu để tiếp tục.")
        return Reply("\n".join(lines), [(f"Chọn {award.short}", award.id) for award, _ in ranked])

    # Review and the end ---------------------------------------------------------------------------------
    def verdict(self, session: dict, nominee: dict) -> Verdict:
        return self.rules.evaluate(self.award_of(session), {**nominee["facts"], "year": nominee.get("year")})

    def entries(self, session: dict) -> list[Entry]:
        entries = []
        for nominee in session["nominees"]:
            verdict = self.verdict(session, nominee)
            entries.append(Entry(nominee, verdict, standing(verdict)))
        return entries

    def review(self, session: dict) -> Reply:
        award = self.award_of(session)
        nominee = self.nominee(session)
        lines = [f"Rà soát hồ sơ: {self.award_name(award)}"]
        steps = self.steps(session)
        lines += [f"• {step.label}: {self._value_text(session, step)}" for step in steps]
        to = recipient(award.decides.level, session.get("profile") or {}, self.province)
        lines.append(f"• Kính gửi: {to} ({self.cite_here(award.decides)})")
        verdict = self.verdict(session, nominee)
        status = standing(verdict)
        held = [f.rule for f in verdict.failed if verdict.penalty_year and "no_discipline" in f.rule.check]
        only = bool(held) and all(f.rule in held for f in verdict.failed)  # the penalty alone stands in the way
        lines += ["", penalty_text(self._year(session), held[0].cite.label(self.rules.documents))
                  if only else STANDING_TEXT[status]]
        lines += [f"- {finding.detail}" for finding in verdict.findings]
        options = [(CONFIRM, CONFIRM)]
        if status == "reject":
            alternatives = self.supported(session, session["kind"], below=award)
            if alternatives:
                met = "; ".join(f"{self.award_name(a)} ({self.authority(a, session)})" for a, _ in alternatives)
                lines.append(f"\nCác thông tin đã khai đáp ứng tiêu chuẩn của: {met}.")
                if len(session["nominees"]) == 1:
                    options += [(f"Đề nghị {a.short}", f"{SWITCH} {a.id}") for a, _ in alternatives]
        lines.append("\nChọn “Sửa: …” để sửa một mục, hoặc “Xác nhận” để tiếp tục.")
        options += [(f"Sửa: {step.label[:30]}", f"sửa {step.name}") for step in steps]
        return Reply("\n".join(lines), options)

    def _review_answer(self, session: dict, text: str) -> Reply:
        key = plain(text)
        if key == plain(CONFIRM):
            return self._go(session, "more")
        if key.startswith(plain(SWITCH) + " ") and len(session["nominees"]) == 1:
            award = self.catalogue.awards.get(text.split(" ", 1)[1].strip())
            if award is not None and session["kind"] in award.nominees:
                session["award"] = award.id
                notes = [f"Đã chuyển sang: {self.award_name(award)}.", *self.province_notes(self.award_of(session))]
                following = self._next(session, None)
                reply = self._go(session, following) if following else self.ask(session)
                return Reply("\n".join(notes) + "\n\n" + reply.text, reply.options, multiline=reply.multiline)
        if key.startswith("sua "):
            wanted = text.split(" ", 1)[1].strip()
            for step in self.steps(session):
                if wanted in (step.name, step.label) or plain(wanted) == plain(step.label):
                    session["editing"] = True
                    if step.name == "achievements":
                        self.nominee(session)["achievements"] = []
                    return self._go(session, step.name)
        raise InvalidInput("Hãy chọn “Xác nhận” hoặc một mục “Sửa: …”.")

    def _more_answer(self, session: dict, text: str) -> Reply:
        key = plain(text)
        if key == plain(ADD_ANOTHER):
            session["current"] = len(session["nominees"])
            self.nominee(session)
            return self._go(session, self._next(session, None))
        if key != plain(FINISH):
            raise InvalidInput("Hãy chọn “Thêm người khác” hoặc “Hoàn tất”.")
        award = self.award_of(session)
        entries = self.entries(session)
        proposed = [entry for entry in entries if entry.standing == "propose"]
        if proposed:
            files = self.render_documents(session, award, proposed, False)
        else:
            files = self.render_documents(session, award, entries, True)
        session["step"] = "done"
        return Reply(self.summary(session, entries), files=files, finished=True)

    def authority(self, award: Award, session: dict) -> str:
        """Who decides, in the catalogue's words, or the addressee where those words are another province's."""
        if foreign(award.decides, self.province):
            return recipient(award.decides.level, session.get("profile") or {}, self.province)
        return award.decides.text

    def summary(self, session: dict, entries: list[Entry]) -> str:
        """Who is proposed and who is not (and why), the checklist, who decides, deadlines and gaps, cited."""
        award = self.award_of(session)
        documents = self.rules.documents
        lines = [f"Hồ sơ đề nghị: {self.award_name(award)}"]
        labels = {"propose": "đề nghị", "defer": "chưa đề nghị (khoản 4 Điều 4 Nghị định 152/2025/NĐ-CP)",
                  "reject": "không đề nghị (chưa đủ tiêu chuẩn)", "incomplete": "không đề nghị (còn thiếu thông tin)"}
        for entry in entries:
            lines.append(f"• {nominee_name(entry.nominee)}: {labels[entry.standing]}")
            lines += [f"   - {f.detail}" for f in entry.verdict.findings if f.ok is not True]
        left_out = [entry for entry in entries if entry.standing != "propose"]
        proposed = len(entries) - len(left_out)
        if proposed and left_out:
            lines.append("Những người (tập thể) không đủ điều kiện đã được bỏ ra khỏi tờ trình, danh sách và biên bản.")
        to = recipient(award.decides.level, session.get("profile") or {}, self.province)
        lines.append(f"\nKính gửi: {to}")
        lines.append("\nThành phần hồ sơ:")
        # The checklist of who is proposed (of everyone when nobody is: the review sheet's).
        listed = [entry for entry in entries if entry.standing == "propose"] or entries
        lines += [f"☐ {item.text} ({item.cite.label(documents)})"
                  for item in award.checklist([entry.nominee.get("facts") or {} for entry in listed])]
        lines.append(f"\nThẩm quyền quyết định: {self.authority(award, session)} ({self.cite_here(award.decides)})")
        if award.procedure:
            lines.append(f"Thủ tục: {award.procedure.text} ({award.procedure.cite.label(documents)})")
        if award.deadline:
            deadline = (f"theo quy định của Ủy ban nhân dân {province_words(self.province).full}"
                        if foreign(award.deadline, self.province) else award.deadline.text)
            lines.append(f"Thời hạn: {deadline} ({self.cite_here(award.deadline)})")
        if award.reward:
            lines.append(f"Mức thưởng: {award.reward.text} ({award.reward.cite.label(documents)})")
        lines += self.province_notes(award)
        lines += [f"Lưu ý: {gap}" for gap in award.gaps]
        if proposed:
            lines.append("\nĐã tạo các văn bản dự thảo (.docx): tờ trình, danh sách, biên bản họp Hội đồng Thi đua - "
                         "Khen thưởng và báo cáo thành tích; ngày, số văn bản để trống (……) để bạn điền.")
        else:
            lines.append("\nKhông có người (tập thể) nào đủ điều kiện để đề nghị, nên không tạo tờ trình. Đã tạo "
                         "phiếu rà soát (ghi “không đề nghị”) để lưu.")
        return "\n".join(lines)
