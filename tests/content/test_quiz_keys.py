"""Every quiz key recomputed: numbers, arrays and formulas by NumPy/SciPy/SymPy, not by hand.

Each numeric, array and expression item must have a recomputation below (a new item without
one fails the coverage test), and so do the choice and yes/no items whose key is a fact that
code can check.
"""

import ast
from collections.abc import Callable

import numpy as np
import pytest
import scipy.signal
import sympy as sp

from autograder.quiz.answers import grade
from autograder.quiz.bank import bank_paths, load_bank
from autograder.quiz.render import solution_literal

BANKS = {path.stem: load_bank(path) for path in bank_paths()}
ITEMS = [(bank.id, item) for bank in BANKS.values() for item in bank.items]
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


def _sq_loss() -> sp.Expr:
    return sum((yi - w * xi) ** 2 for xi, yi in ((1, 2), (2, 4)))


DICE = np.arange(1, 7)
MC_SAMPLES = np.array([0.2, 0.6, 1.0, 1.4, 1.8])
JOINT = np.array([[0.1, 0.2], [0.3, 0.4]])
DATA7 = np.array([2, 4, 4, 4, 5, 5, 7, 9])
KEYS: dict[tuple[str, str], Callable[[], object]] = {
    ("quiz_01", "q1"): lambda: np.linalg.norm([-1, 2, -3], ord=1),
    ("quiz_01", "q2"): lambda: np.linalg.norm([-6, -8]),
    ("quiz_01", "q3"): lambda: np.linalg.norm(np.subtract([-3, 0], [0, 4])),
    ("quiz_01", "q4"): lambda: np.arccos(_cos_angle([1, 0], [1, 1])),
    ("quiz_01", "q5"): lambda: np.inner([1, -1, 1, -1], [4, -4, 4, -4]),
    ("quiz_01", "q6"): lambda: np.multiply([1, 2, 3], [4, 5, 6]),
    ("quiz_02", "q1"): lambda: np.array([[1, 2, 3], [4, 5, 6]]).T,
    ("quiz_02", "q2"): lambda: [letter for letter, (a, b) in zip("ABCDE", [
        ((2, 3), (3, 3)), ((3, 3), (2, 3)), ((2, 2), (2, 3)), ((2, 3), (2, 2)),
        ((3, 2), (2, 2))], strict=True) if a[1] == b[0]],
    ("quiz_02", "q3"): lambda: abs(np.linalg.det([[1, 2], [2, 4]])) > 1e-12,
    ("quiz_02", "q4"): lambda: np.linalg.inv([[2, 1], [1, 1]]),
    ("quiz_02", "q5"): lambda: np.linalg.pinv([[1, 0, 1], [0, 1, 0]]),
    ("quiz_02", "q7"): lambda: np.inner([[1, -2, 3], [7, 5, 0]], [[0, 1, -1], [1, -1, 0]]),
    ("quiz_03", "q1"): lambda: sp.diff(x**2 + 2 * x + 3, x),
    ("quiz_03", "q2"): lambda: sp.diff(x**2 + 2 * x * y + 3 + sp.cos(x + 2 * y), x),
    ("quiz_03", "q3"): lambda: _gradient(9 * x**2 + 5 * y**3 - 3 * z, (x, y, z)),
    ("quiz_03", "q4"): lambda: 3 - 0.1 * sp.diff(x**2, x).subs(x, 3),
    ("quiz_04", "q1"): lambda: sp.diff(_sq_loss(), w).subs(w, 0),
    ("quiz_04", "q2"): lambda: 0 - 0.05 * sp.diff(_sq_loss(), w).subs(w, 0),
    ("quiz_04", "q5"): lambda: _gradient(x**2 + 2 * y**2, (x, y)),
    ("quiz_04", "q6"): lambda: [float(v - 0.1 * g.subs({x: 1, y: 1}))
                                for v, g in zip((1, 1), _gradient(x**2 + 2 * y**2, (x, y)),
                                                strict=True)],
    ("quiz_05", "q1"): lambda: np.maximum(0, [-2, 0, 3]),
    ("quiz_05", "q2"): lambda: sp.diff(sp.tanh(x), x),
    ("quiz_05", "q3"): lambda: sp.diff(((x + y) ** 2 + 3) ** 3, x),
    ("quiz_05", "q5"): lambda: np.exp([0, np.log(3)]) / np.exp([0, np.log(3)]).sum(),
    ("quiz_05", "q6"): lambda: np.zeros((3, 4)).size + np.zeros(3).size,
    ("quiz_06", "q2"): lambda: DICE.mean(),
    ("quiz_06", "q3"): lambda: DICE.var(),
    ("quiz_06", "q4"): lambda: 1 / 0.5 > 1,  # the uniform density on [0, 0.5]
    ("quiz_06", "q5"): lambda: (2 - 0) * np.mean(MC_SAMPLES**2),
    ("quiz_06", "q6"): lambda: (1 / np.sqrt(50)) / (1 / np.sqrt(50 * 100)),
    ("quiz_06", "q7"): lambda: JOINT[1, 1] / JOINT[1].sum(),
    ("quiz_07", "q1"): lambda: DATA7.mean(),
    ("quiz_07", "q2"): lambda: DATA7.var(ddof=1),
    ("quiz_07", "q3"): lambda: np.eye(4)[2],
    ("quiz_07", "q4"): lambda: np.isclose(_kl([0.5, 0.5], [0.9, 0.1]), _kl([0.9, 0.1], [0.5, 0.5])),
    ("quiz_07", "q5"): lambda: np.mean([1, 0, 1, 1, 0, 1, 1, 1]),
    ("quiz_07", "q7"): lambda: _kl([0.5, 0.5], [0.9, 0.1]),
    ("quiz_08", "q1"): lambda: 0.99 * 0.1 + 0.01 * 0.9,
    ("quiz_08", "q2"): lambda: _posterior(0.1, 0.99, 0.01),
    ("quiz_08", "q3"): lambda: _posterior(0.1, 0.99, 0.1),
    ("quiz_08", "q4"): lambda: _posterior(_posterior(0.1, 0.99, 0.1), 0.99, 0.1),
    ("quiz_08", "q7"): lambda: 81 / 87 * 357 / 700 + 192 / 263 * 343 / 700,
    ("quiz_09", "q2"): lambda: len(np.correlate(np.zeros(32), np.ones(5), "valid")),
    ("quiz_09", "q3"): lambda: len(range(0, 7 + 2 - 3 + 1, 2)),
    ("quiz_09", "q4"): lambda: np.correlate([1, 2, 3, 4], [1, 0, -1], "valid"),
    ("quiz_09", "q5"): lambda: np.convolve([1, 2, 3, 4], [1, 0, -1], "valid"),
    ("quiz_09", "q6"): lambda: scipy.signal.correlate2d(np.arange(1, 10).reshape(3, 3),
                                                        np.eye(2), "valid"),
    ("quiz_09", "q7"): lambda: np.zeros((8, 3, 3, 3)).size + np.zeros(8).size,
    ("quiz_10", "q6"): lambda: sp.diff(_unrolled(0.9, 10), z),
    ("quiz_10", "q7"): lambda: _linear_rnn_states([1, 0, 1], 1.0, 0.5),
}
COMPUTED = {"numeric", "array", "expression"}


