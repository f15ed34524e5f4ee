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

SHAPES = ((5, 3, 4, 6), (1, 2, 3, 3), (8, 1, 2, 4))  # T, N, D, Hd


def make_inputs(rng, T, N, D, Hd, scale=1.0):
    """Random X, h0, Wx, Wh, b for one sequence batch."""
    return (scale * rng.normal(size=(T, N, D)), rng.normal(size=(N, Hd)),
            rng.normal(size=(D, Hd)) / np.sqrt(D), rng.normal(size=(Hd, Hd)) / np.sqrt(Hd),
            rng.normal(size=Hd))


def states(result, call):
    """H from the (H, cache) pair rnn_forward must return."""
    if not isinstance(result, tuple | list) or len(result) != 2:
        raise CheckFailure([msg("check.returns_tuple", call=call, names="(H, cache)",
                                got=describe(result))])
    return result[0]


def known_mistakes(X, h0, Wx, Wh, b):
    """The values the catalogued mistakes would return for H."""
    H = ref.rnn_forward(X, h0, Wx, Wh, b)[0]
    pre = np.empty_like(H)
    h = h0
    for t in range(X.shape[0]):
        h = X[t] @ Wx + h @ Wh + b
        pre[t] = h
    return {"tanh is missing": pre,
            "H holds h_0 .. h_{T-1}; it must hold h_1 .. h_T": np.concatenate([h0[None], H[:-1]])}


@points(1)
def test_rnn_forward_single_step(student, rng):
    """rnn_forward: one step is tanh(x_1 Wx + h0 Wh + b)"""
    X, h0, Wx, Wh, b = make_inputs(rng, 1, 3, 2, 4)
    call = "rnn_forward(X, h0, Wx, Wh, b)"
    assert_close(states(student.rnn_forward(X, h0, Wx, Wh, b), call),
                 np.tanh(X[0] @ Wx + h0 @ Wh + b)[None], call=call,
                 args={"X": X, "h0": h0}, mistakes=known_mistakes(X, h0, Wx, Wh, b),
                 hint="H has shape (T, N, Hd) and H[0] = tanh(X[0] @ Wx + h0 @ Wh + b)")


@points(2)
def test_rnn_forward_random_sequences(student, rng):
    """rnn_forward: random sequences of several lengths, batch sizes and widths"""
    for T, N, D, Hd in SHAPES:
        X, h0, Wx, Wh, b = make_inputs(rng, T, N, D, Hd)
        call = "rnn_forward(X, h0, Wx, Wh, b)"
        assert_close(states(student.rnn_forward(X, h0, Wx, Wh, b), call),
                     ref.rnn_forward(X, h0, Wx, Wh, b)[0], call=call,
                     args={"X": X, "h0": h0, "Wh": Wh},
                     mistakes=known_mistakes(X, h0, Wx, Wh, b),
                     hint="h_t = tanh(x_t @ Wx + h_{t-1} @ Wh + b), starting from h0")


@points(1)
def test_rnn_forward_large_inputs(student, rng):
    """rnn_forward: large inputs saturate tanh and stay finite"""
    X, h0, Wx, Wh, b = make_inputs(rng, 6, 2, 3, 3, scale=1000.0)
    call = "rnn_forward(X, h0, Wx, Wh, b)"
    assert_close(states(student.rnn_forward(X, h0, Wx, Wh, b), call),
                 ref.rnn_forward(X, h0, Wx, Wh, b)[0], call=call, args={"X": X},
                 mistakes=known_mistakes(X, h0, Wx, Wh, b))


@edge
@points(1)
def test_rnn_forward_inputs_unchanged(student, rng):
    """rnn_forward: X, h0, Wx, Wh and b are not modified"""
    args = make_inputs(rng, 4, 2, 3, 3)
    assert_unchanged(student, "rnn_forward", *args)
