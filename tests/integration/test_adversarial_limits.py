"""Hostile and broken submissions against the resource limits, graded in one sandboxed batch.

Each attacker breaks one function (or its own loading) and keeps the other functions honest:
the honest ones must still earn exactly their points, the message must say what happened,
and no process may outlive the batch.
"""

import os
import re
import struct

import pytest
from support.cli import notebook
from support.sandboxed import (
    ESCAPEE,
    FUNCTIONS,
    HONEST,
    earned,
    outputs,
    sandbox_processes,
    wait_until_gone,
)

pytestmark = pytest.mark.slow


def breaking(function: str, body: str, prelude: str = "") -> str:
    """HONEST with `function` replaced by one whose body is `body`."""
    return prelude + HONEST + f"\n\ndef {function}(*args):\n" + \
        "".join(f"    {line}\n" for line in body.strip().splitlines())



SPINNER = """
import threading

def spin():
    while True:
        sum(range(1000))

threading.Thread(target=spin).start()
"""

FORK_BOMB = """
import os
while True:
    try:
        os.fork()
    except OSError:
        pass
"""

C_RECURSION = """
import sys
sys.setrecursionlimit(10**6)

class Deep:
    def __repr__(self):
        return repr(Deep())
"""

# student -> (source, the function it breaks or None, a regex its message must match)
ATTACKS = {
    "loop_at_import": ("while True:\n    pass\n" + HONEST, None, "timed out after 1 s"),
    "loop_in_function": (breaking("l1_norm", "while True:\n    pass"), "l1_norm",
                         "timed out after 1 s"),
    "memory_bomb": (breaking("l1_norm", "blocks = []\nwhile True:\n"
                             "    blocks.append(np.empty(2**24))"), "l1_norm", "MemoryError"),
    "os_exit": (breaking("l1_norm", "import os\nos._exit(3)"), "l1_norm",
                "exited with code 3"),
    "sys_exit_at_import": ("import sys\nsys.exit('bye')\n" + HONEST, None, "SystemExit: bye"),
    "print_100_mb": ("import sys\nfor _ in range(100):\n    sys.stdout.write('x' * 2**20)\n"
                     + HONEST, None, "printed more than 64 MB|timed out after 1 s"),
    "fork_bomb": (FORK_BOMB + HONEST, None, "timed out after 1 s"),
    "thread_outlives_call": (SPINNER + HONEST, None, ""),
    "setsid_escapee": (ESCAPEE + HONEST, None, ""),
    "ignores_sigterm_and_sleeps": (
        breaking("l1_norm", "import time\ntime.sleep(60)",
                 "import signal\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\n"),
        "l1_norm", "timed out after 1 s"),
    "huge_return": (breaking("l1_norm", "return np.broadcast_to(np.ones(1), (2**28,))"),
                    "l1_norm", "cannot be read: MemoryError"),
    "huge_return_kept": (breaking("l1_norm", "global kept\nkept = np.ones(100 * 2**17)\n"
                                  "return kept"), "l1_norm", "too large to send back"),
    "forged_huge_reply": (breaking("l1_norm", "import os, struct, time\n"
                                   f"os.write(4, {struct.pack('!Q', 2**40)!r})\n"
                                   "time.sleep(60)"),
                          "l1_norm", "over the 64 MB limit"),
    "deep_recursion": (breaking("l1_norm", "return repr(Deep())", C_RECURSION), "l1_norm",
                       "killed by SIGSEGV|RecursionError"),
    "syntax_error_first_cell.ipynb": (notebook("def broken(:\n    pass", HONEST), None,
                                      "SyntaxError"),
    "magics.ipynb": (notebook("%matplotlib inline\nimport numpy as np", "%%time\nx = slow()",
                              "!pip install numpy", HONEST), None,
                     "Code cell 2: raised NameError: name 'slow'(.|\n)*"
                     "code cell 3: skipped '!pip install numpy'"),
}
HONEST_ONLY = {"honest": HONEST}
# angle and hadamard never return: a dozen of their tests would time out, one after another
TWO_LOOPS = breaking("angle", "while True:\n    pass") + \
    "\n\ndef hadamard(*args):\n    while True:\n        pass\n"


def _file(student: str) -> str:
    return student if student.endswith(".ipynb") else f"{student}.py"


@pytest.fixture(scope="module")
def batch(grade_sources):
    """All attackers, then an honest student, in one worker with 1 s per call."""
    sources = {_file(name): source for name, (source, _, _) in ATTACKS.items()}
    return grade_sources({**sources, "two_loops.py": TWO_LOOPS, "honest.py": HONEST},
                         timeout=1.0)


def test_the_batch_completes_and_grades_an_honest_student_after_the_attackers(batch):
    """Does an honest student graded after every attacker still get full marks?"""
    honest = batch.results["honest"]
    assert honest["score"] == honest["max_score"] > 0
    assert len(batch.results) == len(ATTACKS) + 2


def test_functions_that_never_return_cost_only_their_own_tests(batch):
    """Do two functions that hang leave the other two all their points? Each is timed out
    three times, then its later tests are not run and say why."""
    results = batch.results["two_loops"]
    assert [earned(results, f)[0] == earned(results, f)[1] for f in FUNCTIONS] == [
        f in ("l1_norm", "l2_norm") for f in FUNCTIONS]
    for function in ("angle", "hadamard"):
        said = outputs(results, function)
        assert sum("timed out after 1 s" in text for text in said) == 3, said
        assert all(re.search(f"timed out after 1 s|{function} already crashed", text)
                   for text in said), said


@pytest.mark.parametrize("student", sorted(ATTACKS))
def test_honest_functions_keep_exactly_their_points(batch, student):
    """Does every function the attacker left honest earn all its points, and the broken one
    none?"""
    _, broken, _ = ATTACKS[student]
    results = batch.results[student.removesuffix(".ipynb")]
    for function in FUNCTIONS:
        score, total = earned(results, function)
        assert score == (0 if function == broken else total), (function, results["output"])


@pytest.mark.parametrize("student", sorted(s for s, (_, _, msg) in ATTACKS.items() if msg))
def test_the_message_says_what_happened(batch, student):
    """Does the student read why the broken part failed (timeout, exit, memory, output)?
    A function that failed three times is not called again: its later tests say so."""
    _, broken, message = ATTACKS[student]
    results = batch.results[student.removesuffix(".ipynb")]
    where = outputs(results, broken) if broken else [results["output"]]
    assert re.search(message, where[0]), where
    assert all(re.search(f"{message}|{broken} already crashed or timed out 3 times", text)
               for text in where), where


def test_no_process_outlives_the_batch(batch):
    """Is every student process (fork bomb, escapee, spinning thread) gone afterwards?"""
    assert wait_until_gone(lambda: sandbox_processes(outside=os.getpid())) == []


def test_printed_output_is_cut_short(batch):
    """Does a student who prints 100 MB get a few KB of it back, not the flood?"""
    assert len(batch.results["print_100_mb"]["output"]) < 10_000
