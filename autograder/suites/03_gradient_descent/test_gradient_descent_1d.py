import sympy

from autograder.grading.suite import assert_close, points
from reference import gradient_descent as ref

x = sympy.symbols("x")
LOOP_HINT = ("follow the lecture's loop: g = f'(init) BEFORE the loop, then while |g| > eps "
             "and n < max_iter: step, recompute g, n += 1")


@points(2)
def test_gradient_descent_1d_lecture_example(student):
    """gradient_descent_1d: the lecture's x**2 + 2x + 3 from 3, to 7 significant digits"""
    f = x**2 + 2 * x + 3
    expected = ref.gradient_descent_1d(f, x, 3.0)
    assert_close(student.gradient_descent_1d(f, x, 3.0), expected,
                 call="gradient_descent_1d(x**2 + 2*x + 3, x, 3)", rtol=1e-7,
                 mistakes={"one iteration too many": (expected[0], 674),
                           "one iteration too few": (expected[0], 672)}, hint=LOOP_HINT)


@points(2)
def test_gradient_descent_1d_other_settings(student):
    """gradient_descent_1d: exp(x) - 2x with lr = 0.1, eps = 1e-8 and a negative start"""
    f = sympy.exp(x) - 2 * x
    expected = ref.gradient_descent_1d(f, x, -1.5, lr=0.1, eps=1e-8)
    got = student.gradient_descent_1d(f, x, -1.5, lr=0.1, eps=1e-8)
    assert_close(got, expected, call="gradient_descent_1d(exp(x) - 2*x, x, -1.5, lr=0.1, "
                 "eps=1e-8)", rtol=1e-7, hint=LOOP_HINT)


@points(1)
def test_gradient_descent_1d_max_iter(student):
    """gradient_descent_1d: stops after max_iter steps"""
    f = x**4 - 3 * x**2 + x
    expected = ref.gradient_descent_1d(f, x, 2.0, lr=1e-3, max_iter=17)
    got = student.gradient_descent_1d(f, x, 2.0, lr=1e-3, max_iter=17)
    assert_close(got, expected, call="gradient_descent_1d(x**4 - 3*x**2 + x, x, 2.0, lr=1e-3, "
                 "max_iter=17)", rtol=1e-7, hint="count steps with n and stop at n == max_iter")


@points(1)
def test_gradient_descent_1d_start_at_minimum(student):
    """gradient_descent_1d: (x - 2)**2 from its minimum 2 returns (2.0, 0) at once"""
    got = student.gradient_descent_1d((x - 2) ** 2, x, 2.0)
    assert_close(got, (2.0, 0), call="gradient_descent_1d((x - 2)**2, x, 2.0)",
                 mistakes={"checked the gradient only after a step": (2.0, 1)}, hint=LOOP_HINT)
