import numpy as np

from autograder.grading.suite import assert_close, assert_raises, assert_unchanged, edge, points
from reference import vectors as ref

SHAPES_HINT = "compare x.shape with y.shape before multiplying: no broadcasting"


@points(1)
def test_hadamard_lecture_example(student):
    """hadamard: the lecture's x = [1, 7, 2], y = [5, 2, 1] gives [5, 14, 2]"""
    x, y = np.array([1, 7, 2]), np.array([5, 2, 1])
    assert_close(student.hadamard(x, y), np.array([5, 14, 2]), call="hadamard(x, y)",
                 args={"x": x, "y": y}, mistakes={"inner product instead": 21})


@points(2)
def test_hadamard_random_shapes(student, rng):
    """hadamard: random vectors and matrices of equal shapes"""
    for shape in [(1,), (7,), (3, 4), (2, 5)]:
        x, y = rng.normal(size=shape), rng.normal(size=shape)
        assert_close(student.hadamard(x, y), ref.hadamard(x, y), call="hadamard(x, y)",
                     args={"x": x, "y": y})


@edge
@points(2)
def test_hadamard_rejects_different_shapes(student):
    """hadamard: shapes that NumPy would broadcast raise ValueError"""
    for x, y in [(np.ones(3), np.ones(1)), (np.ones((2, 3)), np.ones(3)),
                 (np.ones(3), np.ones(4)), (np.ones((3, 1)), np.ones((1, 3)))]:
        assert_raises("ValueError", student.hadamard, x, y,
                      call=f"hadamard(ones({x.shape}), ones({y.shape}))", hint=SHAPES_HINT)


@edge
@points(1)
def test_hadamard_inputs_unchanged(student, rng):
    """hadamard: the inputs are not modified"""
    x, y = rng.normal(size=5), rng.normal(size=5)
    assert_unchanged(student, "hadamard", x, y)
