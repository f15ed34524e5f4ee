"""`aimath grade` killed with SIGKILL mid-batch, then run again: it resumes, grades nothing
twice, loses nothing, leaves no half-written file and no process. A second grader on the same
output folder is refused while the first runs."""

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from support.sandboxed import HONEST, wait_until_gone

from autograder.batch.worker import WORKER_NAME
from autograder.reports import results

pytestmark = pytest.mark.slow
AIMATH = str(Path(sys.executable).parent / "aimath")
STUDENTS = [f"s{n:02d}" for n in range(8)]


def _command(subs: Path, out: Path) -> list[str]:
    return [AIMATH, "grade", str(subs), "--assignment", "01_vectors", "--out", str(out),
            "--jobs", "1", "--timeout", "2"]


def _started(pid: int) -> str | None:
    """The start time of `pid` (so a reused pid is not mistaken for the old process)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return None


def _descendants(root: int) -> dict[int, str]:
    """Every process below `root`, with its start time."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int(
                    (entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError):
                continue
    found, frontier = {}, [root]
    while frontier:
        parent = frontier.pop()
        for pid, ppid in parents.items():
            if ppid == parent and (started := _started(pid)):
                found[pid] = started
                frontier.append(pid)
    return found


def _results(out: Path) -> dict[str, Path]:
    return {p.parent.name: p for p in out.glob("*/results.json")}


def _wait_for_more_results(out: Path, than: int, grader: subprocess.Popen) -> None:
    deadline = time.monotonic() + 120
    while len(_results(out)) <= than:
        assert grader.poll() is None, "the grader ended before it was killed"
        assert time.monotonic() < deadline, "no results appeared"
        time.sleep(0.02)


def _while_a_student_runs(grader: int) -> dict[int, str]:
    """The grader's process tree once it reaches a student's process (worker, zygote,
    student): the moment to kill, safely between two students' result writes."""
    deadline = time.monotonic() + 30
    while len(tree := _descendants(grader)) < 3:
        assert time.monotonic() < deadline, f"no student process appeared: {tree}"
        time.sleep(0.01)
    return tree


@pytest.fixture(scope="module")
def crashed(tmp_path_factory):
    """Start a batch, try a second grader on its folder, SIGKILL the first while it grades
    a later student, then run the same command again."""
    root = tmp_path_factory.mktemp("crash")
    subs, out = root / "subs", root / "out"
    subs.mkdir()
    for student in STUDENTS:  # 0.3 s at import: time to see the student's process
        (subs / f"{student}.py").write_text("import time\ntime.sleep(0.3)\n" + HONEST)
    with open(root / "first.log", "w") as log:
        first = subprocess.Popen(_command(subs, out), stdout=log, stderr=log)
    _wait_for_more_results(out, 0, first)
    second = subprocess.run(_command(subs, out), capture_output=True, text=True, timeout=120)
    _wait_for_more_results(out, len(_results(out)), first)
    tree = _while_a_student_runs(first.pid)
    first.send_signal(signal.SIGKILL)
    first.wait()
    survivors = wait_until_gone(
        lambda: [f"{pid}" for pid, start in tree.items() if _started(pid) == start])
    before = {s: (p.stat().st_mtime_ns, p.read_bytes()) for s, p in _results(out).items()}
    again = subprocess.run(_command(subs, out), capture_output=True, text=True, timeout=300)
    return {"second": second, "tree": tree, "survivors": survivors, "before": before,
            "again": again, "out": out}


def test_a_second_grader_on_the_same_folder_is_refused(crashed):
    """Does a second `aimath grade` on a folder being graded fail, naming the lock?"""
    second = crashed["second"]
    assert second.returncode != 0
    assert "is being written by another `aimath grade`" in second.stderr


def test_no_process_outlives_the_killed_grader(crashed):
    """Are the workers, zygotes and students all gone after the SIGKILL?"""
    assert crashed["survivors"] == []


def test_the_rerun_resumes_without_grading_anyone_twice(crashed):
    """Does the second run grade exactly the students the first did not finish, and leave
    the finished ones' results untouched?"""
    again, before, out = crashed["again"], crashed["before"], crashed["out"]
    assert again.returncode == 0, again.stderr
    assert 0 < len(before) < len(STUDENTS)
    regraded = set(re.findall(r"^\[\d+\] (\w+):", again.stderr, re.MULTILINE))
    assert regraded == set(STUDENTS) - set(before)
    for student, (mtime, content) in before.items():
        path = out / student / "results.json"
        assert (path.stat().st_mtime_ns, path.read_bytes()) == (mtime, content)


def test_nothing_is_lost_or_half_written(crashed):
    """Does every student end with a complete results.json and no stray temporary file?"""
    out = crashed["out"]
    for student in STUDENTS:
        data = json.loads((out / student / "results.json").read_text())
        assert data["score"] == data["max_score"] > 0
    assert [p.name for p in out.rglob(".*") if p.name != ".aimath.lock"
            and ".logs" not in p.parts] == []
    assert os.path.isfile(out / "grades.csv")


def test_partial_files_of_a_killed_run_are_removed(tmp_path):
    """Are temporary files a killed run left behind removed by the next run, under the lock?"""
    from autograder.batch.runner import remove_partial_files

    out = tmp_path / "out"
    (out / "alice").mkdir(parents=True)
    strays = [out / "alice" / ".results.json.x1.tmp", out / ".grades.csv.y2.tmp"]
    for path in strays:
        path.write_text("{half")
    kept = out / "alice" / "results.json"
    kept.write_text("{}")
    remove_partial_files(out)
    assert not any(p.exists() for p in strays)
    assert kept.exists()


def _workers(grader: int) -> list[int]:
    return [pid for pid in _descendants(grader)
            if Path(f"/proc/{pid}/comm").read_text().strip() == WORKER_NAME]


def test_a_killed_worker_is_replaced_and_loses_nobody(tmp_path):
    """With a grading worker SIGKILLed mid-batch, does `aimath grade` start another in its
    place and end with every student graded, and no process left behind?"""
    subs, out = tmp_path / "subs", tmp_path / "out"
    subs.mkdir()
    for student in STUDENTS:
        (subs / f"{student}.py").write_text("import time\ntime.sleep(0.3)\n" + HONEST)
    command = [*_command(subs, out)[:-4], "--jobs", "2"]
    grader = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True)
    _wait_for_more_results(out, 0, grader)
    first = _while_a_student_runs(grader.pid)
    victim = _workers(grader.pid)[0]
    os.kill(victim, signal.SIGKILL)
    _, stderr = grader.communicate(timeout=300)
    assert grader.returncode == 0, stderr
    graded = {student: results.load(out, student).status.value for student in _results(out)}
    assert graded == dict.fromkeys(STUDENTS, "graded")
    assert not wait_until_gone(lambda: [f"{pid}" for pid, start in first.items()
                                        if _started(pid) == start])
