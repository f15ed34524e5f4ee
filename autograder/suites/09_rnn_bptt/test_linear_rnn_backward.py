import numpy as np

from autograder.grading.suite import (
    CheckFailure,
    assert_close,
    assert_unchanged,
    describe,
    edge,
    msg,
    points,
)
from reference import rnn_bptt as ref

SUMMED = "weight gradients summed over the batch: divide by N (the gradient of the MEAN loss)"
NOT_PROPAGATED = "grad_over_time[:, k-1] = grad_over_time[:, k] * wrec was not applied"


def assignment_data():
    """The assignment's inputs (np.random.seed(1), 100 x 10 rounded uniforms) and targets."""
    X = np.round(np.random.RandomState(1).uniform(0, 1, (100, 10)))
    return X, X.sum(axis=1)


def problem(X, t, wx, wrec):
    """States from the reference forward pass and each sample's output gradient 2 (y - t)."""
    S = ref.linear_rnn_forward(X, wx, wrec)
    return S, 2 * (S[:, -1] - t)


def split(result, call):
    """((wx_grad, wrec_grad), grad_over_time) from the student's result."""
    if (not isinstance(result, tuple | list) or len(result) != 2
            or not isinstance(result[0], tuple | list) or len(result[0]) != 2):
        raise CheckFailure([msg("check.returns_tuple", call=call,
                                names="((wx_grad, wrec_grad), grad_over_time)",
                                got=describe(result))])
    return tuple(result[0]), result[1]


def check(result, X, S, grad_out, wrec, call):
    """Compare both parts of the result with the reference, naming known mistakes."""
    weights, over_time = split(result, call)
    (gx, grec), expected_time = ref.linear_rnn_backward(X, S, grad_out, wrec)
    n = X.shape[0]
    flat = np.repeat(np.asarray(grad_out, float)[:, None], X.shape[1], axis=1)
    assert_close(over_time, expected_time, call=f"{call} -> grad_over_time",
                 args={"X": X, "grad_out": grad_out},
                 mistakes={NOT_PROPAGATED: np.hstack([expected_time[:, :1] * 0, flat])})
    assert_close(weights, (gx, grec), call=f"{call} -> (wx_grad, wrec_grad)",
                 args={"X": X, "grad_out": grad_out},
                 mistakes={SUMMED: (gx * n, grec * n)} if n > 1 else None,
                 hint="wx_grad = mean over samples of sum_k grad_over_time[:, k] * X[:, k-1]; "
                      "wrec_grad uses S[:, k-1] instead of X[:, k-1]")


@points(2)
def test_linear_rnn_backward_assignment_gradients(student):
    """linear_rnn_backward: the assignment's gradients (300.655397, 1808.806594)"""
    X, t = assignment_data()
    S, grad_out = problem(X, t, 1.2, 1.2)
    call = "linear_rnn_backward(X, S, grad_out, 1.2)"
    weights, _ = split(student.linear_rnn_backward(X, S, grad_out, 1.2), call)
    assert_close(weights, (300.655397, 1808.806594), atol=1e-5, call=call,
                 args={"X": X, "grad_out": grad_out},
                 mistakes={SUMMED: (30065.5397, 180880.6594)})


@points(2)
def test_linear_rnn_backward_finite_differences(student, rng):
    """linear_rnn_backward: weight gradients match finite differences of the mean loss"""
    X, t = rng.normal(size=(8, 6)), rng.normal(size=8)
    wx, wrec, h = 0.9, 1.1, 1e-6

    def loss(a, r):
        return float(np.mean((t - ref.linear_rnn_forward(X, a, r)[:, -1]) ** 2))

    numeric = ((loss(wx + h, wrec) - loss(wx - h, wrec)) / (2 * h),
               (loss(wx, wrec + h) - loss(wx, wrec - h)) / (2 * h))
    S, grad_out = problem(X, t, wx, wrec)
    call = f"linear_rnn_backward(X, S, grad_out, {wrec})"
    weights, _ = split(student.linear_rnn_backward(X, S, grad_out, wrec), call)
    assert_close(weights, numeric, rtol=1e-5, call=call, args={"X": X, "grad_out": grad_out},
                 mistakes={SUMMED: (numeric[0] * 8, numeric[1] * 8)})


@points(2)
def test_linear_rnn_backward_random_batches(student, rng):
    """linear_rnn_backward: random batches, including a batch of one"""
    for n, steps, wrec in ((10, 5, 0.7), (30, 12, 1.05), (1, 4, 1.5)):
        X, t = rng.normal(size=(n, steps)), rng.normal(size=n)
        S, grad_out = problem(X, t, 0.8, wrec)
        call = f"linear_rnn_backward(X, S, grad_out, {wrec})"
        check(student.linear_rnn_backward(X, S, grad_out, wrec), X, S, grad_out, wrec, call)


@edge
@points(1)
def test_linear_rnn_backward_inputs_unchanged(student, rng):
    """linear_rnn_backward: X, S and grad_out are not modified"""
    X, t = rng.normal(size=(5, 4)), rng.normal(size=5)
    S, grad_out = problem(X, t, 1.0, 0.9)
    assert_unchanged(student, "linear_rnn_backward", X, S, grad_out, 0.9)
