"""The zygote: a fresh interpreter that never loads a secret and forks one child per
submission, already warm (NumPy and SymPy imported), then isolated.

Started by the grader as `python -m autograder.sandbox.inside.zygote FD`. It talks over the unix
socket FD: each `spawn` request gets back the child's pids and pipe ends (SCM_RIGHTS).
Process tree per submission: zygote -> leader (new session; unshares the namespaces and
reports the child's exit status) -> child (PID 1 of its namespace, runs the student code).
"""

import os

for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_name] = "1"  # before NumPy loads: BLAS threads and tight limits do not mix

import gc  # noqa: E402
import importlib  # noqa: E402
import json  # noqa: E402
import signal  # noqa: E402
import socket  # noqa: E402
import sys  # noqa: E402

from autograder.sandbox.inside import child, isolation, linux, seccomp  # noqa: E402

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


def spawn(request: dict, visible: list[str], hidden: list[str]) -> tuple[dict, list[int]]:
    """Fork a leader and an isolated child; return their pids and the grader's pipe ends."""
    req_r, req_w = os.pipe()
    rep_r, rep_w = os.pipe()
    out_r, out_w = os.pipe()
    status_r, status_w = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    leader = os.fork()
    if leader == 0:
        for fd in (req_w, rep_r, out_r, status_r):
            os.close(fd)
        _leader(request, visible, hidden, (req_r, rep_w, out_w), status_w)
    for fd in (req_r, rep_w, out_w, status_w):
        os.close(fd)
    header = _read_line(status_r)
    reply = json.loads(header) if header else {"error": "the sandbox could not start"}
    reply["leader"] = leader
    return reply, [req_w, rep_r, out_r, status_r]


def _read_line(fd: int, cap: int = 4096) -> bytes:
    """Read one line byte by byte, so the line after it stays in the pipe for the grader."""
    line = b""
    while len(line) < cap:
        byte = os.read(fd, 1)
        if byte in (b"", b"\n"):
            break
        line += byte
    return line


def _leader(request: dict, visible: list[str], hidden: list[str],
            child_fds: tuple[int, int, int], status_write: int) -> None:
    """In the leader: new session, namespaces, fork the child, report its pid and status."""
    try:
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        os.setsid()
        linux.prctl(linux.PR_SET_PDEATHSIG, signal.SIGKILL)
        wanted = request.get("namespaces", True)
        missing = isolation.enter_namespaces() if wanted else ["namespaces: disabled"]
        pid = os.fork()
        if pid == 0:
            os.close(status_write)
            child.main(request, child_fds, visible, hidden, not missing)
        for fd in child_fds:
            os.close(fd)
        os.write(status_write, json.dumps({"pid": pid, "missing": missing}).encode() + b"\n")
        _, status = os.waitpid(pid, 0)
        os.write(status_write, f"{status}\n".encode())
    finally:
        os._exit(0)


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
    os.read(done_r, 1)  # end of file once the sweeper has exited (children are auto-reaped)
    os.close(done_r)


def serve(sock: socket.socket) -> None:
    """Answer spawn (and sweep) requests until the grader closes the socket."""
    visible = isolation.python_dirs()
    hidden = isolation.secret_dirs(visible)
    seccomp.compiled(seccomp.native_machine())  # built once here, inherited by every child
    while True:
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
        reply, fds = spawn(request, visible, hidden)
        socket.send_fds(sock, [json.dumps(reply).encode()], fds)
        for fd in fds:
            os.close(fd)


def main() -> None:
    linux.prctl(linux.PR_SET_PDEATHSIG, signal.SIGKILL)
    # Orphans (a child whose leader was killed first) come back here and are reaped at once
    # instead of lingering as zombies that count against the slot's process limit.
    linux.prctl(linux.PR_SET_CHILD_SUBREAPER, 1)
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    sock = socket.socket(fileno=int(sys.argv[1]))
    preload(sys.argv[2:])
    gc.freeze()
    sock.sendall(b"ready")
    serve(sock)


if __name__ == "__main__":
    main()
