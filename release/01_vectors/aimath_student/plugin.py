"""pytest plugin of the self-check: the `student` and `forms` fixtures, public test names, and
failure messages taken from each test's own exception (never from pytest's terminal text).

Two ways in: the self-check's child registers a `Reporter`, which streams each result to
the watchdog; a `release/<id>/` folder's conftest calls `folder_plugin` so that plain
`pytest` there checks the notebook beside it in its own process.
"""

from __future__ import annotations

import os
import re
import time
import traceback
import types
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import pytest

from .alarm import AlarmSink
from .catalog import CheckError, load_catalog
from .compare import approx_compare
from .forbidden import forbidden
from .limits import DEFAULT_LIMITS, STRIKES
from .namespace import CellFailure, installed, new_module, run_cell
from .notebook import Cell, defines, read_path
from .protocol import Event
from .text import cell_label, language, say

LOADED = pytest.StashKey["Loaded"]()
FORMS = pytest.StashKey[Path]()
SUBMISSION_VARIABLE = "AIMATH_SUBMISSION"
MESSAGE_LINES, MESSAGE_CHARS = 8, 600
SUBEXPRESSION = re.compile(r"\s*\+\s+(where|and)\s")  # pytest's "+  where 3.5 = f(x)"
MESSAGE = "aimath_message"  # the user property carrying a failed test's message


class Sink(Protocol):
    """Where the child reports progress: events, and student code starting and ending."""

    def emit(self, event: Event) -> None: ...
    def start(self, name: str) -> None: ...
    def end(self) -> None: ...


class MissingName(AttributeError):
    """A test asked for a name the submission does not define; the message says why."""


class GivenUp(RuntimeError):
    """A call not made: the function already timed out or crashed `STRIKES` times (the
    grader stops calling it then too); the message says so."""


@dataclass
class Loaded:
    """A submission's module after its cells ran, with the cells that failed."""

    module: types.ModuleType
    cells: tuple[Cell, ...]
    failures: list[CellFailure] = field(default_factory=list)
    sink: Sink | None = None
    lang: str = "en"
    forbid: tuple[str, ...] = ()  # what the running test forbids (its `forbids` mark)
    out_of_time: str = ""  # why nothing more runs, once the submission's budget is spent
    given_up: tuple[str, ...] = ()  # functions no longer called (`GivenUp`)
    returned_none: list[str] = field(default_factory=list)  # in the running test, by name


def load(module: types.ModuleType, cells: tuple[Cell, ...], skipped: tuple[CellFailure, ...],
         sink: Sink | None = None, lang: str = "en", time_left: float | None = None,
         time_limit: float = DEFAULT_LIMITS.submission_timeout) -> Loaded:
    """Run every cell not in `skipped` into `module`, reporting each as a call; with
    `time_left`, the cells once it is spent are not run (as the grade runs them)."""
    loaded = Loaded(module, cells, list(skipped), sink, lang)
    known = {failure.label for failure in skipped}
    deadline = None if time_left is None else time.monotonic() + time_left
    over = say(lang, "over_budget", seconds=time_limit)
    for cell in cells:
        if cell.label in known:
            continue
        if deadline is not None and time.monotonic() >= deadline:
            _failed(loaded, CellFailure(cell.label, "", over))
            continue
        if sink:
            sink.start(cell.label)
        failed = run_cell(module, cell)
        if sink:
            sink.end()
        if failed:
            _failed(loaded, failed)
    if deadline is not None and time.monotonic() >= deadline:
        loaded.out_of_time = over
    return loaded


def _failed(loaded: Loaded, failure: CellFailure) -> None:
    loaded.failures.append(failure)
    if loaded.sink:
        loaded.sink.emit(Event("cell", failure=failure))


class Watched:
    """A student function whose every call is reported, so a hang is seen and stopped, and
    made with what the running test forbids forbidden (as the grader makes it)."""

    def __init__(self, name: str, function: Callable[..., Any], loaded: Loaded,
                 sink: Sink) -> None:
        self._name, self._function, self._loaded, self._sink = name, function, loaded, sink

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        __tracebackhide__ = True  # pytest's traceback shows the test and the student's code
        if self._name in self._loaded.given_up:
            raise GivenUp(say(self._loaded.lang, "given_up", name=self._name, count=STRIKES))
        self._sink.start(self._name)
        try:
            with forbidden(self._loaded.forbid, self._loaded.module.__dict__):
                result = self._function(*args, **kwargs)
        finally:
            self._sink.end()
        if result is None and self._name not in self._loaded.returned_none:
            self._loaded.returned_none.append(self._name)
        return result

    def __repr__(self) -> str:
        return self._name


class Submission:
    """The submission's top-level names, e.g. `student.softmax`."""

    def __init__(self, loaded: Loaded) -> None:
        self._loaded = loaded

    def __getattr__(self, name: str) -> Any:
        __tracebackhide__ = True
        if name.startswith("__"):
            raise AttributeError(name)
        namespace = self._loaded.module.__dict__
        if name not in namespace:
            raise MissingName(missing_message(name, self._loaded))
        value = namespace[name]
        sink = self._loaded.sink
        if sink and callable(value) and not isinstance(value, type):
            return Watched(name, value, self._loaded, sink)
        return value

    def __repr__(self) -> str:
        return "<your submission>"


