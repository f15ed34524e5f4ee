import numpy as np

from autograder.grading.suite import assert_close, assert_unchanged, edge, mixed_signs, points
from reference import softmax_backprop as ref


@points(1)
def test_relu_values(student, rng):
    """relu: negatives become 0, zero and positives pass, any shape"""
    for x in (np.array([-2.0, 0.0, 3.0]), rng.normal(size=(4, 5)), rng.normal(size=(2, 3, 2))):
        assert_close(student.relu(x), ref.relu(x), call="relu(x)", args={"x": x})


@edge
@points(1)
def test_relu_input_unchanged(student, rng):
    """relu: the input is not modified"""
    x = mixed_signs(rng, (3, 4))
    assert_unchanged(student, "relu", x,
                     hint="np.maximum(x, 0) makes a new array; x[x < 0] = 0 changes x")
