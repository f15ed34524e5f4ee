"""Public tests for 06_mle: run `pytest` in this folder to check your notebook."""

import numpy as np
import pytest

SAMPLES = np.array([2.0, 4.0, 6.0, 8.0])


def test_normal_mle_lecture_example(student):
    """normal_mle: [2, 4, 6, 8] has mean 5 and variance 5 (divide by N)"""
    mu, sigma2 = student.normal_mle(SAMPLES)
    assert (mu, sigma2) == (pytest.approx(5.0), pytest.approx(5.0))


def test_normal_mle_not_unbiased(student):
    """normal_mle: [0, 2] has variance 1, not the unbiased 2"""
    assert student.normal_mle(np.array([0.0, 2.0]))[1] == pytest.approx(1.0)


def test_normal_log_likelihood_lecture_example(student):
    """normal_log_likelihood: [2, 4, 6, 8] under N(5, 5) is -2 log(10 pi) - 2"""
    result = student.normal_log_likelihood(SAMPLES, 5.0, 5.0)
    assert result == pytest.approx(-2 * np.log(10 * np.pi) - 2)


def test_normal_log_likelihood_standard_normal(student):
    """normal_log_likelihood: x = [0] under N(0, 1) is -log(2 pi) / 2"""
    result = student.normal_log_likelihood(np.array([0.0]), 0.0, 1.0)
    assert result == pytest.approx(-0.5 * np.log(2 * np.pi))


def test_normal_log_likelihood_maximised_by_mle(student):
    """normal_log_likelihood: the MLE (5, 5) beats nearby parameters"""
    best = student.normal_log_likelihood(SAMPLES, 5.0, 5.0)
    for mu, sigma2 in [(4.5, 5.0), (5.5, 5.0), (5.0, 4.0), (5.0, 20 / 3)]:
        assert student.normal_log_likelihood(SAMPLES, mu, sigma2) < best


def test_categorical_mle_frequencies(student):
    """categorical_mle: labels [0, 1, 1, 2, 2, 2] give [1/6, 2/6, 3/6, 0]"""
    result = student.categorical_mle(np.array([0, 1, 1, 2, 2, 2]), 4)
    np.testing.assert_allclose(result, [1 / 6, 2 / 6, 3 / 6, 0])


def test_categorical_mle_single_class(student):
    """categorical_mle: a single repeated label has probability 1"""
    np.testing.assert_allclose(student.categorical_mle(np.array([1, 1, 1]), 3), [0, 1, 0])


def test_kl_divergence_lecture_example(student):
    """kl_divergence: KL([0.5, 0.5] || [0.9, 0.1]) = 0.510826"""
    result = student.kl_divergence(np.array([0.5, 0.5]), np.array([0.9, 0.1]))
    assert result == pytest.approx(0.510826, abs=1e-6)


def test_kl_divergence_same_distribution(student):
    """kl_divergence: KL(p || p) = 0"""
    p = np.array([0.2, 0.3, 0.5])
    assert student.kl_divergence(p, p) == pytest.approx(0.0, abs=1e-12)


def test_kl_divergence_not_symmetric(student):
    """kl_divergence: KL([0.9, 0.1] || [0.5, 0.5]) = 0.368064, not 0.510826"""
    result = student.kl_divergence(np.array([0.9, 0.1]), np.array([0.5, 0.5]))
    assert result == pytest.approx(0.368064, abs=1e-6)


def test_kl_divergence_zeros(student):
    """kl_divergence: 0 log 0 = 0, and q = 0 < p gives inf"""
    one_sided = student.kl_divergence(np.array([1.0, 0.0]), np.array([0.5, 0.5]))
    assert one_sided == pytest.approx(np.log(2))
    assert student.kl_divergence(np.array([0.5, 0.5]), np.array([1.0, 0.0])) == np.inf


def test_cross_entropy_dist_lecture_example(student):
    """cross_entropy_dist: H([0.5, 0.5], [0.9, 0.1]) = log 2 + 0.510826"""
    result = student.cross_entropy_dist(np.array([0.5, 0.5]), np.array([0.9, 0.1]))
    assert result == pytest.approx(np.log(2) + 0.510826, abs=1e-6)


def test_cross_entropy_dist_one_hot(student):
    """cross_entropy_dist: a one-hot p picks -log q of its class"""
    result = student.cross_entropy_dist(np.array([0.0, 1.0, 0.0]), np.array([0.2, 0.5, 0.3]))
    assert result == pytest.approx(-np.log(0.5))


def test_cross_entropy_dist_zeros(student):
    """cross_entropy_dist: q = 0 < p gives inf"""
    assert student.cross_entropy_dist(np.array([0.5, 0.5]), np.array([1.0, 0.0])) == np.inf
