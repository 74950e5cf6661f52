"""The conversation, whatever the face: one `Assistant` that Telegram, the console chat and `thiduabot ask` call.

A face turns its input into a call — `handle(caller, text)` for a message or command, `press(caller, action)` for a
button, `upload(caller, name, data)` for a file — and each `Reply` (data: text, an Answer to render, buttons,
files, a background job) into its own format. Routing between questions, the nomination wizard and commands,
cancel, follow-ups, access and rate limits, question logging, statistics and upload acceptance live here, so every
face behaves the same. Calls block (retrieval, database, parsing): async faces run them in a worker thread.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bot.engine.answer import Answer, Citation
from bot.engine.core import Engine, Turn
from bot.faces.render import provenance_note, render
from bot.nomination.service import Nominations
from bot.nomination.verdict import EligibilityQuestions
from bot.nomination.wizard import Reply as WizardReply
from bot.review.service import Reviews
from bot.review.sheet import SHEET_SUFFIXES
from bot.settings import Settings, is_admin, is_allowed
from bot.shared_state import (
    FOLLOW_UP_WINDOW,
    PENDING_UPLOAD_WINDOW,
    ExpiredUpload,
    LocalPendingUploads,
    SharedPendingUploads,
    SharedState,
    SharedTurns,
)
from bot.storage import QUICK_WAIT, DatabaseUnavailable, Storage, record_id
from ingest.amendments import registry_notes
from ingest.loaders import FORMATS, formats_text, unsupported
from ingest.progress import Progress
from ingest.provenance import locked_manifest, read_manifest
from ingest.refresh import RefreshBusy, RefreshReport
from ingest.units import Provenance, status_label
from ingest.uploads import DAMAGED_MANIFEST, UploadResult, accept_upload
from ingest.vietnamese import clean

log = logging.getLogger(__name__)

REFUSAL = ("Xin lỗi, bạn chưa được cấp quyền sử dụng trợ lý này. Vui lòng liên hệ bộ phận thi đua, khen thưởng "
           "của đơn vị để được cấp quyền.")
ADMIN_ONLY = "Lệnh này chỉ dành cho quản trị viên."
UPLOAD_ADMIN_ONLY = "Chỉ quản trị viên mới gửi được văn bản để bổ sung vào cơ sở tri thức."
APOLOGY = "Xin lỗi, đã có lỗi khi xử lý yêu cầu của bạn. Vui lòng thử lại sau ít phút."
TOO_FAST = "Bạn đang hỏi nhanh quá. Vui lòng đợi một phút rồi hỏi tiếp."
PRIVATE_ONLY = "Hồ sơ đề nghị khen thưởng có thông tin cá nhân: hãy lập trong trò chuyện riêng với bot."
NO_REVIEWS = "Chức năng bình xét cuối năm chưa được bật trên máy này."
NO_ACTIVE = "Bạn không có hồ sơ nào đang làm. Gõ /de_nghi để bắt đầu, /ho_so để xem các hồ sơ đã lưu."
STALE_BUTTON = "Nút này không còn hiệu lực."
NOMINATE_LABEL = "📝 Lập hồ sơ đề nghị (điền sẵn thông tin trên)"
WAIT_MINUTES = int(PENDING_UPLOAD_WINDOW.total_seconds() // 60)
SAVING_DELAYED = ("Chưa lưu được bước này vì {reason}. Thông tin bạn vừa nhập đã được giữ lại và sẽ tự động được lưu ở "
                  "tin nhắn tiếp theo của bạn khi cơ sở dữ liệu hoạt động trở lại; bạn không cần nhập lại.")
LEXICAL_ONLY = ("Máy chủ tìm kiếm theo ngữ nghĩa đang tạm gián đoạn: câu trả lời này chỉ dựa trên tìm kiếm theo từ "
                "khóa, có thể kém đầy đủ hơn thường lệ.")
CANNOT_NOW = "Chưa làm được việc này vì {reason}. Vui lòng thử lại sau ít phút."
SAVED_LATE = "Đã lưu {count} thông tin bạn nhập trong lúc cơ sở dữ liệu gián đoạn."
HELD_KEPT = 50  # inputs kept per user while the database is away
NOTHING_TO_ASK = "Mời bạn gõ câu hỏi về thi đua, khen thưởng (ví dụ: Tiêu chuẩn danh hiệu Lao động tiên tiến?)."
GROUP_REFUSAL = ("Nhóm này chưa được cấp quyền sử dụng trợ lý thi đua, khen thưởng; trợ lý sẽ không trả lời trong "
                 "nhóm. Quản trị viên có thể thêm mã nhóm vào danh sách được phép (ALLOWED_CHAT_IDS).")
STATS_PRIVATE = ("Thống kê có câu hỏi của cán bộ nên chỉ gửi trong trò chuyện riêng: hãy nhắn /thongke riêng cho "
                 "trợ lý.")
REMOVE_LABEL = "Gỡ bỏ và cập nhật"

# (command, description, admin only): the help text and the Telegram command menu are made from this one list.
COMMANDS: tuple[tuple[str, str, bool], ...] = (
    ("start", "Giới thiệu và hướng dẫn", False),
    ("help", "Hướng dẫn sử dụng", False),
    ("hoi", "Đặt câu hỏi về thi đua, khen thưởng", False),
    ("nguon", "Các văn bản trong cơ sở tri thức", False),
    ("de_nghi", "Lập hồ sơ đề nghị khen thưởng (từng bước)", False),
    ("ho_so", "Hồ sơ nháp của bạn (/ho_so tiep N, /ho_so xoa N)", False),
    ("quay_lai", "Quay lại bước trước khi lập hồ sơ", False),
    ("xong", "Kết thúc phần nhập thành tích", False),
    ("huy", "Hủy việc đang làm", False),
    ("binh_xet", "Bình xét cuối năm cả đơn vị: nhận mẫu Excel, điền rồi gửi lại để có kết quả và hồ sơ", False),
    ("ho_so_ca_nhan", "Sổ bình xét: tra cứu, sửa, xóa một người (/ho_so_ca_nhan Họ tên)", False),
    ("capnhat", "Cập nhật cơ sở tri thức (quản trị)", True),
    ("doi_chieu", "Ghi văn bản tải lên đã đối chiếu bản gốc (quản trị): /doi_chieu <mã hoặc số hiệu>", True),
    ("thongke", "Thống kê câu hỏi và góp ý (quản trị, trong trò chuyện riêng)", True),
)
NOMINATION_COMMANDS = frozenset({"de_nghi", "ho_so", "quay_lai", "xong", "binh_xet", "ho_so_ca_nhan"})


@dataclass(frozen=True)
class Caller:
    """Who is talking and where. `local` is the operator at the console or command line (trusted)."""

    user_id: int
    chat_id: int = 0
    private: bool = True
    name: str = ""
    local: bool = False


@dataclass
class Button:
    label: str
    action: str  # given back to `Assistant.press` when the button is pressed


@dataclass
class Reply:
    """One message to show. `answer` is rendered by the face; `text` is plain text; `title` is shown in bold.
    `notice` is a short acknowledgement (a button's toast on Telegram). `job`, when set, is slow work the face
    runs in the background; the replies it returns are sent when it ends, and the lines it tells on the way are
    shown under this reply."""

    text: str = ""
    answer: Answer | None = None
    title: str = ""
    buttons: list[list[Button]] = field(default_factory=list)
    choices: bool = False  # buttons are choices a person may also type (the console numbers them)
    files: list[Path] = field(default_factory=list)
    notice: str = ""
    # Given a function the job may call with a line about how far it is (the face shows it under the reply).
    job: Callable[[Callable[[str], None]], list[Reply]] | None = None


class RateLimiter:
    """At most `per_minute` questions per user in any 60 seconds."""

    def __init__(self, per_minute: int) -> None:
        self.per_minute = per_minute
        self.seen: dict[int, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def allow(self, user_id: int) -> bool:
        now = time.monotonic()
        with self._lock:
            window = self.seen[user_id]
            while window and now - window[0] > 60:
                window.popleft()
            if len(window) >= self.per_minute:
                return False
            window.append(now)
            return True


class LocalTurns:
    """The turn each user's follow-up builds on, in this process; forgotten after FOLLOW_UP_WINDOW."""

    def __init__(self) -> None:
        self._turns: dict[int, tuple[float, Turn]] = {}

    def get(self, user_id: int, default: Turn | None = None) -> Turn | None:
        found = self._turns.get(user_id)
        fresh = found and time.monotonic() - found[0] < FOLLOW_UP_WINDOW.total_seconds()
        return found[1] if fresh else default

    def __setitem__(self, user_id: int, turn: Turn) -> None:
        # the query and the text searched are all a follow-up reads (not the answer)
        self._turns[user_id] = (time.monotonic(), Turn(turn.question, query=turn.query))

    def pop(self, user_id: int, default: Turn | None = None) -> Turn | None:
        found = self._turns.pop(user_id, None)
        return found[1] if found else default


def help_text(admin: bool) -> str:
    lines = ["Tôi trả lời câu hỏi về thi đua, khen thưởng và luôn dẫn văn bản, Điều, khoản làm căn cứ.",
             "Gõ câu hỏi trực tiếp (hoặc /hoi <câu hỏi>), ví dụ: “Tiêu chuẩn danh hiệu Chiến sĩ thi đua cơ sở?”.", ""]
    lines += [f"/{name} — {description}" for name, description, admin_only in COMMANDS
              if name not in ("start", "help", "hoi") and (admin or not admin_only)]
    if admin:
        lines.append(f"Gửi tệp {formats_text()} để bổ sung văn bản vào cơ sở tri thức.")
    return "\n".join(lines)


def sources_text(documents: dict[str, dict]) -> str:
    if not documents:
        return "Chưa có văn bản nào trong cơ sở tri thức."
    lines = ["Văn bản trong cơ sở tri thức:"]
    for doc_id, doc in documents.items():
        number = f"{doc['number']} — " if doc.get("number") else ""
        origin = provenance_note(Provenance.from_dict(doc), who=True)
        lines.append(f"• {number}{doc['title']} ({status_label(doc['status'])}; {doc['units']} đơn vị)"
                     + (f" — {origin}" if origin else ""))
        lines += [f"  ↳ {note}" for note in registry_notes(doc_id, documents)]
    return "\n".join(lines)


def citation_label(citation: Citation) -> str:
    """A citation's button: "📄 Điều 23 — Nghị định 152/2025/NĐ-CP", and whether its text is an upload."""
    provenance = citation.provenance
    origin = (" · tải lên, " + ("đã đối chiếu" if provenance.checked_at else "chưa đối chiếu")
              if provenance.uploaded else "")
    return f"📄 {citation.short}{origin}"


class Assistant:
    def __init__(self, settings: Settings, engine: Engine, storage: Storage, nominations: Nominations,
                 refresh: Callable[..., RefreshReport], eligibility: EligibilityQuestions | None = None,
                 shared: SharedState | None = None, reviews: Reviews | None = None) -> None:
        self.settings = settings
        self.reviews = reviews
        self.eligibility = eligibility
        self.engine = engine
        self.storage = storage
        self.nominations = nominations
        self._refresh = refresh
        # Several workers share rate limits and follow-ups through the database (bot/shared_state.py).
        self.shared = shared is not None
        self.limiter = shared.limiter(settings.rate_limit_per_minute) if shared else RateLimiter(
            settings.rate_limit_per_minute)
        self.previous: LocalTurns | SharedTurns = shared.turns() if shared else LocalTurns()
        self.refused: set[int] = set()
        self._refreshing = threading.Lock()
        # An upload that would replace an earlier one waits here for its admin's confirmation (one per admin).
        # It expires after PENDING_UPLOAD_WINDOW; any message sweeps the expired ones (at most once a minute), so
        # the bytes of an upload nobody answers do not stay even if its admin never comes back.
        self.pending_uploads: LocalPendingUploads | SharedPendingUploads = (
            shared.pending_uploads() if shared else LocalPendingUploads())
        self._swept_at = time.monotonic()
        # Nomination inputs that could not be saved (the database away), replayed at the user's next message, and
        # who was last seen in a nomination (so that, the database away, their next message is held, not asked).
        self.held: defaultdict[int, deque[tuple[str, str]]] = defaultdict(lambda: deque(maxlen=HELD_KEPT))
        self.nominating: set[int] = set()

    # Access.
    def is_admin(self, caller: Caller) -> bool:
        return caller.local or is_admin(self.settings, caller.user_id)

    def is_allowed(self, caller: Caller) -> bool:
        return caller.local or is_allowed(self.settings, caller.user_id, caller.chat_id)

    def gate(self, caller: Caller) -> list[Reply] | None:
        """None lets the caller through; otherwise what to say: one refusal per user in a private chat, one per
        group in a group (the group is told once, then the bot stays silent there)."""
        if self.is_allowed(caller):
            return None
        refused = caller.user_id if caller.private else caller.chat_id
        if refused in self.refused:
            return []
        self.refused.add(refused)
        return [Reply(REFUSAL if caller.private else GROUP_REFUSAL)]

    # The database away: nomination inputs are held and replayed, anything else says why it cannot be done now.
    def _durably(self, caller: Caller, kind: str, text: str, run: Callable[[], list[Reply]]) -> list[Reply]:
        replies: list[Reply] = []
        try:
            replies += self._replay(caller)
            return replies + run()
        except DatabaseUnavailable as exc:
            if self._for_nomination(caller, kind, text):
                self.held[caller.user_id].append((kind, text))
                return [*replies, Reply(SAVING_DELAYED.format(reason=exc))]
            said = CANNOT_NOW.format(reason=exc)
            return [*replies, Reply(notice=said[:200]) if kind == "press" else Reply(said)]

    def _for_nomination(self, caller: Caller, kind: str, text: str) -> bool:
        if not caller.private:
            return False
        if kind == "press":
            return text.startswith(("nom:", "lap:"))
        command, _ = _command(text)
        return command in NOMINATION_COMMANDS or command == "huy" or (
            command is None and (caller.user_id in self.nominating or bool(self.held[caller.user_id])))

    def _replay(self, caller: Caller) -> list[Reply]:
        """What the user gave while the database was away, saved now in order (each removed once saved)."""
        held = self.held.get(caller.user_id)
        if not held:
            return []
        replies, count = [], len(held)
        while held:
            kind, text = held[0]
            replies = self._handle(caller, text) if kind == "handle" else self._press(caller, text)
            held.popleft()
        return [Reply(SAVED_LATE.format(count=count)), *replies]  # the last step's reply: where the user is now

    def _seen(self, caller: Caller, reply: WizardReply | None) -> None:
        if reply is None or reply.finished:
            self.nominating.discard(caller.user_id)
        else:
            self.nominating.add(caller.user_id)

    # Messages.
    def handle(self, caller: Caller, text: str) -> list[Reply]:
        """A message or a command."""
        self._sweep_uploads()
        text = clean(text or "").strip()
        return self._durably(caller, "handle", text, lambda: self._handle(caller, text))

    def _handle(self, caller: Caller, text: str) -> list[Reply]:
        command, args = _command(text)
        if command is None:
            return self._message(caller, text)
        if command in NOMINATION_COMMANDS and not caller.private:
            return [Reply(PRIVATE_ONLY)]
        if command == "start":
            greeting = f"Xin chào {caller.name}!" if caller.name else "Xin chào!"
            return [Reply(f"{greeting}\n{help_text(self.is_admin(caller))}")]
        if command == "help":
            return [Reply(help_text(self.is_admin(caller)))]
        if command == "hoi":
            if not args:
                return [Reply("Hãy gõ câu hỏi sau /hoi, ví dụ: /hoi Tiêu chuẩn Lao động tiên tiến?")]
            return self.ask(caller, args)
        if command == "nguon":
            return [Reply(sources_text(self.engine.documents))]
        if command == "huy":
            self._forget(caller)
            reply = self.nominations.cancel(caller.user_id)
            self.nominating.discard(caller.user_id)
            return [Reply(reply.text if reply else "Đã hủy. Bạn có thể đặt câu hỏi mới.")]
        if command == "de_nghi":
            return [self._wizard(caller, self.nominations.start(caller.user_id))]
        if command == "ho_so":
            return [self._wizard(caller, self.nominations.drafts_command(caller.user_id, args.split()))]
        if command in ("binh_xet", "ho_so_ca_nhan"):
            return [self._review_command(caller, command, args)]
        if command in ("quay_lai", "xong"):
            reply = self.nominations.handle(caller.user_id, f"/{command}")
            return [self._wizard(caller, reply) if reply else Reply(NO_ACTIVE)]
        if command in ("capnhat", "thongke", "doi_chieu"):
            if not self.is_admin(caller):
                return [Reply(ADMIN_ONLY)]
            if command == "capnhat":
                return [self.start_refresh()]
            if command == "doi_chieu":
                return [self.mark_checked(caller, args)]
            # Statistics quote users' questions (and the names in them): never in a group.
            return [Reply(self.stats_text(), title="Thống kê") if caller.private else Reply(STATS_PRIVATE)]
        return [Reply(f"Không có lệnh /{command}. Gõ /help để xem các lệnh.")]

    def _message(self, caller: Caller, text: str) -> list[Reply]:
        if caller.private:
            try:
                reply = self.nominations.handle(caller.user_id, text)
            except DatabaseUnavailable:
                if caller.user_id in self.nominating:
                    raise  # held by _durably
                reply = None  # not in a nomination, as far as this process knows: a question, answered
            self._seen(caller, reply)
            if reply is not None:
                # A question typed inside the wizard: answered, then the step shown again (nothing was stored).
                answered = self.ask(caller, reply.question) if reply.question else []
                return [*answered, self._wizard(caller, reply)]
        return self.ask(caller, text)

    def ask(self, caller: Caller, question: str) -> list[Reply]:
        """A question: answered from the knowledge base, logged, remembered for a follow-up."""
        if not re.search(r"\w", question):
            return [Reply(NOTHING_TO_ASK)]
        if not caller.local and not self._allow(caller):
            return [Reply(TOO_FAST)]
        self.engine.retriever.lexical_only(reset=True)
        turn = self.engine.exchange(question, self._previous(caller))
        answer = turn.answer
        if self.engine.retriever.lexical_only() and answer.mode not in ("greeting", "invalid"):
            answer.warnings.append(LEXICAL_ONLY)
        if answer.covered:
            self._remember(caller, turn)
        question_id = self._log(caller, answer)
        buttons = self._answer_buttons(answer, question_id)
        if answer.mode == "eligibility" and caller.private and question_id is not None \
                and self._nomination_offer(answer.question) is not None:
            buttons.insert(0, [Button(NOMINATE_LABEL, f"lap:{question_id}")])
        return [Reply(answer=answer, buttons=buttons)]

    # The conversation's memory (in the process, or in the database several workers share) helps an answer;
    # a fault in it never stands between a user and the answer.
    # Each is given QUICK_WAIT seconds when it lives in the database.
    def _helping(self, what: str, call: Callable, *args, default=None):
        try:
            return self.storage.within(call, *args, wait=QUICK_WAIT) if self.shared else call(*args)
        except Exception as exc:
            log.error("%s skipped (%s)", what, type(exc).__name__)
            return default

    def _allow(self, caller: Caller) -> bool:
        return self._helping("rate limit", self.limiter.allow, caller.user_id, default=True)

    def _previous(self, caller: Caller) -> Turn | None:
        return self._helping("previous question", self.previous.get, caller.user_id)

    def _remember(self, caller: Caller, turn: Turn) -> None:
        self._helping("follow-up memory", self.previous.__setitem__, caller.user_id, turn)

    def _forget(self, caller: Caller) -> None:
        self._helping("follow-up memory", self.previous.pop, caller.user_id, None)

    def _nomination_offer(self, question: str):
        """The eligibility reply to a question when it offers a nomination (criteria met or facts to add)."""
        reply = self.eligibility.reply(question) if self.eligibility else None
        return reply if reply is not None and reply.options else None

    def _nominate(self, caller: Caller, question_id: int) -> Reply:
        """ "Lập hồ sơ đề nghị" under an eligibility answer: the wizard starts with the award and the facts told."""
        asked = self.storage.question(question_id)
        offer = self._nomination_offer(asked.question) if asked and asked.user_id == caller.user_id else None
        if offer is None:
            return Reply(notice=STALE_BUTTON)
        return self._wizard(caller, self.nominations.start_prefilled(caller.user_id, offer.award_id, offer.prefill))

    def _log(self, caller: Caller, answer: Answer) -> int | None:
        """Logging feeds the statistics; it never stands between a user and the answer (a busy, failing or
        paused database gives None, and the question is logged when it returns)."""
        return self.storage.log_question(caller.user_id, caller.chat_id, answer.question, render(answer),
                                         not answer.refused, answer.unit_ids)

    @staticmethod
    def _answer_buttons(answer: Answer, question_id: int | None) -> list[list[Button]]:
        if question_id is None:
            return []
        rows = [[Button(citation_label(citation), f"src:{question_id}:{index}")]
                for index, citation in enumerate(answer.citations)]
        if answer.covered or answer.refused:
            rows.append([Button("👍", f"fb:{question_id}:1"), Button("👎", f"fb:{question_id}:-1")])
        return rows

    def _review_command(self, caller: Caller, command: str, args: str) -> Reply:
        """/binh_xet: the template (next year's, from the unit's registry); /binh_xet them ID: a colleague;
        /ho_so_ca_nhan: the registry's people. The console and the command line are trusted with every unit."""
        if self.reviews is None:
            return Reply(NO_REVIEWS)
        trusted = caller.local
        if command == "ho_so_ca_nhan":
            reply = self.reviews.person_command(caller.user_id, trusted, args)
        elif args.split(" ", 1)[0].lower() in ("them", "thêm"):
            reply = self.reviews.add_colleague(caller.user_id, trusted, args.split(" ", 1)[1] if " " in args else "")
        else:
            reply = self.reviews.template(caller.user_id, trusted, args)
        return Reply(reply.text, files=list(reply.files))

    def _wizard(self, caller: Caller, reply: WizardReply) -> Reply:
        self._seen(caller, reply)
        buttons = [[Button(label, f"nom:{value}")] for label, value in reply.options]
        return Reply(reply.text, buttons=buttons, choices=True, files=list(reply.files))

    # Buttons.
    def press(self, caller: Caller, action: str) -> list[Reply]:
        return self._durably(caller, "press", action or "", lambda: self._press(caller, action or ""))

    def _press(self, caller: Caller, action: str) -> list[Reply]:
        """A button's action; every number in it is range-checked first (a forged one is a stale button)."""
        kind, _, rest = (action or "").partition(":")
        first, _, second = rest.partition(":")
        question_id = record_id(first)
        if kind == "src" and question_id and second.isascii() and second.isdigit() and len(second) < 4:
            return [self._source(question_id, int(second))]
        if kind == "fb" and question_id and second in ("1", "-1"):
            return [self._feedback(caller, question_id, int(second))]
        if kind == "lap" and question_id and not second:
            return [self._nominate(caller, question_id) if caller.private else Reply(notice=PRIVATE_ONLY)]
        if kind == "up" and rest in ("yes", "no"):
            return self._confirm_upload(caller, rest == "yes")
        if kind == "rf" and (removed := record_id(rest)) is not None:
            return [self.start_refresh(confirmed_removal=removed) if self.is_admin(caller)
                    else Reply(notice=ADMIN_ONLY)]
        if kind == "nom" and rest:
            if not caller.private:
                return [Reply(notice=PRIVATE_ONLY)]
            if rest.startswith("/ho_so"):
                return [self._wizard(caller, self.nominations.drafts_command(caller.user_id, rest.split()[1:]))]
            reply = self.nominations.handle(caller.user_id, rest)
            return [self._wizard(caller, reply) if reply else Reply(NO_ACTIVE)]
        return [Reply(notice=STALE_BUTTON)]

    def _source(self, question_id: int, index: int) -> Reply:
        asked = self.storage.question(question_id)
        unit_ids = asked.unit_ids if asked else []
        if not 0 <= index < len(unit_ids):
            return Reply(notice="Không tìm thấy trích dẫn này nữa.")
        heading, text = self.engine.article_text(unit_ids[index])
        if not text:
            return Reply(notice="Điều này không còn trong cơ sở tri thức (đã được cập nhật).")
        unit = self.engine.unit(unit_ids[index])
        origin = provenance_note(unit.doc.provenance) if unit else ""
        return Reply(f"⚠️ {origin[0].upper()}{origin[1:]}.\n{text}" if origin else text, title=heading)

    def _feedback(self, caller: Caller, question_id: int, vote: int) -> Reply:
        asked = self.storage.question(question_id)
        if asked is None or asked.user_id != caller.user_id:
            return Reply(notice="Chỉ người đặt câu hỏi mới góp ý được cho câu trả lời này.")
        self.storage.add_feedback(question_id, caller.user_id, vote)
        return Reply(notice="Cảm ơn góp ý của bạn!")

    # Administration.
    def stats_text(self) -> str:
        lines = []
        for days in (7, 30):
            stats = self.storage.stats(days)
            lines.append(f"{days} ngày qua: {stats['questions']} câu hỏi, {stats['not_covered']} chưa có nội dung "
                         f"trả lời, 👍 {stats['up']} · 👎 {stats['down']}")
        examples = stats["not_covered_examples"]  # the 30-day ones, from the last pass of the loop
        if examples:
            lines.append("Câu hỏi chưa có nội dung (gần nhất):")
            lines.extend(f"• {question[:150]}" for question in examples)
        return "\n".join(lines)

    def start_refresh(self, prefix: str = "", upload: UploadResult | None = None,
                      confirmed_removal: int | None = None) -> Reply:
        """Refresh the index in the background; answers keep coming from the serving generation meanwhile.
        After an upload the report ends by saying whether that document is now answerable, or why not. A
        refresh that would remove much (RefreshReport.held) writes nothing and offers a button; pressed, it
        refreshes with the removal allowed if the removal is still the one the admin saw (`confirmed_removal`
        units), never one that grew since."""
        running = not self._refreshing.acquire(blocking=False)
        if running and upload is None:
            return Reply(prefix + "Đang có một lần cập nhật chạy; kết quả sẽ được gửi khi xong.")

        def job(tell: Callable[[str], None]) -> list[Reply]:
            if running:  # the refresh under way may have read the folders before this upload was stored
                self._refreshing.acquire()
            progress = Progress()

            def on_progress(done: int, total: int) -> None:
                progress(done, total)
                if line := progress.render():
                    tell(line)

            buttons: list[list[Button]] = []
            try:
                report = self._refresh(on_progress=on_progress, allow_remove=False)
                if report.held and report.removed == confirmed_removal:
                    report = self._refresh(on_progress=on_progress, allow_remove=True)
                self.engine.retriever.reload()
                text = report.render() + (f"\n{upload.after_refresh(report)}" if upload else "")
                if report.held:
                    text += f"\nNếu đúng là muốn gỡ các văn bản trên, bấm “{REMOVE_LABEL}”."
                    buttons = [[Button(REMOVE_LABEL, f"rf:{report.removed}")]]
            except RefreshBusy as exc:
                text = str(exc)
            except Exception as exc:
                log.exception("refresh failed")
                text = f"Cập nhật thất bại ({type(exc).__name__}); cơ sở tri thức cũ vẫn được dùng."
            finally:
                self._refreshing.release()  # before the report, so an admin who reads it can start the next one
            return [Reply(text, buttons=buttons)]

        if running:
            return Reply(prefix + "Đang có một lần cập nhật chạy; tệp này sẽ được cập nhật ngay sau đó.", job=job)
        return Reply(prefix + "Đang cập nhật cơ sở tri thức… Trong lúc đó câu trả lời vẫn dùng dữ liệu cũ.", job=job)

    def mark_checked(self, caller: Caller, wanted: str) -> Reply:
        """/doi_chieu: the uploads and whether each was checked against the official text; with an id or a
        number, record that this admin has checked that one, then refresh so answers say so."""
        folder = self.settings.upload_dir
        if not wanted:
            manifest = read_manifest(folder)
            if manifest.damaged:
                return Reply(DAMAGED_MANIFEST)
            if not manifest.files:
                return Reply("Chưa có văn bản nào do quản trị viên tải lên.")
            lines = ["Văn bản tải lên (gõ /doi_chieu <mã> sau khi đã đối chiếu với bản gốc):"]
            for file_name, entry in manifest.files.items():
                number = f" ({entry['number']})" if entry.get("number") else ""
                origin = provenance_note(manifest.provenance(file_name), who=True)
                lines.append(f"• {entry.get('doc_id')} — {entry.get('title')}{number}: {origin}")
            return Reply("\n".join(lines))
        with locked_manifest(folder) as manifest:
            if manifest.damaged:
                return Reply(DAMAGED_MANIFEST)
            file_name = manifest.find(wanted)
            if file_name is None:
                return Reply(f"Không thấy văn bản tải lên nào có mã hoặc số hiệu “{wanted[:60]}”. Gõ /doi_chieu để "
                             "xem danh sách.")
            manifest.record_check(file_name, uploader(caller))
            manifest.save()
            entry = manifest.files[file_name]
        return self.start_refresh(prefix=f"Đã ghi: {entry['title']} đã được đối chiếu với bản gốc.\n")

    def check_upload(self, caller: Caller, name: str, size: int) -> Reply | None:
        """What to say before receiving a file, or None when it may be received. A spreadsheet is a unit's review
        (/binh_xet), from any allowed user in a private chat; other files are documents for admins."""
        limit = self.settings.max_upload_mb
        if Path(name).suffix.lower() in SHEET_SUFFIXES:
            if not caller.private:
                return Reply(PRIVATE_ONLY)
            if size > limit * 1024 * 1024:
                return Reply(f"Tệp quá lớn ({size / 1048576:.1f} MB); giới hạn {limit} MB.")
            return None
        if not self.is_admin(caller):
            return Reply(UPLOAD_ADMIN_ONLY)
        suffix = Path(name).suffix.lower()
        if suffix not in FORMATS:
            return Reply(f"Không nhận tệp {suffix or 'không có đuôi'}: {unsupported(suffix)}.")
        if size > limit * 1024 * 1024:
            return Reply(f"Tệp quá lớn ({size / 1048576:.1f} MB); giới hạn {limit} MB.")
        return None

    def upload(self, caller: Caller, name: str, data: bytes, replace: bool = False) -> list[Reply]:
        """An admin's document: checked, stored in the upload folder, indexed; anything wrong changes nothing.
        One that would replace an earlier upload waits for the admin to confirm. A spreadsheet is a unit's
        filled review sheet: judged, answered with the result and the dossier."""
        refusal = self.check_upload(caller, name, len(data))
        if refusal:
            return [refusal]
        if Path(name).suffix.lower() in SHEET_SUFFIXES:
            if self.reviews is None:
                return [Reply(NO_REVIEWS)]
            reply = self.reviews.review(caller.user_id, caller.local, name, data)
            return [Reply(reply.text, files=list(reply.files))]
        result = accept_upload(name, data, self.settings.upload_dir, self.engine.documents, replace=replace,
                               max_bytes=self.settings.max_upload_mb * 1024 * 1024, uploader=uploader(caller))
        if result.needs_confirmation:
            self.pending_uploads[caller.user_id] = (name, data)
            return [Reply(result.message + f"\nThay thế? (tệp chờ xác nhận trong {WAIT_MINUTES} phút)",
                          buttons=[[Button("Thay thế", "up:yes"), Button("Không thay", "up:no")]])]
        if not result.accepted:
            return [Reply(result.message)]
        return [self.start_refresh(prefix=result.message + "\n", upload=result)]

    def _sweep_uploads(self) -> None:
        """Drop the bytes of expired pending uploads, at most once a minute; a database that cannot be reached
        just now costs nothing (the next message sweeps)."""
        if time.monotonic() - self._swept_at < 60:
            return
        self._swept_at = time.monotonic()
        self._helping("sweeping expired uploads", self.pending_uploads.sweep)

    def _confirm_upload(self, caller: Caller, confirmed: bool) -> list[Reply]:
        if not self.is_admin(caller):
            return [Reply(notice=ADMIN_ONLY)]
        pending = self.pending_uploads.pop(caller.user_id, None)
        if pending is None:
            return [Reply(notice=STALE_BUTTON)]
        if isinstance(pending, ExpiredUpload):
            return [Reply(expired_upload_text(pending.name))]
        if not confirmed:
            return [Reply("Đã bỏ tệp; cơ sở tri thức không thay đổi.")]
        return self.upload(caller, *pending, replace=True)


def uploader(caller: Caller) -> str:
    """Who an upload or a check is recorded as: "Lan (1001)"; the operator at the server's console."""
    if caller.local:
        return "người vận hành máy chủ"
    return f"{caller.name} ({caller.user_id})" if caller.name else str(caller.user_id)


def expired_upload_text(name: str) -> str:
    return (f"Tệp {name} đã chờ xác nhận quá {WAIT_MINUTES} phút nên đã hết hạn và được bỏ đi: không văn bản nào "
            "bị thay thế, cơ sở tri thức không thay đổi. Nếu vẫn muốn thay thế, hãy gửi lại tệp.")


def _command(text: str) -> tuple[str | None, str]:
    """ "/ho_so@thidua_bot xoa 3" -> ("ho_so", "xoa 3"); a plain message -> (None, text)."""
    match = re.match(r"^/([^\s@]+)(?:@\w+)?(?:\s+(.*))?$", text, re.DOTALL)
    if not match:
        return None, text
    return match.group(1).lower(), (match.group(2) or "").strip()
