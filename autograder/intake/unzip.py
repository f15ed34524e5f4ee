"""Zips handed to `aimath grade`: a zip of a whole submissions folder is unpacked with limits;
an `aimath submit` zip (one student's notebook and a manifest) is recognised and named.
"""

from __future__ import annotations

import contextlib
import lzma
import os
import shutil
import stat
import struct
import time
import zipfile
import zlib
from collections import Counter
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from autograder.student.identity import student_id
from autograder.student.notebook import SUFFIXES

MAX_UNPACKED = 2 * 2**30
MAX_MEMBERS = 50_000
MANIFEST = "manifest.json"
LINK_TARGET = "(a link in the zip: never followed)"  # what an unpacked link points at
NAME_BYTES = 255  # the longest file name Linux (and most file systems) will make
UTF8_FLAG = 0x800  # general purpose bit 11: the names are UTF-8
EXTENDED_TIME, NTFS_TIME = 0x5455, 0x000A  # extra fields holding an entry's time
FILETIME_EPOCH = 11_644_473_600  # seconds from 1601-01-01 (NTFS) to 1970-01-01 (Unix)
# What zipfile raises on damaged or hostile bytes: a bad directory (offsets, sizes), damaged
# deflate/bzip2/LZMA data, a size that lies, a password, a method it cannot read.
DAMAGED = (zipfile.BadZipFile, zlib.error, lzma.LZMAError, struct.error, OSError, EOFError,
           ValueError, OverflowError, RuntimeError, NotImplementedError)


class UnzipError(ValueError):
    """A zip of submissions that cannot be unpacked safely (the batch cannot start)."""


def holds_manifest(path: Path) -> bool:
    """Does this zip hold a manifest at its top level? Among a folder's files, that makes it
    one student's `aimath submit` zip, read (or refused, if altered) as theirs."""
    return MANIFEST in _names(path)


def is_submit_zip(path: Path) -> bool:
    """Is the zip handed to `aimath grade` one `aimath submit` zip: a manifest at its top
    level and one notebook (or .py) in all? A zip holding several is a zip of submissions,
    whatever manifest.json it also holds (a student's unpacked hand-in among the others)."""
    names = _names(path)
    gradable = [name for name in names if PurePosixPath(name).suffix.lower() in SUFFIXES]
    return MANIFEST in names and len(gradable) == 1


def _names(path: Path) -> list[str]:
    try:
        with zipfile.ZipFile(path) as archive:
            return archive.namelist()
    except DAMAGED:
        return []


def zip_assignment(name: str, known: Iterable[str]) -> str | None:
    """The assignment of `known` a submit zip's name `<id>_<assignment>_<time>.zip` names, if
    any: the one named last, as an id may itself hold one's name between underscores."""
    stem = PurePosixPath(name).stem
    named = {stem.rfind(f"_{a}_"): a for a in known if stem.find(f"_{a}_") > 0}
    return named[max(named)] if named else None


def zip_student(name: str, assignment: str) -> str:
    """The raw id in a submit zip's name `<id>_<assignment>_<time>.zip` (else the stem)."""
    stem = PurePosixPath(name).stem
    marker = f"_{assignment}_"
    return stem.split(marker)[0] if marker in stem and stem.split(marker)[0] else stem


