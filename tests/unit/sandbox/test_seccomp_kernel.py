"""The seccomp filter in a real kernel: a fresh process loads it, then makes each refused call
(with arguments that would do nothing harmful even if it went through) and the ordinary work
a student's code does: processes, threads, pipes, files, NumPy."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from test_seccomp import REFUSED

from autograder.course.assignments import ROOT
from autograder.sandbox.inside import seccomp, syscalls

MACHINE = seccomp.native_machine()
pytestmark = pytest.mark.skipif(MACHINE not in syscalls.ARCHES, reason=f"no table for {MACHINE}")
UNSAFE_TO_TRY = {"vhangup", "sethostname"}  # as root without the filter they would do harm

PROBE = r'''
import ctypes, errno, json, os, signal, socket, subprocess, sys, tempfile, threading
import numpy as np
from autograder.sandbox.inside import seccomp

NR = json.loads(sys.argv[1])
libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
NOWHERE = b"/nonexistent-aimath"
BUF = ctypes.create_string_buffer(256)

def call(name, *args):
    ctypes.set_errno(0)
    args = [ctypes.c_long(a) if isinstance(a, int) else a for a in (NR[name], *args)]
    result = libc.syscall(*args)
    if result == 0 and name == "clone":
        os._exit(0)  # the clone went through: this is the child
    return "ok" if result >= 0 else errno.errorcode.get(ctypes.get_errno(), "?")

def attempt(action):
    try:
        action()
        return "ok"
    except OSError as exc:
        return errno.errorcode.get(exc.errno, str(exc))

def fork():
    pid = os.fork()
    if pid == 0:
        os._exit(3)
    assert os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) == 3

def thread():
    seen = []
    worker = threading.Thread(target=lambda: seen.append(1))
    worker.start()
    worker.join()
    assert seen == [1]

def files():
    with tempfile.TemporaryDirectory() as folder:
        np.save(os.path.join(folder, "a.npy"), np.eye(3))
        assert np.load(os.path.join(folder, "a.npy")).trace() == 3

def signal_self():
    got = []
    signal.signal(signal.SIGUSR1, lambda *_: got.append(1))
    os.kill(os.getpid(), signal.SIGUSR1)
    assert got == [1]

ATTEMPTS = {
    "keyctl": (0, -2, 0), "add_key": (b"user", b"aimath-test", b"v", 1, -2),
    "request_key": (b"user", b"aimath-test", None, 0), "io_uring_setup": (1, BUF),
    "io_uring_enter": (-1, 0, 0, 0, None, 0), "io_uring_register": (-1, 0, None, 0),
    "bpf": (0, BUF, 0), "perf_event_open": (None, 0, -1, -1, 0), "userfaultfd": (0,),
    "ptrace": (-1, 0, 0, 0), "process_vm_readv": (os.getpid(), None, 0, None, 0, 0),
    "process_vm_writev": (os.getpid(), None, 0, None, 0, 0), "pidfd_getfd": (-1, 0, 0),
    "kcmp": (os.getpid(), os.getpid(), 0, 0, 0), "mount": (b"none", NOWHERE, b"tmpfs", 0, None),
    "umount2": (NOWHERE, 0), "pivot_root": (NOWHERE, NOWHERE), "chroot": (NOWHERE,),
    "fsopen": (b"aimath-nofs", 0), "open_tree": (-1, NOWHERE, 0),
    "move_mount": (-1, NOWHERE, -1, NOWHERE, 0), "setns": (-1, 0),
    "kexec_load": (0, 1000, None, 0), "kexec_file_load": (-1, -1, 0, None, 0),
    "init_module": (None, 0, b""), "finit_module": (-1, b"", 0),
    "delete_module": (b"aimath_none", os.O_NONBLOCK), "reboot": (0, 0, 0, None),
    "swapon": (NOWHERE, 0), "swapoff": (NOWHERE,), "acct": (NOWHERE,),
    "settimeofday": (None, None), "clock_settime": (-1, BUF), "clock_adjtime": (-1, BUF),
    "adjtimex": (BUF,), "name_to_handle_at": (-100, b"/", BUF, BUF, 0),
    "open_by_handle_at": (-1, BUF, 0), "fanotify_init": (0, 0), "lookup_dcookie": (0, None, 0),
    "quotactl": (0, None, 0, None), "memfd_create": (b"aimath", 0), "syslog": (10, None, 0),
    "personality": (0xFFFFFFFF,), "iopl": (0,), "ioperm": (0, 0, 0), "modify_ldt": (0, BUF, 16),
    "unshare": (0x10000000,), "clone": (0x10000000 | 17, 0, 0, 0, 0),  # last: they might work
}
report = {"missing": seccomp.restrict()}
if not report["missing"]:  # never try these unfiltered
    report["refused"] = {name: call(name, *ATTEMPTS[name]) for name in ATTEMPTS if name in NR}
    report["families"] = {
        family.name: attempt(lambda f=family, k=kind: socket.socket(f, k).close())
        for family, kind in ((socket.AF_INET, socket.SOCK_DGRAM), (socket.AF_INET6, 1),
                             (socket.AF_VSOCK, 1), (socket.AF_NETLINK, socket.SOCK_RAW),
                             (socket.AF_PACKET, socket.SOCK_DGRAM), (socket.AF_UNIX, 1))}
    report["clone3"] = call("clone3", None, 0)
    report["allowed"] = {name: attempt(action) for name, action in {
        "fork": fork, "thread": thread, "files": files, "signal": signal_self,
        "exec": lambda: subprocess.run(["/bin/true"], check=True),
        "socketpair": lambda: [s.close() for s in socket.socketpair()],
        "linalg": lambda: np.linalg.solve(np.eye(3) * 2, np.ones(3)),
    }.items()}
print(json.dumps(report))
'''


@pytest.fixture(scope="module")
def probe() -> dict:
    """What a fresh process could do after loading the filter."""
    column = 0 if MACHINE == "x86_64" else 1
    numbers = {n: nrs[column] for n, nrs in REFUSED.items() if nrs[column] is not None}
    numbers.update(clone=syscalls.ARCHES[MACHINE][1]["clone"], clone3=435)
    run = subprocess.run([sys.executable, "-c", PROBE, json.dumps(numbers)], cwd=ROOT,
                         capture_output=True, text=True, timeout=120, start_new_session=True,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def test_the_filter_loads(probe):
    """Does the filter load on this machine, so no layer is reported missing?"""
    assert probe["missing"] == []


@pytest.mark.parametrize("name", sorted(set(REFUSED) - UNSAFE_TO_TRY))
def test_the_kernel_refuses_each_dangerous_call(probe, name):
    """Does the kernel answer EPERM to each dangerous call (which, unfiltered and as root,
    would mostly succeed or fail with another errno)?"""
    if name not in probe["refused"]:
        pytest.skip(f"{MACHINE} has no {name}")
    assert probe["refused"][name] == "EPERM"


def test_namespaces_cannot_be_had_through_clone_or_unshare(probe):
    """Are unshare(CLONE_NEWUSER) and clone(CLONE_NEWUSER) refused, and clone3 ENOSYS?"""
    assert (probe["refused"]["unshare"], probe["refused"]["clone"]) == ("EPERM", "EPERM")
    assert probe["clone3"] == "ENOSYS"


def test_only_unix_sockets_can_be_made(probe):
    """Are vsock, netlink, packet and IP sockets refused, and a UNIX socket made?"""
    assert probe["families"] == {"AF_INET": "EPERM", "AF_INET6": "EPERM", "AF_VSOCK": "EPERM",
                                 "AF_NETLINK": "EPERM", "AF_PACKET": "EPERM", "AF_UNIX": "ok"}


def test_ordinary_work_still_runs(probe):
    """Do fork, threads (through clone3's fallback), files, signals, exec, socket pairs and
    NumPy's linear algebra still work under the filter?"""
    assert probe["allowed"] == dict.fromkeys(probe["allowed"], "ok")
    assert len(probe["allowed"]) == 7
