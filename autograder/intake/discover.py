"""Find the submissions in what an instructor hands `aimath grade`, one `Source` per student.

Accepted: a folder of `<student>.ipynb|.py` files and `aimath submit` zips, an nbgrader
`submitted/<student>/<id>/*.ipynb` tree (or the course folder holding it), or a `.zip` of
either; a release folder's conftest and public tests are not hand-ins. Nothing is followed
through a link: a linked file or folder is a submission that is refused for its student,
never read. Ids come from where a file was collected (`student.identity`), times from the
collection (nbgrader's `timestamp.txt`, else the file's own time), and two sources that map
to one id are both reported, never one silently dropped.
"""

from __future__ import annotations

import os
import stat
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from autograder.course import assignments
from autograder.grading.model import Status
from autograder.intake import unzip
from autograder.message import Message, msg
from autograder.safefs import Refused, read_beneath
from autograder.student import identity, wellformed
from autograder.student.notebook import SUFFIXES

SUBMIT_ZIP = ".zip"


class DiscoveryError(ValueError):
    """The submissions argument cannot be read at all (the batch cannot start)."""


# What discovery notes about a hand-in (beside it, a second file; its name, mapped to an id):
# it changes with the folder, never with the file graded.
COLLECTION_NOTES = frozenset({"intake.id_mapped", "intake.several_notebooks",
                              "intake.also_found", "intake.timestamp_ignored"})


@dataclass(frozen=True)
class Source:
    """Where one student's submission is, before it is read."""

    student: str
    root: Path  # read beneath this folder, never through a link
    relative: PurePosixPath
    submitted_at: str | None = None
    notes: tuple[Message, ...] = ()
    status: Status | None = None  # set when discovery already refuses it
    problem: Message | None = None
    raw: str = ""  # the name the id was made from

    @property
    def filename(self) -> str:
        """The file's name as shown (an undecodable byte in it as U+FFFD)."""
        return wellformed.text(self.relative.name)

    @property
    def is_zip(self) -> bool:
        return self.relative.suffix.lower() == SUBMIT_ZIP


LAYOUTS = ("give a folder of <student>.ipynb or .py files (or `aimath submit` zips), an "
           "nbgrader submitted/<student>/<assignment>/ tree, or a zip of either")


def discover(path: Path, assignment: str, workdir: Path,
             out: Path | None = None, unpacked_from: Path | None = None) -> list[Source]:
    """Every submission under `path`, one per student id, sorted by id. `out`, the folder
    results are written to, is never a student's folder, even when it lies under `path`;
    `unpacked_from`, the zip `path` was unpacked from, is what messages name."""
    if path.is_symlink():
        raise DiscoveryError(f"{path} is a symbolic link; give the folder or zip itself")
    if not path.exists():
        raise DiscoveryError(f"{path} does not exist")
    if path.is_file():
        if other := _for_another(path.name, assignment):
            raise DiscoveryError(f"{path.name} is an `aimath submit` zip of {other}, not of "
                                 f"{assignment}")
        if path.suffix.lower() == SUBMIT_ZIP and not unzip.is_submit_zip(path):
            return discover(unzip.unpack(path, workdir / "unzipped"), assignment, workdir, out,
                            unpacked_from=path)
        found: list[Source | None] = [_file_source(
            path.parent, os.stat(path, follow_symlinks=False), path.name, assignment)]
    else:
        skip = None if out is None else os.path.realpath(out)
        tree = _nbgrader_tree(path, assignment, skip)
        found = _from_tree(tree, assignment, skip) if tree else _from_folder(path, assignment)
        if tree and not any(found):
            raise DiscoveryError(_none_handed_in(tree, assignment, skip,
                                                 _shown(tree, path, unpacked_from)))
    sources = [s for s in found if s is not None]
    if not sources:
        raise DiscoveryError("no .ipynb, .py or submission .zip files found in "
                             f"{_shown(path, path, unpacked_from)}: {LAYOUTS}")
    return _one_per_id(sources)


def _shown(folder: Path, top: Path, unpacked_from: Path | None) -> str:
    """`folder` as a message names it: in a zip, by the zip (never the temporary folder)."""
    if unpacked_from is None:
        return str(folder)
    inside = folder.relative_to(top).as_posix()
    return str(unpacked_from) if inside == "." else f"{unpacked_from} ({inside})"


def _none_handed_in(tree: Path, assignment: str, skip: str | None, shown: str) -> str:
    """Why an nbgrader tree gave nothing to grade: no `<student>/<assignment>/` folder, and
    the assignments its folders do hold (a mistyped or wrong --assignment)."""
    held = sorted({name for entry in _student_folders(tree, skip)
                   if entry.is_dir(follow_symlinks=False)
                   for name in os.listdir(entry.path) if _visible(name)})
    there = f"; its students' folders hold {', '.join(held[:8])}" if held else ""
    return (f"no student in {shown} handed in {assignment} (no <student>/{assignment}/ "
            f"folder){there}")


