"""Thin ctypes wrappers for the Linux calls Python's `os` module lacks."""

from __future__ import annotations

import ctypes
import os

_libc = ctypes.CDLL(None, use_errno=True)
_libc_holding_gil = ctypes.PyDLL(None, use_errno=True)  # the call keeps the GIL

CLONE_NEWNS = 0x00020000
CLONE_NEWCGROUP = 0x02000000
CLONE_NEWUTS = 0x04000000
CLONE_NEWIPC = 0x08000000
CLONE_NEWUSER = 0x10000000
CLONE_NEWPID = 0x20000000
CLONE_NEWNET = 0x40000000

MS_RDONLY = 1
MS_NOSUID = 2
MS_NODEV = 4
MS_NOEXEC = 8
MS_REMOUNT = 32
MS_BIND = 4096
MS_REC = 16384
MS_PRIVATE = 1 << 18

PR_SET_PDEATHSIG = 1
PR_SET_NO_NEW_PRIVS = 38
PR_SET_CHILD_SUBREAPER = 36
PR_SET_SECCOMP = 22
PR_SET_NAME = 15
SECCOMP_MODE_FILTER = 2


def _check(result: int, what: str) -> int:
    if result < 0:
        err = ctypes.get_errno()
        raise OSError(err, f"{what}: {os.strerror(err)}")
    return result


def unshare(flags: int) -> None:
    """Move this process into new namespaces (`man 2 unshare`)."""
    _check(_libc.unshare(ctypes.c_int(flags)), "unshare")


def fork_bare() -> int:
    """fork(2) without Python's at-fork handlers (`os.register_at_fork`: `threading`'s,
    `random`'s reseeding...), for a process of one thread whose children need none of them.
    Each handler a child runs writes to pages it shares with its parent, which the kernel
    copies first: about 190 page faults a child."""
    return _check(_libc_holding_gil.fork(), "fork")


def setns(fd: int, nstype: int) -> None:
    """Join the namespace open at `fd` (`man 2 setns`; for a PID namespace: the one this
    process's next children are created in)."""
    _check(_libc.setns(ctypes.c_int(fd), ctypes.c_int(nstype)), "setns")


def mount(source: str | None, target: str, fstype: str | None, flags: int,
          data: str | None = None) -> None:
    """Mount a filesystem (`man 2 mount`)."""
    enc = [s.encode() if s is not None else None for s in (source, target, fstype, data)]
    _check(_libc.mount(enc[0], enc[1], enc[2], ctypes.c_ulong(flags), enc[3]), f"mount {target}")


def prctl(option: int, value: int) -> None:
    """Set a process attribute (`man 2 prctl`)."""
    _check(_libc.prctl(ctypes.c_int(option), ctypes.c_ulong(value), 0, 0, 0), "prctl")


def set_name(name: str) -> None:
    """Name this process as `ps -o comm` and /proc/PID/comm show it (15 bytes at most)."""
    _check(_libc.prctl(ctypes.c_int(PR_SET_NAME), ctypes.c_char_p(name.encode()[:15]), 0, 0, 0),
           "prctl")


def set_seccomp_filter(program: object) -> None:
    """Install a seccomp-BPF program (a `byref` to a `struct sock_fprog`) for good."""
    _check(_libc.prctl(ctypes.c_int(PR_SET_SECCOMP), ctypes.c_ulong(SECCOMP_MODE_FILTER), program,
                       0, 0), "seccomp")


def sethostname(name: str) -> None:
    """Name the host inside a new UTS namespace."""
    raw = name.encode()
    _check(_libc.sethostname(raw, ctypes.c_size_t(len(raw))), "sethostname")


def syscall(number: int, *args: object) -> int:
    """A raw system call, for the Landlock calls that have no libc wrapper."""
    return _check(_libc.syscall(ctypes.c_long(number), *args), f"syscall {number}")
