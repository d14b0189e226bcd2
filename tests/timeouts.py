"""Fail instead of hanging: a parser whose patterns backtrack takes minutes, not seconds."""

from __future__ import annotations

import signal
from contextlib import contextmanager


@contextmanager
def at_most(seconds: int, what: str = "parsing"):
    """Raise AssertionError if the block runs longer than `seconds` (SIGALRM, main thread)."""

    def stop(signum, frame):
        raise AssertionError(f"{what} took over {seconds} s: a pattern backtracks, or the work is not linear")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
