"""The seccomp program itself, run on a small BPF interpreter for both architectures: the
architecture check, the refusals, the calls it allows, and that it is built only once.

The numbers of the refused calls below come from the kernel's tables, independently of
`syscalls.py` (which they must not appear in)."""

from __future__ import annotations

import ctypes
import errno
import json
import os
import socket
import struct
import subprocess
import sys

import pytest

from autograder.course.assignments import ROOT
from autograder.sandbox.inside import linux, seccomp, syscalls

MACHINES = ("x86_64", "aarch64")
COLUMN = {"x86_64": 0, "aarch64": 1}
AUDIT_ARCH_I386 = 0x40000003
EPERM = seccomp.ERRNO | errno.EPERM

# name -> (x86_64, aarch64); None where the architecture has no such call
REFUSED = {
    "keyctl": (250, 219), "add_key": (248, 217), "request_key": (249, 218),
    "io_uring_setup": (425, 425), "io_uring_enter": (426, 426), "io_uring_register": (427, 427),
    "bpf": (321, 280), "perf_event_open": (298, 241), "userfaultfd": (323, 282),
    "ptrace": (101, 117), "process_vm_readv": (310, 270), "process_vm_writev": (311, 271),
    "pidfd_getfd": (438, 438), "kcmp": (312, 272), "mount": (165, 40), "umount2": (166, 39),
    "pivot_root": (155, 41), "chroot": (161, 51), "fsopen": (430, 430), "open_tree": (428, 428),
    "move_mount": (429, 429), "unshare": (272, 97), "setns": (308, 268),
    "kexec_load": (246, 104), "kexec_file_load": (320, 294), "init_module": (175, 105),
    "finit_module": (313, 273), "delete_module": (176, 106), "reboot": (169, 142),
    "swapon": (167, 224), "swapoff": (168, 225), "acct": (163, 89), "settimeofday": (164, 170),
    "clock_settime": (227, 112), "clock_adjtime": (305, 266), "adjtimex": (159, 171),
    "name_to_handle_at": (303, 264), "open_by_handle_at": (304, 265),
    "fanotify_init": (300, 262), "lookup_dcookie": (212, 18), "quotactl": (179, 60),
    "vhangup": (153, 58), "memfd_create": (319, 279), "syslog": (103, 116),
    "sethostname": (170, 161), "personality": (135, 92), "iopl": (172, None),
    "ioperm": (173, None), "modify_ldt": (154, None),
}


def run(program: list[seccomp.Instruction], nr: int, arch: int, args: tuple[int, ...] = ()) -> int:
    """What the kernel's classic-BPF machine returns for one call (the subset seccomp uses)."""
    data = struct.pack("<iIQ6Q", nr, arch, 0, *(list(args) + [0] * (6 - len(args))))
    accumulator, pc = 0, 0
    while True:
        code, jt, jf, k = program[pc]
        pc += 1
        if code == seccomp.LOAD:
            accumulator = struct.unpack_from("<I", data, k)[0]
        elif code == seccomp.RETURN:
            return k
        elif code == seccomp.JUMP:
            pc += k
        else:
            taken = {seccomp.JUMP_EQ: accumulator == k, seccomp.JUMP_GE: accumulator >= k,
                     seccomp.JUMP_SET: bool(accumulator & k)}[code]
            pc += jt if taken else jf


def verdict(machine: str, name: str, *args: int) -> int:
    """The action for `name` (an allowed call) with `args`, on `machine`."""
    audit_arch, numbers = syscalls.ARCHES[machine]
    program = seccomp.assemble(machine)
    assert program is not None
    return run(program, numbers[name], audit_arch, args)


@pytest.mark.parametrize("machine", MACHINES)
def test_a_foreign_architecture_is_killed(machine):
    """Is a call made through another ABI (the other table, i386) killed before its number is
    even looked at?"""
    program = seccomp.assemble(machine)
    assert program is not None
    foreign = [a for m, (a, _) in syscalls.ARCHES.items() if m != machine] + [AUDIT_ARCH_I386]
    for arch in foreign:
        assert run(program, 0, arch) == seccomp.KILL_PROCESS


def test_x32_calls_are_refused():
    """Is an x32 call (number | 0x40000000) on x86_64 refused, even for an allowed number?"""
    audit_arch, numbers = syscalls.ARCHES["x86_64"]
    program = seccomp.assemble("x86_64")
    assert program is not None
    assert run(program, numbers["read"] | seccomp.X32_SYSCALL_BIT, audit_arch) == EPERM


@pytest.mark.parametrize("machine", MACHINES)
@pytest.mark.parametrize("name", sorted(REFUSED))
def test_dangerous_calls_are_refused_with_eperm(machine, name):
    """Is each dangerous call (keyrings, io_uring, bpf, perf, ptrace, mounts, namespaces,
    modules, clocks, ...) refused with EPERM, and absent from the allow-list?"""
    number = REFUSED[name][COLUMN[machine]]
    if number is None:
        pytest.skip(f"{machine} has no {name}")
    audit_arch, numbers = syscalls.ARCHES[machine]
    assert name not in numbers and number not in numbers.values()
    program = seccomp.assemble(machine)
    assert program is not None
    assert run(program, number, audit_arch) == EPERM


