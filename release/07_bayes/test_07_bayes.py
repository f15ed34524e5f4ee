"""Public tests for 07_bayes: run `pytest` in this folder to check your notebook."""

import numpy as np
import pytest


def test_posterior_lecture_example(student):
    """posterior: prevalence 0.1, sensitivity 0.99, false alarm 0.01 give 0.916667"""
    assert student.posterior(0.1, 0.99, 0.01) == pytest.approx(0.916667, abs=1e-6)


def test_posterior_higher_false_alarm(student):
    """posterior: a false-alarm rate of 0.1 drops it to 0.523810"""
    assert student.posterior(0.1, 0.99, 0.1) == pytest.approx(0.523810, abs=1e-6)


def test_posterior_useless_test(student):
    """posterior: a test with sensitivity = false alarm leaves the prior unchanged"""
    assert student.posterior(0.3, 0.5, 0.5) == pytest.approx(0.3)


def test_sequential_posterior_second_test(student):
    """sequential_posterior: a second positive test raises 0.523810 to 0.915896"""
    assert student.sequential_posterior(0.1, 0.99, 0.1, 2) == pytest.approx(0.915896, abs=1e-6)


def test_sequential_posterior_one_test(student):
    """sequential_posterior: one positive test is the plain posterior"""
    assert student.sequential_posterior(0.1, 0.99, 0.01, 1) == pytest.approx(0.916667, abs=1e-6)


def test_sequential_posterior_no_test(student):
    """sequential_posterior: no test leaves the prior unchanged"""
    assert student.sequential_posterior(0.1, 0.99, 0.1, 0) == pytest.approx(0.1)


def test_confusion_metrics_small_example(student):
    """confusion_metrics: 2 TP, 1 FP, 1 FN, 4 TN"""
    y_true = np.array([1, 1, 0, 0, 1, 0, 0, 0])
    y_pred = np.array([1, 0, 1, 0, 1, 0, 0, 0])
    result = student.confusion_metrics(y_true, y_pred)
    assert {k: result[k] for k in ("tp", "fp", "fn", "tn")} == {"tp": 2, "fp": 1, "fn": 1, "tn": 4}
    assert result["precision"] == pytest.approx(2 / 3)
    assert result["recall"] == pytest.approx(2 / 3)
    assert result["false_alarm"] == pytest.approx(1 / 5)


def test_confusion_metrics_lecture_example(student):
    """confusion_metrics: the lecture's 1000 people give precision 0.916667"""
    y_true = np.array([1] * 100 + [0] * 900)
    y_pred = np.array([1] * 99 + [0] + [1] * 9 + [0] * 891)
    result = student.confusion_metrics(y_true, y_pred)
    assert result["precision"] == pytest.approx(99 / 108)
    assert result["recall"] == pytest.approx(0.99)
    assert result["false_alarm"] == pytest.approx(0.01)


def test_confusion_metrics_zero_denominators(student):
    """confusion_metrics: no positive predictions give precision 0.0, not nan"""
    result = student.confusion_metrics(np.array([1, 0, 0]), np.array([0, 0, 0]))
    assert result["tp"] == 0 and result["fn"] == 1 and result["tn"] == 2
    assert result["precision"] == 0.0
    assert result["recall"] == 0.0
    assert result["false_alarm"] == 0.0
