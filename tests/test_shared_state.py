"""State several workers share through the database: rate limits, follow-ups, the refresh lease."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import update
from sqlalchemy.orm import Session

from bot.engine.core import Turn
from bot.shared_state import Lease, SharedState
from bot.storage import Storage, _now
from ingest.refresh import RefreshBusy


def two_workers(tmp_path: Path) -> tuple[SharedState, SharedState]:
    """Two workers' views of one database (separate engines, as in two processes)."""
    url = f"sqlite:///{tmp_path / 'shared.sqlite3'}"
    return SharedState(Storage(url)), SharedState(Storage(url))


def test_rate_limit_counts_every_worker(tmp_path: Path) -> None:
    first, second = two_workers(tmp_path)
    a, b = first.limiter(3), second.limiter(3)
    assert a.allow(1) and b.allow(1) and a.allow(1)
    assert not b.allow(1) and not a.allow(1)
    assert b.allow(2), "another user has a window of their own"


def test_follow_up_turns_travel_between_workers(tmp_path: Path) -> None:
    first, second = two_workers(tmp_path)
    first.turns()[5] = Turn("Tiêu chuẩn Lao động tiên tiến cho cá nhân", None)
    assert second.turns().get(5).question == "Tiêu chuẩn Lao động tiên tiến cho cá nhân"
    second.turns()[5] = Turn("Tiêu chuẩn Lao động tiên tiến cho tập thể", None)
    assert first.turns().get(5).question.endswith("tập thể")
    assert first.turns().pop(5).question.endswith("tập thể") and second.turns().get(5) is None


def test_one_refresh_lease_at_a_time_and_a_dead_holders_lease_expires(tmp_path: Path) -> None:
    first, second = two_workers(tmp_path)
    with first.lease("refresh"), pytest.raises(RefreshBusy):
        second.lease("refresh").__enter__()
    with second.lease("refresh"):  # released when the holder finished
        pass

    assert first.leases.take("refresh")  # taken, then its heartbeat stopped: the worker died
    with Session(first.storage.engine) as session, session.begin():
        session.execute(update(Lease).values(expires_at=_now() - timedelta(seconds=1)))
    with second.lease("refresh"), pytest.raises(RefreshBusy):
        first.lease("refresh").__enter__()


def test_an_upload_waiting_for_confirmation_is_seen_by_every_worker(tmp_path: Path) -> None:
    first, second = two_workers(tmp_path)
    first.pending_uploads()[7] = ("qd-moi.md", b"---\nid: moi\n---\n")
    first.pending_uploads()[7] = ("qd-moi-2.md", b"second")  # a newer upload replaces the waiting one
    assert second.pending_uploads().pop(7) == ("qd-moi-2.md", b"second")
    assert first.pending_uploads().pop(7) is None and first.pending_uploads().pop(8, ("x", b"")) == ("x", b"")
