"""The one way aimath reads a student's file and the one way it writes any output file.

Neither ever follows a symbolic link: below a root (a submissions folder, an output folder, a
course's `feedback/`), every path component is opened with `O_NOFOLLOW` relative to its parent's
descriptor, so a link planted anywhere in the tree is refused rather than followed, and nothing
is read from or written outside the root. Reads are bounded; writes are atomic (a reader sees
the old file or the new one, never half of one).
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from collections.abc import Iterator
from pathlib import Path, PurePath

DIRECTORY = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
FILE = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC


class Refused(OSError):
    """A path aimath will not use: a link, a device or pipe, or a file over its size limit."""


def _refusal(exc: OSError, what: str) -> OSError:
    """Why a name could not be opened: a missing one stays FileNotFoundError (nothing there,
    nothing refused; callers tell "absent" from "refused"), anything else is Refused."""
    if isinstance(exc, FileNotFoundError):
        return FileNotFoundError(errno.ENOENT, f"{what} does not exist")
    if exc.errno in (errno.ELOOP, errno.ENOTDIR, errno.EMLINK):
        return Refused(f"{what} is a symbolic link (links are never followed)")
    return Refused(f"{what}: {exc.strerror or exc}")


@contextlib.contextmanager
def _directory(root: Path, parts: tuple[str, ...], create: bool = False) -> Iterator[int]:
    """A descriptor of `root/parts...`, walked one component at a time without following."""
    if root.is_symlink():
        raise Refused(f"{root} is a symbolic link (links are never followed)")
    if create:
        root.mkdir(parents=True, exist_ok=True)
    fd = os.open(root, DIRECTORY)
    try:
        for part in parts:
            if part in ("", ".", ".."):
                raise Refused(f"{part!r} is not a plain name")
            if create:
                with contextlib.suppress(FileExistsError):
                    os.mkdir(part, 0o755, dir_fd=fd)
            try:
                child = os.open(part, DIRECTORY, dir_fd=fd)
            except OSError as exc:
                raise _refusal(exc, part) from None
            os.close(fd)
            fd = child
        yield fd
    finally:
        os.close(fd)


def read_beneath(root: Path, relative: PurePath, limit: int) -> bytes:
    """The bytes of the regular file `root/relative`, at most `limit`; Refused otherwise."""
    parts = relative.parts
    with _directory(root, parts[:-1]) as parent:
        try:
            fd = os.open(parts[-1], FILE, dir_fd=parent)
        except OSError as exc:
            raise _refusal(exc, relative.as_posix()) from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise Refused(f"{relative.as_posix()} is not a regular file")
        if info.st_size > limit:
            raise Refused(f"{relative.as_posix()}: {info.st_size / 2**20:.1f} MB is over the "
                          f"{limit / 2**20:g} MB limit")
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise Refused(f"{relative.as_posix()} grew past the {limit / 2**20:g} MB limit")
    return data


def is_link(path: Path) -> bool:
    """Is `path` itself a symbolic link (without following it)?"""
    return path.is_symlink()


def write_beneath(root: Path, relative: PurePath, data: bytes | str) -> Path:
    """Write `root/relative` atomically, creating folders; links on the way are refused.

    The new file replaces whatever name was there (a planted link is replaced, never
    followed); returns the path written.
    """
    # backslashreplace: a lone surrogate that reached here is written as its escape, never
    # an error that stops the batch (`student.wellformed` keeps them out where text comes in)
    payload = data.encode("utf-8", "backslashreplace") if isinstance(data, str) else data
    parts = relative.parts
    with _directory(root, parts[:-1], create=True) as parent:
        # unique per call: two threads of one process (the service storing the same upload
        # for two students at once) never share a temporary name
        temporary = f".{parts[-1]}.{os.getpid()}.{secrets.token_hex(6)}.tmp"
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
                     | os.O_CLOEXEC, 0o644, dir_fd=parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(payload)
            os.rename(temporary, parts[-1], src_dir_fd=parent, dst_dir_fd=parent)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary, dir_fd=parent)
            raise
    return root.joinpath(*parts)


def write_file(path: Path, data: bytes | str) -> Path:
    """Write a file the grader owns (a class report) atomically, without following a link."""
    return write_beneath(path.parent, PurePath(path.name), data)


def own_temp_folder(name: str) -> Path | None:
    """`<name>-<uid>` in the temporary directory: made here, or found as a folder of this
    user's that no one else may write to (else None: another user's, or a link), to share
    what this user's processes make once (the staged public tests, matplotlib's font list)."""
    import tempfile

    folder = Path(tempfile.gettempdir()) / f"{name}-{os.getuid()}"
    with contextlib.suppress(FileExistsError):
        os.mkdir(folder, 0o700)
    try:
        found = os.lstat(folder)
    except OSError:
        return None
    mine = stat.S_ISDIR(found.st_mode) and found.st_uid == os.getuid()
    return folder if mine and not found.st_mode & 0o022 else None


def remove_partial_files(root: Path) -> None:
    """Delete the temporary files a killed run left in `root` and its student folders
    (folders that are links are not entered)."""
    with os.scandir(root) as scan:
        folders = [root] + [Path(e.path) for e in scan if e.is_dir(follow_symlinks=False)]
    for folder in folders:
        with os.scandir(folder) as scan:
            strays = [e.path for e in scan if e.name.startswith(".") and e.name.endswith(".tmp")
                      and not e.is_dir(follow_symlinks=False)]
        for stray in strays:
            os.unlink(stray)
