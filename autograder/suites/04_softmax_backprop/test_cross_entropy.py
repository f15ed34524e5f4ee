import numpy as np

from autograder.grading.suite import assert_close, assert_unchanged, edge, points
from reference import softmax_backprop as ref


def _summed(probs: np.ndarray, labels: np.ndarray) -> float:
    return float(-np.sum(np.log(probs[np.arange(len(labels)), labels])))


@points(1)
def test_cross_entropy_small_example(student):
    """cross_entropy: two rows with true-class probabilities 0.5 and 0.25"""
    probs, labels = np.array([[0.5, 0.5], [0.75, 0.25]]), np.array([0, 1])
    expected = (np.log(2) + np.log(4)) / 2
    assert_close(student.cross_entropy(probs, labels), expected, call="cross_entropy(probs, "
                 "labels)", args={"probs": probs, "labels": labels},
                 mistakes={"summed instead of averaged": _summed(probs, labels)},
                 hint="average -log p[i, labels[i]] over the rows")


@points(2)
def test_cross_entropy_random_batches(student, rng):
    """cross_entropy: random probabilities, a batch of one and a batch of 30"""
    for n, k in [(30, 4), (1, 3), (6, 10)]:
        probs, labels = ref.softmax(rng.normal(size=(n, k))), rng.integers(0, k, size=n)
        assert_close(student.cross_entropy(probs, labels), ref.cross_entropy(probs, labels),
                     call="cross_entropy(probs, labels)", args={"probs": probs, "labels": labels},
                     mistakes={"summed instead of averaged": _summed(probs, labels),
                               "averaged -log over every entry": -np.mean(np.log(probs))})


@edge
@points(1)
def test_cross_entropy_inputs_unchanged(student, rng):
    """cross_entropy: probs and labels are not modified"""
    probs, labels = ref.softmax(rng.normal(size=(4, 3))), rng.integers(0, 3, size=4)
    assert_unchanged(student, "cross_entropy", probs, labels)
