"""The zygote: a fresh interpreter that never loads a secret and forks one child per
submission, already warm (NumPy and SymPy imported), then isolated.

Started by the grader as `python -m autograder.sandbox.inside.zygote FD`. It talks over the unix
socket FD: each `spawn` request gets back the child's pids and pipe ends (SCM_RIGHTS).
Process tree per submission: zygote -> child (PID 1 of a PID namespace the zygote makes for
it alone; its own session and other namespaces; runs the student code). The zygote reaps
each child and writes its wait status to the child's status pipe.
"""

import os

from autograder.student.blas import ONE_THREAD

os.environ.update(ONE_THREAD)  # before NumPy loads

import contextlib
import gc
import importlib
import json
import select
import signal
import socket
import sys
import types
from dataclasses import replace

from autograder.sandbox.inside import child, fonts, isolation, linux, rehearsal, seccomp
from autograder.student import namespace

PRELOAD = {
    "sympy": ("sympy", "sympy.abc", "sympy.utilities.lambdify", "sympy.printing.numpy",
              "sympy.printing.pycode", "sympy.printing.lambdarepr"),
}
BASE = (
    "numpy", "numpy.linalg", "numpy.fft", "numpy.random", "numpy.polynomial", "math", "cmath",
    "random", "statistics", "fractions", "decimal", "itertools", "functools",
    "collections", "operator", "copy", "typing", "dataclasses", "heapq", "bisect", "string",
    "re", "json", "time", "warnings", "traceback", "linecache", "textwrap",
)


def preload(extras: list[str]) -> None:
    """Import now what every child needs, so each child starts warm (and lazy imports under
    the child's limits stay rare); SymPy only for the assignments that use it."""
    for name in BASE + tuple(m for extra in extras for m in PRELOAD.get(extra, ())):
        importlib.import_module(name)
    if "sympy" in extras:
        import sympy

        x = sympy.Symbol("x")
        sympy.lambdify(x, sympy.diff(sympy.sin(x) * x**2, x), "numpy")(1.0)


class Children:
    """The children this zygote forked: each the first process (PID 1) of a PID namespace of
    its own, made just for it, and each reaped here the moment it exits (SIGCHLD wakes the
    request loop), its wait status written to its status pipe for the grader."""

    def __init__(self) -> None:
        self.own = os.open("/proc/self/ns/pid", os.O_RDONLY | os.O_CLOEXEC)
        self.status: dict[int, int] = {}  # pid -> the write end of its status pipe
        self.woken, wake = os.pipe()
        for end in (self.woken, wake):
            os.set_blocking(end, False)
        signal.signal(signal.SIGCHLD, lambda signum, frame: None)
        signal.set_wakeup_fd(wake)

    def fork(self, namespace: bool) -> tuple[int, list[str]]:
        """Fork (0 in the child), in a new PID namespace when `namespace`; the layers lost.
        The child's `random` starts where this process's is (`namespace.seed_generators`),
        as NumPy's global generator does: no at-fork handler reseeds it (`fork_bare`)."""
        missing = ["namespaces: disabled"]
        if namespace:
            try:
                linux.unshare(linux.CLONE_NEWPID)  # for the next child only: see below
                missing = []
            except OSError as exc:
                missing = [f"namespaces (network, PIDs, mounts): {exc.strerror}"]
        pid = linux.fork_bare()  # this process has one thread: Python's handlers have no work
        if pid == 0:
            signal.set_wakeup_fd(-1)
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        elif not missing:  # back to our own, or the next fork (a sweeper, the next child)
            linux.setns(self.own, linux.CLONE_NEWPID)  # would land in this one's namespace
        return pid, missing

    def reap(self) -> None:
        """Collect every child that exited (orphans of other children included, which come
        here as to a subreaper); tell the grader how each of ours ended."""
        with contextlib.suppress(BlockingIOError):
            os.read(self.woken, 4096)
        while True:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            if pid in self.status:
                write = self.status.pop(pid)
                with contextlib.suppress(OSError):  # the grader closed its end: it has gone
                    os.write(write, f"{status}\n".encode())
                os.close(write)