def unpack(archive: Path, target: Path) -> Path:
    """Extract a zip of submissions, refusing anything that could escape or explode; returns
    the folder holding its content (a zip whose content is one folder is unwrapped)."""
    try:
        zf = zipfile.ZipFile(archive)
    except DAMAGED as exc:
        raise UnzipError(f"{archive.name} is not a readable zip file: {exc}") from None
    with zf:
        members = {m for m in _wanted(zf.infolist(), archive.name) if _inside(m)}
        root = target.resolve()
        root.mkdir(parents=True, exist_ok=True)
        links = [m for m in zf.infolist() if m in members and _is_link(m)]
        try:
            for member in zf.infolist():
                if member in links:
                    continue
                if member in members:
                    _extract(zf, member, root)
                else:
                    _folder_of(member, root)
            for member in links:  # last: nothing is ever written through one
                _stand_in(member, root)
        except UnzipError:
            raise
        except (zipfile.BadZipFile, zlib.error, lzma.LZMAError, EOFError) as exc:  # a lying size
            raise UnzipError(f"{archive.name} is damaged: {exc}") from None
        except DAMAGED as exc:  # a password, a method zipfile lacks, a file and a folder of
            # one name, a full disk
            raise UnzipError(f"{archive.name} cannot be unpacked: {exc}"[:300]) from None
    entries = [p for p in root.iterdir() if not p.name.startswith((".", "__MACOSX"))]
    return entries[0] if len(entries) == 1 and entries[0].is_dir() else root


def _wanted(members: list[zipfile.ZipInfo], label: str) -> set[zipfile.ZipInfo]:
    """The entries worth unpacking: what can be graded (notebooks, .py, submit zips) and
    nbgrader's timestamps, within the limits; one student's other files (a data set, a
    name too long for this disk) neither count against them nor stop the class. An entry
    named twice is refused: which of the two is the hand-in cannot be told."""
    wanted = [m for m in members if not m.is_dir() and _gradable(member_name(m))]
    if len(wanted) > MAX_MEMBERS:
        raise UnzipError(f"{label} holds {len(wanted)} notebooks and files to grade "
                         f"(limit {MAX_MEMBERS})")
    if sum(m.file_size for m in wanted) > MAX_UNPACKED:
        raise UnzipError(f"{label} would unpack to more than 2 GiB")
    names = [_fitted(member_name(m)) for m in wanted]
    twice = next((n for n, count in Counter(names).items() if count > 1), None)
    if twice is not None:
        raise UnzipError(f"{label} holds {twice!r} twice: keep the one that was handed in")
    return set(wanted)


def _gradable(name: str) -> bool:
    path = PurePosixPath(name)
    return path.suffix.lower() in (*SUFFIXES, ".zip") or path.name == "timestamp.txt"


def _folder_of(member: zipfile.ZipInfo, root: Path) -> None:
    """The folder an entry not unpacked sits in (a student folder holding nothing gradable
    is still seen, and said to be), unless it cannot be made safely."""
    name = _fitted(member_name(member))
    folder = (root / name).resolve() if member.is_dir() else (root / name).resolve().parent
    if ".." not in Path(name).parts and folder.is_relative_to(root):
        with contextlib.suppress(OSError):  # a name too long for this disk
            folder.mkdir(parents=True, exist_ok=True)


def member_name(member: zipfile.ZipInfo) -> str:
    """The entry's name as its maker wrote it. Without the UTF-8 flag a zip stores the bytes
    of its maker's locale (Info-ZIP's `zip` writes UTF-8 unflagged; Korean Windows' Explorer
    writes cp949), which zipfile reads as cp437: `김민수.ipynb` would become `Ω_Çδ___êÿ`. So the
    raw bytes are read as UTF-8, else as Korean when they are KS X 1001 Hangul (the common
    syllables, whose bytes no Latin cp437 name makes), else as cp437."""
    if member.flag_bits & UTF8_FLAG:
        return member.filename
    raw = member.orig_filename.encode("cp437")
    return (_reading(raw) or member.filename).split("\x00")[0]


def _reading(raw: bytes) -> str | None:
    """UTF-8 or Korean text, if the bytes are either."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        korean = raw.decode("euc_kr")
    except UnicodeDecodeError:
        return None
    return korean if all(ord(c) < 128 or "\uac00" <= c <= "\ud7a3" for c in korean) else None


def _fitted(name: str) -> str:
    """`name` with each part longer than a file name may be (255 bytes) replaced by the id
    it stands for (`identity.student_id`: 64 characters at most, a digest of the whole name
    keeping long names apart), its suffix kept: such a name is legal on other systems, and
    one student's must not stop the class."""
    parts = []
    for part in PurePosixPath(name).parts:
        if len(part.encode()) > NAME_BYTES:
            path = PurePosixPath(part)
            part = student_id(path.stem).value + path.suffix[:16]
        parts.append(part)
    return "/".join(parts)


