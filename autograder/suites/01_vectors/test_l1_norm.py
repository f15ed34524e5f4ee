import numpy as np

from autograder.grading.suite import assert_close, assert_unchanged, edge, mixed_signs, points
from reference import vectors as ref


@points(1)
def test_l1_norm_small_example(student):
    """l1_norm: [1, -7, 2] has L1 norm 10"""
    x = np.array([1.0, -7.0, 2.0])
    assert_close(student.l1_norm(x), 10.0, call="l1_norm(x)", args={"x": x},
                 mistakes={"summed without absolute values": -4.0})


@points(2)
def test_l1_norm_random_vectors(student, rng):
    """l1_norm: random vectors of lengths 1, 5 and 100"""
    for n in (1, 5, 100):
        x = rng.normal(size=n)
        assert_close(student.l1_norm(x), ref.l1_norm(x), call="l1_norm(x)", args={"x": x},
                     mistakes={"summed without absolute values": float(np.sum(x)),
                               "computed the L2 norm": ref.l2_norm(x)},
                     hint="the L1 norm adds up |x_i|")


@edge
@points(1)
def test_l1_norm_input_unchanged(student, rng):
    """l1_norm: the input vector is not modified"""
    x = mixed_signs(rng, 6)
    assert_unchanged(student, "l1_norm", x)
