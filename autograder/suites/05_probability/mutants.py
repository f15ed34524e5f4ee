"""Realistic mistakes in 05_probability; the hidden suite must catch every one."""

from autograder.batch.validate import Mutant

MUTANTS = [
    Mutant("variance", "E[X**2] without subtracting E[X]**2", '''
import numpy as np
def variance(values, probs):
    if np.any(probs < 0) or abs(np.sum(probs) - 1) > 1e-8:
        raise ValueError("not a distribution")
    return float(np.sum(probs * values ** 2))
'''),
    Mutant("variance", "unweighted np.var of the values", '''
import numpy as np
def variance(values, probs):
    if np.any(probs < 0) or abs(np.sum(probs) - 1) > 1e-8:
        raise ValueError("not a distribution")
    return float(np.var(values))
'''),
    Mutant("variance", "multiplied by n/(n - 1), as for a sample's variance", '''
import numpy as np
def variance(values, probs):
    if np.any(probs < 0) or abs(np.sum(probs) - 1) > 1e-8:
        raise ValueError("not a distribution")
    mean = np.sum(probs * values)
    return float(np.sum(probs * (values - mean) ** 2) * len(values) / (len(values) - 1))
'''),
    Mutant("expectation", "no check of the probabilities", '''
import numpy as np
def expectation(values, probs):
    return float(np.sum(values * probs))
'''),
    Mutant("expectation", "np.isclose for the sum: accepts 0.999999", '''
import numpy as np
def expectation(values, probs):
    if np.any(probs < 0) or not np.isclose(np.sum(probs), 1):
        raise ValueError("not a distribution")
    return float(np.sum(values * probs))
'''),
    Mutant("mc_integrate", "forgot the (high - low) factor", '''
import numpy as np
def mc_integrate(f, low, high, sample_size=100, repeat=10, rng=None):
    rng = np.random.default_rng(0) if rng is None else rng
    est = [np.mean(f(rng.uniform(low, high, size=sample_size))) for _ in range(repeat)]
    return float(np.mean(est)), float(np.std(est))
'''),
    Mutant("mc_integrate", "standard deviation with ddof=1", '''
import numpy as np
def mc_integrate(f, low, high, sample_size=100, repeat=10, rng=None):
    rng = np.random.default_rng(0) if rng is None else rng
    est = [abs(high - low) * np.mean(f(rng.uniform(low, high, size=sample_size)))
           for _ in range(repeat)]
    return float(np.mean(est)), float(np.std(est, ddof=1))
'''),
    Mutant("mc_integrate", "draws the samples as (sample_size, repeat) columns", '''
import numpy as np
def mc_integrate(f, low, high, sample_size=100, repeat=10, rng=None):
    rng = np.random.default_rng(0) if rng is None else rng
    x = rng.uniform(low, high, size=(sample_size, repeat))
    est = abs(high - low) * np.mean(f(x), axis=0)
    return float(np.mean(est)), float(np.std(est))
'''),
    Mutant("mc_pi", "forgot the factor 4", '''
import numpy as np
def mc_pi(n, rng=None):
    rng = np.random.default_rng(0) if rng is None else rng
    p = rng.uniform(0, 1, size=(n, 2))
    return float(np.mean(np.sum(p ** 2, axis=1) <= 1))
'''),
    Mutant("mc_pi", "ignores the rng argument", '''
import numpy as np
def mc_pi(n, rng=None):
    p = np.random.default_rng(0).uniform(0, 1, size=(n, 2))
    return float(4 * np.mean(np.sum(p ** 2, axis=1) <= 1))
'''),
]
