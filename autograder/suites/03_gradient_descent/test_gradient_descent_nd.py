import numpy as np
import sympy

from autograder.grading.suite import assert_close, assert_unchanged, edge, points
from reference import gradient_descent as ref

x, y, z, w = sympy.symbols("x y z w")
NORM_HINT = "stop when the L2 norm of the whole gradient vector is <= eps"


@points(2)
def test_gradient_descent_nd_lecture_example(student):
    """gradient_descent_nd: x**2 + 2y**2 from (1, 1) takes 605 steps"""
    f, init = x**2 + 2 * y**2, np.array([1.0, 1.0])
    expected = ref.gradient_descent_nd(f, [x, y], init)
    assert_close(student.gradient_descent_nd(f, [x, y], init), expected,
                 call="gradient_descent_nd(x**2 + 2*y**2, [x, y], [1, 1])", rtol=1e-7,
                 atol=1e-12, hint=NORM_HINT)


@points(2)
def test_gradient_descent_nd_stops_on_the_norm(student):
    """gradient_descent_nd: four equal gradient components, stopped by their L2 norm"""
    f, init = x**2 + y**2 + z**2 + w**2, np.ones(4)
    expected = ref.gradient_descent_nd(f, [x, y, z, w], init)
    assert_close(student.gradient_descent_nd(f, [x, y, z, w], init), expected,
                 call="gradient_descent_nd(x**2 + y**2 + z**2 + w**2, [x, y, z, w], ones(4))",
                 rtol=1e-7, atol=1e-12, hint=NORM_HINT + ", not each component")


@points(1)
def test_gradient_descent_nd_coupled_function(student):
    """gradient_descent_nd: a coupled quadratic in three variables, lr = 0.05"""
    f = (x - 1) ** 2 + (x - y) ** 2 + 3 * (y + z) ** 2 + z**2
    init = np.array([0.5, -2.0, 1.0])
    expected = ref.gradient_descent_nd(f, [x, y, z], init, lr=0.05, eps=1e-7)
    got = student.gradient_descent_nd(f, [x, y, z], init, lr=0.05, eps=1e-7)
    assert_close(got, expected, call="gradient_descent_nd(f, [x, y, z], init, lr=0.05, eps=1e-7)",
                 rtol=1e-7, atol=1e-12)


@edge
@points(1)
def test_gradient_descent_nd_max_iter_and_input(student):
    """gradient_descent_nd: stops after max_iter steps and leaves init unchanged"""
    f, init = x**2 + 2 * y**2, np.array([1.0, -1.0])
    assert_unchanged(student, "gradient_descent_nd", f, [x, y], init, max_iter=9)
