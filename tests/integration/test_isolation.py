"""Each isolation layer on its own: a probe submission reports what its process can see and
do, with every layer on, and again with the namespaces disabled (the fallback where a machine
forbids them: Landlock, the uid and the limits must still hold, and the grader says so)."""

import functools
import os
import secrets
import socket
import subprocess
import sys
from pathlib import Path, PurePosixPath

import pytest
from support.sandboxed import ESCAPEE, HONEST, SANDBOX_UID, SLOT, sandbox_processes, wait_until_gone

from autograder.batch import worker
from autograder.batch.tasks import WorkerConfig
from autograder.course.assignments import ROOT
from autograder.grading.model import SubmissionResult
from autograder.grading.proxy import Student
from autograder.intake.discover import Source
from autograder.reports import results
from autograder.sandbox.host import zygote_client
from autograder.sandbox.host.backend import open_backend
from autograder.sandbox.host.client import SandboxBackend
from autograder.sandbox.inside import isolation
from autograder.student.limits import Limits
from autograder.student.notebook import Cell, read_bytes

pytestmark = pytest.mark.slow


def cells(source: str) -> list[Cell]:
    """A .py submission's cells, as the one reader splits them."""
    return list(read_bytes(source.encode(), "probe.py").cells)

SECRETS = [ROOT / "autograder" / "suites" / "01_vectors" / "test_l1_norm.py",
           ROOT / "reference" / "vectors.py", ROOT / "solutions", ROOT / "samples", ROOT]

PROBE = '''
import ctypes, errno, os, resource, socket, sys

def attempt(action):
    try:
        action()
        return "ok"
    except OSError as exc:
        return errno.errorcode.get(exc.errno, str(exc))
    except Exception as exc:
        return type(exc).__name__

def connect(kind):
    s = socket.socket(socket.AF_INET, kind)
    s.connect(("127.0.0.1", @@PORT@@))
    s.send(b"escaped")

def read(path):
    return os.listdir(path) if os.path.isdir(path) else open(path, "rb").read(1)

def open_fds():
    fds = []
    for fd in range(64):
        try:
            os.fstat(fd)
            fds.append(fd)
        except OSError:
            pass
    return fds

def leave_note():
    with open("/tmp/@@MARKER@@", "w") as note:
        note.write("left by an earlier student")

def list_tmp():
    return sorted(os.listdir("/tmp"))

probe = {
    "uid": os.getresuid(), "gid": os.getresgid(), "groups": os.getgroups(),
    "pid": os.getpid(), "ppid": os.getppid(), "env": dict(os.environ),
    "secrets": {p: attempt(lambda p=p: read(p)) for p in @@SECRETS@@},
    "etc_passwd": attempt(lambda: read("/etc/passwd")),
    "proc_status": attempt(lambda: read("/proc/self/status")),
    "imports": {m: attempt(lambda m=m: __import__(m)) for m in ("reference", "autograder.suites")},
    "tcp": attempt(lambda: connect(socket.SOCK_STREAM)),
    "no_new_privs": ctypes.CDLL(None).prctl(39, 0, 0, 0, 0),
    "nproc": resource.getrlimit(resource.RLIMIT_NPROC)[0],
    "fds": open_fds(),
    "tmp_write": attempt(leave_note),
    "tmp": list_tmp() if attempt(list_tmp) == "ok" else attempt(list_tmp),
    "machine_tmp_file": attempt(lambda: read("@@MACHINE_FILE@@")),
    "read_only": {p: attempt(lambda p=p: os.statvfs(p)) == "ok"
                  and bool(os.statvfs(p).f_flag & os.ST_RDONLY) for p in ("/", "/usr", "/tmp")},
}
'''


MACHINE_FILE = Path("/tmp", f"aimath-isolation-{secrets.token_hex(4)}")  # the machine's /tmp


@pytest.fixture(scope="module", autouse=True)
def machine_file():
    """A file in the machine's own /tmp, for the probes to try to read."""
    MACHINE_FILE.write_text("the machine's")
    yield
    MACHINE_FILE.unlink()


@pytest.fixture(scope="module")
def listener():
    """A TCP listener on 127.0.0.1 no student may reach."""
    with socket.socket() as tcp:
        tcp.bind(("127.0.0.1", 0))
        tcp.listen()
        tcp.setblocking(False)
        yield tcp


