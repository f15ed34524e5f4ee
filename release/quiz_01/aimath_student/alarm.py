"""A time limit for `pytest` run in a released folder, where the notebook runs in pytest's own
process: each call into the student's code (a cell is one) is stopped after the course's
per-call limit, as the self-check's watchdog would, instead of hanging the terminal.

It uses `SIGALRM`, so it holds on Unix in the main thread; elsewhere nothing is limited (the
self-check, `python -m aimath_student check`, is limited everywhere)."""

from __future__ import annotations

import signal
import threading
from types import FrameType
from typing import Any

from .protocol import Event
from .text import cell_label, say


class TimedOut(Exception):
    """A call into the student's code ran past the limit."""


class AlarmSink:
    """A `Sink` that reports nothing and limits each call into the student's code."""

    def __init__(self, seconds: float, lang: str) -> None:
        self.seconds, self.lang = seconds, lang
        self.usable = hasattr(signal, "SIGALRM") and (
            threading.current_thread() is threading.main_thread())
        self.previous: Any = None  # the handler and timer in place before a call (a plugin's)

    def emit(self, event: Event) -> None:
        """Nothing to report: pytest prints the results."""

    def start(self, name: str) -> None:
        if not self.usable:
            return
        message = say(self.lang, "timed_out", timeout=self.seconds,
                      where=cell_label(name, self.lang))

        def stop(signum: int, frame: FrameType | None) -> None:
            raise TimedOut(message)

        handler = signal.signal(signal.SIGALRM, stop)
        self.previous = handler, signal.setitimer(signal.ITIMER_REAL, self.seconds, 0.5)
        # ^ again every 0.5 s if the student's code catches the first and carries on

    def end(self) -> None:
        """Stop this call's timer; give back the handler and timer that were there (e.g.
        pytest-timeout's), the timer less the time the call took."""
        if not self.usable or self.previous is None:
            return
        handler, (left, interval) = self.previous
        spent = self.seconds - signal.getitimer(signal.ITIMER_REAL)[0]
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, signal.SIG_DFL if handler is None else handler)
        if left:
            signal.setitimer(signal.ITIMER_REAL, max(left - spent, 1e-6), interval)
        self.previous = None
