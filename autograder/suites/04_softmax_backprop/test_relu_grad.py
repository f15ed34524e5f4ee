import numpy as np

from autograder.grading.suite import assert_close, assert_unchanged, edge, points
from reference import softmax_backprop as ref


@points(1)
def test_relu_grad_values(student, rng):
    """relu_grad: 1 for positive inputs and 0 for negative ones"""
    x = rng.normal(size=(4, 5))
    assert_close(student.relu_grad(x), ref.relu_grad(x), call="relu_grad(x)", args={"x": x})


@points(1)
def test_relu_grad_at_zero(student):
    """relu_grad: the derivative at exactly 0 is 0"""
    x = np.array([[-1.0, 0.0, 2.0], [0.0, 0.5, -0.0]])
    assert_close(student.relu_grad(x), ref.relu_grad(x), call="relu_grad(x)", args={"x": x},
                 mistakes={"1 at x = 0 (used x >= 0)": (x >= 0).astype(float)},
                 hint="the contract uses 0 at x <= 0: test x > 0")


@edge
@points(1)
def test_relu_grad_input_unchanged(student, rng):
    """relu_grad: the input is not modified"""
    x = rng.normal(size=(3, 4))
    assert_unchanged(student, "relu_grad", x)
