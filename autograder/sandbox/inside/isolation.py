"""The isolation layers applied to a student's process, each independent of the others.

Namespaces (no network, own PIDs, own mounts), a private root that shows only the Python
installation and system libraries, an unprivileged uid, resource limits, Landlock and a
scrubbed environment. A layer the machine does not allow is reported, never fatal: the
grader says so once and keeps the others. Measurements: `shared/sandbox-notes.md`.
"""

from __future__ import annotations

import contextlib
import os
import resource
import signal
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from autograder.sandbox.inside import fonts, landlock, linux, seccomp
from autograder.sandbox.inside.fonts import FontList
from autograder.student.blas import ONE_THREAD

NEWROOT = "/tmp"
SYSTEM_DIRS = ("/usr", "/lib", "/lib64", "/bin", "/sbin")
DEVICES = ("/dev/null", "/dev/zero", "/dev/urandom", "/dev/random")
SAFE_ENV = {"PATH": "/usr/bin:/bin", "HOME": "/tmp", "TMPDIR": "/tmp", "LANG": "C.UTF-8",
            **ONE_THREAD}


@dataclass(frozen=True)
class ProcessLimits:
    """The kernel's limits on one student process, derived by the host from the course's
    `autograder.student.limits.Limits` (sent with each spawn); the rest are fixed here."""

    memory_mb: int
    cpu_seconds: int
    base_bytes: int  # the address space the process had when it was forked
    file_mb: int = 16
    tmp_mb: int = 32
    tmp_inodes: int = 1024  # tmpfs inodes cost kernel memory that no size limit counts
    nproc: int = 32
    uid: int | None = None


@dataclass(frozen=True)
class Filesystem:
    """What a student's process may see, worked out once by the zygote (not per child): the
    Python installation, the secret package folders under it, what Landlock may read,
    whether the private root's read-only part is already mounted at NEWROOT (`prebuild_root`),
    and matplotlib's font list, copied into each private `/tmp` (`fonts`)."""

    visible: tuple[str, ...]
    hidden: tuple[str, ...]
    readable: tuple[str, ...]
    machine_mounts: int | None = None  # once prebuilt: the machine's mount namespace (a
    # descriptor), where a child that cannot make namespaces of its own goes back to
    fonts: FontList | None = None
    shared_network: bool = False  # the zygote's own network namespace (`shared_network`)

    @property
    def prebuilt(self) -> bool:
        return self.machine_mounts is not None


def filesystem() -> Filesystem:
    """This installation's `Filesystem`."""
    visible = python_dirs()
    hidden = secret_dirs(visible)
    return Filesystem(tuple(visible), tuple(hidden),
                      tuple(without_hidden(visible + list(SYSTEM_DIRS), hidden)))


def address_space() -> int:
    """Bytes of address space this process has now (a child starts with its parent's)."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[0]) * resource.getpagesize()


def python_dirs() -> list[str]:
    """The installation the student's code may read: interpreter prefixes only."""
    dirs = {os.path.realpath(p) for p in (sys.base_prefix, sys.prefix)}
    return sorted(d for d in dirs if os.path.isdir(d))


def secret_dirs(visible: list[str]) -> list[str]:
    """Package folders that hold secrets, when an install put them under a visible folder."""
    import importlib.util

    found = []
    for name in ("autograder", "reference"):
        spec = importlib.util.find_spec(name)
        for location in (spec.submodule_search_locations or []) if spec else []:
            real = os.path.realpath(location)
            if any(real.startswith(v + os.sep) for v in visible):
                found.append(real)
    return found


def without_hidden(paths: list[str], hidden: list[str]) -> list[str]:
    """`paths` with every hidden folder cut out: Landlock can only allow, so a folder holding
    a hidden one is replaced by its other entries (this is what hides an installed suite
    where no private root does)."""
    kept = []
    for path in (os.path.realpath(p) for p in paths):
        if path in hidden:
            continue
        if os.path.isdir(path) and any(h.startswith(path + os.sep) for h in hidden):
            kept += without_hidden([os.path.join(path, e) for e in sorted(os.listdir(path))],
                                   hidden)
        else:
            kept.append(path)
    return kept


def shared_network() -> bool:
    """In the zygote, once: a network namespace of its own, with no interface up, which its
    children stay in, one student after another, instead of each making one (0.55 ms of
    CPU a child, and more for the kernel to tear it down). Only where Landlock scopes
    abstract Unix sockets to each student's process (ABI 6), the one channel a namespace of
    each student's own also closes; else (or where it cannot be made) each child makes its
    own, as before."""
    if landlock.abi_version() < 6:
        return False
    try:
        linux.unshare(linux.CLONE_NEWNET)
    except OSError:
        return False
    return True