def missing_message(name: str, loaded: Loaded) -> str:
    """Why `name` is missing: the failed cell that would have defined it, if any. Other
    failed cells are not named: they did not define it (most failed because they call it),
    and a cell never run is not among them."""
    code = {cell.label: cell.code for cell in loaded.cells}
    for failure in loaded.failures:
        if defines(code.get(failure.label, ""), name):
            return say(loaded.lang, "missing_in", name=name,
                       cell=cell_label(failure.label, loaded.lang), error=failure.describe())
    return say(loaded.lang, "missing", name=name)


def failure_message(error: BaseException, loaded: Loaded | None) -> str:
    """What a failed test tells the student: the exception's own message, capped, and the
    cell line that raised it."""
    if isinstance(error, MissingName | GivenUp):
        return str(error)
    lang = loaded.lang if loaded else "en"
    if isinstance(error, NotImplementedError):
        text = say(lang, "not_written")
    elif isinstance(error, AssertionError | pytest.fail.Exception):
        text = str(error) or "assertion failed"
    else:
        text = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
    where = _student_line(error, loaded)
    said = f"{shown(text)} ({where})" if where else shown(text)
    if loaded and loaded.returned_none:  # an assert, or the test's own code tripping on it
        said += "\n" + say(lang, "returned_none", name=loaded.returned_none[0])
    return said


def shown(text: str) -> str:
    """A failure's text as the table shows it: its first lines, capped, without pytest's
    `+  where` and `+  and` lines, whose reprs of the objects a test called differ between
    the kit and the grader (and hold addresses); the grader shows a public test's assertion
    the same way."""
    lines = [line for line in text.strip().splitlines() if not SUBEXPRESSION.match(line)]
    return "\n".join(lines[:MESSAGE_LINES])[:MESSAGE_CHARS]


def _student_line(error: BaseException, loaded: Loaded | None) -> str:
    """`code cell 4, line 3`: the innermost frame of the student's code, if any."""
    names = {cell.filename for cell in loaded.cells} if loaded else set()
    found = ""
    for frame, line in traceback.walk_tb(error.__traceback__):
        if frame.f_code.co_filename in names:
            found = f"{frame.f_code.co_filename[1:-1]}, line {line}"
    return found


def test_title(item: pytest.Item) -> str:
    """The public name: a `title` mark, else the docstring's first line, else the node id."""
    mark = item.get_closest_marker("title")
    if mark and mark.args:
        return str(mark.args[0])
    doc = getattr(getattr(item, "function", None), "__doc__", None)
    return doc.strip().splitlines()[0].strip() if doc and doc.strip() else item.nodeid


class FormCheck:
    """A quiz's answer forms: `check(student, "q3")` fails unless q3 has a form the grader
    accepts (never whether it is right), saying why in `lang` with the grader's form words."""

    def __init__(self, path: Path, lang: str = "en") -> None:
        from .forms import load_forms

        self._forms = {form.id: form for form in load_forms(path)}
        self.lang = lang

    def check(self, student: Submission, item: str) -> None:
        from .forms import form_problem

        try:
            value = getattr(student, item)
        except MissingName:
            value = None
        problem = say(self.lang, "form_not_answered") if value is None else \
            form_problem(self._forms[item], value, self.lang)
        if problem:
            pytest.fail(problem, pytrace=False)


@pytest.fixture(scope="session")
def student(request: pytest.FixtureRequest) -> Submission:
    """The submission the watchdog's child loaded."""
    return Submission(request.config.stash[LOADED])


@pytest.fixture(scope="session")
def forms(request: pytest.FixtureRequest) -> FormCheck:
    """The answer forms of the quiz under check, said in the check's language."""
    return FormCheck(request.config.stash[FORMS], request.config.stash[LOADED].lang)