@pytest.mark.parametrize("machine", MACHINES)
def test_every_number_off_the_list_is_refused(machine):
    """Is every call number not on the allow-list (including ones the kernel adds later)
    refused?"""
    audit_arch, numbers = syscalls.ARCHES[machine]
    program = seccomp.assemble(machine)
    assert program is not None
    allowed = set(numbers.values())
    assert all(run(program, nr, audit_arch) == EPERM for nr in range(1024) if nr not in allowed)


def test_a_long_table_is_searched_with_long_jumps():
    """With more ranges than a conditional jump can skip, does every number still get its
    own verdict?"""
    verdicts = {nr: [seccomp._ret(seccomp.ALLOW)] for nr in range(0, 1200, 2)}
    program = [(seccomp.LOAD, 0, 0, seccomp.NR), *seccomp._search(seccomp._segments(verdicts))]
    assert any(code == seccomp.JUMP for code, *_ in program)
    for nr in range(1205):
        assert run(program, nr, 0) == (seccomp.ALLOW if nr % 2 == 0 and nr < 1200 else EPERM)


@pytest.mark.parametrize("machine", MACHINES)
def test_every_listed_call_is_allowed(machine):
    """Does every call on the allow-list without an argument rule pass?"""
    plain = [n for n in syscalls.ARCHES[machine][1] if n not in seccomp.RULES]
    assert len(plain) > 150
    assert all(verdict(machine, name) == seccomp.ALLOW for name in plain)


@pytest.mark.parametrize("machine", MACHINES)
def test_only_unix_sockets(machine):
    """Are AF_UNIX sockets and socket pairs allowed, and every other family refused?"""
    for call in ("socket", "socketpair"):
        assert verdict(machine, call, socket.AF_UNIX, socket.SOCK_STREAM) == seccomp.ALLOW
        for family in (socket.AF_INET, socket.AF_INET6, socket.AF_VSOCK, socket.AF_NETLINK,
                       socket.AF_PACKET, 0, 2**31):
            assert verdict(machine, call, family, socket.SOCK_STREAM) == EPERM, family


@pytest.mark.parametrize("machine", MACHINES)
def test_clone_may_not_create_namespaces(machine):
    """Are fork- and thread-style clones allowed, and a clone asking for any new namespace
    refused? Is clone3 (whose flags the filter cannot read) answered ENOSYS?"""
    thread = 0x003D0F00  # glibc's pthread_create flags
    assert verdict(machine, "clone", 17) == verdict(machine, "clone", thread) == seccomp.ALLOW
    for flag in (linux.CLONE_NEWNS, linux.CLONE_NEWCGROUP, linux.CLONE_NEWUTS,
                 linux.CLONE_NEWIPC, linux.CLONE_NEWUSER, linux.CLONE_NEWPID, linux.CLONE_NEWNET):
        assert verdict(machine, "clone", 17 | flag) == EPERM, hex(flag)
    assert verdict(machine, "clone3") == seccomp.ERRNO | errno.ENOSYS


@pytest.mark.parametrize("machine", MACHINES)
def test_no_typing_into_a_terminal(machine):
    """Is ioctl allowed, except TIOCSTI and TIOCLINUX?"""
    assert verdict(machine, "ioctl", 0, 0x5401) == seccomp.ALLOW  # TCGETS, as isatty() does
    assert verdict(machine, "ioctl", 0, seccomp.TIOCSTI) == EPERM
    assert verdict(machine, "ioctl", 0, seccomp.TIOCLINUX) == EPERM


def test_the_tables_agree_with_libseccomp():
    """Is every number in `syscalls.py` the kernel's, for both architectures, as libseccomp
    knows them?"""
    try:
        lib = ctypes.CDLL("libseccomp.so.2")
    except OSError:
        pytest.skip("libseccomp is not installed")
    resolve = lib.seccomp_syscall_resolve_name_arch
    resolve.argtypes = [ctypes.c_uint32, ctypes.c_char_p]
    for machine in MACHINES:
        audit_arch, numbers = syscalls.ARCHES[machine]
        known = {n: resolve(audit_arch, n.encode()) for n in numbers}
        assert {n: nr for n, nr in known.items() if nr >= 0} == \
            {n: nr for n, nr in numbers.items() if known[n] >= 0}
        assert all(known[n] >= 0 for n, nr in numbers.items() if nr < 450)  # 2.5 knows these


def test_an_unknown_architecture_is_reported_missing(monkeypatch):
    """On a machine without a table, is the layer reported missing, and nothing loaded?"""
    monkeypatch.setattr(seccomp, "native_machine", lambda: "riscv64")
    assert seccomp.restrict() == ["seccomp filter: no system call table for riscv64"]
    assert seccomp.assemble("riscv64") is None


@pytest.mark.skipif(seccomp.native_machine() not in syscalls.ARCHES, reason="no table here")
def test_the_program_is_built_once_and_reused():
    """Is the program compiled once in the parent, and only loaded by a forked child?"""
    code = """
import json, os
from autograder.sandbox.inside import seccomp
first = seccomp.compiled(seccomp.native_machine())
read, write = os.pipe()
if os.fork() == 0:
    missing = seccomp.restrict()
    info = seccomp.compiled.cache_info()
    os.write(write, json.dumps([missing, info.misses, info.hits]).encode())
    os._exit(0)
os.wait()
print(os.read(read, 4096).decode())
print(seccomp.compiled(seccomp.native_machine()) is first)
"""
    run_ = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=60)
    lines = run_.stdout.split("\n")
    assert json.loads(lines[0]) == [[], 1, 1], run_.stderr
    assert lines[1] == "True"
