import sympy

from autograder.grading.suite import assert_expr_equal, points

x, y, z = sympy.symbols("x y z")


@points(1)
def test_gradient_lecture_function(student):
    """gradient: x**2 + 2 y**2 gives [2x, 4y]"""
    got = student.gradient(x**2 + 2 * y**2, [x, y])
    assert_expr_equal(got, [2 * x, 4 * y], call="gradient(x**2 + 2*y**2, [x, y])")


@points(1)
def test_gradient_follows_the_order_of_vars(student):
    """gradient: partial derivatives come in the order of vars, here [z, x, y]"""
    f = x**2 * y + 3 * z + sympy.sin(x * z)
    got = student.gradient(f, [z, x, y])
    assert_expr_equal(got, [sympy.diff(f, v) for v in (z, x, y)],
                      call="gradient(x**2*y + 3*z + sin(x*z), [z, x, y])")


@points(1)
def test_gradient_only_the_listed_variables(student):
    """gradient: only the variables listed are differentiated, others are constants"""
    f = 3 * x**2 * y**5 - 2 * z
    got = student.gradient(f, [y])
    assert_expr_equal(got, [15 * x**2 * y**4], call="gradient(3*x**2*y**5 - 2*z, [y])")