def collected_at(info: os.stat_result) -> str:
    """A file's modification time as the collection time (UTC, to the second)."""
    return datetime.fromtimestamp(int(info.st_mtime), UTC).isoformat()


def _visible(name: str) -> bool:
    return not name.startswith((".", "__MACOSX"))


def hidden_hand_ins(path: Path, assignment: str) -> list[str]:
    """Hand-ins that discovery skips as hidden (a name starting with "."): a file a student
    could have meant to hand in (not macOS's `._` copies or a checkpoint), or a student's
    folder of an nbgrader tree that holds the assignment. Named, so none goes unnoticed."""
    if not path.is_dir() or path.is_symlink():
        return []
    tree = _nbgrader_tree(path, assignment, None)
    folder = tree or path
    with os.scandir(folder) as scan:
        hidden = [e for e in scan if e.name.startswith(".") and not e.name.startswith("._")]
    if tree:
        return sorted(e.name for e in hidden if e.is_dir(follow_symlinks=False)
                      and os.path.lexists(os.path.join(e.path, assignment)))
    return sorted(e.name for e in hidden if not e.is_dir(follow_symlinks=False)
                  and PurePosixPath(e.name).suffix.lower() in (*SUFFIXES, SUBMIT_ZIP))


def other_hand_ins(path: Path, assignment: str) -> list[str]:
    """The `aimath submit` zips of a folder that its names give to another assignment (a
    shared hand-in folder): discovery skips them, and they are named, never graded as a
    student called after the whole file name."""
    if not path.is_dir() or path.is_symlink():
        return []
    with os.scandir(path) as scan:
        return sorted(e.name for e in scan if _visible(e.name)
                      and not e.is_dir(follow_symlinks=False) and _for_another(e.name, assignment))


def _for_another(name: str, assignment: str) -> str | None:
    """The other assignment a submit zip's name says it was made for, if it names one."""
    if PurePosixPath(name).suffix.lower() != SUBMIT_ZIP:
        return None
    named = unzip.zip_assignment(name, assignments.ALL)
    return named if named is not None and named != assignment else None


def _refused(student: str, root: Path, name: str, why: str, raw: str) -> Source:
    """A submission refused unread: `why` is "link" or "special" (a device, a pipe)."""
    return Source(student, root, PurePosixPath(name), status=Status.REFUSED,
                  problem=msg(f"intake.refused_{why}", file=name), raw=raw)


def _file_source(root: Path, info: os.stat_result, name: str, assignment: str) -> Source | None:
    """A file in a flat folder: a notebook, a .py or an `aimath submit` zip (else None)."""
    suffix = PurePosixPath(name).suffix.lower()
    if suffix not in (*SUFFIXES, SUBMIT_ZIP) or _for_another(name, assignment):
        return None
    raw = unzip.zip_student(name, assignment) if suffix == SUBMIT_ZIP else PurePosixPath(name).stem
    sid = identity.student_id(raw)
    notes = (msg("intake.id_mapped", raw=raw, id=sid.value),) if sid.changed else ()
    if stat.S_ISLNK(info.st_mode):
        return _refused(sid.value, root, name, "link", raw)
    if not stat.S_ISREG(info.st_mode):
        return _refused(sid.value, root, name, "special", raw)
    if suffix == SUBMIT_ZIP and not unzip.holds_manifest(root / name):
        return None
    return Source(sid.value, root, PurePosixPath(name), collected_at(info), notes, raw=raw)


def _release_files(assignment: str) -> frozenset[str]:
    """The pytest files a release folder holds beside its notebook (`aimath release`): its
    conftest and public tests, never a student's hand-in, even in a folder of hand-ins."""
    return frozenset({"conftest.py", f"test_{assignment}.py"})


def _from_folder(folder: Path, assignment: str) -> list[Source | None]:
    skipped = _release_files(assignment)
    with os.scandir(folder) as scan:
        entries = sorted((e for e in scan if _visible(e.name) and e.name not in skipped),
                         key=lambda e: e.name)
    return [_file_source(folder, e.stat(follow_symlinks=False), e.name, assignment)
            for e in entries if not e.is_dir(follow_symlinks=False)]


def _student_folders(folder: Path, skip: str | None) -> list[os.DirEntry[str]]:
    """The visible entries of `folder`, without the output folder `skip` (a real path; an
    entry is compared as it is named, never through a link it may be)."""
    base = os.path.realpath(folder)
    with os.scandir(folder) as scan:
        return [e for e in scan if _visible(e.name) and os.path.join(base, e.name) != skip]


def _nbgrader_tree(path: Path, assignment: str, skip: str | None) -> Path | None:
    """The `submitted/` folder if `path` is one (a folder named `submitted` holding anything
    but plain files, or one whose student folders hold `<assignment>/`), or is a course
    folder that holds one. A tree of links is still a tree: its links are refused."""
    for candidate in (path, path / "submitted"):
        if not candidate.is_dir() or candidate.is_symlink():
            continue
        entries = _student_folders(candidate, skip)
        folders = [e.path for e in entries if e.is_dir(follow_symlinks=False)]
        only_files = bool(entries) and all(e.is_file(follow_symlinks=False) for e in entries)
        if candidate.name == "submitted" and not only_files:
            return candidate
        if any(os.path.lexists(os.path.join(f, assignment)) for f in folders):
            return candidate
    return None