def run_probe(port: int, marker: str, namespaces: bool) -> tuple[dict, list[str]]:
    """Load the probe in a sandbox; return what it saw and the layers it was told are missing."""
    source = PROBE.replace("@@PORT@@", str(port)).replace("@@MARKER@@", marker)
    source = source.replace("@@SECRETS@@", repr([str(p) for p in SECRETS]))
    source = source.replace("@@MACHINE_FILE@@", str(MACHINE_FILE))
    backend = SandboxBackend(cells(source), Limits(call_timeout=10), slot=SLOT,
                             namespaces=namespaces)
    try:
        report = backend.load()
        assert report.cells == [], report.cells
        return Student(backend).value("probe"), [w.layer for w in report.warnings]
    finally:
        backend.close()


@pytest.fixture(scope="module")
def isolated(listener):
    """Two probes with every layer: the second shows what the first left behind."""
    marker = f"marker-{secrets.token_hex(4)}"
    first = run_probe(listener.getsockname()[1], marker, namespaces=True)
    second = run_probe(listener.getsockname()[1], marker + "-2", namespaces=True)
    return first[0], second[0], first[1], marker


@pytest.fixture(scope="module")
def fallback(listener):
    """A probe without namespaces."""
    return run_probe(listener.getsockname()[1], "fallback", namespaces=False)


def test_the_filesystem_hides_suites_reference_solutions_and_sources(isolated):
    """Can the student read no hidden suite, reference, solution, sample or source folder?"""
    probe = isolated[0]
    assert set(probe["secrets"]) == {str(p) for p in SECRETS}
    assert all(result in ("ENOENT", "EACCES") for result in probe["secrets"].values()), probe
    assert probe["etc_passwd"] == "ENOENT"  # not even the system's /etc is there


def test_reference_and_suites_cannot_be_imported(isolated):
    """Does `import reference` / `import autograder.suites` fail in the student's process?"""
    assert isolated[0]["imports"] == {"reference": "ModuleNotFoundError",
                                      "autograder.suites": "ModuleNotFoundError"}


def test_the_network_is_unreachable(isolated, listener):
    """Does a TCP connection to the grader's machine fail and never arrive?"""
    assert isolated[0]["tcp"] in ("EPERM", "EACCES", "ENETUNREACH")  # seccomp, Landlock, netns
    with pytest.raises(BlockingIOError):
        listener.accept()


def test_the_environment_is_scrubbed(isolated):
    """Does the student see only the fixed minimal environment?"""
    assert isolated[0]["env"] == isolation.SAFE_ENV


def _tmp_at_start() -> list[str]:
    """What a student's /tmp starts with: matplotlib's font list (in `.cache`), and the top
    folder of this Python installation when it lies under /tmp (a CI clone's venv, shown to
    reach the installation), nothing else."""
    parts = PurePosixPath(os.path.realpath(sys.prefix)).parts
    return [".cache", *([parts[2]] if parts[:2] == ("/", "tmp") else [])]


def test_each_student_gets_a_private_tmp_that_disappears(isolated):
    """Is one student's /tmp invisible to the next, and never the machine's /tmp?"""
    first, second, _, marker = isolated
    assert first["machine_tmp_file"] == "ENOENT"
    assert first["tmp"] == sorted([marker, *_tmp_at_start()])
    assert second["tmp"] == sorted([marker + "-2", *_tmp_at_start()])
    assert not Path("/tmp", marker).exists()


def test_only_the_students_own_tmp_is_mounted_writable(isolated):
    """Is the private root read-only (its system folders too), and /tmp alone writable?"""
    assert isolated[0]["read_only"] == {"/": True, "/usr": True, "/tmp": False}


def test_the_student_is_not_root(isolated):
    """Does the code run as the slot's own unprivileged uid, with no groups?"""
    probe = isolated[0]
    assert probe["uid"] == probe["gid"] == (SANDBOX_UID,) * 3
    assert probe["groups"] == []


def test_the_student_is_pid_1_of_its_own_namespace(isolated):
    """Does the student see no process of the grader (pid 1, no parent)?"""
    assert (isolated[0]["pid"], isolated[0]["ppid"]) == (1, 0)


