"""Realistic wrong submissions of `06_mle`; the hidden suite must catch every one."""

from autograder.batch.validate import Mutant

MUTANTS = [
    Mutant("normal_mle", "variance divided by N-1 (the unbiased estimator, not the MLE)", '''
import numpy as np
def normal_mle(x):
    x = np.asarray(x, dtype=float)
    return float(x.mean()), float(x.var(ddof=1))
'''),
    Mutant("normal_mle", "standard deviation returned instead of the variance", '''
import numpy as np
def normal_mle(x):
    x = np.asarray(x, dtype=float)
    return float(x.mean()), float(x.std())
'''),
    Mutant("normal_log_likelihood", "missing the -N/2 log(2 pi) term", '''
import numpy as np
def normal_log_likelihood(x, mu, sigma2):
    x = np.asarray(x, dtype=float)
    return float(-0.5 * x.size * np.log(sigma2) - np.sum((x - mu) ** 2) / (2 * sigma2))
'''),
    Mutant("normal_log_likelihood", "sigma2 used as if it were the standard deviation", '''
import numpy as np
def normal_log_likelihood(x, mu, sigma2):
    x = np.asarray(x, dtype=float)
    sigma = np.sqrt(sigma2)
    return float(-0.5 * x.size * np.log(2 * np.pi * sigma) - np.sum((x - mu) ** 2) / (2 * sigma))
'''),
    Mutant("normal_log_likelihood", "mean log-likelihood instead of the total", '''
import numpy as np
def normal_log_likelihood(x, mu, sigma2):
    x = np.asarray(x, dtype=float)
    return float(np.mean(-0.5 * np.log(2 * np.pi * sigma2) - (x - mu) ** 2 / (2 * sigma2)))
'''),
    Mutant("categorical_mle", "counts not normalised", '''
import numpy as np
def categorical_mle(labels, num_classes):
    return np.bincount(np.asarray(labels), minlength=num_classes).astype(float)
'''),
    Mutant("categorical_mle", "classes above the largest label are dropped (no minlength)", '''
import numpy as np
def categorical_mle(labels, num_classes):
    labels = np.asarray(labels)
    return np.bincount(labels) / labels.size
'''),
    Mutant("kl_divergence", "log base 2 (bits instead of nats)", '''
import numpy as np
def kl_divergence(p, q):
    p, q = np.asarray(p, dtype=float), np.asarray(q, dtype=float)
    s = p > 0
    if np.any(q[s] == 0):
        return float("inf")
    return float(np.sum(p[s] * np.log2(p[s] / q[s])))
'''),
    Mutant("kl_divergence", "0 log 0 evaluated as nan", '''
import numpy as np
def kl_divergence(p, q):
    p, q = np.asarray(p, dtype=float), np.asarray(q, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return float(np.sum(p * np.log(p / q)))
'''),
    Mutant("kl_divergence", "entries with q = 0 skipped instead of giving inf", '''
import numpy as np
def kl_divergence(p, q):
    p, q = np.asarray(p, dtype=float), np.asarray(q, dtype=float)
    s = (p > 0) & (q > 0)
    return float(np.sum(p[s] * np.log(p[s] / q[s])))
'''),
    Mutant("kl_divergence", "arguments swapped: KL(q || p)", '''
import numpy as np
def kl_divergence(p, q):
    p, q = np.asarray(q, dtype=float), np.asarray(p, dtype=float)
    s = p > 0
    if np.any(q[s] == 0):
        return float("inf")
    return float(np.sum(p[s] * np.log(p[s] / q[s])))
'''),
    Mutant("cross_entropy_dist", "0 log 0 evaluated as nan", '''
import numpy as np
def cross_entropy_dist(p, q):
    p, q = np.asarray(p, dtype=float), np.asarray(q, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return float(-np.sum(p * np.log(q)))
'''),
    Mutant("cross_entropy_dist", "entropy of p returned (q ignored)", '''
import numpy as np
def cross_entropy_dist(p, q):
    p = np.asarray(p, dtype=float)
    s = p > 0
    return float(-np.sum(p[s] * np.log(p[s])))
'''),
    Mutant("cross_entropy_dist", "arguments swapped: H(q, p)", '''
import numpy as np
def cross_entropy_dist(p, q):
    p, q = np.asarray(q, dtype=float), np.asarray(p, dtype=float)
    s = p > 0
    if np.any(q[s] == 0):
        return float("inf")
    return float(-np.sum(p[s] * np.log(q[s])))
'''),
]
