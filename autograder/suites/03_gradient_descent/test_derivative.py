import sympy

from autograder.grading.suite import assert_expr_equal, points

x, y = sympy.symbols("x y")


@points(1)
def test_derivative_polynomial(student):
    """derivative: a polynomial, x**2 + 2x + 3"""
    got = student.derivative(x**2 + 2 * x + 3, x)
    assert_expr_equal(got, 2 * x + 2, call="derivative(x**2 + 2*x + 3, x)")


@points(1)
def test_derivative_product_and_chain_rule(student):
    """derivative: x**3 sin(x) and exp(-x**2) need the product and chain rules"""
    f = x**3 * sympy.sin(x)
    assert_expr_equal(student.derivative(f, x), sympy.diff(f, x), call="derivative(x**3*sin(x), x)")
    g = sympy.exp(-(x**2)) * sympy.log(1 + x**2)
    assert_expr_equal(student.derivative(g, x), sympy.diff(g, x),
                      call="derivative(exp(-x**2)*log(1 + x**2), x)")


@points(1)
def test_derivative_partial_in_two_variables(student):
    """derivative: x**2 y + 3 y**3 with respect to y treats x as a constant"""
    f = x**2 * y + 3 * y**3
    assert_expr_equal(student.derivative(f, y), x**2 + 9 * y**2,
                      call="derivative(x**2*y + 3*y**3, y)")
