"""What the self-check's watchdog and its child say to each other: one job, then events.

The parent writes a `Job` (JSON file) and reads `Event`s, one JSON line each, from the
child's original stdout; the student's own output goes to a capped file instead. Every
event is progress: a child silent for longer than a call may take is stopped.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

from . import wellformed
from .limits import DEFAULT_LIMITS
from .namespace import CellFailure
from .notebook import Cell

CHILD_FLAG = "AIMATH_CHECK_CHILD"  # set while a check runs student code: check() does nothing


@dataclass(frozen=True)
class Job:
    """One child's work: load `cells` (not those in `skipped`), run the public tests."""

    tests: str
    cells: tuple[Cell, ...]
    skipped: tuple[CellFailure, ...] = ()
    select: tuple[str, ...] | None = None  # node ids still to run; None: all of them
    only: str = ""  # run only the tests of this function ("" for all)
    forms: str = ""  # a quiz's answer forms
    memory_mb: int = DEFAULT_LIMITS.memory_mb
    lang: str = "en"
    time_left: float | None = None  # seconds of student code left to it; None: no budget
    time_limit: float = DEFAULT_LIMITS.submission_timeout  # the submission's, for messages
    given_up: tuple[str, ...] = ()  # functions that timed out or crashed `STRIKES` times

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> Job:
        data = json.loads(text)
        select = data["select"]
        return cls(data["tests"], tuple(Cell(**c) for c in data["cells"]),
                   tuple(CellFailure(**f) for f in data["skipped"]),
                   None if select is None else tuple(select), data["only"], data["forms"],
                   data["memory_mb"], data["lang"], data["time_left"], data["time_limit"],
                   tuple(data["given_up"]))


@dataclass(frozen=True)
class Event:
    """One step of the child's progress.

    `kind` is one of: ready (imports done; `memory` says whether the memory limit holds),
    start/end (student code runs: `name` is a cell label or function), cell (a cell failed:
    `failure`), collected (`tests`: node id and public name of each), test (`name` starts),
    result (`name` finished: `passed`, `message`), done.
    """

    kind: str
    name: str = ""
    passed: bool = False
    message: str = ""
    failure: CellFailure | None = None
    tests: tuple[tuple[str, str], ...] = field(default_factory=tuple)
    memory: bool = False

    def to_line(self) -> str:
        """One JSON line, without the fields left at their defaults."""
        data = {k: v for k, v in asdict(self).items() if v not in (None, "", False, [], ())}
        # well-formed: a student's message may hold a lone surrogate, which no UTF-8 line
        # takes (the whole channel stopped, every test after it lost)
        return json.dumps(wellformed.data(data), ensure_ascii=False) + "\n"

    @classmethod
    def from_line(cls, line: str) -> Event:
        data = json.loads(line)
        failure = data.get("failure")
        return cls(data["kind"], data.get("name", ""), data.get("passed", False),
                   data.get("message", ""), None if failure is None else CellFailure(**failure),
                   tuple((str(a), str(b)) for a, b in data.get("tests", ())),
                   data.get("memory", False))