def test_landlock_and_no_new_privs_are_active(isolated):
    """Is /proc (mounted, and readable by file modes) denied by Landlock, and no_new_privs
    set?"""
    assert isolated[0]["proc_status"] == "EACCES"
    assert isolated[0]["no_new_privs"] == 1


def test_limits_and_descriptors(isolated):
    """Is the process count limited and are only stdin/out/err and the two pipes open?"""
    assert isolated[0]["nproc"] == isolation.ProcessLimits.nproc
    assert isolated[0]["fds"] == [0, 1, 2, 3, 4]


def test_every_layer_present_means_no_warning(isolated):
    """Is nothing said about missing layers when every layer is there?"""
    assert isolated[2] == []


def test_without_namespaces_the_grader_warns_once(fallback):
    """Does the load report name the missing layer exactly once, loudly?"""
    assert len(fallback[1]) == 1 and "namespaces" in fallback[1][0], fallback[1]


def test_without_namespaces_the_other_layers_still_hold(fallback, listener):
    """Without namespaces, do Landlock, the uid, the scrubbed environment and the limits
    still stop the student?"""
    probe = fallback[0]
    assert probe["pid"] != 1  # the layer really is gone
    assert all(result == "EACCES" for result in probe["secrets"].values()), probe
    assert probe["etc_passwd"] == probe["proc_status"] == "EACCES"
    assert probe["tcp"] in ("EPERM", "EACCES")  # seccomp refuses the socket, else Landlock
    assert probe["tmp_write"] == probe["tmp"] == "EACCES"  # no private /tmp: no /tmp at all
    # the machine's own files, refused by Landlock (not hidden by the zygote's namespace)
    assert probe["machine_tmp_file"] == "EACCES"
    assert probe["imports"]["reference"] == "EACCES"
    assert probe["uid"] == (SANDBOX_UID,) * 3 and probe["env"] == isolation.SAFE_ENV
    with pytest.raises(BlockingIOError):
        listener.accept()


def test_without_root_the_missing_uid_is_reported():
    """Where the grader cannot switch uid (not root), does the load report say so?"""
    backend = SandboxBackend(cells(HONEST), Limits(), slot=SLOT)
    backend.uid = backend.spawn_request["uid"] = None  # what a non-root grader sends
    try:
        warnings = backend.load().warnings
    finally:
        backend.close()
    assert [w.layer for w in warnings] == [
        "a uid of its own (the grader is not root: students run as its user)"]


@pytest.mark.parametrize("namespaces", [True, False])
def test_closing_the_backend_leaves_no_process(namespaces):
    """After a double-forked setsid escapee, does close() leave no process but the child
    started ahead for the next submission (only with a PID namespace), and none at all once
    that one is discarded?"""
    backend = SandboxBackend(cells(ESCAPEE + HONEST), Limits(call_timeout=5), slot=SLOT,
                             namespaces=namespaces)
    backend.load()
    zygote = zygote_client.shared(())
    assert len(sandbox_processes()) >= 2 + namespaces  # the child, its escapee (, the next)
    backend.close()
    assert len(wait_until_gone(lambda: sandbox_processes()[namespaces:])) == 0
    zygote.discard_ahead()
    assert wait_until_gone(sandbox_processes) == []
    assert wait_until_gone(lambda: _children(zygote.process.pid)) == []


def _children(pid: int) -> list[str]:
    return [c for task in Path(f"/proc/{pid}/task").iterdir()
            for c in (task / "children").read_text().split()]


def test_the_warning_reaches_results_output(tmp_path, monkeypatch):
    """Graded without namespaces, does results.json's `output` carry the warning once, as
    data in `extra_data.warnings`, and do the honest functions still earn full marks?"""
    monkeypatch.setattr(worker, "open_backend",
                        functools.partial(open_backend, namespaces=False))
    (tmp_path / "alice.py").write_text(HONEST)
    config = WorkerConfig("01_vectors", str(tmp_path / "out"), str(tmp_path / "course"),
                          Limits(call_timeout=5), slot=SLOT)
    graded: list[SubmissionResult] = []
    source = Source("alice", tmp_path, PurePosixPath("alice.py"), raw="alice")
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    assert worker.Session(config, lambda key: None, graded.append).grade([source]) == []
    data = results.to_json(graded[0])
    assert data["output"].count("WARNING: sandbox layer unavailable") == 1, data["output"]
    assert data["extra_data"]["warnings"] == ["namespaces: disabled"]
    assert data["score"] == data["max_score"] > 0


