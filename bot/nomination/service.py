"""Nominations with persistence: each step is saved as a draft, so a restart loses nothing; a user sees
and resumes only their own drafts."""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Callable
from functools import wraps
from pathlib import Path

from bot.nomination.catalogue import Award, Catalogue
from bot.nomination.documents import TEMPLATES_DIR, DossierWriter, Entry
from bot.nomination.eligibility import Rules
from bot.nomination.verdict import prefill_session
from bot.nomination.wizard import Reply, Wizard
from bot.storage import Draft, Storage, record_id
from ingest.vietnamese import fold_key

CONFIRM_DELETE = "chac"  # "/ho_so xoa N chac": the deletion the user confirmed


def one_at_a_time(method):
    """A user's messages may be handled concurrently (two quick answers); each draft changes one at a time,
    so no answer is lost to a concurrent write."""

    @wraps(method)
    def locked(self, user_id: int, *args, **kwargs):
        with self._locks_guard:
            lock = self._locks[user_id]
        with lock:
            return method(self, user_id, *args, **kwargs)

    return locked


class Nominations:
    def __init__(self, catalogue: Catalogue, documents: Callable[[], dict[str, dict]], storage: Storage,
                 province: str, output_dir: Path, templates: Path = TEMPLATES_DIR) -> None:
        """`documents` gives the indexed documents (for citation labels) as they are after the last refresh;
        `templates` holds the .docx templates the drafts are filled from."""
        self.storage = storage
        self.output_dir = output_dir
        self.documents = documents
        self.writer = DossierWriter(catalogue, {}, province, templates)
        self.wizard = Wizard(catalogue, Rules(catalogue, {}), province, self._render)
        self._locks: defaultdict[int, threading.RLock] = defaultdict(threading.RLock)
        self._locks_guard = threading.Lock()

    def _sync_documents(self) -> None:
        self.writer.documents = self.wizard.rules.documents = self.documents()

    def _render(self, session: dict, award: Award, entries: list[Entry], review_sheet: bool) -> list[Path]:
        folder = Path(session["output"])
        for old in folder.glob("*.docx"):  # a reopened dossier is written anew: no stale document is left
            old.unlink()
        if review_sheet:
            return [self.writer.review_sheet(session, award, entries, folder)]
        return self.writer.write(session, award, entries, folder)

    def units(self, user_id: int) -> list[dict]:
        """The units the user nominated from, latest first, each with its parts (parent, ký hiệu, địa danh) as
        their latest nomination from it gave them: asked once per unit, then remembered."""
        found: dict[str, dict] = {}
        for _, session in self._sessions(user_id):
            profile = session.get("profile") or {}
            if profile.get("org_unit"):
                found.setdefault(fold_key(profile["org_unit"]), profile)
        return list(found.values())

    def _sessions(self, user_id: int) -> list[tuple[Draft, dict]]:
        """The user's drafts with their sessions, read in one query (this runs for every private message)."""
        return [(draft, draft.session) for draft in self.storage.list_drafts(user_id)]

    def active(self, user_id: int) -> tuple[int, dict] | None:
        """The user's draft in progress, read from its state column (this runs for every private message)."""
        draft = self.storage.active_draft(user_id)
        return (draft.id, draft.session) if draft else None

    def _save(self, user_id: int, draft_id: int | None, session: dict, finished: bool = False) -> int:
        return self.storage.save_draft(user_id, session, draft_id, self.wizard.title(session), finished)

    def _deactivate_others(self, user_id: int, keep: int | None = None) -> None:
        self.storage.deactivate_drafts(user_id, keep)

    @one_at_a_time
    def start(self, user_id: int) -> Reply:
        self._sync_documents()
        self._deactivate_others(user_id)
        session, reply = self.wizard.start(self.units(user_id))
        session["active"] = True
        self._save(user_id, None, session)
        return reply

    @one_at_a_time
    def start_prefilled(self, user_id: int, award_id: str, facts: dict) -> Reply:
        """A nomination started from an eligibility answer ("Lập hồ sơ đề nghị"): the award chosen and the facts
        told there already filled in, so the wizard asks only what is still missing."""
        self._sync_documents()
        self._deactivate_others(user_id)
        session, _ = self.wizard.start(self.units(user_id))
        prefill_session(session, self.wizard.catalogue, award_id, facts)
        reply = self.wizard.handle(session, award_id)
        session["active"] = True
        self._save(user_id, None, session)
        return reply

    @one_at_a_time
    def handle(self, user_id: int, text: str) -> Reply | None:
        """The next answer of the user's active nomination; None when there is none."""
        found = self.active(user_id)
        if found is None:
            return None
        draft_id, session = found
        self._sync_documents()
        session["output"] = str(self.output_dir / str(user_id) / f"ho-so-{draft_id}")
        reply = self.wizard.handle(session, text)
        if reply.finished:
            session["active"] = False
        self._save(user_id, draft_id, session, finished=reply.finished)
        return reply

    @one_at_a_time
    def cancel(self, user_id: int) -> Reply | None:
        found = self.active(user_id)
        if found is None:
            return None
        draft_id, session = found
        session["active"] = False
        self._save(user_id, draft_id, session)
        return Reply(f"Đã dừng hồ sơ #{draft_id}. Bản nháp vẫn được lưu: dùng /ho_so để tiếp tục hoặc xóa.")

    def list(self, user_id: int) -> Reply:
        drafts = self.storage.list_drafts(user_id)
        if not drafts:
            return Reply("Bạn chưa có hồ sơ nào. Gõ /de_nghi để bắt đầu.")
        lines, options = ["Hồ sơ của bạn:"], []
        for draft in drafts:
            state = "đã hoàn tất" if draft.finished else "đang làm"
            lines.append(f"#{draft.id} {draft.title} ({state}, cập nhật {draft.updated_at:%d/%m/%Y %H:%M})")
            label = "Sửa" if draft.finished else "Tiếp tục"
            options.append((f"{label} #{draft.id}", f"/ho_so tiep {draft.id}"))
            options.append((f"Xóa #{draft.id}", f"/ho_so xoa {draft.id}"))
        return Reply("\n".join(lines), options)

    @one_at_a_time
    def resume(self, user_id: int, draft_id: int) -> Reply:
        session = self.storage.load_draft(user_id, draft_id)
        if session is None:
            return Reply(f"Không tìm thấy hồ sơ #{draft_id} của bạn.")
        reopened = session.get("step") == "done"
        if reopened:  # a finished dossier reopens at its review: a field corrected, its documents made again
            session["step"] = "review"
        self._sync_documents()
        self._deactivate_others(user_id, keep=draft_id)
        session["active"] = True
        self._save(user_id, draft_id, session)
        reply = self.wizard.resume(session)
        self._save(user_id, draft_id, session)  # resuming may move to a question the draft was never asked
        opening = (f"Mở lại hồ sơ #{draft_id} đã hoàn tất: chọn “Sửa: …” để sửa một mục, rồi “Xác nhận” và “Hoàn tất” "
                   "để tạo lại các văn bản." if reopened else f"Tiếp tục hồ sơ #{draft_id}.")
        return Reply(f"{opening}\n\n{reply.text}", reply.options)

    def confirm_delete(self, user_id: int, draft_id: int) -> Reply:
        """Deleting cannot be undone: say which draft it is and ask before."""
        draft = next((draft for draft in self.storage.list_drafts(user_id) if draft.id == draft_id), None)
        if draft is None:
            return Reply(f"Không tìm thấy hồ sơ #{draft_id} của bạn.")
        return Reply(f"Xóa hồ sơ #{draft_id} ({draft.title})? Không thể khôi phục sau khi xóa.",
                     [(f"Xóa hẳn #{draft_id}", f"/ho_so xoa {draft_id} {CONFIRM_DELETE}"), ("Không xóa", "/ho_so")])

    @one_at_a_time
    def delete(self, user_id: int, draft_id: int) -> Reply:
        if self.storage.delete_draft(user_id, draft_id):
            return Reply(f"Đã xóa hồ sơ #{draft_id}.")
        return Reply(f"Không tìm thấy hồ sơ #{draft_id} của bạn.")

    @one_at_a_time
    def drafts_command(self, user_id: int, args: list[str]) -> Reply:
        """/ho_so, /ho_so tiep N, /ho_so xoa N (N a draft's number, range-checked before the database sees it)."""
        confirmed = len(args) == 3 and args[0].lower() in ("xoa", "xóa") and args[2] == CONFIRM_DELETE
        if (len(args) == 2 or confirmed) and args[0].lower() in ("tiep", "tiếp", "xoa", "xóa"):
            draft_id = record_id(args[1])
            if draft_id is None:
                return Reply(f"“{args[1][:20]}” không phải số hồ sơ: hãy gõ số ghi sau dấu # trong /ho_so.")
            if args[0].lower() in ("tiep", "tiếp"):
                return self.resume(user_id, draft_id)
            return self.delete(user_id, draft_id) if confirmed else self.confirm_delete(user_id, draft_id)
        if args:
            return Reply("Dùng: /ho_so, /ho_so tiep <số>, /ho_so xoa <số>.")
        return self.list(user_id)
