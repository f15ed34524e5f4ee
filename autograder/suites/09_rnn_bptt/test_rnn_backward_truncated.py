import numpy as np

from autograder.grading.suite import (
    CheckFailure,
    assert_close,
    assert_raises,
    assert_unchanged,
    describe,
    edge,
    finite_difference,
    msg,
    points,
)
from reference import rnn_bptt as ref

NAMES = ("X", "h0", "Wx", "Wh", "b")
CHUNKS = ("chunks are [0, k), [k, 2k), ... counted from the START of the sequence; at the "
          "first step of every chunk but the first, the gradient into h_{t-1} is dropped")


def make_inputs(rng, T, N=2, D=3, Hd=3):
    """Random inputs and parameters as a dict, and an upstream gradient dH."""
    p = dict(zip(NAMES, (rng.normal(size=(T, N, D)), rng.normal(size=(N, Hd)),
                         rng.normal(size=(D, Hd)) / np.sqrt(D),
                         rng.normal(size=(Hd, Hd)) / np.sqrt(Hd), rng.normal(size=Hd)),
                 strict=True))
    return p, rng.normal(size=(T, N, Hd))


def student_grads(student, p, dH, k):
    """The student's truncated gradients, from the student's own forward cache."""
    forward = student.rnn_forward(*(p[n] for n in NAMES))
    if not isinstance(forward, tuple | list) or len(forward) != 2:
        raise CheckFailure([msg("check.returns_tuple", call="rnn_forward(X, h0, Wx, Wh, b)",
                                names="(H, cache)", got=describe(forward))])
    return student.rnn_backward_truncated(dH, forward[1], k)


def reference_grads(p, dH, k):
    return ref.rnn_backward_truncated(dH, ref.rnn_forward(*(p[n] for n in NAMES))[1], k)


def check_grads(got, expected, *, call, args, hint=CHUNKS, rtol=1e-6, atol=1e-9):
    """Compare the gradient dict key by key."""
    if not isinstance(got, dict):
        raise CheckFailure([msg("check.returns_dict", call=call, keys=str(sorted(expected)),
                                got=describe(got))])
    for key, value in expected.items():
        if key not in got:
            raise CheckFailure([msg("check.missing_gradient", call=call, key=repr(key),
                                    keys=str(sorted(expected)))])
        assert_close(got[key], value, call=f"{call}[{key!r}]", args=args, rtol=rtol, atol=atol,
                     hint=hint)


def detached_numeric_grads(p, dH, k, h=1e-6):
    """Finite differences of sum(dH * H) for a forward pass that treats the state entering
    each chunk k, 2k, ... as a constant (its unperturbed value)."""
    frozen = ref.rnn_forward(*(p[n] for n in NAMES))[0]

    def loss():
        state, total = p["h0"], 0.0
        for t in range(p["X"].shape[0]):
            if t > 0 and t % k == 0:
                state = frozen[t - 1]
            state = np.tanh(p["X"][t] @ p["Wx"] + state @ p["Wh"] + p["b"])
            total += float(np.sum(dH[t] * state))
        return total

    return {"d" + name: finite_difference(loss, p[name], h) for name in NAMES}


@points(3)
def test_rnn_backward_truncated_finite_differences(student, rng):
    """rnn_backward_truncated: finite differences of a forward pass detached every k steps"""
    p, dH = make_inputs(rng, 7)
    check_grads(student_grads(student, p, dH, 3), detached_numeric_grads(p, dH, 3),
                call="rnn_backward_truncated(dH, cache, 3)",
                args={"dH": dH, "X": p["X"]}, rtol=1e-5, atol=1e-7)


@points(3)
def test_rnn_backward_truncated_chunk_lengths(student, rng):
    """rnn_backward_truncated: chunk lengths 1, 2 and 4 on a sequence of length 7"""
    for k in (1, 2, 4):
        p, dH = make_inputs(rng, 7, N=3, D=2, Hd=4)
        check_grads(student_grads(student, p, dH, k), reference_grads(p, dH, k),
                    call=f"rnn_backward_truncated(dH, cache, {k})",
                    args={"dH": dH, "X": p["X"]})


@points(2)
def test_rnn_backward_truncated_long_chunks(student, rng):
    """rnn_backward_truncated: k >= T is full BPTT"""
    p, dH = make_inputs(rng, 5)
    full = ref.rnn_backward(dH, ref.rnn_forward(*(p[n] for n in NAMES))[1])
    for k in (5, 12):
        check_grads(student_grads(student, p, dH, k), full,
                    call=f"rnn_backward_truncated(dH, cache, {k})", args={"dH": dH},
                    hint="a single chunk covers the whole sequence: this is plain BPTT")


@points(1)
def test_rnn_backward_truncated_dh0_first_chunk_only(student, rng):
    """rnn_backward_truncated: a loss after the first chunk does not reach h0"""
    p, dH = make_inputs(rng, 6)
    dH[:2] = 0.0
    check_grads(student_grads(student, p, dH, 2), reference_grads(p, dH, 2),
                call="rnn_backward_truncated(dH, cache, 2)",
                args={"dH (dH[:2] = 0)": dH}, hint="only the first chunk [0, k) reaches dh0")


@edge
@points(1)
def test_rnn_backward_truncated_rejects_bad_k(student, rng):
    """rnn_backward_truncated: ValueError for k < 1"""
    p, dH = make_inputs(rng, 4)
    cache = student.rnn_forward(*(p[n] for n in NAMES))[1]
    for k in (0, -2):
        assert_raises("ValueError", student.rnn_backward_truncated, dH, cache, k,
                      call=f"rnn_backward_truncated(dH, cache, {k})")


@edge
@points(1)
def test_rnn_backward_truncated_inputs_unchanged(student, rng):
    """rnn_backward_truncated: dH and the cache are not modified"""
    p, dH = make_inputs(rng, 5)
    cache = student.rnn_forward(*(p[n] for n in NAMES))[1]
    assert_unchanged(student, "rnn_backward_truncated", dH, cache, 2)
