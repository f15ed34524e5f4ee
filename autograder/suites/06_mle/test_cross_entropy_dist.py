import numpy as np

from autograder.grading.suite import assert_close, assert_unchanged, edge, points
from reference import mle as ref


def wrong_answers(p, q):
    """The known mistakes, as the values they would return."""
    return {"log base 2 (bits): the contract wants nats, np.log":
                ref.cross_entropy_dist(p, q) / np.log(2),
            "arguments swapped: this is H(q, p)": ref.cross_entropy_dist(q, p),
            "computed KL(p || q) instead of H(p, q)": ref.kl_divergence(p, q),
            "computed the entropy H(p): q is missing": ref.cross_entropy_dist(p, p)}


@points(1)
def test_cross_entropy_dist_small_example(student):
    """cross_entropy_dist: H([.5, .5], [.9, .1]) = -(log .9 + log .1) / 2"""
    p, q = np.array([0.5, 0.5]), np.array([0.9, 0.1])
    assert_close(student.cross_entropy_dist(p, q), -0.5 * (np.log(0.9) + np.log(0.1)),
                 call="cross_entropy_dist(p, q)", args={"p": p, "q": q},
                 mistakes=wrong_answers(p, q))


@points(2)
def test_cross_entropy_dist_random_distributions(student, rng):
    """cross_entropy_dist: random distributions over 3, 10 and 40 outcomes"""
    for k in (3, 10, 40):
        p, q = rng.dirichlet(np.ones(k)), rng.dirichlet(np.ones(k))
        assert_close(student.cross_entropy_dist(p, q), ref.cross_entropy_dist(p, q),
                     call="cross_entropy_dist(p, q)", args={"p": p, "q": q},
                     mistakes=wrong_answers(p, q), hint="H(p, q) = -sum p * log(q)")


@points(2)
def test_cross_entropy_dist_zero_conventions(student):
    """cross_entropy_dist: 0 log 0 = 0 (never nan) and inf where q = 0 < p"""
    p, q = np.array([0.0, 0.5, 0.5]), np.array([0.0, 0.2, 0.8])
    assert_close(student.cross_entropy_dist(p, q), ref.cross_entropy_dist(p, q),
                 call="cross_entropy_dist(p, q)", args={"p": p, "q": q},
                 hint="terms with p = 0 contribute 0, even where q = 0")
    p, q = np.array([0.5, 0.5]), np.array([1.0, 0.0])
    assert_close(student.cross_entropy_dist(p, q), np.inf, call="cross_entropy_dist(p, q)",
                 args={"p": p, "q": q}, hint="q = 0 where p > 0 makes H(p, q) infinite")


@edge
@points(1)
def test_cross_entropy_dist_inputs_unchanged(student, rng):
    """cross_entropy_dist: p and q are not modified"""
    p, q = rng.dirichlet(np.ones(5)), rng.dirichlet(np.ones(5))
    assert_unchanged(student, "cross_entropy_dist", p, q)
