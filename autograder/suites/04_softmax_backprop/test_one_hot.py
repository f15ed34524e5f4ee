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


@points(1)
def test_one_hot_small_example(student):
    """one_hot: labels [2, 0, 1, 2] with 4 classes"""
    labels = np.array([2, 0, 1, 2])
    got = student.one_hot(labels, 4)
    assert_close(got, ref.one_hot(labels, 4), call="one_hot(labels, 4)", args={"labels": labels})
    if not isinstance(got, np.ndarray) or got.dtype.kind != "f":  # a list of ints is close
        raise CheckFailure([msg("check.float_array", call="one_hot(labels, 4)",
                                got=describe(got))])


@points(1)
def test_one_hot_random_labels(student, rng):
    """one_hot: random labels, a class that never occurs, a single label"""
    for n, k in [(20, 5), (1, 3), (7, 10)]:
        labels = rng.integers(0, k, size=n)
        assert_close(student.one_hot(labels, k), ref.one_hot(labels, k),
                     call=f"one_hot(labels, {k})", args={"labels": labels},
                     hint="the result has shape (len(labels), num_classes)")


@edge
@points(1)
def test_one_hot_input_unchanged(student, rng):
    """one_hot: the labels are not modified"""
    labels = rng.integers(0, 3, size=6)
    assert_unchanged(student, "one_hot", labels, 3)
