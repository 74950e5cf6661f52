"""How far an embedding run is, as people read it: units done, units a second, and the time left."""

from __future__ import annotations

import time
from collections.abc import Callable


class Progress:
    """Fed the (done, total) a refresh reports (`on_progress`); the clock starts at the first report, and the
    rate is the one at the last report."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.started = self.reported = 0.0
        self.done = self.total = 0

    def __call__(self, done: int, total: int) -> None:
        self.reported = self.clock()
        if not self.started:
            self.started = self.reported
        self.done, self.total = done, total

    @property
    def rate(self) -> float:
        elapsed = self.reported - self.started
        return self.done / elapsed if elapsed > 0 else 0.0

    def render(self) -> str:
        """One line; empty before the first unit is done (no rate to tell yet)."""
        if not self.done:
            return ""
        line = f"Đã nhúng {self.done}/{self.total} đơn vị · {self.rate:.1f} đơn vị/giây"
        if self.done < self.total and self.rate > 0:
            line += f" · còn khoảng {duration((self.total - self.done) / self.rate)}"
        return line


def duration(seconds: float) -> str:
    minutes, rest = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return f"{hours} giờ {minutes} phút"
    return f"{minutes} phút {rest} giây" if minutes else f"{rest} giây"
