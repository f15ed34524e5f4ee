"""Kernel interfaces a sandboxed student might reach past the filesystem and the network:
keyrings, io_uring, bpf, perf, vsock and netlink sockets, new namespaces, tmpfs inodes.

One sandboxed batch: a prober tries each channel and reports the errno through the message
of the function the suite calls; a keeper stores a note in the kernel's user keyring and a
thief, graded next in the same slot (so as the same uid), looks for it; an honest student
comes last. Each channel must be refused with EPERM, and every honest function keep its
points."""

import re

import pytest
from support.sandboxed import FUNCTIONS, HONEST, earned, outputs

from autograder.sandbox.inside import isolation

pytestmark = pytest.mark.slow

SYSCALLS = '''
import ctypes, errno, os, platform, socket, struct

NR = {"x86_64": {"keyctl": 250, "add_key": 248, "request_key": 249, "io_uring_setup": 425,
                 "bpf": 321, "perf_event_open": 298},
      "aarch64": {"keyctl": 219, "add_key": 217, "request_key": 218, "io_uring_setup": 425,
                  "bpf": 280, "perf_event_open": 241}}[platform.machine()]
LIBC = ctypes.CDLL(None, use_errno=True)
LIBC.syscall.restype = ctypes.c_long
USER_KEYRING = -4

def call(name, *args):
    ctypes.set_errno(0)
    args = [ctypes.c_long(a) if isinstance(a, int) else a for a in (NR[name], *args)]
    return "ok" if LIBC.syscall(*args) >= 0 else errno.errorcode[ctypes.get_errno()]

def attempt(action):
    try:
        action()
        return "ok"
    except OSError as exc:
        return errno.errorcode.get(exc.errno, "other")
'''

PROBE = SYSCALLS + '''
TASK_CLOCK = struct.pack("<IIQ", 1, 128, 1).ljust(40, b"\\0") + struct.pack("<Q", 0x60)

def fill_tmp(most=5000):
    for count in range(most):
        try:
            open(f"/tmp/f{count}", "w").close()
        except OSError as exc:
            return count, errno.errorcode[exc.errno]
    return most, "none"

def unshare_user():
    if LIBC.unshare(0x10000000) != 0:  # CLONE_NEWUSER
        raise OSError(ctypes.get_errno(), "unshare")

files, error = fill_tmp()
REPORT = {
    "keyctl": call("keyctl", 0, USER_KEYRING, 1),  # KEYCTL_GET_KEYRING_ID, create it
    "add_key": call("add_key", b"user", b"note", b"answers", 7, USER_KEYRING),
    "request_key": call("request_key", b"user", b"note", None, 0),
    "io_uring_setup": call("io_uring_setup", 8, ctypes.create_string_buffer(120)),
    "bpf": call("bpf", 0, ctypes.create_string_buffer(72), 72),
    "perf_event_open": call("perf_event_open", TASK_CLOCK.ljust(128, b"\\0"), 0, -1, -1, 0),
    "unshare_user": attempt(unshare_user),
    "vsock": attempt(lambda: socket.socket(socket.AF_VSOCK, socket.SOCK_STREAM).close()),
    "netlink": attempt(lambda: socket.socket(socket.AF_NETLINK, socket.SOCK_RAW).close()),
    "inet": attempt(lambda: socket.socket(socket.AF_INET, socket.SOCK_DGRAM).close()),
    "tmp_files": files, "tmp_error": error,
}
'''

KEEPER = SYSCALLS + '''
REPORT = {"stored": call("add_key", b"user", b"aimath-note", b"the answers", 11, USER_KEYRING)}
'''

THIEF = SYSCALLS + '''
BUFFER = ctypes.create_string_buffer(64)

def read_note():
    ctypes.set_errno(0)
    key = LIBC.syscall(ctypes.c_long(NR["keyctl"]), ctypes.c_long(10),  # KEYCTL_SEARCH
                       ctypes.c_long(USER_KEYRING), b"user", b"aimath-note", ctypes.c_long(0))
    if key < 0:
        return errno.errorcode[ctypes.get_errno()]
    call("keyctl", 11, key, BUFFER, 64)  # KEYCTL_READ
    return BUFFER.value.decode()

REPORT = {"found": call("request_key", b"user", b"aimath-note", None, 0), "read": read_note()}
'''

REPORTING = HONEST + '''

def l1_norm(*args):
    raise OSError(" ".join(f"{k}={v}" for k, v in REPORT.items()))
'''

CHANNELS = ("keyctl", "add_key", "request_key", "io_uring_setup", "bpf", "perf_event_open",
            "unshare_user", "vsock", "netlink", "inet")
STUDENTS = {"prober.py": PROBE + REPORTING, "keeper.py": KEEPER + REPORTING,
            "thief.py": THIEF + REPORTING, "honest.py": HONEST}


@pytest.fixture(scope="module")
def batch(grade_sources):
    """The prober, the keeper, the thief and an honest student, in this order, one slot."""
    return grade_sources(STUDENTS, timeout=5.0)


def reported(batch, student: str) -> dict[str, str]:
    """What a student's probe reported through its l1_norm messages."""
    messages = outputs(batch.results[student], "l1_norm")
    assert messages and all(m == messages[0] for m in messages), messages
    return dict(re.findall(r"(\w+)=(\S+)", messages[0]))


@pytest.mark.parametrize("channel", CHANNELS)
def test_each_kernel_channel_is_refused_with_eperm(batch, channel):
    """Is each channel (keyrings, io_uring, bpf, perf, a user namespace, vsock, netlink and
    IP sockets) refused with EPERM, a clean OSError in the student's code?"""
    assert reported(batch, "prober")[channel] == "EPERM"


def test_tmp_holds_a_bounded_number_of_files(batch):
    """Does a student creating empty files in /tmp run out of inodes (kernel memory that
    the size limit does not count) at the tmpfs bound?"""
    probe = reported(batch, "prober")
    assert probe["tmp_error"] == "ENOSPC"
    assert 0 < int(probe["tmp_files"]) < isolation.ProcessLimits.tmp_inodes


def test_a_key_stored_by_one_student_is_not_read_by_the_next(batch):
    """Can a student leave nothing in the kernel keyring for the next student of the same
    slot (and uid): is storing refused, and so is searching?"""
    assert reported(batch, "keeper") == {"stored": "EPERM"}
    assert reported(batch, "thief") == {"found": "EPERM", "read": "EPERM"}


@pytest.mark.parametrize("student", sorted(s.removesuffix(".py") for s in STUDENTS))
def test_honest_functions_keep_their_points(batch, student):
    """Does every function a prober left honest, and every function of the honest student,
    earn all its points, with no sandbox layer reported missing?"""
    results = batch.results[student]
    for function in FUNCTIONS:
        score, total = earned(results, function)
        broken = function == "l1_norm" and student != "honest"
        assert score == (0 if broken else total), (function, results["output"])
    assert "WARNING" not in results["output"]
