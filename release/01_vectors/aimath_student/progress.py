"""What the self-check's children reported so far, kept across restarts by the watchdog.

Each event moves the state on; when a child has to be stopped, `blame` charges it to what
was running (a cell while loading, else the test), and `job` describes the next child:
the same cells without those that hung, and only the tests without a result yet.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .limits import STRIKES, Limits
from .namespace import CellFailure
from .notebook import Source
from .protocol import Event, Job
from .report import CheckReport, Row, cell_row
from .text import cell_label, say

if TYPE_CHECKING:
    from .runner import Request

OUTPUT_TAIL = 600


@dataclass(frozen=True)
class Stop:
    """Why a child was stopped: "timeout", "output" (printed too much), "crash" or "budget"
    (the submission's time ran out during a call)."""

    kind: str
    exit_code: int = 0
    output: str = ""  # the end of what the child printed, for a check that broke


class Progress:
    """The tests, results and failed cells reported so far, and what is running now."""

    def __init__(self, source: Source, lang: str = "en",
                 titles: Mapping[str, str] | None = None, *, quiz: bool = False) -> None:
        self.source, self.lang, self.titles, self.quiz = source, lang, titles or {}, quiz
        self.tests: tuple[tuple[str, str], ...] | None = None  # (node id, public name)
        self.results: dict[str, Row] = {}
        self.failures: dict[str, CellFailure] = {}  # every cell that did not load
        self.stopped: dict[str, CellFailure] = {}  # cells that hung or crashed: never rerun
        self.running = ""  # the cell or function running now
        self.test = ""  # the node id of the test running now
        self.loading = True  # the current child is still loading cells
        self.memory = self.finished = False
        self.problem = ""
        self.spent = self._since = 0.0
        self.strikes: Counter[str] = Counter()  # timeouts and crashes, by function

    def begin_round(self) -> None:
        """A new child starts: it loads the cells first."""
        self.running, self.test, self.loading = "", "", True

    def job(self, request: Request, limits: Limits) -> Job:
        """The next child's work: every cell but those that hung, the tests still to run."""
        select = None if self.tests is None else tuple(
            node for node, _ in self.tests if node not in self.results)
        return Job(str(request.tests), self.source.cells, tuple(self.stopped.values()), select,
                   request.only, str(request.forms or ""), limits.memory_mb, request.lang,
                   max(0.0, limits.submission_timeout - self.spent), limits.submission_timeout,
                   tuple(sorted(name for name, n in self.strikes.items() if n >= STRIKES)))

    def apply(self, event: Event) -> None:
        """Move on by one event of the child."""
        now = time.monotonic()
        if event.kind == "ready":
            self.memory = event.memory
        elif event.kind == "start":
            self.running, self._since = event.name, now
        elif event.kind == "end":
            self.running, self.spent = "", self.spent + now - self._since
        elif event.kind == "cell" and event.failure is not None:
            self.failures[event.failure.label] = event.failure
        elif event.kind == "collected":
            self.loading = False
            self.tests = self._translated(event.tests) if self.tests is None else self.tests
        elif event.kind == "test":
            self.test = event.name
        elif event.kind == "result":
            self.results[event.name] = Row(self._title(event.name), event.passed, event.message)
        elif event.kind == "done":
            self.finished = True

    def blame(self, stop: Stop, limits: Limits) -> bool:
        """Charge a stopped child to the cell or test it was running; False when it was
        running neither (the check itself broke: `problem` says how)."""
        where = cell_label(self.running, self.lang) or self._title(self.test)
        message = {"timeout": say(self.lang, "timed_out", timeout=limits.call_timeout,
                                  where=where),
                   "output": say(self.lang, "printed_too_much", mb=limits.output_mb,
                                 where=where),
                   "crash": say(self.lang, "crashed", code=stop.exit_code, where=where),
                   "budget": say(self.lang, "over_budget", seconds=limits.submission_timeout)}
        if self.running and self.loading:
            failure = CellFailure(self.running, "", message[stop.kind])
            self.failures[self.running] = self.stopped[self.running] = failure
        elif self.test:
            self.results[self.test] = Row(self._title(self.test), False, message[stop.kind])
            if self.running and stop.kind in ("timeout", "crash", "output"):
                self.strikes[self.running] += 1  # as the grader counts them
        else:
            detail = stop.output.strip()[-OUTPUT_TAIL:] or f"exit code {stop.exit_code}"
            self.problem = say(self.lang, "broken", detail=detail)
            return False
        if self.running:
            self.spent += time.monotonic() - self._since
        return True

    def out_of_time(self, limits: Limits) -> None:
        """Stop here: the student's code used up the whole check's time."""
        self.problem = say(self.lang, "over_budget", seconds=limits.submission_timeout)
        self.finished = True

    def report(self, request: Request, limits: Limits, *, isolated: bool) -> CheckReport:
        """The check's result: every collected test in order, the cells that failed."""
        order = {cell.label: cell.index for cell in self.source.cells}
        failures = sorted(self.failures.values(), key=lambda f: order.get(f.label, 0))
        unwritten = [f.label for f in failures if f.error == "NotImplementedError"]
        notes = [str(note) for note in self.source.notes]
        if unwritten:  # a stub's own check cell: the tests say "not written yet" already
            notes.append(say(self.lang, "unwritten",
                             cells=", ".join(cell_label(c, self.lang) for c in unwritten)))
        tests = tuple(self.results.get(node) or Row(title, False, self.problem)
                      for node, title in self.tests or ())
        cells = tuple(cell_row(f, self.lang) for f in failures if f.label not in unwritten)
        return CheckReport(self.source.filename, request.assignment, request.quiz, tests, cells,
                           tuple(notes), limits, isolated, self.memory and isolated,
                           self.problem, self.lang)

    def _translated(self, tests: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
        """The collected tests with their titles in the check's language where it has one (a
        quiz's tests are its form checks, `test_<item>`, titled as `aimath release` wrote)."""
        def title_of(node: str, title: str) -> str:
            name = node.rsplit("::", 1)[-1]
            if self.quiz:
                return say(self.lang, "quiz_title", item=name.removeprefix("test_"))
            return self.titles.get(name, title)
        return tuple((node, title_of(node, title)) for node, title in tests)

    def _title(self, node: str) -> str:
        return dict(self.tests or ()).get(node, node)