def test_landlock_denies_a_hidden_folder_inside_an_allowed_one(tmp_path):
    """Where no private root hides an installed suite, is it cut out of Landlock's
    allow-list while its neighbours stay readable?"""
    (tmp_path / "site" / "autograder").mkdir(parents=True)
    (tmp_path / "site" / "autograder" / "key.py").write_text("secret")
    (tmp_path / "site" / "numpy.py").write_text("public")
    code = f"""
from autograder.sandbox.inside import isolation, landlock
site, hidden = {str(tmp_path / "site")!r}, [{str(tmp_path / "site" / "autograder")!r}]
readable = isolation.without_hidden([site] + isolation.python_dirs() + ["/usr"], hidden)
assert landlock.restrict(readable=readable, writable=[]) == []
for name in ("numpy.py", "autograder/key.py"):
    try:
        print(name, open(site + "/" + name).read())
    except PermissionError:
        print(name, "denied")
"""
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=60)
    assert run.stdout.split("\n")[:2] == ["numpy.py public", "autograder/key.py denied"], \
        run.stderr


WHO = """
import gc
import os

def who():
    return [os.getpid(), os.getsid(0), os.readlink("/proc/self/ns/pid")]

def frozen():
    return gc.get_freeze_count()
"""


def test_each_student_process_has_a_pid_namespace_of_its_own():
    """Is every student's process PID 1 and the leader of its own session, in a PID
    namespace that no student before it had (the zygote makes a new one for each child and
    returns to its own, so no later child can land in an earlier student's)?"""
    seen = []
    for _ in range(3):
        backend = open_backend(cells(WHO), Limits(), slot=SLOT)
        try:
            assert backend.load().fatal is None
            seen.append(Student(backend).who())
        finally:
            backend.close()
    assert all(pid == 1 and session == 1 for pid, session, _ in seen)
    assert len({namespace for _, _, namespace in seen}) == 3


def test_a_student_process_starts_with_the_zygotes_heap_frozen():
    """Does a student's process inherit the zygote's preloaded objects frozen, so that a full
    garbage collection there never writes to (and so copies) every page of that heap?"""
    backend = open_backend(cells(WHO), Limits(), slot=SLOT)
    try:
        assert backend.load().fatal is None
        assert Student(backend).frozen() > 10_000
    finally:
        backend.close()


DRAWS = """
import random
import numpy as np

def draws():
    return [random.random(), float(np.random.random())]
"""


def test_every_student_process_draws_the_same_unseeded_random_numbers():
    """Do `random` and NumPy's global generator, unseeded, give every student's process the
    same numbers (those of `STUDENT_SEED`), so the same bytes earn the same score on every
    run and with any `--jobs` (an outside reviewer's finding: 18 or 22 points, run to run)?"""
    import random

    import numpy as np

    from autograder.student.namespace import STUDENT_SEED

    expected = [random.Random(STUDENT_SEED).random(),
                float(np.random.RandomState(STUDENT_SEED).random_sample())]
    for _ in range(2):
        backend = open_backend(cells(DRAWS), Limits(), slot=SLOT)
        try:
            assert backend.load().fatal is None
            assert Student(backend).draws() == expected
        finally:
            backend.close()


SOCKETS = """
import errno
import os
import socket

servers = []

def listen(name):
    servers.append(socket.socket(socket.AF_UNIX))
    servers[-1].bind(name)
    servers[-1].listen()
    return True

def connect(name):
    try:
        socket.socket(socket.AF_UNIX).connect(name)
    except OSError as exc:
        return errno.errorcode.get(exc.errno, str(exc))
    return "connected"

def network():
    return os.readlink("/proc/self/ns/net")
"""