def _is_link(member: zipfile.ZipInfo) -> bool:
    return stat.S_ISLNK(member.external_attr >> 16)


def _stand_in(member: zipfile.ZipInfo, root: Path) -> None:
    """A link entry stands in the folder as a link to nothing, so it is refused for its
    student as a link in a folder is (never silently gone), and never read or followed;
    not where a file or folder of the zip already is, nor beneath another link."""
    parts = PurePosixPath(_inside_name(member)).parts
    path = root.joinpath(*parts)
    beneath = [root.joinpath(*parts[:depth]) for depth in range(1, len(parts))]
    if os.path.lexists(path) or any(folder.is_symlink() for folder in beneath):
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    os.symlink(LINK_TARGET, path)


def outside_entries(archive: Path) -> list[str]:
    """The gradable entries of a zip of submissions whose names point outside it (absolute,
    or through ".."): never unpacked, the others still are, and named so the instructor
    sees them (no one can tell whose hand-in such an entry was)."""
    try:
        with zipfile.ZipFile(archive) as zf:
            members = zf.infolist()
    except DAMAGED:
        return []
    return sorted(member_name(m) for m in members
                  if not m.is_dir() and _gradable(member_name(m)) and not _inside(m))


def _inside(member: zipfile.ZipInfo) -> bool:
    try:
        _inside_name(member)
    except UnzipError:
        return False
    return True


def _inside_name(member: zipfile.ZipInfo) -> str:
    """The entry's name, fitted to this disk; UnzipError if it names a place outside."""
    name = _fitted(member_name(member))
    if not name or name.startswith(("/", "\\")) or ".." in PurePosixPath(name).parts:
        raise UnzipError(f"the zip entry {name!r} points outside the archive")
    return name


def _extract(zf: zipfile.ZipFile, member: zipfile.ZipInfo, root: Path) -> None:
    name = _inside_name(member)
    dest = (root / name).resolve()
    if not dest.is_relative_to(root):
        raise UnzipError(f"the zip entry {name!r} points outside the archive")
    if member.is_dir():
        dest.mkdir(parents=True, exist_ok=True)
        return
    dest.parent.mkdir(parents=True, exist_ok=True)
    with zf.open(member) as src, open(dest, "wb") as out:
        shutil.copyfileobj(src, out)
    with contextlib.suppress(OverflowError, ValueError, OSError):  # a time no clock holds
        when = _entry_time(member)
        os.utime(dest, (when, when))


def _entry_time(member: zipfile.ZipInfo) -> float:
    """When the entry's file last changed, as its zip records it (the time a file collected
    into a zip was handed in, as a file's own time is in a folder): the extended timestamp
    (UTC; Info-ZIP, macOS) or the NTFS time (Windows), else the DOS time, read as this
    machine's local time since the zip does not say its maker's zone."""
    extra, pos = member.extra, 0
    while pos + 4 <= len(extra):
        tag, size = struct.unpack_from("<HH", extra, pos)
        body = extra[pos + 4 : pos + 4 + size]
        if tag == EXTENDED_TIME and len(body) >= 5 and body[0] & 1:  # flag 1: mtime follows
            return float(struct.unpack_from("<i", body, 1)[0])
        if tag == NTFS_TIME and len(body) >= 16 and struct.unpack_from("<HH", body, 4) == (1, 24):
            return struct.unpack_from("<Q", body, 8)[0] / 1e7 - FILETIME_EPOCH
        pos += 4 + size
    return time.mktime((*member.date_time, 0, 0, -1))
