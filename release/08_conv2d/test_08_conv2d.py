"""Public tests for 08_conv2d: run `pytest` in this folder to check your notebook."""

import numpy as np
import pytest

X_IMG = np.arange(9.0).reshape(1, 1, 3, 3)
W_IMG = np.array([[0.0, 1.0], [2.0, 3.0]]).reshape(1, 1, 2, 2)


def naive_conv(x, w, b, stride, padding):
    """The forward pass written out with four loops, for the gradient check."""
    xp = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    F, _, KH, KW = w.shape
    OH, OW = (xp.shape[2] - KH) // stride + 1, (xp.shape[3] - KW) // stride + 1
    out = np.zeros((x.shape[0], F, OH, OW))
    for n in range(x.shape[0]):
        for f in range(F):
            for i in range(OH):
                for j in range(OW):
                    window = xp[n, :, i * stride:i * stride + KH, j * stride:j * stride + KW]
                    out[n, f, i, j] = np.sum(window * w[f]) + b[f]
    return out


def central_differences(f, x, h=1e-6):
    grad = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        step = np.zeros_like(x)
        step[index] = h
        grad[index] = (f(x + step) - f(x - step)) / (2 * h)
    return grad


def test_conv_output_size_lecture_examples(student):
    """conv_output_size: (32, 5) gives 28 and (224, 7, padding 3, stride 2) gives 112"""
    assert student.conv_output_size(32, 5) == 28
    assert student.conv_output_size(224, 7, padding=3, stride=2) == 112


def test_conv_output_size_floor(student):
    """conv_output_size: (7, 3, padding 0, stride 3) rounds down to 2"""
    assert student.conv_output_size(7, 3, 0, 3) == 2


def test_conv_output_size_rejects_bad_arguments(student):
    """conv_output_size: a kernel larger than the input, or stride 0, raises ValueError"""
    with pytest.raises(ValueError):
        student.conv_output_size(3, 5)
    with pytest.raises(ValueError):
        student.conv_output_size(32, 5, stride=0)


def test_conv1d_example(student):
    """conv1d: [1, 2, 3, 4, 5] with [1, 0, -1] gives [-2, -2, -2]"""
    result = student.conv1d(np.array([1.0, 2.0, 3.0, 4.0, 5.0]), np.array([1.0, 0.0, -1.0]))
    np.testing.assert_allclose(result, [-2, -2, -2])


def test_conv1d_no_flip(student):
    """conv1d: the kernel is not flipped (cross-correlation)"""
    result = student.conv1d(np.array([0.0, 1.0, 0.0, 0.0]), np.array([1.0, 2.0]))
    np.testing.assert_allclose(result, [2, 1, 0])


def test_conv1d_rejects_long_kernel(student):
    """conv1d: a kernel longer than the signal raises ValueError"""
    with pytest.raises(ValueError):
        student.conv1d(np.ones(2), np.ones(3))


def test_conv2d_forward_lecture_example(student):
    """conv2d_forward: the lecture's 3 x 3 image and 2 x 2 kernel give [[19, 25], [37, 43]]"""
    result = student.conv2d_forward(X_IMG, W_IMG, np.zeros(1))
    np.testing.assert_allclose(result, [[[[19, 25], [37, 43]]]])


def test_conv2d_forward_channels_filters_bias(student):
    """conv2d_forward: channels are summed, each filter has its own bias"""
    x = np.stack([X_IMG[0, 0], np.ones((3, 3))])[None]
    w = np.stack([np.stack([W_IMG[0, 0], np.ones((2, 2))]), np.zeros((2, 2, 2))])
    result = student.conv2d_forward(x, w, np.array([1.0, -1.0]))
    assert result.shape == (1, 2, 2, 2)
    np.testing.assert_allclose(result[0, 0], [[24, 30], [42, 48]])
    np.testing.assert_allclose(result[0, 1], -np.ones((2, 2)))


def test_conv2d_forward_padding_stride(student):
    """conv2d_forward: ones(4 x 4) with a 3 x 3 kernel of ones, padding 1, stride 2"""
    result = student.conv2d_forward(np.ones((1, 1, 4, 4)), np.ones((1, 1, 3, 3)), np.zeros(1),
                                    stride=2, padding=1)
    np.testing.assert_allclose(result, [[[[4, 6], [6, 9]]]])


def test_conv2d_forward_rejects_channel_mismatch(student):
    """conv2d_forward: 2 input channels and a 3-channel kernel raise ValueError"""
    with pytest.raises(ValueError):
        student.conv2d_forward(np.ones((1, 2, 4, 4)), np.ones((1, 3, 2, 2)), np.zeros(1))


def test_conv2d_backward_lecture_example(student):
    """conv2d_backward: an upstream gradient of ones on the lecture's example"""
    dx, dw, db = student.conv2d_backward(np.ones((1, 1, 2, 2)), X_IMG, W_IMG, np.zeros(1))
    np.testing.assert_allclose(dx, [[[[0, 1, 1], [2, 6, 4], [2, 5, 3]]]])
    np.testing.assert_allclose(dw, [[[[8, 12], [20, 24]]]])
    np.testing.assert_allclose(db, [4])


def test_conv2d_backward_gradient_check(student):
    """conv2d_backward: dx, dw, db match central differences (stride 2, padding 1)"""
    rng = np.random.default_rng(0)
    x, w, b = rng.normal(size=(1, 2, 5, 5)), rng.normal(size=(2, 2, 3, 3)), rng.normal(size=2)
    dout = rng.normal(size=(1, 2, 3, 3))
    dx, dw, db = student.conv2d_backward(dout, x, w, b, stride=2, padding=1)
    np.testing.assert_allclose(
        dx, central_differences(lambda v: np.sum(naive_conv(v, w, b, 2, 1) * dout), x), atol=1e-6
    )
    np.testing.assert_allclose(
        dw, central_differences(lambda v: np.sum(naive_conv(x, v, b, 2, 1) * dout), w), atol=1e-6
    )
    np.testing.assert_allclose(db, dout.sum(axis=(0, 2, 3)), atol=1e-10)
