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
from reference import softmax_backprop as ref

NAMES = ("W1", "b1", "W2", "b2")


def _problem(rng: np.random.Generator, n: int, d: int = 4, h: int = 5, k: int = 3):
    params = {"W1": rng.normal(size=(d, h)), "b1": rng.normal(size=h),
              "W2": rng.normal(size=(h, k)), "b2": rng.normal(size=k)}
    return rng.normal(size=(n, d)), params, rng.integers(0, k, size=n)


def _student_grads(student, X, params, labels):
    """The student's backward pass on the cache of the student's own forward pass."""
    out = student.mlp_forward(X, params)
    if not isinstance(out, tuple | list) or len(out) != 2:
        raise CheckFailure([msg("check.returns_tuple", call="mlp_forward(X, params)",
                                names="(probs, cache)", got=describe(out))])
    return student.mlp_backward(params, out[1], labels)


def _central_difference(X, params, labels, h=1e-6):
    """Gradients of the reference mean loss by central differences, entry by entry."""
    moved = {name: value.copy() for name, value in params.items()}

    def loss() -> float:
        return ref.cross_entropy(ref.mlp_forward(X, moved)[0], labels)

    return {"d" + name: finite_difference(loss, moved[name], h) for name in NAMES}


@points(3)
def test_mlp_backward_matches_reference(student, rng):
    """mlp_backward: gradients of the mean cross-entropy for a batch of 8"""
    X, params, labels = _problem(rng, 8)
    expected = ref.mlp_backward(params, ref.mlp_forward(X, params)[1], labels)
    assert_close(_student_grads(student, X, params, labels), expected,
                 call="mlp_backward(params, cache, labels)", args={"X": X, "labels": labels},
                 rtol=1e-5, atol=1e-8,
                 mistakes={"gradient of the summed loss (no 1/N)":
                           {k: 8 * v for k, v in expected.items()}},
                 hint="dZ2 = (probs - one_hot(labels)) / N; dW = input.T @ dZ; db = dZ.sum(axis=0)")


@points(3)
def test_mlp_backward_finite_differences(student, rng):
    """mlp_backward: every gradient agrees with central differences of the loss"""
    X, params, labels = _problem(rng, 5)
    assert_close(_student_grads(student, X, params, labels),
                 _central_difference(X, params, labels),
                 call="mlp_backward(params, cache, labels)", args={"X": X, "labels": labels},
                 rtol=1e-4, atol=1e-7)


@points(1)
def test_mlp_backward_batch_of_one(student, rng):
    """mlp_backward: a batch of one sample keeps the gradients' shapes"""
    X, params, labels = _problem(rng, 1, d=3, h=4, k=2)
    expected = ref.mlp_backward(params, ref.mlp_forward(X, params)[1], labels)
    assert_close(_student_grads(student, X, params, labels), expected,
                 call="mlp_backward(params, cache, labels)", args={"X": X, "labels": labels},
                 rtol=1e-5, atol=1e-8, hint="db1 has shape (h,) and db2 (K,): sum over axis 0")


@edge
@points(1)
def test_mlp_backward_inputs_unchanged(student, rng):
    """mlp_backward: params and labels are not modified"""
    X, params, labels = _problem(rng, 4)
    _, cache = student.mlp_forward(X, params)
    assert_unchanged(student, "mlp_backward", params, cache, labels)