def test_two_students_side_by_side_cannot_reach_each_other_through_sockets():
    """Two students' processes alive at once: can one connect to an abstract socket (no file,
    named in the network namespace) or a named one that the other listens on? Each reaches
    its own, never the other's (Landlock's scoping, and where it lacks, network namespaces
    of their own)."""
    first, second = (open_backend(cells(SOCKETS), Limits(), slot=SLOT) for _ in range(2))
    try:
        assert first.load().fatal is None and second.load().fatal is None
        mine, theirs = Student(first), Student(second)
        abstract = f"\0aimath-{secrets.token_hex(4)}"
        assert mine.listen(abstract) and mine.listen("/tmp/socket")
        assert mine.connect(abstract) == "connected"
        assert theirs.connect(abstract) in ("EPERM", "ECONNREFUSED")  # scoped, or not there
        assert theirs.connect("/tmp/socket") == "ENOENT"  # their /tmp is their own
        assert mine.network() != os.readlink("/proc/self/ns/net")  # and never the machine's
    finally:
        first.close()
        second.close()


LINGER = """
import os
import time

def linger():
    if os.fork() == 0:  # a process of its own that would outlive the student's first
        time.sleep(60)
        os._exit(0)
    return [os.readlink("/proc/self/ns/pid"), os.readlink("/proc/self/ns/net")]
"""


def _in_namespace(namespace: str) -> list[str]:
    """The processes of the machine in the PID namespace `namespace` (`pid:[N]`)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if os.readlink(entry / "ns" / "pid") == namespace:
                found.append(entry.name)
        except OSError:
            continue
    return found


def test_a_students_processes_are_gone_before_the_next_student_runs():
    """Closing a student's process: does it return only once every process of its PID
    namespace is gone (one it forked to linger included), so no student's code ever runs
    beside another's of the same zygote? That is what lets its students share one network
    namespace, the zygote's, where Landlock scopes their sockets (ABI 6), and never the
    machine's."""
    from autograder.sandbox.inside import landlock

    seen = []
    for _ in range(2):
        backend = open_backend(cells(LINGER), Limits(), slot=SLOT)
        try:
            assert backend.load().fatal is None
            seen.append(Student(backend).linger())
        finally:
            backend.close()
        assert _in_namespace(seen[-1][0]) == []
    (_, first), (_, second) = seen
    assert first != os.readlink("/proc/self/ns/net")
    assert (first == second) == (landlock.abi_version() >= 6)


SCHEDULING = """
import errno, os

def attempt(action):
    try:
        action()
        return "ok"
    except OSError as exc:
        return errno.errorcode.get(exc.errno, str(exc))

def in_a_fork(action):
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.write(write, attempt(action).encode())
        os._exit(0)
    os.close(write)
    os.waitpid(pid, 0)
    return os.read(read, 64).decode()

def tries():
    every_cpu = set(range(os.cpu_count() or 1))
    return {"affinity": attempt(lambda: os.sched_setaffinity(0, every_cpu)),
            "session": in_a_fork(os.setsid),
            "group": in_a_fork(lambda: os.setpgid(0, 0))}
"""


def test_a_student_cannot_leave_its_cpu_session_or_process_group():
    """Can a student's processes move to another worker's CPU, or into sessions of their own
    (each its own scheduling autogroup: thirty of them took a CPU from the student graded
    there, whose calls then timed out)? They stay where the grader put them: one CPU when it
    pins, one session and process group, sharing one CPU share."""
    backend = open_backend(cells(SCHEDULING), Limits(), slot=SLOT)
    try:
        assert backend.load().fatal is None
        assert Student(backend).tries() == {"affinity": "EPERM", "session": "EPERM",
                                            "group": "EPERM"}
    finally:
        backend.close()


FONTS = """
import os

found_before_import = sorted(os.listdir("/tmp/.cache/matplotlib"))

import matplotlib.font_manager

def fonts():
    return found_before_import, len(matplotlib.font_manager.fontManager.ttflist)
"""


def test_a_student_process_starts_with_matplotlibs_font_list():
    """Does a student's process find matplotlib's font list in its own cache before it
    imports matplotlib (its home is an empty /tmp of its own, where the import scanned every
    font of the system again: seconds of the cell's limit, so a notebook importing pyplot
    timed out on a busy machine and lost a function's points one run in two)?"""
    import matplotlib.font_manager

    expected = f"fontlist-v{matplotlib.font_manager.FontManager.__version__}.json"
    backend = open_backend(cells(FONTS), Limits(), slot=SLOT)
    try:
        assert backend.load().fatal is None
        listed, fonts = Student(backend).fonts()
        assert listed == [expected] and fonts > 0
    finally:
        backend.close()
