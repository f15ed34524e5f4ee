"""The reference of `07_bayes` against the lecture's numbers, closed forms and plain loops."""

import numpy as np
import pytest

from reference import bayes


@pytest.mark.parametrize(("false_alarm", "expected"), [(0.01, 0.916667), (0.1, 0.523810)])
def test_posterior_lecture_examples(false_alarm, expected):
    """Does sensitivity 0.99 at prior 0.1 give the lecture's 0.916667 and 0.523810?"""
    assert bayes.posterior(0.1, 0.99, false_alarm) == pytest.approx(expected, abs=1e-6)


def test_posterior_matches_joint_table():
    """Is the posterior P(D, +) / P(+) computed from an explicit joint probability table?"""
    prior, sens, fa = 0.03, 0.8, 0.2
    joint = {("D", "+"): prior * sens, ("D", "-"): prior * (1 - sens),
             ("H", "+"): (1 - prior) * fa, ("H", "-"): (1 - prior) * (1 - fa)}
    expected = joint["D", "+"] / (joint["D", "+"] + joint["H", "+"])
    assert bayes.posterior(prior, sens, fa) == pytest.approx(expected, rel=1e-14)


def test_posterior_rejects_impossible_evidence():
    """Is a positive test of probability zero rejected instead of dividing by zero?"""
    with pytest.raises(ValueError):
        bayes.posterior(0.0, 0.9, 0.0)


def test_sequential_posterior_lecture_example():
    """Do two positive tests (false alarm 0.1) give the lecture's 0.915896?"""
    assert bayes.sequential_posterior(0.1, 0.99, 0.1, 2) == pytest.approx(0.915896, abs=1e-6)


@pytest.mark.parametrize("n", [0, 1, 3, 7])
def test_sequential_posterior_matches_odds_form(n):
    """Are the posterior odds the prior odds times the likelihood ratio to the power n?"""
    prior, sens, fa = 0.02, 0.9, 0.15
    odds = prior / (1 - prior) * (sens / fa) ** n
    assert bayes.sequential_posterior(prior, sens, fa, n) == pytest.approx(odds / (1 + odds))


def test_sequential_posterior_rejects_negative_count():
    """Is a negative number of tests rejected?"""
    with pytest.raises(ValueError):
        bayes.sequential_posterior(0.1, 0.9, 0.1, -1)


def test_confusion_metrics_match_counting_loop():
    """Do counts and ratios agree with a plain loop over the pairs?"""
    rng = np.random.default_rng(0)
    y_true, y_pred = rng.integers(0, 2, size=300), rng.integers(0, 2, size=300)
    counts = {"tp": 0, "fp": 0, "fn": 0, "tn": 0}
    for t, p in zip(y_true, y_pred, strict=True):
        counts[{(1, 1): "tp", (0, 1): "fp", (1, 0): "fn", (0, 0): "tn"}[int(t), int(p)]] += 1
    got = bayes.confusion_metrics(y_true, y_pred)
    assert {k: got[k] for k in counts} == counts
    assert got["precision"] == pytest.approx(counts["tp"] / (counts["tp"] + counts["fp"]))
    assert got["recall"] == pytest.approx(counts["tp"] / (counts["tp"] + counts["fn"]))
    assert got["false_alarm"] == pytest.approx(counts["fp"] / (counts["fp"] + counts["tn"]))


def test_confusion_metrics_empty_denominators_are_zero():
    """Are precision, recall and false alarm 0.0 when their denominators are 0?"""
    all_negative = bayes.confusion_metrics(np.zeros(4, int), np.zeros(4, int))
    assert all_negative["precision"] == all_negative["recall"] == 0.0
    assert all_negative["tn"] == 4
    all_positive = bayes.confusion_metrics(np.ones(3, int), np.ones(3, int))
    assert all_positive["false_alarm"] == 0.0
    assert all_positive["precision"] == all_positive["recall"] == 1.0


def test_confusion_metrics_rejects_length_mismatch():
    """Are label arrays of different lengths rejected?"""
    with pytest.raises(ValueError):
        bayes.confusion_metrics(np.array([0, 1]), np.array([0, 1, 1]))


def test_confusion_metrics_leaves_inputs_unchanged():
    """Are y_true and y_pred unchanged afterwards?"""
    y_true, y_pred = np.array([0, 1, 1, 0]), np.array([1, 1, 0, 0])
    bayes.confusion_metrics(y_true, y_pred)
    np.testing.assert_array_equal(y_true, [0, 1, 1, 0])
    np.testing.assert_array_equal(y_pred, [1, 1, 0, 0])
