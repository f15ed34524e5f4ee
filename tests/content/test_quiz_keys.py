"""Every quiz key recomputed: numbers, arrays and formulas by NumPy/SciPy/SymPy, not by hand.

Each numeric, array and expression item must have a recomputation below (a new item without
one fails the coverage test), and so do the choice and yes/no items whose key is a fact that
code can check. A recomputation takes the student's values `v` (empty for a fixed item); a
randomised item is recomputed for several students, each key from its own values.
"""

import ast
from collections.abc import Callable

import numpy as np
import pytest
import scipy.signal
import sympy as sp

from autograder.quiz.bank import bank_paths, load_bank
from autograder.quiz.items.array import ArrayItem
from autograder.quiz.items.boolean import BoolItem
from autograder.quiz.items.expression import ExpressionItem
from autograder.quiz.items.multi import MultiItem
from autograder.quiz.items.numeric import NumericItem
from autograder.quiz.render import solution_literal
from autograder.quiz.variants import values_key

BANKS = {path.stem: load_bank(path) for path in bank_paths()}
ITEMS = [(bank.id, item) for bank in BANKS.values() for item in bank.items]
STUDENTS = ["solution", "20231234", "kim", "김민호", "jisoo"]
x, y, z, w = sp.symbols("x y z w")


def _gradient(f: sp.Expr, variables: tuple[sp.Symbol, ...]) -> tuple[sp.Expr, ...]:
    return tuple(sp.diff(f, v) for v in variables)


def _cos_angle(a: list[float], b: list[float]) -> float:
    return float(np.dot(a, b) / (np.linalg.norm(a) * np.linalg.norm(b)))


def _posterior(prior: float, sensitivity: float, false_alarm: float) -> float:
    evidence = sensitivity * prior + false_alarm * (1 - prior)
    return sensitivity * prior / evidence


def _kl(p: list[float], q: list[float]) -> float:
    return float(np.sum(np.asarray(p) * np.log(np.asarray(p) / np.asarray(q))))


def _linear_rnn_states(xs: list[float], wx: float, wrec: float) -> list[float]:
    states = [0.0]
    for value in xs:
        states.append(states[-1] * wrec + value * wx)
    return states


def _unrolled(weight: float, steps: int) -> sp.Expr:
    """h_steps of h_t = weight * h_{t-1} + x_t as a formula in h_0 = z."""
    h = z
    for t in range(steps):
        h = weight * h + sp.Symbol(f"x{t}")
    return h


def _sq_loss(ys: tuple[float, float] = (2, 4)) -> sp.Expr:
    return sum((yi - w * xi) ** 2 for xi, yi in zip((1, 2), ys, strict=True))


def _step(v: dict, grad: tuple[float, float]) -> list[float]:
    """One gradient step from (x0, y0) with rate lr."""
    return [v["x0"] - v["lr"] * grad[0], v["y0"] - v["lr"] * grad[1]]


DICE = np.arange(1, 7)
MC_SAMPLES = np.array([0.2, 0.6, 1.0, 1.4, 1.8])
DATA7 = np.array([2, 4, 4, 4, 5, 5, 7, 9])


def _joint(v: dict) -> np.ndarray:
    return np.array([[v["a"], v["b"]], [v["c"], 1 - v["a"] - v["b"] - v["c"]]])


