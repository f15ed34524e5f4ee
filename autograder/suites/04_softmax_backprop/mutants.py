"""Realistic mistakes in 04_softmax_backprop; the hidden suite must catch every one."""

from autograder.batch.validate import Mutant

_FORWARD = '''
import numpy as np
def _softmax(z):
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)
'''

MUTANTS = [
    Mutant("softmax", "no max shift: overflows for inputs like 1000", '''
import numpy as np
def softmax(z):
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)
'''),
    Mutant("softmax", "normalises along axis 0 for 2-D input", '''
import numpy as np
def softmax(z):
    e = np.exp(z - np.max(z, axis=0, keepdims=True))
    return e / e.sum(axis=0, keepdims=True)
'''),
    Mutant("softmax", "max shift in place, modifying the input", '''
import numpy as np
def softmax(z):
    z -= np.max(z, axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)
'''),
    Mutant("one_hot", "integer array instead of floats", '''
import numpy as np
def one_hot(labels, num_classes):
    out = np.zeros((len(labels), num_classes), dtype=int)
    out[np.arange(len(labels)), labels] = 1
    return out
'''),
    Mutant("one_hot", "as many columns as the largest label + 1", '''
import numpy as np
def one_hot(labels, num_classes):
    return np.eye(int(np.max(labels)) + 1)[labels]
'''),
    Mutant("one_hot_encoding", "argmax over the flattened array", '''
import numpy as np
def one_hot_encoding(scores):
    out = np.zeros(np.shape(scores))
    out.flat[np.argmax(scores)] = 1.0
    return out
'''),
    Mutant("cross_entropy", "summed instead of averaged", '''
import numpy as np
def cross_entropy(probs, labels):
    return float(-np.sum(np.log(probs[np.arange(len(labels)), labels])))
'''),
    Mutant("relu", "zeroes negatives in place, modifying the input", '''
import numpy as np
def relu(x):
    x[x < 0] = 0
    return x
'''),
    Mutant("relu_grad", "1 at x = 0", '''
import numpy as np
def relu_grad(x):
    return (np.asarray(x) >= 0).astype(float)
'''),
    Mutant("mlp_forward", "forgot the ReLU", _FORWARD + '''
def mlp_forward(X, params):
    Z1 = X @ params["W1"] + params["b1"]
    probs = _softmax(Z1 @ params["W2"] + params["b2"])
    return probs, {"X": X, "Z1": Z1, "H": np.maximum(Z1, 0), "probs": probs}
'''),
    Mutant("mlp_backward", "gradient of the summed loss: no 1/N", '''
import numpy as np
def mlp_backward(params, cache, labels):
    probs = cache["probs"]
    dZ2 = probs.copy()
    dZ2[np.arange(len(labels)), labels] -= 1
    dZ1 = dZ2 @ params["W2"].T * (cache["Z1"] > 0)
    return {"dW1": cache["X"].T @ dZ1, "db1": dZ1.sum(axis=0),
            "dW2": cache["H"].T @ dZ2, "db2": dZ2.sum(axis=0)}
'''),
    Mutant("mlp_backward", "db not summed over the batch", '''
import numpy as np
def mlp_backward(params, cache, labels):
    probs = cache["probs"]
    dZ2 = probs.copy()
    dZ2[np.arange(len(labels)), labels] -= 1
    dZ2 /= len(labels)
    dZ1 = dZ2 @ params["W2"].T * (cache["Z1"] > 0)
    return {"dW1": cache["X"].T @ dZ1, "db1": dZ1[0], "dW2": cache["H"].T @ dZ2, "db2": dZ2[0]}
'''),
    Mutant("mlp_backward", "dW from the first sample only, missing the sum over the batch", '''
import numpy as np
def mlp_backward(params, cache, labels):
    probs = cache["probs"]
    dZ2 = probs.copy()
    dZ2[np.arange(len(labels)), labels] -= 1
    dZ2 /= len(labels)
    dZ1 = dZ2 @ params["W2"].T * (cache["Z1"] > 0)
    return {"dW1": np.outer(cache["X"][0], dZ1[0]), "db1": dZ1.sum(axis=0),
            "dW2": np.outer(cache["H"][0], dZ2[0]), "db2": dZ2.sum(axis=0)}
'''),
    Mutant("mlp_backward", "ReLU derivative taken from the output probabilities", '''
import numpy as np
def mlp_backward(params, cache, labels):
    probs = cache["probs"]
    dZ2 = probs.copy()
    dZ2[np.arange(len(labels)), labels] -= 1
    dZ2 /= len(labels)
    dZ1 = dZ2 @ params["W2"].T
    return {"dW1": cache["X"].T @ dZ1, "db1": dZ1.sum(axis=0),
            "dW2": cache["H"].T @ dZ2, "db2": dZ2.sum(axis=0)}
'''),
    Mutant("numerical_gradient", "forward difference", '''
import numpy as np
def numerical_gradient(f, x, h=1e-5):
    x = np.array(x, dtype=float)
    grad = np.zeros_like(x)
    fx = f(x)
    for idx in np.ndindex(x.shape):
        old = x[idx]
        x[idx] = old + h
        grad[idx] = (f(x) - fx) / h
        x[idx] = old
    return grad
'''),
    Mutant("numerical_gradient", "leaves x modified", '''
import numpy as np
def numerical_gradient(f, x, h=1e-5):
    grad = np.zeros_like(x, dtype=float)
    for idx in np.ndindex(x.shape):
        old = x[idx]
        x[idx] = old + h
        f_plus = f(x)
        x[idx] = old - h
        grad[idx] = (f_plus - f(x)) / (2 * h)
    return grad
'''),
    Mutant("numerical_gradient", "only loops over the first axis of a flat view", '''
import numpy as np
def numerical_gradient(f, x, h=1e-5):
    x = np.array(x, dtype=float)
    grad = np.zeros_like(x)
    for i in range(x.shape[0]):
        e = np.zeros_like(x)
        e.reshape(-1)[i] = h
        grad.reshape(-1)[i] = (f(x + e) - f(x - e)) / (2 * h)
    return grad
'''),
]
