import numpy as np

from autograder.grading.suite import assert_close, assert_raises, assert_unchanged, edge, points
from reference import vectors as ref

# Pairs (x, k) among which every usual unclipped cosine of x and k x (x.y / (|x| |y|) with
# np.linalg.norm or sqrt(sum), over sqrt((x.x)(y.y)), or of x / |x| and y / |y|) rounds past
# 1 in magnitude for at least one, so arccos without clipping returns nan whichever way it is
# written (NumPy versions and machines round differently: checked with 1.26.4, 2.3.5 and 2.4.6,
# and on every machine the tests run on by tests/content/test_reference_vectors.py).
PARALLEL = [([-0.19, -1.46, -0.39], 3.0), ([1.85, 0.9, 0.16], 5.0), ([1.71, 0.49, -1.53], 5.0)]
ANTIPARALLEL = [([1.45, 0.93, 0.41], -3.0), ([1.79, -0.75, -0.31], -3.0),
                ([-1.13, -0.71, 0.17], -5.0)]
CLIP_HINT = "rounding can make the cosine 1.0000000000000002: clip it to [-1, 1]"


@points(1)
def test_angle_known_angles(student):
    """angle: orthogonal, 45-degree and opposite vectors"""
    for x, y, expected in [([1, 0], [0, 2], np.pi / 2), ([1, 0], [1, 1], np.pi / 4),
                           ([1, 2, 2], [-2, -4, -4], np.pi)]:
        x, y = np.array(x, dtype=float), np.array(y, dtype=float)
        assert_close(student.angle(x, y), expected, call="angle(x, y)", args={"x": x, "y": y},
                     mistakes={"returned degrees": np.degrees(expected),
                               "returned the cosine": np.cos(expected)},
                     hint="return radians: np.arccos of the cosine")


@points(2)
def test_angle_random_vectors(student, rng):
    """angle: random vectors of lengths 2, 3 and 50"""
    for n in (2, 3, 50):
        x, y = rng.normal(size=n), rng.normal(size=n)
        expected = ref.angle(x, y)
        assert_close(student.angle(x, y), expected, call="angle(x, y)", args={"x": x, "y": y},
                     mistakes={"returned degrees": np.degrees(expected),
                               "returned the cosine": np.cos(expected)})


@edge
@points(2)
def test_angle_parallel_vectors(student):
    """angle: parallel vectors give 0, never nan"""
    for x, k in PARALLEL:
        x = np.array(x)
        assert_close(student.angle(x, k * x), 0.0, call="angle(x, k * x)",
                     args={"x": x, "k": k}, atol=1e-7, hint=CLIP_HINT)


@edge
@points(1)
def test_angle_antiparallel_vectors(student):
    """angle: opposite vectors give pi, never nan"""
    for x, k in ANTIPARALLEL:
        x = np.array(x)
        assert_close(student.angle(x, k * x), np.pi, call="angle(x, k * x)",
                     args={"x": x, "k": k}, atol=1e-7, hint=CLIP_HINT)


@edge
@points(1)
def test_angle_zero_vector(student):
    """angle: a zero vector raises ValueError, first or second"""
    zero, other = np.zeros(3), np.array([1.0, 2.0, 3.0])
    assert_raises("ValueError", student.angle, zero, other, call="angle(zeros(3), x)")
    assert_raises("ValueError", student.angle, other, zero, call="angle(x, zeros(3))")


@edge
@points(1)
def test_angle_inputs_unchanged(student, rng):
    """angle: the inputs are not modified"""
    x, y = rng.normal(size=4), rng.normal(size=4)
    assert_unchanged(student, "angle", x, y)