def test_there_are_ten_quizzes_of_at_least_five_items():
    """Is there one bank per lecture, each with five or more items, and a multi-select?"""
    assert list(BANKS) == [f"quiz_{n:02d}" for n in range(1, 11)]
    assert all(len(bank.items) >= 5 for bank in BANKS.values())
    assert [bank.lecture for bank in BANKS.values()] == list(range(1, 11))
    assert any(item.type == "multi" for _, item in ITEMS)


def test_every_computed_key_has_a_recomputation():
    """Does each numeric, array and expression item have an entry in KEYS (and no stale one)?"""
    needed = {(quiz, item.id) for quiz, item in ITEMS if item.type in COMPUTED}
    assert needed <= set(KEYS), sorted(needed - set(KEYS))
    assert set(KEYS) <= {(quiz, item.id) for quiz, item in ITEMS}


@pytest.mark.parametrize(("quiz", "item"), [(q, i) for q, i in ITEMS if (q, i.id) in KEYS],
                         ids=[f"{q}-{i.id}" for q, i in ITEMS if (q, i.id) in KEYS])
def test_each_key_matches_its_recomputation(quiz, item):
    """Does the bank's key equal what NumPy/SymPy compute for the question?"""
    computed = KEYS[(quiz, item.id)]()
    if item.type == "expression":
        key = sp.sympify(item.answer, locals={s: sp.Symbol(s) for s in item.symbols})
        pairs = zip(key, computed, strict=True) if isinstance(key, tuple) else [(key, computed)]
        assert all(sp.simplify(a - b) == 0 for a, b in pairs), (item.answer, computed)
    elif item.type == "multi":
        assert item.answer == tuple(sorted(computed))
    elif item.type == "bool":
        assert item.answer == bool(computed)
    else:
        np.testing.assert_allclose(np.array(item.answer, dtype=float),
                                   np.array(computed, dtype=float), rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize(("quiz", "item"), ITEMS, ids=[f"{q}-{i.id}" for q, i in ITEMS])
def test_the_key_and_its_notebook_literal_score_full_marks(quiz, item):
    """Does the key, as in the bank and as written in the solution notebook, earn 1.0?"""
    literal = ast.literal_eval(solution_literal(item))
    for raw in (literal, list(item.answer) if item.type == "multi" else item.answer):
        result = grade(item, raw)
        assert result.score == 1.0, result.message


@pytest.mark.parametrize("quiz", list(BANKS))
def test_a_blank_quiz_scores_zero(quiz):
    """Does every qN = None score 0 on every quiz?"""
    assert sum(grade(item, None).score for item in BANKS[quiz].items) == 0
