import numpy as np

from autograder.grading.suite import assert_close, assert_unchanged, edge, points
from reference import mle as ref

N_MINUS_1 = "variance divided by N-1: the MLE divides by N (np.var's default ddof=0)"


def wrong_answers(x):
    """The known mistakes, as the (mean, variance) pairs they would return."""
    return {N_MINUS_1: (float(np.mean(x)), float(np.var(x, ddof=1))),
            "returned the standard deviation, not the variance": (float(np.mean(x)),
                                                                  float(np.std(x)))}


@points(1)
def test_normal_mle_lecture_example(student):
    """normal_mle: the lecture's [2, 4, 6, 8] gives mean 5 and variance 5"""
    x = np.array([2.0, 4.0, 6.0, 8.0])
    assert_close(student.normal_mle(x), (5.0, 5.0), call="normal_mle(x)", args={"x": x},
                 mistakes=wrong_answers(x))


@points(2)
def test_normal_mle_random_samples(student, rng):
    """normal_mle: random normal samples of sizes 2, 17 and 1000"""
    for n in (2, 17, 1000):
        x = rng.normal(rng.uniform(-5, 5), rng.uniform(0.5, 3), size=n)
        assert_close(student.normal_mle(x), ref.normal_mle(x), call="normal_mle(x)",
                     args={"x": x}, mistakes=wrong_answers(x),
                     hint="return (mean, variance) with the variance averaged over N")


@points(1)
def test_normal_mle_single_sample(student):
    """normal_mle: a single sample has variance 0"""
    x = np.array([3.5])
    assert_close(student.normal_mle(x), (3.5, 0.0), call="normal_mle(x)", args={"x": x},
                 hint="with one sample the MLE variance is 0 (dividing by N-1 gives nan)")


@edge
@points(1)
def test_normal_mle_input_unchanged(student, rng):
    """normal_mle: the samples are not modified"""
    x = rng.normal(size=20)
    assert_unchanged(student, "normal_mle", x)
