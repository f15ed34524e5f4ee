"""The reference of `08_conv2d` against SciPy, finite differences and the lecture's numbers."""

import numpy as np
import pytest
from scipy.signal import correlate2d

from autograder.grading.checks import finite_difference
from reference import conv2d


def scipy_conv2d(x, w, b, stride, padding):
    """Oracle: per-channel scipy correlate2d on the padded input, summed, then subsampled."""
    xp = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    out = np.array([[sum(correlate2d(xp[n, c], w[f, c], mode="valid") for c in range(x.shape[1]))
                     + b[f] for f in range(w.shape[0])] for n in range(x.shape[0])])
    return out[:, :, ::stride, ::stride]


@pytest.mark.parametrize(("args", "expected"), [((32, 5, 0, 1), 28), ((224, 7, 3, 2), 112)])
def test_output_size_lecture_examples(args, expected):
    """Are the lecture's sizes (32, 5, 0, 1) -> 28 and (224, 7, 3, 2) -> 112 reproduced?"""
    assert conv2d.conv_output_size(*args) == expected


@pytest.mark.parametrize("args", [(3, 5, 0, 1), (3, 4, 0, 2), (5, 3, 0, 0), (5, 3, 1, -1)])
def test_output_size_rejects_impossible_layers(args):
    """Are kernels that do not fit and strides below 1 rejected?"""
    with pytest.raises(ValueError):
        conv2d.conv_output_size(*args)


def test_conv1d_matches_numpy_correlate():
    """Is conv1d numpy's 'valid' correlate (no kernel flip)?"""
    rng = np.random.default_rng(0)
    x, w = rng.normal(size=11), rng.normal(size=4)
    np.testing.assert_allclose(conv2d.conv1d(x, w), np.correlate(x, w, mode="valid"))
    np.testing.assert_allclose(conv2d.conv1d([1.0, 2.0, 3.0], [1.0, 0.0]), [1.0, 2.0])


def test_conv1d_rejects_long_kernel():
    """Is a kernel longer than the signal rejected?"""
    with pytest.raises(ValueError):
        conv2d.conv1d(np.ones(3), np.ones(4))


def test_forward_lecture_example():
    """Is [[0,1,2],[3,4,5],[6,7,8]] cross-correlated with [[0,1],[2,3]] = [[19,25],[37,43]]?"""
    x = np.arange(9.0).reshape(1, 1, 3, 3)
    w = np.arange(4.0).reshape(1, 1, 2, 2)
    out = conv2d.conv2d_forward(x, w, np.zeros(1))
    np.testing.assert_array_equal(out, [[[[19.0, 25.0], [37.0, 43.0]]]])


@pytest.mark.parametrize(("stride", "padding"), [(1, 0), (2, 1), (3, 2), (2, 0)])
def test_forward_matches_scipy(stride, padding):
    """Does the forward pass agree with a SciPy oracle for odd strides and paddings?"""
    rng = np.random.default_rng(stride * 10 + padding)
    x, w, b = rng.normal(size=(2, 3, 7, 8)), rng.normal(size=(4, 3, 3, 2)), rng.normal(size=4)
    got = conv2d.conv2d_forward(x, w, b, stride=stride, padding=padding)
    np.testing.assert_allclose(got, scipy_conv2d(x, w, b, stride, padding), rtol=1e-12)


@pytest.mark.parametrize(
    "shapes", [((1, 2, 4, 4), (3, 3, 3, 3), (3,)), ((1, 2, 4, 4), (3, 2, 3, 3), (2,))]
)
def test_forward_rejects_mismatched_shapes(shapes):
    """Are different channel counts and a wrong bias length rejected?"""
    x, w, b = (np.ones(s) for s in shapes)
    with pytest.raises(ValueError):
        conv2d.conv2d_forward(x, w, b)


@pytest.mark.parametrize(("stride", "padding"), [(1, 0), (2, 1), (1, 2), (3, 1)])
def test_backward_matches_finite_differences(stride, padding):
    """Are dx, dw and db the central differences of sum(dout * forward)?"""
    rng = np.random.default_rng(7 + stride + padding)
    x, w, b = rng.normal(size=(2, 2, 5, 6)), rng.normal(size=(3, 2, 3, 2)), rng.normal(size=3)
    dout = rng.normal(size=conv2d.conv2d_forward(x, w, b, stride, padding).shape)

    def loss():
        return np.sum(dout * conv2d.conv2d_forward(x, w, b, stride, padding))

    dx, dw, db = conv2d.conv2d_backward(dout, x, w, b, stride, padding)
    np.testing.assert_allclose(dx, finite_difference(loss, x), atol=1e-7)
    np.testing.assert_allclose(dw, finite_difference(loss, w), atol=1e-7)
    np.testing.assert_allclose(db, finite_difference(loss, b), atol=1e-7)


def test_backward_rejects_wrong_dout_shape():
    """Is an upstream gradient the forward pass cannot produce rejected?"""
    x, w, b = np.ones((1, 1, 4, 4)), np.ones((1, 1, 3, 3)), np.zeros(1)
    with pytest.raises(ValueError):
        conv2d.conv2d_backward(np.ones((1, 1, 3, 3)), x, w, b)


def test_inputs_are_not_modified():
    """Do forward and backward leave all their arrays unchanged?"""
    rng = np.random.default_rng(9)
    arrays = [rng.normal(size=(2, 4, 3, 3)), rng.normal(size=(2, 3, 5, 5)),
              rng.normal(size=(4, 3, 3, 3)), rng.normal(size=4)]
    copies = [a.copy() for a in arrays]
    conv2d.conv2d_forward(*arrays[1:], stride=1, padding=0)
    conv2d.conv2d_backward(*arrays, stride=1, padding=0)
    for before, after in zip(copies, arrays, strict=True):
        np.testing.assert_array_equal(before, after)
