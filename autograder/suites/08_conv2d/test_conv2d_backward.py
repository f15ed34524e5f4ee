import numpy as np

from autograder.grading.suite import (
    CheckFailure,
    assert_close,
    assert_unchanged,
    describe,
    edge,
    finite_difference,
    msg,
    points,
)
from reference import conv2d as ref

CASES = (  # (N, C, H, W), (F, KH, KW), stride, padding
    ((2, 3, 6, 6), (4, 3, 3), 1, 0),
    ((3, 2, 7, 5), (3, 3, 2), 2, 1),
    ((2, 2, 9, 8), (2, 4, 3), 3, 2),
)


def layer(rng, x_shape, w_shape, stride, padding):
    """Random x, w, b and an upstream gradient of the right shape for one case."""
    f, kh, kw = w_shape
    x, w, b = (rng.normal(size=x_shape), rng.normal(size=(f, x_shape[1], kh, kw)),
               rng.normal(size=f))
    dout = rng.normal(size=ref.conv2d_forward(x, w, b, stride, padding).shape)
    return dout, x, w, b


def known_mistakes(dout, x, w, b, stride, padding):
    """Per gradient, the values the catalogued mistakes would return."""
    h, wd = x.shape[2:]
    x_pad = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    dx_pad = ref.conv2d_backward(dout, x_pad, w, b, stride, 0)[0]
    return {
        "dx": {"dx cropped at the wrong offset: drop `padding` rows/columns on EACH side":
               dx_pad[:, :, :h, :wd]},
        "dw": {"dw must sum over the whole batch, not one sample":
               ref.conv2d_backward(dout[:1], x[:1], w, b, stride, padding)[1]},
        "db": {"db must sum over the batch as well as over positions": dout[0].sum(axis=(1, 2)),
               "db is a sum over batch and positions, not a mean": dout.mean(axis=(0, 2, 3))},
    }


def check_grads(got, expected, *, call, args, mistakes, hint=None, rtol=1e-6, atol=1e-9):
    """Compare (dx, dw, db) one gradient at a time so the message names the wrong one."""
    if not isinstance(got, tuple | list) or len(got) != 3:
        raise CheckFailure([msg("check.returns_tuple", call=call, names="(dx, dw, db)",
                                got=describe(got))])
    for name, g, e in zip(("dx", "dw", "db"), got, expected, strict=True):
        assert_close(g, e, call=f"{call} -> {name}", args=args, rtol=rtol, atol=atol,
                     mistakes=mistakes[name], hint=hint)


def numeric_grads(dout, x, w, b, stride, padding, h=1e-6):
    """Central differences of sum(dout * conv2d_forward(x, w, b)) for x, w and b."""
    def loss():
        return float(np.sum(dout * ref.conv2d_forward(x, w, b, stride, padding)))

    return tuple(finite_difference(loss, arr, h) for arr in (x, w, b))


def call_text(stride, padding):
    return f"conv2d_backward(dout, x, w, b, stride={stride}, padding={padding})"


@points(3)
def test_conv2d_backward_finite_differences(student, rng):
    """conv2d_backward: dx, dw and db match finite differences of the forward pass"""
    for stride, padding in ((1, 0), (2, 1)):
        dout, x, w, b = layer(rng, (2, 2, 5, 5), (3, 3, 3), stride, padding)
        check_grads(student.conv2d_backward(dout, x, w, b, stride=stride, padding=padding),
                    numeric_grads(dout, x, w, b, stride, padding), call=call_text(stride, padding),
                    args={"dout": dout, "x": x, "w": w}, rtol=1e-5, atol=1e-6,
                    mistakes=known_mistakes(dout, x, w, b, stride, padding))


@points(3)
def test_conv2d_backward_random_layers(student, rng):
    """conv2d_backward: random layers with odd strides, paddings and non-square kernels"""
    for x_shape, w_shape, stride, padding in CASES:
        dout, x, w, b = layer(rng, x_shape, w_shape, stride, padding)
        check_grads(student.conv2d_backward(dout, x, w, b, stride=stride, padding=padding),
                    ref.conv2d_backward(dout, x, w, b, stride, padding),
                    call=call_text(stride, padding), args={"dout": dout, "x": x, "w": w},
                    mistakes=known_mistakes(dout, x, w, b, stride, padding),
                    hint="each gradient sums over every sample and every output position")


@points(2)
def test_conv2d_backward_padded_borders(student, rng):
    """conv2d_backward: dx is right at the borders of a padded input"""
    dout, x, w, b = layer(rng, (1, 1, 4, 5), (1, 3, 3), 1, 2)
    check_grads(student.conv2d_backward(dout, x, w, b, stride=1, padding=2),
                ref.conv2d_backward(dout, x, w, b, 1, 2), call=call_text(1, 2),
                args={"dout": dout, "x": x, "w": w},
                mistakes=known_mistakes(dout, x, w, b, 1, 2),
                hint="compute dx for the padded input, then cut `padding` from every side")


@points(1)
def test_conv2d_backward_batch_of_one(student, rng):
    """conv2d_backward: a batch of one sample"""
    dout, x, w, b = layer(rng, (1, 2, 6, 6), (2, 3, 3), 2, 0)
    check_grads(student.conv2d_backward(dout, x, w, b, stride=2, padding=0),
                ref.conv2d_backward(dout, x, w, b, 2, 0), call=call_text(2, 0),
                args={"dout": dout, "x": x, "w": w},
                mistakes=known_mistakes(dout, x, w, b, 2, 0))


@edge
@points(1)
def test_conv2d_backward_inputs_unchanged(student, rng):
    """conv2d_backward: dout, x, w and b are not modified"""
    dout, x, w, b = layer(rng, (2, 2, 5, 5), (2, 3, 3), 1, 1)
    assert_unchanged(student, "conv2d_backward", dout, x, w, b, stride=1, padding=1)