KEYS: dict[tuple[str, str], Callable[[dict], object]] = {
    ("quiz_01", "q1"): lambda v: np.linalg.norm([v["a"], v["b"], v["c"]], ord=1),
    ("quiz_01", "q2"): lambda v: np.linalg.norm([-6, -8]),
    ("quiz_01", "q3"): lambda v: np.linalg.norm(np.subtract([-3, 0], [0, 4])),
    ("quiz_01", "q4"): lambda v: np.arccos(_cos_angle([1, 0], [1, 1])),
    ("quiz_01", "q5"): lambda v: np.inner([1, -1, 1, -1], [4, -4, 4, -4]),
    ("quiz_01", "q6"): lambda v: np.multiply([1, 2, 3], [v["a"], v["b"], v["c"]]),
    ("quiz_02", "q1"): lambda v: np.array([[1, 2, 3], [4, 5, 6]]).T,
    ("quiz_02", "q2"): lambda v: [letter for letter, (a, b) in zip("ABCDE", [
        ((2, 3), (3, 3)), ((3, 3), (2, 3)), ((2, 2), (2, 3)), ((2, 3), (2, 2)),
        ((3, 2), (2, 2))], strict=True) if a[1] == b[0]],
    ("quiz_02", "q3"): lambda v: abs(np.linalg.det([[1, 2], [2, 4]])) > 1e-12,
    ("quiz_02", "q4"): lambda v: np.linalg.inv([[v["a"], v["b"]], [v["c"], v["d"]]]),
    ("quiz_02", "q5"): lambda v: np.linalg.pinv([[1, 0, 1], [0, 1, 0]]),
    ("quiz_02", "q7"): lambda v: np.inner([[v["a"], v["b"], v["c"]], [v["d"], v["e"], v["f"]]],
                                          [[0, 1, -1], [1, -1, 0]]),
    ("quiz_03", "q1"): lambda v: sp.diff(v["a"] * x**2 + v["b"] * x + v["c"], x),
    ("quiz_03", "q2"): lambda v: sp.diff(x**2 + 2 * x * y + 3 + sp.cos(x + 2 * y), x),
    ("quiz_03", "q3"): lambda v: _gradient(9 * x**2 + 5 * y**3 - 3 * z, (x, y, z)),
    ("quiz_03", "q4"): lambda v: v["x0"] - v["lam"] * sp.diff(x**2, x).subs(x, v["x0"]),
    ("quiz_04", "q1"): lambda v: sp.diff(_sq_loss((v["u"], v["v"])), w).subs(w, 0),
    ("quiz_04", "q2"): lambda v: 0 - 0.05 * sp.diff(_sq_loss(), w).subs(w, 0),
    ("quiz_04", "q5"): lambda v: _gradient(x**2 + 2 * y**2, (x, y)),
    ("quiz_04", "q6"): lambda v: _step(v, [float(g.subs({x: v["x0"], y: v["y0"]}))
                                                for g in _gradient(x**2 + 2 * y**2, (x, y))]),
    ("quiz_05", "q1"): lambda v: np.maximum(0, [-2, 0, 3]),
    ("quiz_05", "q2"): lambda v: sp.diff(sp.tanh(x), x),
    ("quiz_05", "q3"): lambda v: sp.diff(((x + y) ** 2 + 3) ** 3, x),
    ("quiz_05", "q5"): lambda v: (np.exp([0, np.log(v["k"])])
                                  / np.exp([0, np.log(v["k"])]).sum()),
    ("quiz_05", "q6"): lambda v: np.zeros((v["m"], v["n"])).size + np.zeros(v["m"]).size,
    ("quiz_06", "q2"): lambda v: DICE.mean(),
    ("quiz_06", "q3"): lambda v: DICE.var(),
    ("quiz_06", "q4"): lambda v: 1 / 0.5 > 1,  # the uniform density on [0, 0.5]
    ("quiz_06", "q5"): lambda v: (2 - 0) * np.mean(np.array([v[f"s{i}"] for i in range(1, 5)])
                                                   ** 2),
    ("quiz_06", "q6"): lambda v: (1 / np.sqrt(50)) / (1 / np.sqrt(50 * 100)),
    ("quiz_06", "q7"): lambda v: _joint(v)[1, 1] / _joint(v)[1].sum(),
    ("quiz_07", "q1"): lambda v: DATA7.mean(),
    ("quiz_07", "q2"): lambda v: DATA7.var(ddof=1),
    ("quiz_07", "q3"): lambda v: np.eye(4)[2],
    ("quiz_07", "q4"): lambda v: np.isclose(_kl([0.5, 0.5], [0.9, 0.1]),
                                            _kl([0.9, 0.1], [0.5, 0.5])),
    ("quiz_07", "q5"): lambda v: np.mean([1] * v["k"] + [0] * (v["n"] - v["k"])),
    ("quiz_07", "q7"): lambda v: _kl([v["p"], 1 - v["p"]], [v["q"], 1 - v["q"]]),
    ("quiz_08", "q1"): lambda v: v["s"] * v["p"] + v["f"] * (1 - v["p"]),
    ("quiz_08", "q2"): lambda v: _posterior(v["p"], v["s"], v["f"]),
    ("quiz_08", "q3"): lambda v: _posterior(0.1, 0.99, 0.1),
    ("quiz_08", "q4"): lambda v: _posterior(_posterior(0.1, 0.99, 0.1), 0.99, 0.1),
    ("quiz_08", "q7"): lambda v: 81 / 87 * 357 / 700 + 192 / 263 * 343 / 700,
    ("quiz_09", "q2"): lambda v: len(np.correlate(np.zeros(32), np.ones(5), "valid")),
    ("quiz_09", "q3"): lambda v: len(range(0, v["n"] + 2 * v["p"] - v["k"] + 1, 2)),
    ("quiz_09", "q4"): lambda v: np.correlate([1, 2, 3, 4], [1, 0, -1], "valid"),
    ("quiz_09", "q5"): lambda v: np.convolve([1, 2, 3, 4], [1, 0, -1], "valid"),
    ("quiz_09", "q6"): lambda v: scipy.signal.correlate2d(np.arange(1, 10).reshape(3, 3),
                                                          np.eye(2), "valid"),
    ("quiz_09", "q7"): lambda v: (np.zeros((v["f"], v["c"], v["k"], v["k"])).size
                                  + np.zeros(v["f"]).size),
    ("quiz_10", "q6"): lambda v: sp.diff(_unrolled(sp.Rational(str(v["w"])), v["T"]), z),
    ("quiz_10", "q7"): lambda v: _linear_rnn_states([1, 0, 1], v["wx"], v["wr"]),
}
COMPUTED = (NumericItem, ArrayItem, ExpressionItem)


