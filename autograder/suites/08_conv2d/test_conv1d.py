import numpy as np

from autograder.grading.suite import assert_close, assert_raises, assert_unchanged, edge, points
from reference import conv2d as ref

FLIPPED = "the kernel was flipped (true convolution); deep learning uses cross-correlation"


def flipped(x, w):
    """What a true convolution (flipped kernel) returns."""
    return ref.conv1d(x, w[::-1])


@points(1)
def test_conv1d_small_example(student):
    """conv1d: [1, 2, 3, 4] with kernel [1, 0, -1] gives [-2, -2]"""
    x, w = np.array([1.0, 2.0, 3.0, 4.0]), np.array([1.0, 0.0, -1.0])
    assert_close(student.conv1d(x, w), np.array([-2.0, -2.0]), call="conv1d(x, w)",
                 args={"x": x, "w": w}, mistakes={FLIPPED: flipped(x, w)},
                 hint="out[i] = sum_j x[i + j] * w[j]")


@points(2)
def test_conv1d_random_signals(student, rng):
    """conv1d: random signals and kernels of several lengths"""
    for length, k in ((10, 3), (50, 7), (9, 2)):
        x, w = rng.normal(size=length), rng.normal(size=k)
        assert_close(student.conv1d(x, w), ref.conv1d(x, w), call="conv1d(x, w)",
                     args={"x": x, "w": w}, mistakes={FLIPPED: flipped(x, w)},
                     hint="a 'valid' correlation has len(x) - len(w) + 1 outputs")


@points(1)
def test_conv1d_kernel_as_long_as_signal(student, rng):
    """conv1d: a kernel as long as the signal gives one output, the inner product"""
    x, w = rng.normal(size=5), rng.normal(size=5)
    assert_close(student.conv1d(x, w), np.array([x @ w]), call="conv1d(x, w)",
                 args={"x": x, "w": w}, mistakes={FLIPPED: flipped(x, w)})


@edge
@points(1)
def test_conv1d_rejects_long_kernel(student):
    """conv1d: ValueError when the kernel is longer than the signal"""
    assert_raises("ValueError", student.conv1d, np.ones(3), np.ones(4),
                  call="conv1d(ones(3), ones(4))")


@edge
@points(1)
def test_conv1d_inputs_unchanged(student, rng):
    """conv1d: x and w are not modified"""
    x, w = rng.normal(size=8), rng.normal(size=3)
    assert_unchanged(student, "conv1d", x, w)
