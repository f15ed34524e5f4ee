import numpy as np

from autograder.grading.suite import assert_close, assert_unchanged, edge, points
from reference import rnn_bptt as ref

RECURRENCE = "S[:, 0] = 0 and S[:, k] = S[:, k-1] * wrec + X[:, k-1] * wx, shape (N, T+1)"


def assignment_data():
    """The assignment's inputs: np.random.seed(1), then 100 x 10 rounded uniforms."""
    return np.round(np.random.RandomState(1).uniform(0, 1, (100, 10)))


def known_mistakes(X, wx, wrec):
    return {"wx and wrec swapped": ref.linear_rnn_forward(X, wrec, wx)}


@points(2)
def test_linear_rnn_forward_assignment_data(student):
    """linear_rnn_forward: the assignment's data at wx = wrec = 1.2 (loss 123.507329)"""
    X = assignment_data()
    S = student.linear_rnn_forward(X, 1.2, 1.2)
    assert_close(S, ref.linear_rnn_forward(X, 1.2, 1.2), call="linear_rnn_forward(X, 1.2, 1.2)",
                 args={"X": X}, hint=RECURRENCE)
    loss = float(np.mean((X.sum(axis=1) - S[:, -1]) ** 2))
    assert_close(loss, 123.507329, atol=1e-6, call="mean((X.sum(1) - S[:, -1])**2)")


@points(2)
def test_linear_rnn_forward_random_inputs(student, rng):
    """linear_rnn_forward: real-valued inputs, several shapes and weights"""
    for (n, steps), wx, wrec in (((5, 3), 0.5, 2.0), ((20, 15), 1.5, 0.9), ((1, 1), -2.0, 3.0)):
        X = rng.normal(size=(n, steps))
        assert_close(student.linear_rnn_forward(X, wx, wrec), ref.linear_rnn_forward(X, wx, wrec),
                     call=f"linear_rnn_forward(X, {wx}, {wrec})", args={"X": X},
                     mistakes=known_mistakes(X, wx, wrec), hint=RECURRENCE)


@edge
@points(1)
def test_linear_rnn_forward_inputs_unchanged(student, rng):
    """linear_rnn_forward: X is not modified"""
    X = rng.normal(size=(4, 6))
    assert_unchanged(student, "linear_rnn_forward", X, 1.1, 0.8)
