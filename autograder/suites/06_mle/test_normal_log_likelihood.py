import numpy as np

from autograder.grading.suite import assert_close, assert_unchanged, edge, points
from reference import mle as ref


def wrong_answers(x, mu, sigma2):
    """The known mistakes, as the values they would return."""
    n, sq = x.size, float(np.sum((x - mu) ** 2))
    sigma = np.sqrt(sigma2)
    return {
        "the -N/2 log(2 pi) term is missing": -0.5 * n * np.log(sigma2) - sq / (2 * sigma2),
        "sigma2 used as a standard deviation (it is the variance)":
            -0.5 * n * np.log(2 * np.pi * sigma) - sq / (2 * sigma),
        "the variance squared inside the density": -0.5 * n * np.log(2 * np.pi * sigma2**2)
            - sq / (2 * sigma2**2),
        "mean instead of total log-likelihood": ref.normal_log_likelihood(x, mu, sigma2) / n,
    }


@points(1)
def test_normal_log_likelihood_standard_normal(student):
    """normal_log_likelihood: one sample at the mean of N(0, 1) gives -log(2 pi) / 2"""
    x = np.array([0.0])
    assert_close(student.normal_log_likelihood(x, 0.0, 1.0), -0.5 * np.log(2 * np.pi),
                 call="normal_log_likelihood(x, 0.0, 1.0)", args={"x": x},
                 mistakes={"the -N/2 log(2 pi) term is missing": 0.0})


@points(2)
def test_normal_log_likelihood_random_samples(student, rng):
    """normal_log_likelihood: random samples, means and variances"""
    for n in (1, 10, 500):
        x = rng.normal(size=n)
        mu, sigma2 = float(rng.normal()), float(rng.uniform(0.2, 4.0))
        assert_close(student.normal_log_likelihood(x, mu, sigma2),
                     ref.normal_log_likelihood(x, mu, sigma2),
                     call=f"normal_log_likelihood(x, {mu:.4g}, {sigma2:.4g})", args={"x": x},
                     mistakes=wrong_answers(x, mu, sigma2),
                     hint="sum over samples of -log(2 pi sigma2)/2 - (x - mu)**2 / (2 sigma2)")


@points(1)
def test_normal_log_likelihood_small_variance(student, rng):
    """normal_log_likelihood: a tiny variance gives a large positive log-likelihood"""
    x = 2.0 + 1e-4 * rng.normal(size=5)
    assert_close(student.normal_log_likelihood(x, 2.0, 1e-8),
                 ref.normal_log_likelihood(x, 2.0, 1e-8),
                 call="normal_log_likelihood(x, 2.0, 1e-8)", args={"x": x},
                 mistakes=wrong_answers(x, 2.0, 1e-8))


@edge
@points(1)
def test_normal_log_likelihood_input_unchanged(student, rng):
    """normal_log_likelihood: the samples are not modified"""
    x = rng.normal(size=8)
    assert_unchanged(student, "normal_log_likelihood", x, 0.5, 2.0)
