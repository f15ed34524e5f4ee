"""Reference for `07_bayes`: Bayes' rule for a diagnostic test and confusion metrics (lecture 8)."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike


def posterior(prior: float, sensitivity: float, false_alarm: float) -> float:
    """P(disease | positive) = P(+|D) P(D) / (P(+|D) P(D) + P(+|not D) P(not D)).

    prior: P(D); sensitivity: P(+ | D); false_alarm: P(+ | not D).
    """
    hit = sensitivity * prior
    evidence = hit + false_alarm * (1 - prior)
    if evidence == 0:
        raise ValueError("a positive test has probability 0 under these inputs")
    return float(hit / evidence)


def sequential_posterior(
    prior: float, sensitivity: float, false_alarm: float, n_positive: int
) -> float:
    """P(disease | n_positive positive tests in a row): each posterior becomes the next prior.

    n_positive: number of positive tests, >= 0 (0 returns the prior).
    """
    if n_positive < 0:
        raise ValueError(f"n_positive must be >= 0, got {n_positive}")
    belief = float(prior)
    for _ in range(n_positive):
        belief = posterior(belief, sensitivity, false_alarm)
    return belief


def _ratio(num: int, den: int) -> float:
    """num / den, or 0.0 when the denominator is 0 (the contract's convention)."""
    return num / den if den else 0.0


def confusion_metrics(y_true: ArrayLike, y_pred: ArrayLike) -> dict[str, float]:
    """Counts tp, fp, fn, tn and precision, recall, false_alarm = fp / (fp + tn).

    y_true, y_pred: binary 0/1 arrays of the same shape (N,).
    """
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if y_true.shape != y_pred.shape:
        raise ValueError(f"y_true and y_pred differ in shape: {y_true.shape} vs {y_pred.shape}")
    truth, guess = y_true == 1, y_pred == 1
    tp = int(np.sum(truth & guess))
    fp = int(np.sum(~truth & guess))
    fn = int(np.sum(truth & ~guess))
    tn = int(np.sum(~truth & ~guess))
    return {
        "tp": tp, "fp": fp, "fn": fn, "tn": tn,
        "precision": _ratio(tp, tp + fp),
        "recall": _ratio(tp, tp + fn),
        "false_alarm": _ratio(fp, fp + tn),
    }
