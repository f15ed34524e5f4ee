"""Realistic wrong submissions of `09_rnn_bptt`; the hidden suite must catch every one.

The backward mutants read the model solution's cache: a dict with keys X, h0, Wx, Wh, H.
"""

from autograder.batch.validate import Mutant

_BACKWARD = '''
import numpy as np
def {name}(dH, cache{k_arg}):
    {k_check}
    X, h0, Wx, Wh, H = (np.asarray(cache[n], float) for n in ("X", "h0", "Wx", "Wh", "H"))
    dH = np.asarray(dH, float)
    T = X.shape[0]
    dX, dWx, dWh = np.zeros_like(X), np.zeros_like(Wx), np.zeros_like(Wh)
    db, carry, dh0 = np.zeros(Wh.shape[0]), np.zeros_like(h0), np.zeros_like(h0)
    for t in reversed(range(T)):
        h_prev = H[t - 1] if t > 0 else h0
        da = {da}
        dX[t] = da @ Wx.T
        dWx {acc} X[t].T @ da
        dWh += {dwh}
        db += da.sum(axis=0)
        carry = da @ Wh.T
        if t == 0:
            dh0 = carry
        if {cut}:
            carry = np.zeros_like(h0)
    return {{"dX": dX, "dh0": dh0, "dWx": dWx, "dWh": dWh, "db": db}}
'''
_FULL = {"name": "rnn_backward", "k_arg": "", "k_check": "", "acc": "+=",
         "da": "(dH[t] + carry) * (1 - H[t] ** 2)", "dwh": "h_prev.T @ da", "cut": "False"}
_TRUNC = {**_FULL, "name": "rnn_backward_truncated", "k_arg": ", k",
          "k_check": 'if k < 1:\n        raise ValueError("k must be >= 1")', "cut": "t % k == 0"}

_FORWARD = '''
import numpy as np
def rnn_forward(X, h0, Wx, Wh, b):
    X, h0, Wx, Wh, b = (np.asarray(a, float) for a in (X, h0, Wx, Wh, b))
    H, h = [], h0
    for t in range(X.shape[0]):
        {step}
        H.append(h)
    H = np.array(H)
    return {result}, {{"X": X, "h0": h0, "Wx": Wx, "Wh": Wh, "H": H}}
'''
_STEP = "h = np.tanh(X[t] @ Wx + h @ Wh + b)"

MUTANTS = [
    Mutant("rnn_forward", "no tanh", _FORWARD.format(
        step="h = X[t] @ Wx + h @ Wh + b", result="H")),
    Mutant("rnn_forward", "returns h_0 .. h_{T-1} instead of h_1 .. h_T", _FORWARD.format(
        step=_STEP, result="np.concatenate([h0[None], H[:-1]])")),
    Mutant("rnn_backward", "weight gradients overwritten instead of accumulated over time",
           _BACKWARD.format(**{**_FULL, "acc": "="})),
    Mutant("rnn_backward", "dh not propagated through tanh'",
           _BACKWARD.format(**{**_FULL, "da": "dH[t] + carry"})),
    Mutant("rnn_backward", "no gradient through time (each step sees only its own dH)",
           _BACKWARD.format(**{**_FULL, "da": "dH[t] * (1 - H[t] ** 2)"})),
    Mutant("rnn_backward", "dWh uses h_t instead of h_{t-1}",
           _BACKWARD.format(**{**_FULL, "dwh": "H[t].T @ da"})),
    Mutant("rnn_backward_truncated", "gradient crosses chunk boundaries (full BPTT)",
           _BACKWARD.format(**{**_TRUNC, "cut": "False"})),
    Mutant("rnn_backward_truncated", "chunks counted from the end of the sequence",
           _BACKWARD.format(**{**_TRUNC, "cut": "(T - t) % k == 0"})),
    Mutant("rnn_backward_truncated", "no dWh contribution at chunk starts",
           _BACKWARD.format(**{**_TRUNC, "dwh": "(h_prev.T @ da) * (t % k != 0 or t == 0)"})),
    Mutant("rnn_backward_truncated", "k < 1 silently treated as full BPTT",
           _BACKWARD.format(**{**_TRUNC, "k_check": "k = k if k >= 1 else len(dH)"})),
    Mutant("clip_by_global_norm", "each gradient clipped separately", '''
import numpy as np
def clip_by_global_norm(grads, max_norm):
    out = {}
    for name, g in grads.items():
        norm = np.linalg.norm(g)
        out[name] = g * (max_norm / norm) if norm > max_norm else np.array(g, float)
    return out
'''),
    Mutant("clip_by_global_norm", "always rescaled to max_norm, even small gradients", '''
import numpy as np
def clip_by_global_norm(grads, max_norm):
    total = np.sqrt(sum(np.sum(np.asarray(g, float) ** 2) for g in grads.values()))
    return {name: np.asarray(g, float) * (max_norm / total) for name, g in grads.items()}
'''),
    Mutant("linear_rnn_forward", "wx and wrec swapped", '''
import numpy as np
def linear_rnn_forward(X, wx, wrec):
    X = np.asarray(X, float)
    S = np.zeros((X.shape[0], X.shape[1] + 1))
    for k in range(1, X.shape[1] + 1):
        S[:, k] = S[:, k - 1] * wx + X[:, k - 1] * wrec
    return S
'''),
    Mutant("linear_rnn_forward", "initial state S[:, 0] left out", '''
import numpy as np
def linear_rnn_forward(X, wx, wrec):
    X = np.asarray(X, float)
    S = np.zeros((X.shape[0], X.shape[1] + 1))
    for k in range(1, X.shape[1] + 1):
        S[:, k] = S[:, k - 1] * wrec + X[:, k - 1] * wx
    return S[:, 1:]
'''),
    Mutant("linear_rnn_backward", "weight gradients summed over the batch, not averaged", '''
import numpy as np
def linear_rnn_backward(X, S, grad_out, wrec):
    X, S = np.asarray(X, float), np.asarray(S, float)
    g = np.zeros(S.shape)
    g[:, -1] = grad_out
    for k in range(X.shape[1], 0, -1):
        g[:, k - 1] = g[:, k] * wrec
    return (float(np.sum(g[:, 1:] * X)), float(np.sum(g[:, 1:] * S[:, :-1]))), g
'''),
    Mutant("linear_rnn_backward", "gradient not propagated back through wrec", '''
import numpy as np
def linear_rnn_backward(X, S, grad_out, wrec):
    X, S = np.asarray(X, float), np.asarray(S, float)
    g = np.zeros(S.shape)
    g[:, 1:] = np.asarray(grad_out, float)[:, None]
    n = X.shape[0]
    return (float(np.sum(g[:, 1:] * X)) / n, float(np.sum(g[:, 1:] * S[:, :-1])) / n), g
'''),
]
