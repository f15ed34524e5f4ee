"""Public tests for 01_vectors: run `pytest` in this folder to check your notebook."""

import numpy as np
import pytest


def test_l1_norm_lecture_example(student):
    """l1_norm: x = [1, -2, 3] has L1 norm 6"""
    assert student.l1_norm(np.array([1, -2, 3])) == pytest.approx(6.0)


def test_l1_norm_zero_vector(student):
    """l1_norm: the zero vector has norm 0"""
    assert student.l1_norm(np.zeros(4)) == pytest.approx(0.0)


def test_l1_norm_negative_floats(student):
    """l1_norm: negative components count with their absolute value"""
    assert student.l1_norm(np.array([-0.5, -1.5, 2.0])) == pytest.approx(4.0)


def test_l2_norm_lecture_example(student):
    """l2_norm: x = [1, -2, 3] has L2 norm sqrt(14)"""
    assert student.l2_norm(np.array([1, -2, 3])) == pytest.approx(np.sqrt(14))


def test_l2_norm_pythagoras(student):
    """l2_norm: x = [3, 4] has L2 norm 5"""
    assert student.l2_norm(np.array([3.0, 4.0])) == pytest.approx(5.0)


def test_l2_norm_is_not_l1(student):
    """l2_norm: x = [1, 1, 1, 1] has L2 norm 2, not 4"""
    assert student.l2_norm(np.ones(4)) == pytest.approx(2.0)


def test_hadamard_lecture_example(student):
    """hadamard: [1, 7, 2] * [5, 2, 1] is [5, 14, 2]"""
    result = student.hadamard(np.array([1, 7, 2]), np.array([5, 2, 1]))
    np.testing.assert_allclose(result, [5, 14, 2])


def test_hadamard_keeps_shape(student):
    """hadamard: a product of two 2 x 2 arrays is a 2 x 2 array"""
    result = student.hadamard(np.array([[1.0, 2.0], [3.0, 4.0]]), np.full((2, 2), 0.5))
    np.testing.assert_allclose(result, [[0.5, 1.0], [1.5, 2.0]])


def test_hadamard_rejects_different_shapes(student):
    """hadamard: shapes (3,) and (1,) raise ValueError instead of broadcasting"""
    with pytest.raises(ValueError):
        student.hadamard(np.array([1.0, 2.0, 3.0]), np.array([2.0]))


def test_angle_parallel(student):
    """angle: [0, 1] and [0, 2] point the same way (angle 0)"""
    assert student.angle(np.array([0, 1]), np.array([0, 2])) == pytest.approx(0.0, abs=1e-7)


def test_angle_orthogonal_and_opposite(student):
    """angle: orthogonal vectors give pi/2, opposite vectors give pi"""
    assert student.angle(np.array([1, 0]), np.array([0, 1])) == pytest.approx(np.pi / 2)
    assert student.angle(np.array([1.0, 2.0]), np.array([-2.0, -4.0])) == pytest.approx(np.pi)


def test_angle_never_nan(student):
    """angle: x = [1.31, 1.54, 0.64] and 3x give 0, not nan (clip the cosine)"""
    x = np.array([1.31, 1.54, 0.64])
    result = student.angle(x, 3 * x)
    assert not np.isnan(result)
    assert result == pytest.approx(0.0, abs=1e-7)


def test_angle_rejects_zero_vector(student):
    """angle: a zero vector raises ValueError"""
    with pytest.raises(ValueError):
        student.angle(np.zeros(3), np.array([1.0, 2.0, 3.0]))
