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
from reference import softmax_backprop as ref


def _params(rng: np.random.Generator, d: int, h: int, k: int) -> dict[str, np.ndarray]:
    return {"W1": rng.normal(size=(d, h)), "b1": rng.normal(size=h),
            "W2": rng.normal(size=(h, k)), "b2": rng.normal(size=k)}


def _probs(got: object) -> np.ndarray:
    if not isinstance(got, tuple | list) or len(got) != 2:
        raise CheckFailure([msg("check.returns_tuple", call="mlp_forward(X, params)",
                                names="(probs, cache)", got=describe(got))])
    return got[0]


@points(2)
def test_mlp_forward_probabilities(student, rng):
    """mlp_forward: softmax(relu(X W1 + b1) W2 + b2) for random weights"""
    for n, d, h, k in [(6, 4, 5, 3), (10, 2, 8, 4)]:
        X, params = rng.normal(size=(n, d)), _params(rng, d, h, k)
        expected, _ = ref.mlp_forward(X, params)
        no_relu = ref.softmax((X @ params["W1"] + params["b1"]) @ params["W2"] + params["b2"])
        assert_close(_probs(student.mlp_forward(X, params)), expected,
                     call="mlp_forward(X, params)[0]", args={"X": X, **params},
                     mistakes={"forgot the ReLU": no_relu},
                     hint="H = relu(X @ W1 + b1), probs = softmax(H @ W2 + b2)")


@points(1)
def test_mlp_forward_batch_of_one(student, rng):
    """mlp_forward: a batch of one sample gives probs of shape (1, K)"""
    X, params = rng.normal(size=(1, 3)), _params(rng, 3, 4, 5)
    assert_close(_probs(student.mlp_forward(X, params)), ref.mlp_forward(X, params)[0],
                 call="mlp_forward(X, params)[0]", args={"X": X},
                 hint="keep the batch axis: probs has shape (N, K) even for N = 1")


@edge
@points(1)
def test_mlp_forward_inputs_unchanged(student, rng):
    """mlp_forward: X and the weights are not modified"""
    X, params = rng.normal(size=(4, 3)), _params(rng, 3, 4, 2)
    assert_unchanged(student, "mlp_forward", X, params)
