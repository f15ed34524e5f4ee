import numpy as np

from autograder.grading.suite import assert_close, assert_raises, assert_unchanged, edge, points
from reference import conv2d as ref

FLIPPED = "the kernel was flipped (true convolution); deep learning uses cross-correlation"
CASES = (  # (N, C, H, W), (F, KH, KW), stride, padding
    ((2, 3, 6, 6), (4, 3, 3), 1, 0),
    ((2, 1, 7, 5), (3, 3, 2), 2, 1),
    ((3, 2, 9, 8), (2, 4, 3), 3, 2),
    ((1, 4, 5, 7), (5, 1, 1), 1, 0),
)


def layer(rng, x_shape, w_shape):
    """Random input, filters and biases for one case."""
    f, kh, kw = w_shape
    return (rng.normal(size=x_shape), rng.normal(size=(f, x_shape[1], kh, kw)),
            rng.normal(size=f))


def known_mistakes(x, w, b, stride, padding):
    """The values the catalogued mistakes would return (same shape as the right answer)."""
    return {FLIPPED: ref.conv2d_forward(x, w[:, :, ::-1, ::-1], b, stride, padding),
            "the bias is missing": ref.conv2d_forward(x, w, np.zeros_like(b), stride, padding)}


def call_text(stride, padding):
    return f"conv2d_forward(x, w, b, stride={stride}, padding={padding})"


@points(1)
def test_conv2d_forward_lecture_example(student):
    """conv2d_forward: the lecture's 3x3 input and 2x2 kernel give [[19, 25], [37, 43]]"""
    x, w = np.arange(9.0).reshape(1, 1, 3, 3), np.arange(4.0).reshape(1, 1, 2, 2)
    b = np.zeros(1)
    assert_close(student.conv2d_forward(x, w, b), np.array([[[[19.0, 25.0], [37.0, 43.0]]]]),
                 call="conv2d_forward(x, w, b)", args={"x": x, "w": w},
                 mistakes={FLIPPED: np.array([[[[5.0, 11.0], [23.0, 29.0]]]])})


@points(3)
def test_conv2d_forward_random_layers(student, rng):
    """conv2d_forward: random layers with odd strides, paddings and non-square kernels"""
    for x_shape, w_shape, stride, padding in CASES:
        x, w, b = layer(rng, x_shape, w_shape)
        assert_close(student.conv2d_forward(x, w, b, stride=stride, padding=padding),
                     ref.conv2d_forward(x, w, b, stride, padding),
                     call=call_text(stride, padding), args={"x": x, "w": w, "b": b},
                     mistakes=known_mistakes(x, w, b, stride, padding),
                     hint="output shape (N, F, OH, OW) with OH = conv_output_size(H, KH, "
                          "padding, stride); pad both sides of H and W")


@points(2)
def test_conv2d_forward_padding_both_sides(student, rng):
    """conv2d_forward: zero padding is added on all four sides"""
    x, w, b = layer(rng, (1, 2, 4, 4), (1, 3, 3))
    assert_close(student.conv2d_forward(x, w, b, stride=1, padding=1),
                 ref.conv2d_forward(x, w, b, 1, 1), call=call_text(1, 1),
                 args={"x": x, "w": w, "b": b}, mistakes=known_mistakes(x, w, b, 1, 1),
                 hint="np.pad(x, ((0, 0), (0, 0), (p, p), (p, p))): p zeros before AND after")


@points(2)
def test_conv2d_forward_stride(student, rng):
    """conv2d_forward: stride 2 keeps every second window in both directions"""
    x, w, b = layer(rng, (2, 1, 8, 8), (2, 2, 2))
    assert_close(student.conv2d_forward(x, w, b, stride=2, padding=0),
                 ref.conv2d_forward(x, w, b, 2, 0), call=call_text(2, 0),
                 args={"x": x, "w": w, "b": b}, mistakes=known_mistakes(x, w, b, 2, 0),
                 hint="window (i, j) starts at row i * stride and column j * stride")


@edge
@points(1)
def test_conv2d_forward_rejects_channel_mismatch(student):
    """conv2d_forward: ValueError when x and w have different channel counts"""
    x, w, b = np.ones((1, 3, 5, 5)), np.ones((2, 2, 3, 3)), np.zeros(2)
    assert_raises("ValueError", student.conv2d_forward, x, w, b,
                  call="conv2d_forward(ones((1, 3, 5, 5)), ones((2, 2, 3, 3)), zeros(2))")


@edge
@points(1)
def test_conv2d_forward_inputs_unchanged(student, rng):
    """conv2d_forward: x, w and b are not modified"""
    x, w, b = layer(rng, (2, 2, 5, 5), (3, 3, 3))
    assert_unchanged(student, "conv2d_forward", x, w, b, stride=2, padding=1)
