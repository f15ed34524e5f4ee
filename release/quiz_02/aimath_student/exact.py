"""A `fractions.Fraction` as SymPy's `srepr` prints the Rational it equals, without importing
SymPy: the form a student's exact number takes in the kit and when it leaves the sandbox, so
`q1 = Fraction(46, 2)` is read as 23 in both places. Pure standard library."""

from __future__ import annotations

from fractions import Fraction


def fraction_srepr(value: Fraction) -> str:
    """`Integer(23)` for 46/2, `Rational(1, 2)` for 1/2: what `sympy.srepr` gives."""
    numerator, denominator = int(value.numerator), int(value.denominator)
    return f"Integer({numerator})" if denominator == 1 else f"Rational({numerator}, {denominator})"
