"""The probability reference against scipy.stats, closed forms and the lecture's integral."""

import numpy as np
import pytest
from scipy import stats

from reference import probability as pr

EXP_NEG_SQ = 1.493648265624854


def test_expectation_and_variance_of_a_binomial():
    """Do they give n p and n p (1 - p) for Binomial(10, 0.3), like scipy.stats?"""
    values = np.arange(11)
    probs = stats.binom.pmf(values, 10, 0.3)
    probs = probs / probs.sum()
    assert pr.expectation(values, probs) == pytest.approx(stats.binom.mean(10, 0.3))
    assert pr.variance(values, probs) == pytest.approx(stats.binom.var(10, 0.3))


def test_moments_of_a_fair_die():
    """Is a fair die's mean 3.5 and variance 35/12?"""
    values, probs = np.arange(1, 7), np.full(6, 1 / 6)
    assert pr.expectation(values, probs) == pytest.approx(3.5)
    assert pr.variance(values, probs) == pytest.approx(35 / 12)


def test_variance_of_a_shifted_distribution_is_unchanged():
    """Does shifting values by 1e6 leave the variance 0.25 of a fair coin?"""
    assert pr.variance(np.array([1e6, 1e6 + 1]), np.array([0.5, 0.5])) == pytest.approx(0.25)


@pytest.mark.parametrize("probs", [[0.5, 0.6], [1.2, -0.2], [0.5, 0.5 - 1e-7]])
def test_bad_distributions_are_rejected(probs):
    """Are negative probabilities and sums off by more than 1e-8 rejected with ValueError?"""
    with pytest.raises(ValueError):
        pr.expectation(np.array([0.0, 1.0]), np.array(probs))
    with pytest.raises(ValueError):
        pr.variance(np.array([0.0, 1.0]), np.array(probs))


def test_sum_within_tolerance_is_accepted():
    """Is a sum off by 1e-10 accepted?"""
    assert pr.expectation(np.array([0.0, 1.0]), np.array([0.5, 0.5 + 1e-10])) == pytest.approx(0.5)


def test_mc_integrate_lecture_integral():
    """Is the estimate of the integral of exp(-x**2) on [-1, 1] within 3 standard errors?"""
    mean, std = pr.mc_integrate(lambda x: np.exp(-(x**2)), -1, 1, sample_size=1000, repeat=100)
    assert abs(mean - EXP_NEG_SQ) < 3 * std / np.sqrt(100)
    assert 0 < std < 0.05


def test_mc_integrate_matches_the_lecture_loop():
    """Does it draw sample_size uniforms per repeat and report np.std with ddof=0?"""
    loop_rng = np.random.default_rng(7)
    estimates = [2 * np.mean(loop_rng.uniform(1, 3, size=50) ** 2) for _ in range(6)]
    got = pr.mc_integrate(np.square, 1, 3, sample_size=50, repeat=6, rng=np.random.default_rng(7))
    assert got == pytest.approx((np.mean(estimates), np.std(estimates)), rel=1e-12)


def test_mc_integrate_default_rng_and_a_closed_form():
    """Is the default rng default_rng(0), and the integral of x**2 on [0, 3] near 9?"""
    seeded = pr.mc_integrate(np.square, 0, 3, rng=np.random.default_rng(0))
    assert pr.mc_integrate(np.square, 0, 3) == seeded
    assert seeded[0] == pytest.approx(9.0, rel=0.1)


def test_mc_pi_counts_points_in_the_quarter_disc():
    """Is mc_pi 4 times the fraction of points with x**2 + y**2 <= 1, and near pi for 1e5?"""
    points = np.random.default_rng(3).uniform(0, 1, size=(1000, 2))
    expected = 4 * np.mean(np.hypot(points[:, 0], points[:, 1]) <= 1)
    assert pr.mc_pi(1000, rng=np.random.default_rng(3)) == pytest.approx(expected)
    assert pr.mc_pi(100_000) == pytest.approx(np.pi, abs=0.03)


def test_inputs_are_not_modified():
    """Are values and probs unchanged after expectation and variance?"""
    values, probs = np.array([3.0, 1.0, 2.0]), np.array([0.2, 0.5, 0.3])
    pr.expectation(values, probs), pr.variance(values, probs)
    np.testing.assert_array_equal(values, [3.0, 1.0, 2.0])
    np.testing.assert_array_equal(probs, [0.2, 0.5, 0.3])
