import numpy as np

from autograder.grading.suite import assert_close, assert_unchanged, edge, points
from reference import mle as ref

COUNTS = "returned counts: divide by the number of labels so the probabilities sum to 1"


@points(1)
def test_categorical_mle_small_example(student):
    """categorical_mle: [0, 1, 1, 2, 2, 2] gives [1/6, 2/6, 3/6]"""
    labels = np.array([0, 1, 1, 2, 2, 2])
    assert_close(student.categorical_mle(labels, 3), np.array([1, 2, 3]) / 6,
                 call="categorical_mle(labels, 3)", args={"labels": labels},
                 mistakes={COUNTS: np.array([1.0, 2.0, 3.0])})


@points(2)
def test_categorical_mle_random_labels(student, rng):
    """categorical_mle: random labels with 2, 5 and 10 classes"""
    for k, n in ((2, 7), (5, 100), (10, 1000)):
        labels = rng.integers(0, k, size=n)
        expected = ref.categorical_mle(labels, k)
        assert_close(student.categorical_mle(labels, k), expected,
                     call=f"categorical_mle(labels, {k})", args={"labels": labels},
                     mistakes={COUNTS: expected * n})


@points(1)
def test_categorical_mle_unseen_classes(student):
    """categorical_mle: classes that never occur get probability 0, even the last ones"""
    labels = np.array([1, 1, 3, 1])
    got = student.categorical_mle(labels, 6)
    try:
        short = len(got) != 6
    except TypeError:  # a number, a 0-d array, None
        short = True
    assert_close(got, np.array([0.0, 0.75, 0.0, 0.25, 0.0, 0.0]),
                 call="categorical_mle(labels, 6)", args={"labels": labels},
                 mistakes={"returned counts: divide by the number of labels so the "
                           "probabilities sum to 1":
                           np.array([0.0, 3.0, 0.0, 1.0, 0.0, 0.0])},
                 hint="the result has num_classes entries (np.bincount's minlength)"
                 if short else None)  # a hint only where the length is what is wrong


@points(1)
def test_categorical_mle_single_label(student):
    """categorical_mle: one label puts all the probability on its class"""
    labels = np.array([2])
    assert_close(student.categorical_mle(labels, 4), np.array([0.0, 0.0, 1.0, 0.0]),
                 call="categorical_mle(labels, 4)", args={"labels": labels})


@edge
@points(1)
def test_categorical_mle_input_unchanged(student, rng):
    """categorical_mle: the labels are not modified"""
    labels = rng.integers(0, 3, size=12)
    assert_unchanged(student, "categorical_mle", labels, 3)
