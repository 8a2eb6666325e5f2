"""Progress lines for long runs: at most one every few seconds, and the last one."""

import time
from collections.abc import Callable

EVERY_SECONDS = 5.0


def size_text(size: int) -> str:
    value = float(size)
    for unit in ("bytes", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1024
    raise AssertionError("unreachable")


class Progress:
    """``step(size)`` after each file of ``total``; prints "<what>: n of total (size)"."""

    def __init__(self, say: Callable[[str], None], what: str, total: int) -> None:
        self.say, self.what, self.total = say, what, total
        self.done = self.size = 0
        self.last = time.monotonic()

    def step(self, size: int) -> None:
        self.done += 1
        self.size += size
        now = time.monotonic()
        if self.done == self.total or now - self.last >= EVERY_SECONDS:
            self.last = now
            self.say(f"{self.what}: {self.done} of {self.total} ({size_text(self.size)})")
