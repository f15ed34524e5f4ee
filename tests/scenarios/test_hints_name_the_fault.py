"""A hint names the fault the student made, never a part that is already right: checked on
realistic mistakes, graded by `aimath grade` from a course folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.cli import SOLUTIONS, aimath, code_cells, notebook, results

pytestmark = pytest.mark.slow

SEPARATE_DRAWS = '''

def mc_pi(n, rng=None):
    if rng is None:
        rng = np.random.default_rng(0)
    x = rng.uniform(0, 1, size=n)
    y = rng.uniform(0, 1, size=n)
    return float(4 * np.mean(x**2 + y**2 <= 1))


def mc_integrate(f, low, high, sample_size=100, repeat=10, rng=None):
    if rng is None:
        rng = np.random.default_rng(0)
    estimates = [np.mean(f(rng.uniform(low, high, size=sample_size))) for _ in range(repeat)]
    return float(np.mean(estimates)), float(np.std(estimates))
'''
COUNTS = '''

def categorical_mle(labels, num_classes):
    counts = [0] * num_classes
    for label in labels:
        counts[label] += 1
    return np.array(counts, dtype=float)
'''


def _failed(tmp_path: Path, assignment: str, code: str) -> dict[str, str]:
    """The failed tests' messages for the model solution with `code` appended."""
    cells = [*code_cells(SOLUTIONS / assignment / f"{assignment}.ipynb"), code]
    (tmp_path / "subs").mkdir()
    (tmp_path / "subs" / "sam.ipynb").write_text(notebook(*cells))
    run = aimath(tmp_path, "grade", "subs", "--assignment", assignment, "--out", "out")
    assert run.returncode == 0, run.stderr
    return {t["name"]: t["output"] for t in results(tmp_path / "out", "sam")["tests"]
            if t["status"] == "failed"}


def test_a_right_default_generator_and_a_right_spread_are_not_blamed(tmp_path: Path):
    """x and y drawn separately, and the (high - low) factor forgotten: the default-generator
    tests hint at the drawing, and the spread test at the estimate, not at ddof."""
    failed = _failed(tmp_path, "05_probability", SEPARATE_DRAWS)
    default = failed["mc_pi: without rng the generator is default_rng(0)"]
    assert "size=(n, 2)" in default and "default_rng(0) when rng is None" not in default
    spread = failed["mc_integrate: the spread is np.std of the repeats with ddof=0"]
    assert "abs(high - low)" in spread and "ddof=0, the population" not in spread


def test_unnormalised_counts_are_named_not_blamed_on_the_length(tmp_path: Path):
    failed = _failed(tmp_path, "06_mle", COUNTS)
    unseen = failed["categorical_mle: classes that never occur get probability 0, even the "
                    "last ones"]
    assert "returned counts: divide by the number of labels" in unseen
    assert "minlength" not in unseen
