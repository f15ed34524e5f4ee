"""The reference of `06_mle` against SciPy, plain loops and the lecture's numbers."""

import numpy as np
import pytest
from scipy import stats
from scipy.special import rel_entr

from reference import mle


def test_normal_mle_lecture_example():
    """Is the MLE of [2, 4, 6, 8] mean 5 and variance 5 (divided by N, not N-1)?"""
    assert mle.normal_mle(np.array([2.0, 4.0, 6.0, 8.0])) == pytest.approx((5.0, 5.0))


def test_normal_mle_matches_scipy_fit():
    """Does the MLE agree with scipy.stats.norm.fit, which maximises the likelihood?"""
    x = np.random.default_rng(0).normal(3.0, 2.0, size=500)
    loc, scale = stats.norm.fit(x)
    assert mle.normal_mle(x) == pytest.approx((loc, scale**2), rel=1e-12)


def test_normal_mle_rejects_empty():
    """Is an empty sample rejected?"""
    with pytest.raises(ValueError):
        mle.normal_mle(np.array([]))


def test_log_likelihood_matches_scipy():
    """Is the log-likelihood the sum of scipy's normal log-densities (sigma2 is a variance)?"""
    x = np.random.default_rng(1).normal(size=50)
    expected = stats.norm.logpdf(x, loc=0.3, scale=np.sqrt(2.5)).sum()
    assert mle.normal_log_likelihood(x, 0.3, 2.5) == pytest.approx(expected, rel=1e-12)


def test_log_likelihood_is_maximal_at_the_mle():
    """Does moving mu or sigma2 away from the MLE lower the log-likelihood?"""
    x = np.random.default_rng(2).normal(1.0, 3.0, size=40)
    mu, s2 = mle.normal_mle(x)
    best = mle.normal_log_likelihood(x, mu, s2)
    for dmu, ds2 in [(0.01, 0), (-0.01, 0), (0, 0.01), (0, -0.01)]:
        assert mle.normal_log_likelihood(x, mu + dmu, s2 + ds2) < best


def test_log_likelihood_rejects_nonpositive_variance():
    """Is sigma2 <= 0 rejected?"""
    with pytest.raises(ValueError):
        mle.normal_log_likelihood(np.ones(3), 0.0, 0.0)


def test_categorical_mle_matches_counting_loop():
    """Are the class probabilities the counts of a plain loop divided by N, zeros included?"""
    labels = np.random.default_rng(3).integers(0, 4, size=200)
    counts = np.zeros(6)
    for label in labels:
        counts[label] += 1
    got = mle.categorical_mle(labels, 6)
    np.testing.assert_allclose(got, counts / len(labels))
    assert got[4] == got[5] == 0.0
    assert got.sum() == pytest.approx(1.0)


@pytest.mark.parametrize("labels", [np.array([0, 3]), np.array([-1, 0]), np.array([], int)])
def test_categorical_mle_rejects_bad_labels(labels):
    """Are labels outside [0, num_classes) and empty label arrays rejected?"""
    with pytest.raises(ValueError):
        mle.categorical_mle(labels, 3)


def test_kl_lecture_example():
    """Is KL([.5, .5] || [.9, .1]) = 0.510826 nats?"""
    assert mle.kl_divergence(np.array([0.5, 0.5]), np.array([0.9, 0.1])) == pytest.approx(
        0.510826, abs=1e-6
    )


def test_kl_matches_scipy_and_is_asymmetric():
    """Does KL agree with scipy.stats.entropy(p, q) and differ when p and q swap?"""
    rng = np.random.default_rng(4)
    p, q = rng.dirichlet(np.ones(5)), rng.dirichlet(np.ones(5))
    assert mle.kl_divergence(p, q) == pytest.approx(stats.entropy(p, q), rel=1e-12)
    assert mle.kl_divergence(p, q) == pytest.approx(rel_entr(p, q).sum(), rel=1e-12)
    assert mle.kl_divergence(p, q) != pytest.approx(mle.kl_divergence(q, p))
    assert mle.kl_divergence(p, p) == pytest.approx(0.0, abs=1e-15)


def test_kl_zero_conventions():
    """Is 0 log 0 = 0 (no nan) and KL infinite where q = 0 < p?"""
    p, q = np.array([0.0, 0.5, 0.5]), np.array([0.0, 0.25, 0.75])
    assert mle.kl_divergence(p, q) == pytest.approx(rel_entr(p, q).sum())
    assert mle.kl_divergence(np.array([0.5, 0.5]), np.array([1.0, 0.0])) == np.inf


def test_cross_entropy_is_entropy_plus_kl():
    """Is H(p, q) = H(p) + KL(p || q), with the same zero conventions?"""
    rng = np.random.default_rng(5)
    p, q = rng.dirichlet(np.ones(4)), rng.dirichlet(np.ones(4))
    expected = stats.entropy(p) + stats.entropy(p, q)
    assert mle.cross_entropy_dist(p, q) == pytest.approx(expected, rel=1e-12)
    p0, q0 = np.array([0.0, 1.0]), np.array([0.0, 1.0])
    assert mle.cross_entropy_dist(p0, q0) == 0.0
    assert mle.cross_entropy_dist(np.array([0.5, 0.5]), np.array([1.0, 0.0])) == np.inf


@pytest.mark.parametrize("fn", [mle.kl_divergence, mle.cross_entropy_dist])
def test_divergences_reject_shape_mismatch(fn):
    """Are p and q of different lengths rejected?"""
    with pytest.raises(ValueError):
        fn(np.array([0.5, 0.5]), np.array([0.2, 0.3, 0.5]))


def test_inputs_are_not_modified():
    """Do all functions leave their array arguments unchanged?"""
    x, p, q = np.array([2.0, 4.0, 6.0, 8.0]), np.array([0.0, 0.5, 0.5]), np.array([0.2, 0.3, 0.5])
    labels = np.array([0, 2, 2])
    copies = [a.copy() for a in (x, p, q, labels)]
    mle.normal_mle(x)
    mle.normal_log_likelihood(x, 1.0, 2.0)
    mle.categorical_mle(labels, 3)
    mle.kl_divergence(p, q)
    mle.cross_entropy_dist(p, q)
    for before, after in zip(copies, (x, p, q, labels), strict=True):
        np.testing.assert_array_equal(before, after)
