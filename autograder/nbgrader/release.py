"""Regenerate release/ and solutions/ from source/ with nbgrader, and detect a stale release.

Releasing is a pure function of source/: nbgrader's converters record cells in a scratch
gradebook, never the course's, so re-releasing after grading cannot clash with submissions
and the output is the same on every machine (CI compares it with the committed folders).
"""

from __future__ import annotations

import json
import logging
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from nbgrader.converters import GenerateAssignment, GenerateSolution
from nbgrader.converters.base import BaseConverter, NbGraderException
from nbgrader.coursedir import CourseDirectory

from autograder.course.assignments import ROOT
from autograder.kit import course_catalog
from autograder.kit.folders import complete_release
from autograder.nbgrader.course import CONFIG_FILE, ensure_database, load_config

log = logging.getLogger("aimath.nbgrader")

# Left behind by running the public tests inside release/<id>/; never committed.
_JUNK = {"__pycache__", ".pytest_cache", ".ipynb_checkpoints"}


class ReleaseError(RuntimeError):
    """nbgrader could not convert a source notebook; the message carries its errors."""


def assignment_ids(root: Path = ROOT) -> list[str]:
    """The ids with a source notebook, `source/<id>/<id>.ipynb`, sorted."""
    source = Path(root) / load_config(root).CourseDirectory.source_directory
    return sorted(p.parent.name for p in source.glob("*/*.ipynb") if p.stem == p.parent.name)


def release(ids: Iterable[str] = (), root: Path = ROOT) -> list[Path]:
    """Write `release/<id>/` and `solutions/<id>/` for each id (all ids when none are given).

    Returns the folders written, release then solutions for each id. Old output is removed
    first, so files deleted from source/ disappear from the release too. Each release folder
    then gets what makes it self-sufficient (`autograder.kit.folders`).
    """
    root = Path(root).resolve()
    known = assignment_ids(root)
    wanted = list(ids) or known
    unknown = sorted(set(wanted) - set(known))
    if unknown:
        raise ValueError(f"no source notebook for {', '.join(unknown)}; known: {', '.join(known)}")
    written: list[Path] = []
    catalog = course_catalog()
    with tempfile.TemporaryDirectory(prefix="aimath-gradebook-") as scratch:
        db_url = f"sqlite:///{Path(scratch) / 'gradebook.db'}"
        ensure_database(db_url)
        for assignment_id in wanted:
            written += _release_one(assignment_id, root, db_url)
            complete_release(written[-2], assignment_id, catalog)
    return written


def _release_one(assignment_id: str, root: Path, db_url: str) -> list[Path]:
    """Run generate_assignment then generate_solution (which needs the assignment recorded)."""
    config = load_config(root)
    config.CourseDirectory.db_url = db_url
    coursedir = CourseDirectory(config=config)
    coursedir.assignment_id = assignment_id
    written = []
    for converter_class, folder in ((GenerateAssignment, coursedir.release_directory),
                                    (GenerateSolution, coursedir.solution_directory)):
        converter = converter_class(coursedir=coursedir, config=config, log=log)
        dest = Path(coursedir.format_path(folder, ".", assignment_id))
        shutil.rmtree(dest, ignore_errors=True)
        _run(converter)
        written.append(dest)
    return written


def _run(converter: BaseConverter) -> None:
    """Start a converter; turn its logged errors into one exception with all the details."""
    with _errors_logged() as errors:
        try:
            converter.start()
        except NbGraderException as exc:
            raise ReleaseError("\n".join(errors) or str(exc)) from None


class _ListHandler(logging.Handler):
    """Keeps the messages of error records."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def _errors_logged() -> Iterator[list[str]]:
    """Collect the error messages nbgrader logs while the block runs."""
    handler = _ListHandler()
    log.addHandler(handler)
    try:
        yield handler.messages
    finally:
        log.removeHandler(handler)


def stale(root: Path = ROOT) -> list[str]:
    """What in the committed release/ and solutions/ differs from a fresh release.

    Regenerates into a temporary copy of the course; an empty list means up to date.
    """
    root = Path(root).resolve()
    dirs = load_config(root).CourseDirectory
    with tempfile.TemporaryDirectory(prefix="aimath-release-") as tmp:
        fresh = Path(tmp) / "course"
        shutil.copytree(root / dirs.source_directory, fresh / dirs.source_directory)
        shutil.copy2(root / CONFIG_FILE, fresh / CONFIG_FILE)
        release((), fresh)
        return [*_differences(fresh, root, dirs.release_directory),
                *_differences(fresh, root, dirs.solution_directory)]


def _differences(fresh: Path, committed: Path, folder: str) -> list[str]:
    """Files missing, extra or different in `committed/folder` compared with `fresh/folder`."""
    new, old = _files(fresh / folder), _files(committed / folder)
    problems = {name: "missing, run `aimath release`" for name in new - old}
    problems |= {name: "not generated from source/" for name in old - new}
    problems |= {name: "out of date, run `aimath release`" for name in new & old
                 if _content(fresh / folder / name) != _content(committed / folder / name)}
    return [f"{folder}/{name}: {problems[name]}" for name in sorted(problems)]


def _files(folder: Path) -> set[str]:
    """Relative paths of the files under `folder`, without test-run junk."""
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*")
            if p.is_file() and not _JUNK.intersection(p.relative_to(folder).parts)
            and p.suffix != ".pyc"}


def _content(path: Path) -> object:
    """A notebook as JSON data (indentation and key order do not matter), other files as bytes."""
    data = path.read_bytes()
    if path.suffix == ".ipynb":
        try:
            return json.loads(data)
        except ValueError:
            return data
    return data
