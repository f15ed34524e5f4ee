import numpy as np

from autograder.grading.suite import assert_close, assert_unchanged, edge, forbids, points
from reference import matrices as ref

# The exercise asks for the lecture's formulas with np.linalg.inv, not for NumPy's pinv.
pytestmark = forbids("numpy.linalg.pinv", "scipy.linalg.pinv")


@points(1)
def test_moore_penrose_lecture_square_matrix(student):
    """moore_penrose: the lecture's invertible 3x3 matrix gives its inverse"""
    A = np.array([[1, -2, 3], [7, 5, 0], [-2, -1, 2]], dtype=float)
    got = student.moore_penrose(A)
    assert_close(got, np.linalg.inv(A), call="moore_penrose(A)", args={"A": A}, rtol=1e-6,
                 hint="the first row should be [0.21276596, 0.0212766, -0.31914894]")


@points(2)
def test_moore_penrose_tall_matrices(student, rng):
    """moore_penrose: tall full-rank matrices (more rows than columns)"""
    for shape in [(6, 3), (5, 1), (10, 4)]:
        A = rng.normal(size=shape)
        assert_close(student.moore_penrose(A), ref.moore_penrose(A), call="moore_penrose(A)",
                     args={"A": A}, rtol=1e-6, atol=1e-8,
                     hint="for rows >= columns use inv(A.T @ A) @ A.T")


@points(2)
def test_moore_penrose_wide_matrices(student, rng):
    """moore_penrose: wide full-rank matrices (fewer rows than columns)"""
    for shape in [(3, 6), (1, 5), (4, 10)]:
        A = rng.normal(size=shape)
        assert_close(student.moore_penrose(A), ref.moore_penrose(A), call="moore_penrose(A)",
                     args={"A": A}, rtol=1e-6, atol=1e-8,
                     hint="for rows < columns A.T @ A is singular: use A.T @ inv(A @ A.T)")


@edge
@points(1)
def test_moore_penrose_inputs_unchanged(student, rng):
    """moore_penrose: the input is not modified"""
    A = rng.normal(size=(4, 2))
    assert_unchanged(student, "moore_penrose", A)
