"""Running a collected test without pytest's per-test protocol, when nothing in it needs it.

pytest's protocol (setup, call and teardown reports, fixture finalisers, every hook on the
way) costs about a millisecond a test, which is most of the grading time of a submission.
A test that is a plain function asking only for the grading fixtures (`student`,
`submission`, `rng`, `record_property`, and its own parameters), with no mark beyond ours,
gets exactly what the protocol would give it, so it is called directly and its verdict
comes from the same `outcomes.verdict`. Any other test (its own fixtures, a class, a skip or
xfail mark) still runs through the full protocol: suites stay ordinary pytest files.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import pytest

from autograder.grading.outcomes import Verdict, verdict
from autograder.grading.public import returned_none

GRADING_FIXTURES = frozenset({"student", "submission", "rng", "record_property"})
OUR_MARKS = frozenset({"points", "title", "edge", "visible", "public", "forbids",
                       "parametrize"})


@dataclass
class Ran:
    """What one direct run produced: the verdict (None when it passed), time, properties."""

    verdict: Verdict | None
    duration: float
    properties: dict[str, object] = field(default_factory=dict)


def _parameters(item: pytest.Item) -> Mapping[str, object]:
    callspec = getattr(item, "callspec", None)
    return callspec.params if callspec is not None else {}


def is_direct(item: pytest.Item) -> bool:
    """May `item` be called directly, with only the grading fixtures?"""
    if not isinstance(item, pytest.Function) or item.cls is not None:
        return False
    parameters = set(_parameters(item))
    asked = set(item._fixtureinfo.argnames) - parameters
    # pytest adds `request` to the closure of a parametrized test: only an asked one counts
    closure = set(item.fixturenames) - parameters - {"request"}
    marks = {mark.name for mark in item.iter_markers()}
    return asked <= GRADING_FIXTURES and closure <= GRADING_FIXTURES and marks <= OUR_MARKS


def run_direct(item: pytest.Item, fixtures: Mapping[str, Callable[[], object]]) -> Ran:
    """Call the test function with its parameters and the fixtures it asks for (each made
    by its factory in `fixtures`, only when asked for); never raises."""
    ran = Ran(None, 0.0)
    parameters = _parameters(item)
    assert isinstance(item, pytest.Function)
    arguments = {name: parameters[name] if name in parameters
                 else ran.properties.__setitem__ if name == "record_property"
                 else fixtures[name]()
                 for name in item._fixtureinfo.argnames}
    started = time.perf_counter()
    try:
        item.obj(**arguments)
    except KeyboardInterrupt:
        raise
    except BaseException:
        public = item.get_closest_marker("public") is not None
        ran.verdict = verdict(pytest.ExceptionInfo.from_current(), "call", show_source=public,
                              returned_none=returned_none(arguments.get("student")))
    ran.duration = time.perf_counter() - started
    return ran