class Reporter:
    """The child's link to the watchdog: selects the tests, streams names and results."""

    def __init__(self, loaded: Loaded, sink: Sink, select: tuple[str, ...] | None,
                 only: str, forms_path: str) -> None:
        self.loaded, self.sink, self.select, self.only = loaded, sink, select, only
        self.forms_path = forms_path

    def pytest_configure(self, config: pytest.Config) -> None:
        config.stash[LOADED] = self.loaded
        if self.forms_path:
            config.stash[FORMS] = Path(self.forms_path)
        add_markers(config)

    def pytest_runtest_setup(self, item: pytest.Item) -> None:
        self.loaded.forbid = forbids_of(item)
        self.loaded.returned_none = []

    def pytest_collection_modifyitems(self, config: pytest.Config,
                                      items: list[pytest.Item]) -> None:
        keep = [item for item in items
                if (self.select is None or item.nodeid in self.select)
                and (not self.only or test_title(item).startswith(f"{self.only}:"))]
        config.hook.pytest_deselected(items=[item for item in items if item not in keep])
        items[:] = keep
        for item in keep:  # the table says `failure_message`: pytest's long report goes unread
            item.repr_failure = _exception_only  # type: ignore[method-assign]
        self.sink.emit(Event("collected", tests=tuple((i.nodeid, test_title(i)) for i in keep)))
        if self.loaded.out_of_time:  # the budget is spent: listed, none of them run
            for item in keep:
                self.sink.emit(Event("result", name=item.nodeid,
                                     message=self.loaded.out_of_time))
            items[:] = []

    def pytest_assertrepr_compare(self, op: str, left: Any, right: Any) -> list[str] | None:
        return approx_compare(op, left, right)

    def pytest_runtest_logstart(self, nodeid: str) -> None:
        self.sink.emit(Event("test", name=nodeid))

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo[None]
                                  ) -> Generator[None, pytest.TestReport, pytest.TestReport]:
        report = yield
        if call.excinfo is not None and report.failed:
            message = failure_message(call.excinfo.value, self.loaded)
            report.user_properties.append((MESSAGE, message))
        return report

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.when == "call" or report.failed:
            message = str(dict(report.user_properties).get(MESSAGE, ""))
            self.sink.emit(Event("result", name=report.nodeid, passed=report.passed,
                                 message=message))


def _exception_only(excinfo: pytest.ExceptionInfo[BaseException], style: str | None = None
                    ) -> str:
    """A failed test's report in the check's child: the exception's one line (building
    pytest's long report, with the test's source and locals, cost about 10 ms a failure)."""
    return excinfo.exconly()


def add_markers(config: pytest.Config) -> None:
    """The marks public tests may carry, as the grader declares them."""
    config.addinivalue_line("markers", "title(name): the test's public name")
    config.addinivalue_line("markers", "forbids(*names): library functions (dotted) that "
                            "raise in the student's calls, as in the grader")


def forbids_of(item: pytest.Item) -> tuple[str, ...]:
    """The functions a test's `forbids` mark names."""
    mark = item.get_closest_marker("forbids")
    return tuple(map(str, mark.args)) if mark else ()


class _Forbids:
    """Tells the folder's loaded submission what each test forbids, as it starts."""

    def __init__(self, loaded: list[Loaded]) -> None:
        self.loaded = loaded

    @pytest.hookimpl(trylast=True)  # after the fixtures: the first test loads the notebook
    def pytest_runtest_setup(self, item: pytest.Item) -> None:
        for loaded in self.loaded:
            loaded.forbid = forbids_of(item)


def submission_path(folder: Path) -> Path:
    """The file `pytest` checks in `folder`: `$AIMATH_SUBMISSION`, else its one notebook."""
    chosen = os.environ.get(SUBMISSION_VARIABLE)
    if chosen:
        path = Path(chosen).expanduser().resolve()
        if not path.is_file():
            raise pytest.UsageError(f"{SUBMISSION_VARIABLE}={chosen}: no such file")
        return path
    notebooks = sorted(folder.glob("*.ipynb"))
    if len(notebooks) != 1:
        names = ", ".join(p.name for p in notebooks) or "none"
        raise pytest.UsageError(f"expected exactly one .ipynb in {folder} (found: {names}); "
                                f"set {SUBMISSION_VARIABLE} to the file to test")
    return notebooks[0]


def folder_plugin(folder: Path) -> tuple[Any, Any, Callable[..., None], Callable[..., None]]:
    """The `student` and `forms` fixtures, the summary and configure hooks of a release folder's
    conftest: the notebook beside it runs in pytest's own process, as a kernel would, each
    call into it (a cell is one) stopped after the course's limit; its messages are in
    `$AIMATH_LANG` (English by default)."""
    failures: list[CellFailure] = []
    session: list[Loaded] = []
    lang = language()
    try:  # the kit's course limits; the course repository's own folders use the defaults
        seconds = load_catalog().limits.call_timeout
    except CheckError:
        seconds = DEFAULT_LIMITS.call_timeout

    @pytest.fixture(scope="session")
    def student() -> Iterator[Submission]:
        source = read_path(submission_path(folder))
        module = new_module()
        with installed(module):
            loaded = load(module, source.cells, (), AlarmSink(seconds, lang), lang=lang)
            failures.extend(loaded.failures)
            session.append(loaded)
            yield Submission(loaded)

    @pytest.fixture(scope="session")
    def forms() -> FormCheck:
        return FormCheck(next(folder.glob("*.forms.json")), lang)

    def pytest_terminal_summary(terminalreporter: Any) -> None:
        if failures:
            terminalreporter.write_sep("-", "cells that did not load")
            for failure in failures:
                terminalreporter.write_line(str(failure))

    def pytest_configure(config: pytest.Config) -> None:
        submission_path(folder)  # which notebook: one clear usage error, not one per test
        add_markers(config)
        config.pluginmanager.register(_Forbids(session))

    return student, forms, pytest_terminal_summary, pytest_configure
