import numpy as np

from autograder.grading.suite import assert_close, assert_raises, assert_unchanged, edge, points
from reference import probability as ref

HINT = "Var[X] = sum p_i (x_i - E[X])**2, or E[X**2] - E[X]**2"
SAMPLE = "multiplied by n/(n - 1), as for a sample's variance: a distribution has no such factor"


@points(1)
def test_variance_fair_die(student):
    """variance: the lecture's fair die (values 1..6, each with probability 1/6): 35/12"""
    values, probs = np.arange(1.0, 7.0), np.full(6, 1 / 6)
    assert_close(student.variance(values, probs), 35 / 12, call="variance(values, probs)",
                 args={"values": values, "probs": probs},
                 mistakes={"E[X**2] without subtracting E[X]**2": 91 / 6,
                           SAMPLE: 35 / 12 * 6 / 5}, hint=HINT)


@points(2)
def test_variance_random_distributions(student, rng):
    """variance: random distributions over 2 to 20 values"""
    for n in (2, 7, 20):
        values, weights = rng.normal(size=n) * 5 + 3, rng.random(size=n)
        probs = weights / weights.sum()
        second = float(np.sum(probs * values**2))
        assert_close(student.variance(values, probs), ref.variance(values, probs),
                     call="variance(values, probs)", args={"values": values, "probs": probs},
                     mistakes={"E[X**2] without subtracting E[X]**2": second,
                               "unweighted np.var of the values": float(np.var(values)),
                               SAMPLE: ref.variance(values, probs) * n / (n - 1)},
                     hint=HINT)


@edge
@points(1)
def test_variance_rejects_bad_probabilities(student):
    """variance: negative probabilities or a sum other than 1 raise ValueError"""
    values = np.array([0.0, 1.0, 2.0])
    for probs in ([0.5, 0.6, -0.1], [0.2, 0.3, 0.4]):
        assert_raises("ValueError", student.variance, values, np.array(probs),
                      call=f"variance(values, probs={probs})")


@edge
@points(1)
def test_variance_inputs_unchanged(student, rng):
    """variance: values and probs are not modified"""
    values, probs = rng.normal(size=4), np.array([0.1, 0.2, 0.3, 0.4])
    assert_unchanged(student, "variance", values, probs)