def _from_tree(tree: Path, assignment: str, skip: str | None) -> list[Source | None]:
    found: list[Source | None] = []
    for entry in sorted(_student_folders(tree, skip), key=lambda e: e.name):
        if not (entry.is_dir() or entry.is_symlink()):
            continue
        sid = identity.student_id(entry.name)
        if entry.is_symlink():
            found.append(_refused(sid.value, tree, entry.name, "link", entry.name))
        else:
            found.append(_tree_student(tree, entry.name, sid, assignment))
    return found


def _tree_student(tree: Path, folder: str, sid: identity.StudentId,
                  assignment: str) -> Source | None:
    work = tree / folder / assignment
    relative = PurePosixPath(folder, assignment)
    if work.is_symlink():
        return _refused(sid.value, tree, relative.as_posix(), "link", folder)
    if not work.is_dir():
        return None
    files = _collected(work)
    if not files:  # nbgrader collected the student's folder, with nothing gradable in it
        return Source(sid.value, tree, relative, status=Status.UNREADABLE, raw=folder,
                      problem=msg("intake.nothing_collected", folder=relative.as_posix()))
    chosen = next((f for f in (f"{assignment}.ipynb", f"{assignment}.py") if f in files),
                  files[0])
    notes = [msg("intake.id_mapped", raw=folder, id=sid.value)] if sid.changed else []
    if len(files) > 1:
        notes.append(msg("intake.several_notebooks", chosen=chosen))
    info = os.stat(work / chosen, follow_symlinks=False)
    if not stat.S_ISREG(info.st_mode):
        why = "link" if stat.S_ISLNK(info.st_mode) else "special"
        return _refused(sid.value, tree, (relative / chosen).as_posix(), why, folder)
    when, note = _timestamp(tree, relative, info)
    notes += [note] if note else []
    return Source(sid.value, tree, relative / chosen, when, tuple(notes), raw=folder)


def _collected(work: Path) -> list[str]:
    """The gradable files of a collected assignment folder: its notebooks, else its .py
    files (sorted)."""
    with os.scandir(work) as scan:
        names = sorted(e.name for e in scan if _visible(e.name))
    return [n for n in names if n.endswith(".ipynb")] or [n for n in names if n.endswith(".py")]


def _timestamp(tree: Path, folder: PurePosixPath,
               info: os.stat_result) -> tuple[str, Message | None]:
    """nbgrader's `timestamp.txt` (the collection's record), else the notebook's own time."""
    try:
        text = read_beneath(tree, folder / "timestamp.txt", 256).decode("utf-8-sig").strip()
    except FileNotFoundError:
        return collected_at(info), None
    except (Refused, OSError, UnicodeDecodeError) as exc:
        return collected_at(info), msg("intake.timestamp_ignored", said=str(exc)[:120])
    parsed = parse_time(text)
    if parsed is None:
        return collected_at(info), msg("intake.timestamp_ignored", said=text[:60])
    return parsed, None


def parse_time(text: str) -> str | None:
    """An ISO-like time (nbgrader writes `2026-11-20 10:00:00.123456 UTC`) as UTC ISO text."""
    cleaned = text.strip().removesuffix(" UTC").removesuffix("Z")
    try:
        moment = datetime.fromisoformat(cleaned)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return moment.astimezone(UTC).replace(microsecond=0).isoformat()
    except (ValueError, OverflowError):  # not a time, or one that leaves the calendar in UTC
        return None


def _rank(source: Source) -> int:
    """Which of one student's files counts: a refused one (a link never helps), then a
    notebook, then the rest; among equals, the one collected last (a second hand-in)."""
    return 0 if source.status else 1 if source.relative.suffix == ".ipynb" else 2


def _latest_first(group: list[Source]) -> list[Source]:
    by_time = sorted(group, key=lambda s: (s.submitted_at or "", s.filename), reverse=True)
    return sorted(by_time, key=_rank)


def _one_per_id(sources: list[Source]) -> list[Source]:
    """One source per id: one raw name with several files keeps the best (noted); different
    raw names that map to one id are a conflict, reported for that id."""
    groups: dict[str, list[Source]] = defaultdict(list)
    for source in sources:
        groups[source.student].append(source)
    chosen = []
    for student in sorted(groups):
        group = _latest_first(groups[student])
        keep = group[0]
        if len({s.raw for s in group}) > 1:
            names = ", ".join(s.relative.as_posix() for s in group)
            keep = replace(keep, status=Status.CONFLICT,
                           problem=msg("intake.conflict", id=student, names=names))
        elif len(group) > 1:
            others = ", ".join(s.filename for s in group[1:])
            keep = replace(keep, notes=(*keep.notes, msg("intake.also_found", names=others)))
        chosen.append(keep)
    return chosen