def enter_namespaces(network_shared: bool = False) -> list[str]:
    """Unshare the mount, IPC and UTS namespaces, and the network one unless the zygote's is
    `network_shared` (the PID one is made by the zygote as it forks this process); return
    the layers that could not be had."""
    flags = linux.CLONE_NEWNS | linux.CLONE_NEWIPC | linux.CLONE_NEWUTS
    if not network_shared:
        flags |= linux.CLONE_NEWNET
    try:
        linux.unshare(flags)
    except OSError as exc:
        return [f"namespaces (network, mounts): {exc.strerror}"]
    return []


def prebuild_root(fs: Filesystem) -> Filesystem:
    """In the zygote, once: a mount namespace of its own holding the private root's
    read-only part at NEWROOT, which each child's new mount namespace copies (it then adds
    only its /proc and /tmp). Where that cannot be had, `fs` as it was: each child builds
    the whole root itself."""
    try:
        machine = os.open("/proc/self/ns/mnt", os.O_RDONLY)
    except OSError:
        return fs
    try:
        linux.unshare(linux.CLONE_NEWNS)
        _skeleton(fs)
    except OSError:
        with contextlib.suppress(OSError):  # out of a half-built namespace, if it was made
            linux.setns(machine, linux.CLONE_NEWNS)
        os.close(machine)
        return fs
    return replace(fs, machine_mounts=machine)


def without_namespaces(fs: Filesystem) -> None:
    """For a child left without namespaces of its own: back to the machine's mounts (out of
    the zygote's, whose /tmp holds the private root), exactly as where none could be made."""
    if fs.machine_mounts is not None:
        linux.setns(fs.machine_mounts, linux.CLONE_NEWNS)


def build_root(fs: Filesystem, limits: ProcessLimits) -> None:
    """Replace the filesystem by a private root: read-only system and Python, a fresh /proc
    and /tmp (tmpfs bounded in bytes and in inodes). A Python installation under /tmp (a
    venv made in a temporary folder) is shown again inside that fresh /tmp."""
    if not fs.prebuilt:
        _skeleton(fs)
    linux.mount("proc", NEWROOT + "/proc", "proc",
                linux.MS_NOSUID | linux.MS_NODEV | linux.MS_NOEXEC)
    with _held([NEWROOT + path for path in _under_tmp(fs.visible)]) as held:
        linux.mount("tmpfs", NEWROOT + "/tmp", "tmpfs", linux.MS_NOSUID | linux.MS_NODEV,
                    f"mode=1777,size={limits.tmp_mb}m,nr_inodes={limits.tmp_inodes}")
        for target, source in held.items():
            _bind(source, target, read_only=True)
            _unlisted(os.path.dirname(target), NEWROOT + "/tmp")
    os.chdir(NEWROOT)
    os.chroot(".")
    os.chdir("/tmp")


def _unlisted(folder: str, top: str) -> None:
    """`folder` and its parents below `top` (made in the student's /tmp to hold an
    installation) may be passed through, never listed or changed, as Landlock refuses the
    parent folders of an installation elsewhere: the checkout holding a venv reads as
    refused, not as a folder with the venv in it."""
    while folder.startswith(top + "/"):
        os.chmod(folder, 0o111)
        folder = os.path.dirname(folder)


def _under_tmp(paths: Sequence[str]) -> list[str]:
    """The paths that a private /tmp covers, none inside another."""
    under = sorted(p for p in paths if p.startswith("/tmp/"))
    return [p for p in under if not any(p.startswith(q + "/") for q in under)]


@contextlib.contextmanager
def _held(paths: Sequence[str]) -> Iterator[dict[str, str]]:
    """Each existing path of `paths` as a name that still reaches it once a mount covers
    it (`/proc/self/fd/N`, of a path-only descriptor closed afterwards)."""
    fds = {path: os.open(path, os.O_PATH | os.O_CLOEXEC) for path in paths
           if os.path.lexists(path) and not os.path.islink(path)}
    try:
        yield {path: f"/proc/self/fd/{fd}" for path, fd in fds.items()}
    finally:
        for fd in fds.values():
            os.close(fd)


