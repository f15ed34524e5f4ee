import numpy as np

from autograder.grading.suite import assert_close, assert_raises, assert_unchanged, edge, points
from reference import probability as ref


@points(1)
def test_expectation_fair_die(student):
    """expectation: the lecture's fair die (values 1..6, each with probability 1/6): 3.5"""
    values, probs = np.arange(1.0, 7.0), np.full(6, 1 / 6)
    assert_close(student.expectation(values, probs), 3.5, call="expectation(values, probs)",
                 args={"values": values, "probs": probs})


@points(2)
def test_expectation_random_distributions(student, rng):
    """expectation: random distributions over 2 to 20 values"""
    for n in (2, 7, 20):
        values, weights = rng.normal(size=n) * 5, rng.random(size=n)
        probs = weights / weights.sum()
        assert_close(student.expectation(values, probs), ref.expectation(values, probs),
                     call="expectation(values, probs)", args={"values": values, "probs": probs},
                     mistakes={"plain mean of the values": float(np.mean(values))},
                     hint="weight each value by its probability: sum(values * probs)")


@edge
@points(2)
def test_expectation_rejects_bad_probabilities(student):
    """expectation: negative probabilities or a sum off by more than 1e-8 raise ValueError"""
    values = np.array([0.0, 1.0, 2.0])
    for probs in ([0.5, 0.6, -0.1], [0.2, 0.3, 0.4], [0.2, 0.3, 0.5 - 1e-6]):
        assert_raises("ValueError", student.expectation, values, np.array(probs),
                      call=f"expectation(values, probs={probs})",
                      hint="probs must be non-negative and sum to 1 within 1e-8; "
                           "otherwise raise ValueError")


@edge
@points(1)
def test_expectation_inputs_unchanged(student, rng):
    """expectation: values and probs are not modified"""
    values, probs = rng.normal(size=4), np.array([0.1, 0.2, 0.3, 0.4])
    assert_unchanged(student, "expectation", values, probs)
