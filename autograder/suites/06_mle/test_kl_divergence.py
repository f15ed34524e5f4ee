import numpy as np

from autograder.grading.suite import assert_close, assert_unchanged, edge, points
from reference import mle as ref

NAN_HINT = "terms with p = 0 contribute 0 (0 log 0 = 0): sum only where p > 0"


def wrong_answers(p, q):
    """The known mistakes, as the values they would return."""
    return {"log base 2 (bits): the contract wants nats, np.log": ref.kl_divergence(p, q)
            / np.log(2), "arguments swapped: this is KL(q || p)": ref.kl_divergence(q, p)}


@points(1)
def test_kl_divergence_lecture_example(student):
    """kl_divergence: the lecture's KL([.5, .5] || [.9, .1]) = 0.510826"""
    p, q = np.array([0.5, 0.5]), np.array([0.9, 0.1])
    assert_close(student.kl_divergence(p, q), 0.510826, atol=1e-6,
                 call="kl_divergence(p, q)", args={"p": p, "q": q},
                 mistakes=wrong_answers(p, q))


@points(2)
def test_kl_divergence_random_distributions(student, rng):
    """kl_divergence: random distributions over 2, 5 and 50 outcomes"""
    for k in (2, 5, 50):
        p, q = rng.dirichlet(np.ones(k)), rng.dirichlet(np.ones(k))
        assert_close(student.kl_divergence(p, q), ref.kl_divergence(p, q),
                     call="kl_divergence(p, q)", args={"p": p, "q": q},
                     mistakes=wrong_answers(p, q), hint="KL(p || q) = sum p * log(p / q)")


@edge
@points(1)
def test_kl_divergence_identical(student, rng):
    """kl_divergence: a distribution has divergence 0 from itself"""
    p = rng.dirichlet(np.ones(6))
    assert_close(student.kl_divergence(p, p.copy()), 0.0, atol=1e-12,
                 call="kl_divergence(p, p)", args={"p": p})


@points(2)
def test_kl_divergence_zero_in_p(student):
    """kl_divergence: zeros in p contribute nothing (0 log 0 = 0, never nan)"""
    p, q = np.array([0.0, 0.25, 0.75]), np.array([0.5, 0.25, 0.25])
    assert_close(student.kl_divergence(p, q), ref.kl_divergence(p, q),
                 call="kl_divergence(p, q)", args={"p": p, "q": q}, hint=NAN_HINT)
    both = np.array([0.0, 1.0])
    assert_close(student.kl_divergence(both, both.copy()), 0.0, call="kl_divergence(p, p)",
                 args={"p": both}, hint=NAN_HINT)


@points(2)
def test_kl_divergence_zero_in_q(student):
    """kl_divergence: inf where q = 0 < p"""
    p, q = np.array([0.5, 0.5, 0.0]), np.array([0.9, 0.0, 0.1])
    assert_close(student.kl_divergence(p, q), np.inf, call="kl_divergence(p, q)",
                 args={"p": p, "q": q},
                 mistakes={"skipped the entries with q = 0": 0.5 * np.log(0.5 / 0.9)},
                 hint="an outcome possible under p but impossible under q makes KL infinite")


@edge
@points(1)
def test_kl_divergence_inputs_unchanged(student, rng):
    """kl_divergence: p and q are not modified"""
    p, q = rng.dirichlet(np.ones(4)), rng.dirichlet(np.ones(4))
    assert_unchanged(student, "kl_divergence", p, q)
