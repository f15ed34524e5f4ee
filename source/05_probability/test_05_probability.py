"""Public tests for 05_probability: run `pytest` in this folder to check your notebook."""

import numpy as np
import pytest

DIE = np.arange(1, 7)
FAIR = np.full(6, 1 / 6)


def test_expectation_fair_die(student):
    """expectation: a fair die has mean 3.5"""
    assert student.expectation(DIE, FAIR) == pytest.approx(3.5)


def test_expectation_weighted(student):
    """expectation: values [0, 10] with probabilities [0.9, 0.1] have mean 1"""
    assert student.expectation(np.array([0.0, 10.0]), np.array([0.9, 0.1])) == pytest.approx(1.0)


def test_expectation_rejects_bad_probs(student):
    """expectation: probabilities that do not sum to 1, or are negative, raise ValueError"""
    with pytest.raises(ValueError):
        student.expectation(np.array([1.0, 2.0]), np.array([0.5, 0.6]))
    with pytest.raises(ValueError):
        student.expectation(np.array([1.0, 2.0, 3.0]), np.array([1.2, -0.1, -0.1]))


def test_variance_fair_die(student):
    """variance: a fair die has variance 35/12"""
    assert student.variance(DIE, FAIR) == pytest.approx(35 / 12)


def test_variance_bernoulli(student):
    """variance: a Bernoulli(0.3) variable has variance 0.3 * 0.7"""
    assert student.variance(np.array([0.0, 1.0]), np.array([0.7, 0.3])) == pytest.approx(0.21)


def test_variance_rejects_bad_probs(student):
    """variance: probabilities that do not sum to 1 raise ValueError"""
    with pytest.raises(ValueError):
        student.variance(DIE, np.full(6, 0.2))


def test_mc_integrate_lecture_example(student):
    """mc_integrate: the integral of exp(-x**2) on [-1, 1] is about 1.4936"""
    mean, std = student.mc_integrate(lambda x: np.exp(-(x**2)), -1, 1, 10000, 100)
    assert mean == pytest.approx(1.4936, abs=0.005)
    assert 0 < std < 0.01


def test_mc_integrate_constant(student):
    """mc_integrate: the constant 2 on [0, 3] gives exactly 6 with standard deviation 0"""
    mean, std = student.mc_integrate(lambda x: np.full_like(x, 2.0), 0, 3)
    assert mean == pytest.approx(6.0)
    assert std == pytest.approx(0.0, abs=1e-12)


def test_mc_integrate_sampling_order(student):
    """mc_integrate: each repeat draws rng.uniform(low, high, size=sample_size) in turn"""
    draws = np.random.default_rng(7).uniform(2, 4, size=(2, 3))
    estimates = 2 * draws.mean(axis=1)
    mean, std = student.mc_integrate(lambda x: x, 2, 4, 3, 2, rng=np.random.default_rng(7))
    assert mean == pytest.approx(estimates.mean())
    assert std == pytest.approx(estimates.std()), "the spread is np.std (ddof=0) of the repeats"


def test_mc_integrate_default_rng(student):
    """mc_integrate: rng=None means np.random.default_rng(0)"""
    default = student.mc_integrate(np.sin, 0, np.pi)
    seeded = student.mc_integrate(np.sin, 0, np.pi, rng=np.random.default_rng(0))
    mean, std = default  # the estimate and its standard deviation
    assert mean == pytest.approx(2.0, abs=0.5)  # the integral of sin on [0, pi] is 2
    assert default == pytest.approx(seeded)


def test_mc_pi_close_to_pi(student):
    """mc_pi: 100000 points give pi within 0.02"""
    assert student.mc_pi(100_000) == pytest.approx(np.pi, abs=0.02)


def test_mc_pi_counts_points(student):
    """mc_pi: 4 times the fraction of rng.uniform(0, 1, size=(n, 2)) inside the circle"""
    points = np.random.default_rng(3).uniform(0, 1, size=(10, 2))
    expected = 4 * np.mean(np.sum(points**2, axis=1) <= 1)
    assert student.mc_pi(10, rng=np.random.default_rng(3)) == pytest.approx(expected)


def test_mc_pi_default_rng(student):
    """mc_pi: rng=None means np.random.default_rng(0)"""
    default = student.mc_pi(1000)
    assert default == pytest.approx(np.pi, abs=0.5)  # an estimate of pi
    assert default == pytest.approx(student.mc_pi(1000, np.random.default_rng(0)))
