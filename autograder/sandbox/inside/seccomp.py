"""Seccomp: the kernel refuses the student's process every system call outside an allow-list.

An allow-list rather than a deny-list: the student needs only what CPython, NumPy, SymPy and
the standard library use (files, memory, processes, threads, signals, clocks, polling, local
sockets; `syscalls.py`), while the kernel keeps adding interfaces (io_uring, bpf, the new mount
API, ...). A deny-list lets through whatever it forgot and whatever comes next; this refuses
both. It is robust here: with every refusal logged instead, the nine model solutions and the
sandbox's attack suites made no call off the list. The refusal is EPERM, so Python raises a
clean OSError; `clone3` says ENOSYS, so glibc falls back to `clone`, whose namespace flags are
then checked. Sockets are AF_UNIX only (the network namespace already makes AF_INET useless,
and without it Landlock misses UDP). A call through another ABI is refused (x32) or, for a
foreign architecture, whose numbers mean other calls, kills the process.

The program is assembled once in the zygote and inherited by every child, which only loads it.
"""

from __future__ import annotations

import ctypes
import errno
import functools
import platform
import struct

from autograder.sandbox.inside import linux, syscalls

Instruction = tuple[int, int, int, int]  # (code, jump if true, jump if false, k)

LOAD, JUMP, JUMP_EQ, JUMP_GE, JUMP_SET, RETURN = 0x20, 0x05, 0x15, 0x35, 0x45, 0x06  # BPF_K
ALLOW, KILL_PROCESS, ERRNO = 0x7FFF0000, 0x80000000, 0x00050000
NR, ARCH = 0, 4  # offsets in struct seccomp_data; the 64-bit args start at 16 (little-endian)
X32_SYSCALL_BIT = 0x40000000
AF_UNIX = 1
TIOCSTI, TIOCLINUX = 0x5412, 0x541C  # typing into, or driving, a terminal
NAMESPACE_FLAGS = (linux.CLONE_NEWNS | linux.CLONE_NEWCGROUP | linux.CLONE_NEWUTS
                   | linux.CLONE_NEWIPC | linux.CLONE_NEWUSER | linux.CLONE_NEWPID
                   | linux.CLONE_NEWNET)


def _ret(action: int) -> Instruction:
    return (RETURN, 0, 0, action)


def _load_arg(index: int) -> Instruction:
    """Load the low 32 bits of argument `index` (the kernel reads these calls' ints there)."""
    return (LOAD, 0, 0, 16 + 8 * index)


REFUSE = _ret(ERRNO | errno.EPERM)
# Calls whose verdict depends on an argument, or that must fail with another errno.
RULES: dict[str, list[Instruction]] = {
    "socket": [_load_arg(0), (JUMP_EQ, 0, 1, AF_UNIX), _ret(ALLOW), REFUSE],
    "socketpair": [_load_arg(0), (JUMP_EQ, 0, 1, AF_UNIX), _ret(ALLOW), REFUSE],
    "clone": [_load_arg(0), (JUMP_SET, 0, 1, NAMESPACE_FLAGS), REFUSE, _ret(ALLOW)],
    "clone3": [_ret(ERRNO | errno.ENOSYS)],  # its flags sit behind a pointer, out of reach
    "ioctl": [_load_arg(1), (JUMP_EQ, 2, 0, TIOCSTI), (JUMP_EQ, 1, 0, TIOCLINUX), _ret(ALLOW),
              REFUSE],
}


class _Filter(ctypes.Structure):
    _fields_ = [("code", ctypes.c_uint16), ("jt", ctypes.c_uint8), ("jf", ctypes.c_uint8),
                ("k", ctypes.c_uint32)]


class Program(ctypes.Structure):
    """A `struct sock_fprog`, ready for `prctl(PR_SET_SECCOMP)`."""

    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(_Filter))]


def assemble(machine: str) -> list[Instruction] | None:
    """The BPF program for `machine` (a `platform.machine()` name), None for an unknown one."""
    if machine not in syscalls.ARCHES:
        return None
    audit_arch, numbers = syscalls.ARCHES[machine]
    program = [(LOAD, 0, 0, ARCH), (JUMP_EQ, 1, 0, audit_arch), _ret(KILL_PROCESS),
               (LOAD, 0, 0, NR)]
    if machine == "x86_64":
        program += [(JUMP_GE, 0, 1, X32_SYSCALL_BIT), REFUSE]
    verdicts = {number: RULES.get(name, [_ret(ALLOW)]) for name, number in numbers.items()}
    return program + _search(_segments(verdicts))


def _segments(verdicts: dict[int, list[Instruction]]) -> list[tuple[int, list[Instruction]]]:
    """The call numbers cut where the verdict changes, as (first number, verdict) pairs: runs
    of allowed calls become one range, and every number off the list is refused."""
    segments: list[tuple[int, list[Instruction]]] = []
    for number in range(max(verdicts) + 2):
        verdict = verdicts.get(number, [REFUSE])
        if not segments or verdict != segments[-1][1]:
            segments.append((number, verdict))
    return segments


def _search(segments: list[tuple[int, list[Instruction]]]) -> list[Instruction]:
    """A binary search for the segment holding the call number: a few steps for any call, so
    the kernel's per-number verdict cache (built as the filter loads) is quick to build, and
    a call it does not answer is quick to judge."""
    if len(segments) == 1:
        return segments[0][1]
    middle = len(segments) // 2
    low, high = _search(segments[:middle]), _search(segments[middle:])
    if len(low) <= 255:  # a conditional jump reaches that far
        return [(JUMP_GE, len(low), 0, segments[middle][0]), *low, *high]
    return [(JUMP_GE, 0, 1, segments[middle][0]), (JUMP, 0, 0, len(low)), *low, *high]


def native_machine() -> str:
    """The architecture whose system calls this interpreter makes."""
    bits = 8 * struct.calcsize("P")
    return platform.machine() if bits == 64 else f"{platform.machine()} ({bits}-bit)"


@functools.cache
def compiled(machine: str) -> Program | None:
    """The loadable program for `machine`, built once (in the zygote) and inherited by every
    child through the fork."""
    instructions = assemble(machine)
    if instructions is None:
        return None
    array = (_Filter * len(instructions))(*(_Filter(*i) for i in instructions))
    return Program(len(instructions), array)  # ctypes keeps `array` alive with the program


def restrict() -> list[str]:
    """Filter this process's system calls for good; return the layers that could not be had."""
    machine = native_machine()
    program = compiled(machine)
    if program is None:
        return [f"seccomp filter: no system call table for {machine}"]
    try:
        linux.prctl(linux.PR_SET_NO_NEW_PRIVS, 1)  # required unless privileged; Landlock may lack
        linux.set_seccomp_filter(ctypes.byref(program))
    except OSError as exc:
        return [f"seccomp filter: {exc.strerror}"]
    return []
