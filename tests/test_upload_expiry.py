"""An upload waiting for its admin's "Thay thế" expires after PENDING_UPLOAD_WINDOW, in the process and in the
database several workers share alike: its bytes are dropped, and a late press says so and replaces nothing."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

import bot.assistant as assistant_module
import bot.shared_state as shared
from bot.assistant import STALE_BUTTON, Caller
from bot.services import build_assistant
from bot.shared_state import ExpiredUpload, LocalPendingUploads, PendingUpload, SharedState
from bot.storage import Storage
from tests.conftest import stored

DOCUMENT = """---
id: quy-che-het-han
title: Quy chế thi đua của Phòng mẫu
number: 21/QC-PM
---
### Điều 1. Đối tượng
Quy chế áp dụng với công chức của Phòng mẫu.

### Điều 2. Danh hiệu Lao động tiên tiến của Phòng
Tặng cho cá nhân hoàn thành tốt nhiệm vụ.
"""
CHANGED = DOCUMENT.replace("hoàn thành tốt nhiệm vụ", "hoàn thành tốt nhiệm vụ và có sáng kiến")


def later(monkeypatch: pytest.MonkeyPatch, past: timedelta) -> None:
    """Move both clocks (the process's monotonic one and the database's UTC one) `past` into the future."""
    monotonic, utc = shared.time.monotonic() + past.total_seconds(), shared._now() + past
    monkeypatch.setattr(shared.time, "monotonic", lambda: monotonic)
    monkeypatch.setattr(shared, "_now", lambda: utc)


def stored_bytes(pending) -> list[bytes]:
    """What the pending uploads still hold, wherever they keep it."""
    if isinstance(pending, LocalPendingUploads):
        return [data for _, _, data in pending._waiting.values() if data]
    with Session(pending.engine) as session:
        return [row.data for row in session.scalars(select(PendingUpload)) if row.data]


@pytest.fixture(params=["local", "database"])
def pending(request, tmp_path: Path):
    if request.param == "local":
        return LocalPendingUploads()
    return SharedState(Storage(f"sqlite:///{tmp_path / 'shared.sqlite3'}")).pending_uploads()


def test_an_upload_answered_in_time_is_kept(pending) -> None:
    pending[7] = ("quy-che.md", b"noi dung")
    assert pending.sweep() == 0
    assert pending.pop(7) == ("quy-che.md", b"noi dung")
    assert pending.pop(7) is None and pending.pop(8, ("x", b"")) == ("x", b"")


def test_an_unanswered_upload_expires_and_its_bytes_are_dropped(pending, monkeypatch: pytest.MonkeyPatch) -> None:
    pending[7] = ("quy-che.md", b"noi dung")
    pending[9] = ("khac.md", b"van ban khac")
    later(monkeypatch, shared.PENDING_UPLOAD_WINDOW + timedelta(seconds=1))
    assert pending.sweep() == 2
    assert stored_bytes(pending) == [], "the bytes go even if no admin ever answers"
    assert pending.pop(7) == ExpiredUpload("quy-che.md")
    assert pending.pop(7) is None, "told once, then forgotten"
    pending[7] = ("moi.md", b"gui lai")  # sent again: a fresh wait
    assert pending.pop(7) == ("moi.md", b"gui lai")


def test_an_expired_upload_is_expired_even_before_a_sweep(pending, monkeypatch: pytest.MonkeyPatch) -> None:
    pending[7] = ("quy-che.md", b"noi dung")
    later(monkeypatch, shared.PENDING_UPLOAD_WINDOW)
    assert pending.pop(7) == ExpiredUpload("quy-che.md")


def test_a_worker_sees_the_expiry_of_an_upload_another_received(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path / 'shared.sqlite3'}"
    first, second = SharedState(Storage(url)), SharedState(Storage(url))
    first.pending_uploads()[7] = ("quy-che.md", b"noi dung")
    later(monkeypatch, shared.PENDING_UPLOAD_WINDOW + timedelta(minutes=1))
    second.pending_uploads()[8] = ("khac.md", b"moi")  # any worker's write sweeps every expired upload
    assert stored_bytes(first.pending_uploads()) == [b"moi"]
    assert first.pending_uploads().pop(7) == ExpiredUpload("quy-che.md")


@pytest.fixture(params=["local", "database"])
def admin_assistant(request, synthetic_settings, tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    settings = synthetic_settings.model_copy(update={
        "upload_dir": tmp_path / "uploads", "drafts_dir": tmp_path / "drafts", "admin_ids": "1",
        "database_url": url if request.param == "database" else None})
    return build_assistant(settings, storage=Storage(url))


def test_a_late_replace_says_the_upload_expired_and_replaces_nothing(admin_assistant,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    admin = Caller(1, 1)
    [accepted] = admin_assistant.upload(admin, "quy-che.md", DOCUMENT.encode())
    assert accepted.text.startswith("Đã nhận")
    [question] = admin_assistant.upload(admin, "quy-che.md", CHANGED.encode())
    assert "Thay thế?" in question.text and f"{assistant_module.WAIT_MINUTES} phút" in question.text
    assert [b.action for row in question.buttons for b in row] == ["up:yes", "up:no"]

    later(monkeypatch, shared.PENDING_UPLOAD_WINDOW + timedelta(minutes=1))
    admin_assistant.handle(admin, "/help")  # any message sweeps
    assert stored_bytes(admin_assistant.pending_uploads) == []

    [late] = admin_assistant.press(admin, "up:yes")
    assert "quy-che.md" in late.text and "hết hạn" in late.text and "gửi lại tệp" in late.text
    assert "không văn bản nào bị thay thế" in late.text
    folder = admin_assistant.settings.upload_dir
    assert stored(folder) == ["quy-che.md"]
    assert (folder / "quy-che.md").read_text(encoding="utf-8") == DOCUMENT, "the earlier upload is untouched"
    assert admin_assistant.press(admin, "up:yes")[0].notice == STALE_BUTTON

    # Sent again, it waits afresh and "Thay thế" replaces.
    admin_assistant.upload(admin, "quy-che.md", CHANGED.encode())
    [replaced] = admin_assistant.press(admin, "up:yes")
    assert replaced.text.startswith("Đã nhận")
    assert (folder / "quy-che.md").read_text(encoding="utf-8") == CHANGED
