import numpy as np

from autograder.grading.suite import assert_close, assert_unchanged, edge, points
from reference import vectors as ref


@points(1)
def test_l2_norm_small_example(student):
    """l2_norm: [3, -4] has L2 norm 5"""
    x = np.array([3.0, -4.0])
    assert_close(student.l2_norm(x), 5.0, call="l2_norm(x)", args={"x": x},
                 mistakes={"forgot the square root": 25.0})


@points(2)
def test_l2_norm_random_vectors(student, rng):
    """l2_norm: random vectors of lengths 1, 5 and 100"""
    for n in (1, 5, 100):
        x = rng.normal(size=n)
        assert_close(student.l2_norm(x), ref.l2_norm(x), call="l2_norm(x)", args={"x": x},
                     mistakes={"forgot the square root": float(np.sum(x**2)),
                               "computed the L1 norm": ref.l1_norm(x)},
                     hint="the L2 norm is sqrt(sum of x_i**2)")


@edge
@points(1)
def test_l2_norm_input_unchanged(student, rng):
    """l2_norm: the input vector is not modified"""
    x = rng.normal(size=6)
    assert_unchanged(student, "l2_norm", x)