def spawn(request: dict, fs: isolation.Filesystem, children: Children,
          blank: types.ModuleType) -> tuple[dict, list[int]]:
    """Fork an isolated child, to run the submission in `blank`; return its pid and the
    grader's pipe ends."""
    base_bytes = isolation.address_space()  # the child's at the fork: its memory limit's base
    req_r, req_w = os.pipe()
    rep_r, rep_w = os.pipe()
    out_r, out_w = os.pipe()
    status_r, status_w = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    pid, missing = children.fork(request.get("namespaces", True))
    if pid == 0:
        for fd in (req_w, rep_r, out_r, status_r, status_w):
            os.close(fd)
        child.main(request, (req_r, rep_w, out_w), fs, base_bytes, not missing, blank)
    for fd in (req_r, rep_w, out_w):
        os.close(fd)
    children.status[pid] = status_w
    return {"pid": pid, "missing": missing}, [req_w, rep_r, out_r, status_r]


def sweep(uid: int) -> None:
    """Kill every process of `uid`: without a PID namespace, a student's double-forked
    process leaves its group, but not its uid (each worker slot has its own)."""
    done_r, done_w = os.pipe()
    if os.fork() == 0:
        try:
            os.setresuid(uid, uid, uid)
            os.kill(-1, signal.SIGKILL)
        finally:
            os._exit(0)
    os.close(done_w)
    os.read(done_r, 1)  # end of file once the sweeper has exited
    os.close(done_r)


def serve(sock: socket.socket) -> None:
    """Answer spawn (and sweep) requests until the grader closes the socket, reaping each
    child the moment it exits."""
    found = fonts.font_list()  # in the machine's /tmp, before this process gets its own
    fs = replace(isolation.prebuild_root(isolation.filesystem()), fonts=found,  # once
                 shared_network=isolation.shared_network())
    seccomp.compiled(seccomp.native_machine())  # built once here, inherited by every child
    blank = namespace.new_module()  # likewise: never run in here
    children = Children()
    while True:
        ready, _, _ = select.select([sock.fileno(), children.woken], [], [])
        children.reap()
        if sock.fileno() not in ready:
            continue
        try:
            data = sock.recv(65536)
        except ConnectionResetError:  # the grader went with a request unread: done as well
            return
        if not data:
            return
        request = json.loads(data)
        if request.get("op") == "sweep":
            sweep(int(request["uid"]))
            sock.sendall(b"swept")
            continue
        reply, fds = spawn(request, fs, children, blank)
        socket.send_fds(sock, [json.dumps(reply).encode()], fds)
        for fd in fds:
            os.close(fd)


def main() -> None:
    linux.prctl(linux.PR_SET_PDEATHSIG, signal.SIGKILL)
    # Ctrl-C reaches every process of the terminal's group: it is the grader's to handle
    # (it stops this process), never a traceback here; the children inherit the same.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # Orphans (where no PID namespace holds a student's processes) come back here and are
    # reaped with our own children instead of lingering as zombies that count against the
    # slot's process limit.
    linux.prctl(linux.PR_SET_CHILD_SUBREAPER, 1)
    sock = socket.socket(fileno=int(sys.argv[1]))
    preload(sys.argv[2:])
    isolation.scrub_environment()  # inherited by every child, which then has nothing to do
    try:
        rehearsal.rehearse()
    except Exception as exc:  # a warm-up only: children then warm up on their own
        print(f"zygote: the rehearsal failed ({type(exc).__name__}: {exc})", file=sys.stderr)
    namespace.seed_generators()  # the state every child copies: never drawn from here
    gc.collect()  # the rehearsal's garbage, before what stays is frozen
    gc.freeze()
    sock.sendall(b"ready")
    serve(sock)


if __name__ == "__main__":
    main()
