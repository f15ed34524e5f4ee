"""Run time of `aimath similarity` on a generated cohort of one assignment.

    python benchmarks/similarity.py [--n 300] [--assignment 01_vectors]

Fills the released notebook for N synthetic students (`corpus.cohort`: 6 in 10 the
reference's code, 3 in 10 with catalogued mistakes, 1 in 10 broken), then times the command
end to end (start-up included), and, in this process, each stage twice: with the default
settings, and with common code kept (every fingerprint counts, so the ~270 near-identical
submissions make ~36,000 pairs: the worst case for the inverted index and the page).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import corpus

from autograder.course.assignments import ROOT
from autograder.integrity.analyse import similarity_of, write_outputs
from autograder.integrity.model import DEFAULTS, Settings
from autograder.integrity.source import load_code, starter_code


def write_cohort(folder: Path, assignment: str, n: int) -> None:
    """N filled copies of the released notebook, `student00000.ipynb`, ..."""
    template = json.loads((ROOT / "release" / assignment / f"{assignment}.ipynb").read_text())
    folder.mkdir(parents=True)
    for i, variant in enumerate(corpus.cohort(assignment, n)):
        notebook = corpus.fill(template, variant)
        (folder / f"student{i:05d}.ipynb").write_text(json.dumps(notebook), encoding="utf-8")


def time_command(folder: Path, assignment: str, out: Path) -> float:
    """Seconds `aimath similarity` takes, start-up included."""
    aimath = str(Path(sys.executable).parent / "aimath")
    started = time.perf_counter()
    done = subprocess.run([aimath, "similarity", str(folder), "--assignment", assignment,
                           "--out", str(out)], capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"aimath similarity failed:\n{done.stderr[-3000:]}")
    print(f"  {done.stdout.strip()}")
    return seconds


def time_stages(folder: Path, assignment: str, out: Path, settings: Settings) -> list[str]:
    """Each stage's seconds, in this process, as table cells."""
    started = time.perf_counter()
    codes, skipped = load_code(folder, assignment, out)
    loaded = time.perf_counter()
    result = similarity_of(codes, skipped, assignment, settings, starter_code(assignment))
    compared = time.perf_counter()
    write_outputs(result, out, "en")
    written = time.perf_counter()
    size = (out / "similarity.json").stat().st_size + (out / "similarity.html").stat().st_size
    return [f"{loaded - started:.2f}", f"{compared - loaded:.2f}", f"{written - compared:.2f}",
            str(len(result.pairs)), f"{size / 2**20:.1f}"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=300)
    parser.add_argument("--assignment", default="01_vectors")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="aimath-bench-") as work:
        folder = Path(work) / "submitted"
        write_cohort(folder, args.assignment, args.n)
        print(f"`aimath similarity` on {args.n} notebooks of {args.assignment}:")
        seconds = time_command(folder, args.assignment, Path(work) / "out")
        print(f"  end to end: {seconds:.2f} s\n")
        print("| settings | read s | compare s | write s | pairs | output MiB |")
        print("|---|---|---|---|---|---|")
        kept = replace(DEFAULTS, common=1.0, common_min=args.n)
        for name, settings in (("default", DEFAULTS), ("common code kept", kept)):
            cells = time_stages(folder, args.assignment, Path(work) / name, settings)
            print(f"| {name} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
