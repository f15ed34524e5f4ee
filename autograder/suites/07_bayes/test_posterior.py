from autograder.grading.suite import assert_close, points
from reference import bayes as ref


def wrong_answers(prior, sensitivity, false_alarm):
    """The known mistakes, as the values they would return."""
    hit = sensitivity * prior
    return {
        "the evidence P(+) is missing: divide P(+ | D) P(D) by P(+)": hit,
        "the false-alarm branch must be weighted by P(not D) = 1 - prior":
            hit / (hit + false_alarm),
        "the false-alarm branch P(+ | not D) P(not D) is missing from the evidence": 1.0,
        "1 - sensitivity used as P(+ | not D): that is the false-alarm rate's job":
            hit / (hit + (1 - sensitivity) * (1 - prior)),
    }


@points(2)
def test_posterior_lecture_examples(student):
    """posterior: the lecture's test (sensitivity 0.99, prior 0.1) gives 0.916667 and 0.523810"""
    for false_alarm, expected in ((0.01, 0.916667), (0.1, 0.523810)):
        assert_close(student.posterior(0.1, 0.99, false_alarm), expected, atol=1e-6,
                     call=f"posterior(0.1, 0.99, {false_alarm})",
                     mistakes=wrong_answers(0.1, 0.99, false_alarm),
                     hint="P(D | +) = P(+ | D) P(D) / (P(+ | D) P(D) + P(+ | not D) P(not D))")


@points(2)
def test_posterior_random_tests(student, rng):
    """posterior: random priors, sensitivities and false-alarm rates"""
    for _ in range(5):
        prior, sens, fa = (float(v) for v in rng.uniform([0.001, 0.5, 0.01], [0.5, 1.0, 0.3]))
        assert_close(student.posterior(prior, sens, fa), ref.posterior(prior, sens, fa),
                     call=f"posterior({prior:.4g}, {sens:.4g}, {fa:.4g})",
                     mistakes=wrong_answers(prior, sens, fa))


@points(1)
def test_posterior_extreme_priors(student):
    """posterior: a certain disease stays certain and a rare one stays rare"""
    assert_close(student.posterior(1.0, 0.9, 0.2), 1.0, call="posterior(1.0, 0.9, 0.2)")
    assert_close(student.posterior(0.0, 0.9, 0.2), 0.0, call="posterior(0.0, 0.9, 0.2)")
    assert_close(student.posterior(1e-6, 0.99, 0.05), ref.posterior(1e-6, 0.99, 0.05),
                 call="posterior(1e-6, 0.99, 0.05)", mistakes=wrong_answers(1e-6, 0.99, 0.05))


@points(1)
def test_posterior_perfect_test(student):
    """posterior: a test without false alarms makes a positive result conclusive"""
    for prior in (0.01, 0.3):
        assert_close(student.posterior(prior, 0.8, 0.0), 1.0, call=f"posterior({prior}, 0.8, 0.0)",
                     mistakes={"the evidence P(+) is missing": 0.8 * prior})


@points(1)
def test_posterior_uninformative_test(student):
    """posterior: a test as often positive for the healthy as for the sick keeps the prior"""
    for prior, rate in ((0.2, 0.5), (0.05, 0.9)):
        assert_close(student.posterior(prior, rate, rate), prior,
                     call=f"posterior({prior}, {rate}, {rate})",
                     mistakes=wrong_answers(prior, rate, rate))
