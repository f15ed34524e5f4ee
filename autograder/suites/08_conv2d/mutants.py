"""Realistic wrong submissions of `08_conv2d`; the hidden suite must catch every one."""

from autograder.batch.validate import Mutant

_FORWARD = '''
import numpy as np
def conv2d_forward(x, w, b, stride=1, padding=0):
    x, w, b = np.asarray(x, float), np.asarray(w, float), np.asarray(b, float)
    if x.shape[1] != w.shape[1]:
        raise ValueError("channels differ")
    {pad}
    kh, kw = w.shape[2:]
    oh = (xp.shape[2] - kh) // {step} + 1
    ow = (xp.shape[3] - kw) // {step} + 1
    out = np.zeros((x.shape[0], w.shape[0], oh, ow))
    for i in range(oh):
        for j in range(ow):
            patch = xp[:, :, i * {step}:i * {step} + kh, j * {step}:j * {step} + kw]
            out[:, :, i, j] = np.einsum("ncij,fcij->nf", patch, {kernel})
    return out + b[None, :, None, None]
'''
_PAD_BOTH = "xp = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))"

_BACKWARD = '''
import numpy as np
def conv2d_backward(dout, x, w, b, stride=1, padding=0):
    dout, x, w = np.asarray(dout, float), np.asarray(x, float), np.asarray(w, float)
    p, s = padding, stride
    xp = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p)))
    kh, kw = w.shape[2:]
    dxp, dw = np.zeros_like(xp), np.zeros_like(w)
    for i in range(dout.shape[2]):
        for j in range(dout.shape[3]):
            patch = xp[:, :, i * s:i * s + kh, j * s:j * s + kw]
            dw += {dw_update}
            dxp[:, :, i * s:i * s + kh, j * s:j * s + kw] += np.einsum(
                "nf,fcij->ncij", dout[:, :, i, j], w)
    db = {db}
    return {dx}, dw, db
'''
_BACKWARD_OK = {
    "dw_update": 'np.einsum("ncij,nf->fcij", patch, dout[:, :, i, j])',
    "db": "dout.sum(axis=(0, 2, 3))",
    "dx": "dxp[:, :, p:p + x.shape[2], p:p + x.shape[3]]",
}

MUTANTS = [
    Mutant("conv_output_size", "the +1 is missing", '''
def conv_output_size(size, kernel, padding=0, stride=1):
    out = (size + 2 * padding - kernel) // stride
    if out <= 0 or stride < 1:
        raise ValueError("kernel does not fit")
    return out
'''),
    Mutant("conv_output_size", "no ValueError for a kernel that does not fit", '''
def conv_output_size(size, kernel, padding=0, stride=1):
    return (size + 2 * padding - kernel) // stride + 1
'''),
    Mutant("conv_output_size", "padding added on one side only", '''
def conv_output_size(size, kernel, padding=0, stride=1):
    if stride < 1:
        raise ValueError("stride must be >= 1")
    out = (size + padding - kernel) // stride + 1
    if out <= 0:
        raise ValueError("kernel does not fit")
    return out
'''),
    Mutant("conv1d", "kernel flipped (true convolution)", '''
import numpy as np
def conv1d(x, w):
    if len(w) > len(x):
        raise ValueError("kernel longer than signal")
    return np.convolve(np.asarray(x, float), np.asarray(w, float), mode="valid")
'''),
    Mutant("conv1d", "last window dropped (range(L - K))", '''
import numpy as np
def conv1d(x, w):
    x, w = np.asarray(x, float), np.asarray(w, float)
    if len(w) > len(x):
        raise ValueError("kernel longer than signal")
    return np.array([x[i:i + len(w)] @ w for i in range(len(x) - len(w))])
'''),
    Mutant("conv2d_forward", "kernel flipped (true convolution)",
           _FORWARD.format(pad=_PAD_BOTH, step="stride", kernel="w[:, :, ::-1, ::-1]")),
    Mutant("conv2d_forward", "padding applied on one side only",
           _FORWARD.format(pad="xp = np.pad(x, ((0, 0), (0, 0), (padding, 0), (padding, 0)))",
                           step="stride", kernel="w")),
    Mutant("conv2d_forward", "stride ignored",
           _FORWARD.format(pad=_PAD_BOTH, step="1", kernel="w")),
    Mutant("conv2d_forward", "bias forgotten",
           _FORWARD.format(pad=_PAD_BOTH, step="stride", kernel="w").replace(
               "return out + b[None, :, None, None]", "return out")),
    Mutant("conv2d_backward", "db not summed over the batch (first sample only)",
           _BACKWARD.format(**{**_BACKWARD_OK, "db": "dout[0].sum(axis=(1, 2))"})),
    Mutant("conv2d_backward", "db averaged instead of summed over batch and positions",
           _BACKWARD.format(**{**_BACKWARD_OK, "db": "dout.mean(axis=(0, 2, 3))"})),
    Mutant("conv2d_backward", "dw misses the sum over the batch (first sample only)",
           _BACKWARD.format(**{**_BACKWARD_OK, "dw_update":
                               'np.einsum("cij,f->fcij", patch[0], dout[0, :, i, j])'})),
    Mutant("conv2d_backward", "dx cropped at the wrong offset at padded borders",
           _BACKWARD.format(**{**_BACKWARD_OK, "dx": "dxp[:, :, :x.shape[2], :x.shape[3]]"})),
    Mutant("conv2d_backward", "dx uses the flipped kernel",
           _BACKWARD.format(**_BACKWARD_OK).replace(
               "dout[:, :, i, j], w)", "dout[:, :, i, j], w[:, :, ::-1, ::-1])")),
]
