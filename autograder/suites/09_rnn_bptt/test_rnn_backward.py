import numpy as np

from autograder.grading.suite import (
    CheckFailure,
    assert_close,
    assert_unchanged,
    describe,
    edge,
    finite_difference,
    msg,
    points,
)
from reference import rnn_bptt as ref

NAMES = ("X", "h0", "Wx", "Wh", "b")
COMMON = "; walk t = T-1 .. 0 carrying dh_next = da_t @ Wh.T, and multiply by tanh' = 1 - h_t**2"
HINTS = {
    "dX": "dX[t] = da_t @ Wx.T with da_t = (dH[t] + dh_next) * (1 - h_t**2)" + COMMON,
    "dh0": "dh0 is what flows out of step 0 into h0: da_0 @ Wh.T" + COMMON,
    "dWx": "dWx sums X[t].T @ da_t over ALL time steps (+=, not =)" + COMMON,
    "dWh": "dWh sums h_{t-1}.T @ da_t over all steps, with h_{-1} = h0" + COMMON,
    "db": "db sums da_t over the batch and over all time steps" + COMMON,
}


def make_inputs(rng, T, N, D, Hd):
    """Random inputs and parameters as a dict, and an upstream gradient dH."""
    p = dict(zip(NAMES, (rng.normal(size=(T, N, D)), rng.normal(size=(N, Hd)),
                         rng.normal(size=(D, Hd)) / np.sqrt(D),
                         rng.normal(size=(Hd, Hd)) / np.sqrt(Hd), rng.normal(size=Hd)),
                 strict=True))
    return p, rng.normal(size=(T, N, Hd))


def student_grads(student, p, dH):
    """The student's gradients, from the student's own forward cache."""
    forward = student.rnn_forward(*(p[n] for n in NAMES))
    if not isinstance(forward, tuple | list) or len(forward) != 2:
        raise CheckFailure([msg("check.returns_tuple", call="rnn_forward(X, h0, Wx, Wh, b)",
                                names="(H, cache)", got=describe(forward))])
    return student.rnn_backward(dH, forward[1])


def check_grads(got, expected, *, call, args, rtol=1e-6, atol=1e-9):
    """Compare the gradient dict key by key, with a hint for the wrong key."""
    if not isinstance(got, dict):
        raise CheckFailure([msg("check.returns_dict", call=call, keys=str(sorted(expected)),
                                got=describe(got))])
    for key, value in expected.items():
        if key not in got:
            raise CheckFailure([msg("check.missing_gradient", call=call, key=repr(key),
                                    keys=str(sorted(expected)))])
        assert_close(got[key], value, call=f"{call}[{key!r}]", args=args, rtol=rtol,
                     atol=atol, hint=HINTS[key])


def numeric_grads(p, dH, h=1e-6):
    """Central differences of sum(dH * H) for every input and parameter."""
    def loss():
        return float(np.sum(dH * ref.rnn_forward(*(p[n] for n in NAMES))[0]))

    return {"d" + name: finite_difference(loss, p[name], h) for name in NAMES}


def reference_grads(p, dH):
    return ref.rnn_backward(dH, ref.rnn_forward(*(p[n] for n in NAMES))[1])


@points(3)
def test_rnn_backward_finite_differences(student, rng):
    """rnn_backward: every gradient matches finite differences of sum(dH * H)"""
    p, dH = make_inputs(rng, 4, 2, 3, 3)
    call = "rnn_backward(dH, cache)"
    check_grads(student_grads(student, p, dH), numeric_grads(p, dH), call=call,
                args={"dH": dH, "X": p["X"]}, rtol=1e-5, atol=1e-7)


@points(3)
def test_rnn_backward_random_sequences(student, rng):
    """rnn_backward: random sequences of several lengths, batch sizes and widths"""
    for T, N, D, Hd in ((6, 3, 4, 5), (9, 1, 2, 3), (3, 4, 5, 2)):
        p, dH = make_inputs(rng, T, N, D, Hd)
        check_grads(student_grads(student, p, dH), reference_grads(p, dH),
                    call="rnn_backward(dH, cache)",
                    args={"dH": dH, "X": p["X"]})


@points(2)
def test_rnn_backward_loss_at_last_step(student, rng):
    """rnn_backward: a loss on the last state alone reaches every earlier step"""
    p, dH = make_inputs(rng, 6, 2, 3, 4)
    dH[:-1] = 0.0
    check_grads(student_grads(student, p, dH), reference_grads(p, dH),
                call="rnn_backward(dH, cache)", args={"dH (dH[:-1] = 0)": dH})


@points(1)
def test_rnn_backward_single_step(student, rng):
    """rnn_backward: a sequence of length 1"""
    p, dH = make_inputs(rng, 1, 3, 2, 2)
    check_grads(student_grads(student, p, dH), reference_grads(p, dH),
                call="rnn_backward(dH, cache)", args={"dH": dH, "X": p["X"]})


@edge
@points(1)
def test_rnn_backward_inputs_unchanged(student, rng):
    """rnn_backward: dH and the cache are not modified"""
    p, dH = make_inputs(rng, 4, 2, 3, 3)
    cache = student.rnn_forward(*(p[n] for n in NAMES))[1]
    assert_unchanged(student, "rnn_backward", dH, cache)