def _skeleton(fs: Filesystem) -> None:
    """In a mount namespace of this process's own: the root's read-only part at NEWROOT
    (system and Python folders, the devices, the hidden folders masked), mounted read-only,
    with empty /proc and /tmp to mount on; nothing of it reaches the host's namespace. A
    folder under NEWROOT itself (a venv under /tmp) is reached through a descriptor taken
    before NEWROOT's own tmpfs covers it."""
    linux.mount(None, "/", None, linux.MS_REC | linux.MS_PRIVATE)
    shown = sorted(set(SYSTEM_DIRS) | set(fs.visible), key=len)
    links = {path: os.readlink(path) for path in shown + list(DEVICES) if os.path.islink(path)}
    with _held([p for p in shown if p.startswith(NEWROOT + "/")]) as held:
        linux.mount("tmpfs", NEWROOT, "tmpfs", linux.MS_NOSUID | linux.MS_NODEV,
                    "mode=0755,size=1m,nr_inodes=1024")
        for path in shown:
            _expose(path, held.get(path, path), links.get(path), read_only=True)
    for device in DEVICES:
        _expose(device, device, links.get(device), read_only=False)
    for path in fs.hidden:
        linux.mount("tmpfs", NEWROOT + path, "tmpfs", linux.MS_RDONLY, "size=4k")
    for mountpoint in ("/proc", "/tmp"):
        os.makedirs(NEWROOT + mountpoint, exist_ok=True)
    linux.mount(None, NEWROOT, None, linux.MS_REMOUNT | linux.MS_BIND | linux.MS_RDONLY
                | linux.MS_NOSUID | linux.MS_NODEV)


def _expose(path: str, source: str, link: str | None, read_only: bool) -> None:
    """Show `path` (reached as `source`) at the same place inside the new root; a link
    (`link`: its target) stays a link."""
    target = NEWROOT + path
    if link is not None:
        os.makedirs(os.path.dirname(target), exist_ok=True)
        if not os.path.lexists(target):
            os.symlink(link, target)
        return
    if not os.path.exists(source) or (os.path.lexists(target) and not os.path.isdir(source)):
        return
    _bind(source, target, read_only)


def _bind(source: str, target: str, read_only: bool) -> None:
    """Mount `source` at `target` (made first: a folder, or an empty file)."""
    if os.path.isdir(source):
        os.makedirs(target, exist_ok=True)
    else:
        os.makedirs(os.path.dirname(target), exist_ok=True)
        Path(target).touch()
    linux.mount(source, target, None, linux.MS_BIND | linux.MS_REC)
    flags = linux.MS_REMOUNT | linux.MS_BIND | linux.MS_NOSUID
    if read_only:
        linux.mount(None, target, None, flags | linux.MS_RDONLY | linux.MS_NODEV)


def apply_limits(limits: ProcessLimits) -> None:
    """Memory (address space over the size at the fork), CPU, file size, files and
    processes."""
    memory = limits.base_bytes + limits.memory_mb * 2**20
    for name, value in ((resource.RLIMIT_AS, memory), (resource.RLIMIT_CPU, limits.cpu_seconds),
                        (resource.RLIMIT_FSIZE, limits.file_mb * 2**20),
                        (resource.RLIMIT_NOFILE, 64), (resource.RLIMIT_CORE, 0),
                        (resource.RLIMIT_NPROC, limits.nproc)):
        resource.setrlimit(name, (value, value))
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)


def drop_privileges(uid: int) -> None:
    """Become an unprivileged uid with no groups; no way back (no_new_privs)."""
    os.setgroups([])
    os.setresgid(uid, uid, uid)
    os.setresuid(uid, uid, uid)
    linux.prctl(linux.PR_SET_NO_NEW_PRIVS, 1)
    linux.prctl(linux.PR_SET_PDEATHSIG, signal.SIGKILL)


def scrub_environment() -> None:
    """Leave the student's code only a minimal, fixed environment (the zygote scrubs its own,
    so a child usually has nothing to change)."""
    if dict(os.environ) != SAFE_ENV:
        os.environ.clear()
        os.environ.update(SAFE_ENV)


def isolate_child(limits: ProcessLimits, fs: Filesystem, have_namespaces: bool) -> list[str]:
    """Apply every layer inside the student's process; return the ones that failed."""
    missing = []
    if have_namespaces:
        try:
            linux.sethostname("sandbox")
            build_root(fs, limits)
        except OSError as exc:
            missing.append(f"private filesystem: {exc}")
    if limits.uid is not None:
        drop_privileges(limits.uid)
    else:
        missing.append("a uid of its own (the grader is not root: students run as its user)")
    apply_limits(limits)
    if have_namespaces:  # its own /tmp (else the machine's, where nothing is written)
        fonts.install(fs.fonts)
    writable = ["/tmp", *DEVICES] if have_namespaces else list(DEVICES)
    missing += landlock.restrict(readable=list(fs.readable), writable=writable)
    scrub_environment()
    return missing + seccomp.restrict()  # last: the calls above are not on its allow-list
