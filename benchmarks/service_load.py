"""Load on `aimath serve`: N students each hand in once within a window, on loopback.

    python benchmarks/service_load.py [--students 300] [--window 60] [--workers 2]
                                      [--poll 0.25] [--json FILE]

Builds a throwaway course (the synthetic 01_vectors cohort of `corpus.py`: 6 in 10 correct,
3 partly wrong, 1 broken, each file made unique by a comment with the student's id), starts
the real `aimath serve --port 0`, signs every student in with their one-time code (not timed),
then starts student i's upload at i * window / N seconds. Each student's time runs from the
start of the upload to their feedback page (status graded, then the page itself fetched).
Prints p50/p95/max of that time, the run's wall time, and the peak memory of the service:
the sum of the resident sizes of its whole process tree (web process, grading workers,
zygotes, sandboxed children) sampled every 0.1 s, and the web process's own peak (VmHWM).
Exits 1 unless every submission was graded.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

import corpus
import httpx

from autograder.service import demo

AIMATH = str(Path(sys.executable).parent / "aimath")


@dataclass(frozen=True)
class Outcome:
    """One student's hand-in."""

    student: str
    status: str
    seconds: float


def _tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found, frontier = [root], [root]
    while frontier:
        kids = children.get(frontier.pop(), [])
        found += kids
        frontier += kids
    return found


def _status_kb(pid: int, field: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


class MemoryWatch(threading.Thread):
    """Samples the resident size of a process tree until stopped; keeps the peak sum."""

    def __init__(self, root: int) -> None:
        super().__init__(daemon=True)
        self.root, self.peak_kb, self.running = root, 0, True

    def run(self) -> None:
        """The whole measurement; a dict of the numbers."""
        while self.running:
            self.peak_kb = max(self.peak_kb, sum(_status_kb(p, "VmRSS")
                                                 for p in _tree(self.root)))
            time.sleep(0.1)


def start(course: Path, workers: int) -> tuple[subprocess.Popen[bytes], str, Path]:
    """Start `aimath serve` on a free port; the process, its URL and its log."""
    log = course / "serve.log"
    with open(log, "w") as out:
        process = subprocess.Popen([AIMATH, "serve", "--course", str(course), "--port", "0",
                                    "--workers", str(workers)], stdout=out, stderr=out)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        found = re.search(r"http://[^\s/]+", log.read_text())
        if found:
            return process, found.group(0), log
        if process.poll() is not None:
            break
        time.sleep(0.1)
    raise SystemExit(f"aimath serve did not start:\n{log.read_text()}")


def sign_in(url: str, student: str, code: str) -> tuple[httpx.Cookies, str]:
    """First login with the code (sets a password); the cookies and CSRF token."""
    with httpx.Client(base_url=url, timeout=120) as client:
        answer = client.post("/api/login", json={"user": student, "code": code,
                                                  "new_password": f"{student}-password"})
        answer.raise_for_status()
        return client.cookies, str(answer.json()["csrf"])


def hand_in(url: str, student: str, session: tuple[httpx.Cookies, str], data: bytes,
            at: float, poll: float) -> Outcome:
    """Wait until `at` (monotonic), upload, then poll until graded and fetch the page."""
    time.sleep(max(0.0, at - time.monotonic()))
    cookies, csrf = session
    with httpx.Client(base_url=url, timeout=300, cookies=cookies) as client:
        started = time.monotonic()
        answer = client.post("/api/assignments/01_vectors/submissions",
                             files={"file": (f"{student}.ipynb", data)},
                             headers={"X-CSRF-Token": csrf})
        if answer.status_code != 202:
            return Outcome(student, f"upload {answer.status_code}", 0.0)
        sid = answer.json()["submission"]
        status = "queued"
        while status in ("queued", "grading") and time.monotonic() - started < 600:
            time.sleep(poll)
            status = client.get(f"/api/submissions/{sid}").json()["status"]
        page = client.get(f"/submissions/{sid}")
        ok = status if page.status_code == 200 else f"page {page.status_code}"
        return Outcome(student, ok, time.monotonic() - started)


def files(folder: Path, students: list[str]) -> list[bytes]:
    """One notebook per student, made unique by a comment with their id."""
    variants = corpus.cohort("01_vectors", len(students))
    paths = corpus.write_plain(folder, variants)
    out = []
    for student, path in zip(students, paths, strict=True):
        nb = json.loads(path.read_text(encoding="utf-8"))
        nb["cells"].insert(0, corpus.code_cell(f"# {student}"))
        out.append(json.dumps(nb).encode())
    return out


def run(n: int, window: float, workers: int, poll: float) -> dict[str, object]:
    """The whole measurement; a dict of the numbers."""
    with tempfile.TemporaryDirectory(prefix="aimath-load-") as tmp:
        students = [f"s{i:04d}" for i in range(n)]
        built = demo.build(Path(tmp) / "course", tuple((s, s, "A") for s in students),
                           settings="")
        data = files(Path(tmp) / "files", students)
        process, url, log = start(built.course, workers)
        watch = MemoryWatch(process.pid)
        watch.start()
        try:
            with ThreadPoolExecutor(8) as pool:
                sessions = list(pool.map(lambda s: sign_in(url, s, built.codes[s]), students))
            begin = time.monotonic() + 1.0
            with ThreadPoolExecutor(min(n, 128)) as pool:
                outcomes = list(pool.map(
                    lambda i: hand_in(url, students[i], sessions[i], data[i],
                                      begin + i * window / n, poll), range(n)))
            wall = time.monotonic() - begin
            web_peak = _status_kb(process.pid, "VmHWM")
        finally:
            watch.running = False
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=60)
        times = sorted(o.seconds for o in outcomes if o.status in ("graded", "error"))
        return {"students": n, "window_s": window, "workers": workers, "wall_s": round(wall, 1),
                "graded": sum(o.status == "graded" for o in outcomes),
                "errors": sum(o.status == "error" for o in outcomes),
                "failed": [asdict(o) for o in outcomes if o.status not in ("graded", "error")],
                "p50_s": round(statistics.median(times), 3) if times else None,
                "p95_s": round(times[int(0.95 * (len(times) - 1))], 3) if times else None,
                "max_s": round(times[-1], 3) if times else None,
                "tree_peak_mb": round(watch.peak_kb / 1024, 1),
                "web_peak_mb": round(web_peak / 1024, 1), "cpus": os.cpu_count(),
                "log_tail": log.read_text()[-500:] if len(times) < n else ""}


def main() -> None:
    """Run, print the table, exit 1 unless every submission was graded."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=300)
    parser.add_argument("--window", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--poll", type=float, default=0.25)
    parser.add_argument("--json", type=Path)
    options = parser.parse_args()
    found = run(options.students, options.window, options.workers, options.poll)
    print("| students | window (s) | workers | graded | p50 (s) | p95 (s) | max (s) | wall (s) "
          "| service peak RSS, whole tree (MB) | web process peak (MB) |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    print(f"| {found['students']} | {found['window_s']:g} | {found['workers']} | "
          f"{found['graded']} | {found['p50_s']} | {found['p95_s']} | {found['max_s']} | "
          f"{found['wall_s']} | {found['tree_peak_mb']} | {found['web_peak_mb']} |")
    print(f"load average: {os.getloadavg()[0]:.2f}")
    if options.json:
        options.json.write_text(json.dumps(found, indent=1))
    if found["graded"] + found["errors"] != options.students or found["failed"]:
        print(f"NOT all graded: {found['failed'][:5]} {found['log_tail']}")
        sys.exit(1)


if __name__ == "__main__":
    main()
