from autograder.grading.suite import assert_close, points
from reference import bayes as ref

RESTART = "each update must start from the previous posterior, not from the original prior"


@points(2)
def test_sequential_posterior_lecture_example(student):
    """sequential_posterior: two positive tests (false alarm 0.1) give the lecture's 0.915896"""
    assert_close(student.sequential_posterior(0.1, 0.99, 0.1, 2), 0.915896, atol=1e-6,
                 call="sequential_posterior(0.1, 0.99, 0.1, 2)",
                 mistakes={RESTART: ref.posterior(0.1, 0.99, 0.1),
                           "one update too many": ref.sequential_posterior(0.1, 0.99, 0.1, 3)})


@points(1)
def test_sequential_posterior_no_tests(student):
    """sequential_posterior: with no positive test the belief is the prior"""
    assert_close(student.sequential_posterior(0.07, 0.9, 0.2, 0), 0.07,
                 call="sequential_posterior(0.07, 0.9, 0.2, 0)",
                 mistakes={"one update too many": ref.posterior(0.07, 0.9, 0.2)})


@points(1)
def test_sequential_posterior_one_test(student):
    """sequential_posterior: one positive test (prior 0.02) is posterior(0.02, 0.95, 0.05)"""
    assert_close(student.sequential_posterior(0.02, 0.95, 0.05, 1), ref.posterior(0.02, 0.95, 0.05),
                 call="sequential_posterior(0.02, 0.95, 0.05, 1)",
                 mistakes={"one update too many": ref.sequential_posterior(0.02, 0.95, 0.05, 2)})


@points(2)
def test_sequential_posterior_many_tests(student, rng):
    """sequential_posterior: random tests repeated 3 to 10 times"""
    for n in (3, 5, 10):
        prior, sens, fa = (float(v) for v in rng.uniform([1e-4, 0.6, 0.05], [0.1, 0.99, 0.4]))
        call = f"sequential_posterior({prior:.4g}, {sens:.4g}, {fa:.4g}, {n})"
        assert_close(student.sequential_posterior(prior, sens, fa, n),
                     ref.sequential_posterior(prior, sens, fa, n), call=call,
                     mistakes={RESTART: ref.posterior(prior, sens, fa)})