def test_there_are_ten_quizzes_of_at_least_five_items():
    """Is there one bank per lecture, each with five or more items, and a multi-select?"""
    assert list(BANKS) == [f"quiz_{n:02d}" for n in range(1, 11)]
    assert all(len(bank.items) >= 5 for bank in BANKS.values())
    assert [bank.lecture for bank in BANKS.values()] == list(range(1, 11))
    assert any(isinstance(item, MultiItem) for _, item in ITEMS)


def test_every_computed_key_has_a_recomputation():
    """Does each numeric, array and expression item have an entry in KEYS (and no stale one)?"""
    needed = {(quiz, item.id) for quiz, item in ITEMS if isinstance(item, COMPUTED)}
    assert needed <= set(KEYS), sorted(needed - set(KEYS))
    assert set(KEYS) <= {(quiz, item.id) for quiz, item in ITEMS}


def _values(quiz: str, item, student: str) -> dict:
    """The student's values as plain numbers (what a student computes with)."""
    values = item.variant(values_key(), quiz, student).values
    return {name: int(v) if v.denominator == 1 else float(v) for name, v in values.items()}


CASES = [(q, i, s) for q, i in ITEMS if (q, i.id) in KEYS for s in (STUDENTS if i.params
                                                                      else STUDENTS[:1])]


@pytest.mark.parametrize(("quiz", "item", "student"), CASES,
                         ids=[f"{q}-{i.id}-{s}" for q, i, s in CASES])
def test_each_key_matches_its_recomputation(quiz, item, student):
    """Does the key of each student's variant equal what NumPy/SymPy compute for the question
    with that student's values?"""
    computed = KEYS[(quiz, item.id)](_values(quiz, item, student))
    key = item.variant(values_key(), quiz, student).key
    if isinstance(item, ExpressionItem):
        pairs = zip(key, computed, strict=True) if isinstance(key, tuple) else [(key, computed)]
        assert all(sp.simplify(a - b) == 0 for a, b in pairs), (key, computed)
    elif isinstance(item, MultiItem):
        assert key == tuple(sorted(computed))
    elif isinstance(item, BoolItem):
        assert key == bool(computed)
    else:
        np.testing.assert_allclose(np.array(key, dtype=float),
                                   np.array(computed, dtype=float), rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize(("quiz", "item"), ITEMS, ids=[f"{q}-{i.id}" for q, i in ITEMS])
def test_the_key_and_its_notebook_literal_score_full_marks(quiz, item):
    """Does the key, as graded and as written in the solution notebook, earn 1.0?"""
    key = item.variant(values_key(), quiz, "solution").key
    literal = ast.literal_eval(solution_literal(quiz, item))
    for raw in (literal, list(key) if isinstance(item, MultiItem) else literal):
        result = item.grade(raw, key)
        assert result.score == 1.0, result.message


@pytest.mark.parametrize("quiz", list(BANKS))
def test_a_blank_quiz_scores_zero(quiz):
    """Does every qN = None score 0 on every quiz?"""
    items = BANKS[quiz].items
    assert sum(item.grade(None, item.variant(values_key(), quiz, "kim").key).score
               for item in items) == 0
