import numpy as np

from autograder.grading.suite import assert_close, assert_unchanged, edge, named, points
from reference import softmax_backprop as ref

CENTRAL_HINT = "use central differences (f(x + h) - f(x - h)) / (2h), one entry at a time"


@points(2)
def test_numerical_gradient_sum_of_cubes(student, rng):
    """numerical_gradient: sum(x**3) on a (3, 2) array gives 3 x**2"""
    x = rng.normal(size=(3, 2))
    f = named("sum_cubes")
    forward = np.array(3 * x**2 + 3 * x * 1e-5)
    assert_close(student.numerical_gradient(f, x), 3 * x**2, call="numerical_gradient("
                 "sum(x**3), x)", args={"x": x}, rtol=0, atol=1e-7,
                 mistakes={"forward difference": forward}, hint=CENTRAL_HINT)


@points(2)
def test_numerical_gradient_large_step(student, rng):
    """numerical_gradient: with h = 0.1 the central difference of x**3 is 3x**2 + h**2"""
    x = rng.normal(size=4)
    f = named("sum_cubes")
    assert_close(student.numerical_gradient(f, x, h=0.1), ref.numerical_gradient(f, x, h=0.1),
                 call="numerical_gradient(sum(x**3), x, h=0.1)", args={"x": x},
                 mistakes={"forward difference": 3 * x**2 + 0.3 * x + 0.01,
                           "ignored h": ref.numerical_gradient(f, x)}, hint=CENTRAL_HINT)


@points(1)
def test_numerical_gradient_any_shape(student, rng):
    """numerical_gradient: a 3-D input and log-sum-exp, whose gradient is the softmax"""
    x = rng.normal(size=(2, 3, 2))
    assert_close(student.numerical_gradient(named("weighted_sum_sq"), x),
                 ref.numerical_gradient(named("weighted_sum_sq"), x),
                 call="numerical_gradient(f, x)", args={"x": x}, rtol=1e-6, atol=1e-7,
                 hint="perturb every entry of x whatever its shape (np.ndindex(x.shape) visits "
                      "them all), in float64: float32 loses the digits a difference needs")
    v = rng.normal(size=5)
    assert_close(student.numerical_gradient(named("log_sum_exp"), v), ref.softmax(v),
                 call="numerical_gradient(log_sum_exp, v)", args={"v": v}, atol=1e-8)


@edge
@points(2)
def test_numerical_gradient_leaves_x_unchanged(student, rng):
    """numerical_gradient: x is unchanged afterwards"""
    x = rng.normal(size=(2, 3))
    assert_unchanged(student, "numerical_gradient", named("sum_sin"), x)
