"""Untrusted formula text -> SymPy, safely; the kit and the grader share it.

This is the only place a formula a student typed (or a SymPy `srepr` their process
printed) becomes a SymPy object. Nothing is ever `eval`ed, `sympify`d or `parse_expr`ed:
the text is parsed with `ast.parse(mode="eval")` and the tree is rebuilt node by node from
a whitelist (numbers, declared symbols, + - * / **, a few functions and constants, and a
top-level comma list). Inputs are bounded (length, node count, nesting, integer size,
exponent size) so that a hostile string fails fast with a `FormulaError`. Standard library
and SymPy only: this file ships in the student kit (the value of a constant formula is in
`numbers`, equivalence in `autograder.grading.equivalence`).

`^` is read as a power (`x^2` == `x**2`) and decimals are read exactly (`0.5` == `1/2`).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterable
from typing import Any, TypeAlias

import sympy as sp

MAX_TEXT, MAX_SREPR = 2_000, 20_000
MAX_NODES, MAX_SREPR_NODES = 1_000, 10_000  # AST nodes, operators and contexts included
MAX_DEPTH = 100  # AST levels (a sum of n terms is n deep): keeps every recursion short
MAX_INT_DIGITS = 400
MAX_EXPONENT = 100  # |n| in x**n for a symbolic x
MAX_NUMBER_BITS = MAX_INT_DIGITS * 10 // 3  # any exact number a formula makes, as one typed
MAX_POWER_BITS = MAX_NUMBER_BITS  # size of an exact number**number


SREPR_FUNCTIONS = ("sin", "cos", "tan", "exp", "log", "tanh", "sinh", "cosh", "Abs")
CONSTANTS: dict[str, sp.Expr] = {"pi": sp.pi, "E": sp.E}
_FLOAT_TEXT = re.compile(r"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d{1,3})?")

Formula: TypeAlias = sp.Expr | tuple[sp.Expr, ...]


class FormulaError(ValueError):
    """A formula that cannot be read safely; the message says what to fix."""


def parse_formula(text: str, symbols: Iterable[str] = ()) -> Formula:
    """Read `text` ("2*x + 1", or "2*x, 3*y**2, -1" for a list) over the given symbols."""
    if not isinstance(text, str):
        raise FormulaError(f"expected a formula as a string, got {type(text).__name__}")
    names = {name: sp.Symbol(name) for name in symbols}
    body = _parse(text.replace("^", "**"), MAX_TEXT, MAX_NODES, frozenset(names))
    return _top_level(body, lambda node: _build_formula(node, names))


def parse_srepr(text: str) -> Formula:
    """Rebuild an expression from `sympy.srepr` text such as "Add(Symbol('x'), Integer(1))"."""
    if not isinstance(text, str):
        raise FormulaError(f"expected srepr text, got {type(text).__name__}")
    body = _parse(text, MAX_SREPR, MAX_SREPR_NODES)
    if isinstance(body, ast.Call) and isinstance(body.func, ast.Name) \
            and body.func.id == "Tuple" and not body.keywords:
        body = ast.Tuple(elts=body.args, ctx=ast.Load())
    return _top_level(body, _build_srepr)


def _parse(text: str, max_len: int, max_nodes: int,
           variables: frozenset[str] | None = None) -> ast.expr:
    """The expression `text` holds, within the limits; `variables`, a formula's (None for
    SymPy's own text), name what a student wrote wrong."""
    if len(text) > max_len:
        raise FormulaError(f"formula too long ({len(text)} characters, at most {max_len})")
    if not text.strip():
        raise FormulaError("the formula is empty")
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError, OverflowError) as exc:
        hint = getattr(exc, "msg", None) or str(exc) or type(exc).__name__
        raise FormulaError(_slip(text, variables) or f"not a valid formula ({hint}); write it like "
                           "2*x**2 + 3*y") from None
    stack: list[tuple[ast.AST, int]] = [(tree.body, 1)]
    count = 0
    while stack:
        node, depth = stack.pop()
        count += 1
        if count > max_nodes or depth > MAX_DEPTH:
            raise FormulaError("formula too large or too deeply nested")
        stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node))
    return tree.body


def _slip(text: str, variables: frozenset[str] | None) -> str:
    """What to fix in a formula Python cannot read, for the usual slips (else ""): an
    equation, a unit after a number (any letter where the answer has no variables: 1.6 m),
    a product written without `*` (Python's own words, "invalid decimal literal" for 18x,
    name none of them)."""
    if "=" in text:
        return "not a valid formula: write only its right-hand side, without `=` (for " \
               "f(x) = 2*x + 1, write 2*x + 1)"
    if _UNIT.fullmatch(text) or (variables == frozenset() and _ONE_UNIT.fullmatch(text)):
        return "not a valid number: write the number alone, without a unit (0.79, not " \
               "0.79 rad), or put * in a product (2*x)"
    product = _PRODUCT.search(text)
    if product:
        number, letter = product.groups()
        return (f"not a valid formula: write every product with * ({number}*{letter}, not "
                f"{product.group(0)})")
    return PARENTHESES if _AFTER_PARENTHESIS.search(text) else ""


_UNIT = re.compile(r"\s*[-+]?[\d.]+(?:[eE][-+]?\d+)?\s*[^\W\d_]{2,}\s*")
_ONE_UNIT = re.compile(r"\s*[-+]?[\d.]+(?:[eE][-+]?\d+)?\s*[^\W\d_]+\s*")
_PRODUCT = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)\s*([^\W\d_]|\()")
_AFTER_PARENTHESIS = re.compile(r"\)\s*[\w(]")
PARENTHESES = ("not a valid formula: write every product with *, also between parentheses "
               "((x + 1)*(x - 1), not (x + 1)(x - 1))")


def _top_level(body: ast.expr, build: Callable[[ast.expr], sp.Expr]) -> Formula:
    """A comma list at the top (a gradient) becomes a tuple; anything else one expression."""
    try:
        if isinstance(body, ast.Tuple | ast.List):
            if not body.elts:
                raise FormulaError("the list of formulas is empty")
            return tuple(build(node) for node in body.elts)
        return build(body)
    except FormulaError:
        raise
    except RecursionError:
        raise FormulaError("formula too deeply nested") from None
    except (TypeError, ValueError, ArithmeticError) as exc:  # SymPy's own evaluation gave up
        raise FormulaError(f"this formula has no value ({type(exc).__name__}: "
                           f"{str(exc)[:80]}); simplify it") from None


def _build_formula(node: ast.expr, names: dict[str, sp.Symbol]) -> sp.Expr:
    """Whitelisted AST node -> SymPy, for text a student typed."""
    def build(child: ast.expr) -> sp.Expr:
        return _build_formula(child, names)

    if isinstance(node, ast.Constant):
        return _constant(node.value)
    if isinstance(node, ast.Name):
        return _name(node.id, names)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        operand = build(node.operand)
        return _times(sp.Integer(-1), operand) if isinstance(node.op, ast.USub) else operand
    if isinstance(node, ast.BinOp) and type(node.op) in _BINOPS:
        return _bounded(_BINOPS[type(node.op)](build(node.left), build(node.right)))
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
            and node.func.id in FUNCTIONS:
        arity = (1, 2) if node.func.id == "log" else (1,)
        if node.keywords or len(node.args) not in arity:
            raise FormulaError(f"{node.func.id}() takes {' or '.join(map(str, arity))} argument(s)")
        return FUNCTIONS[node.func.id](*(build(arg) for arg in node.args))
    if isinstance(node, ast.Call) and isinstance(node.func, ast.BinOp | ast.Constant):  # (x+1)(x-1)
        raise FormulaError(PARENTHESES)
    raise FormulaError(f"{_describe(node)} is not allowed in a formula; use numbers, "
                       f"variables, + - * / ** and functions such as {', '.join(FUNCTIONS)}")


def _name(name: str, names: dict[str, sp.Symbol]) -> sp.Expr:
    if name in names:
        return names[name]
    if name in CONSTANTS:
        return CONSTANTS[name]
    if name in FUNCTIONS:
        raise FormulaError(f"{name} is a function: write {name}(x)")
    if name == "e":
        raise FormulaError("unknown name 'e': write E for Euler's number (E**x, or exp(x))")
    if not names:
        raise FormulaError(f"unknown name {name!r}: this answer has no variables (a number "
                           "is written alone, without a unit)")
    raise FormulaError(f"unknown name {name!r}; the variables are: {', '.join(names)}")


def _constant(value: Any) -> sp.Expr:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise FormulaError(f"{value!r} is not allowed in a formula (only numbers and names)")
    if isinstance(value, int):
        return _integer(value)
    if value != value or value in (float("inf"), float("-inf")):
        raise FormulaError("numbers in a formula must be finite")
    return sp.Rational(repr(value))


def _integer(value: int) -> sp.Integer:
    if value.bit_length() > MAX_NUMBER_BITS:
        raise FormulaError(f"integers in a formula may have at most {MAX_INT_DIGITS} digits")
    return sp.Integer(value)


def _bounded(value: sp.Expr) -> sp.Expr:
    """`value`, unless an operation made an exact number (the value itself, or a coefficient
    or constant term beside it) larger than a typed one may be: 10**399 * 10**399 * ... or
    1000**1000 inside sigmoid(sigmoid(...)) cost SymPy minutes to judge (measured: 60 s)."""
    for number in (value, *value.args):
        if number.is_Rational and max(abs(int(number.p)).bit_length(),
                                      int(number.q).bit_length()) > MAX_NUMBER_BITS:
            raise FormulaError(f"a number in the formula has more than {MAX_INT_DIGITS} "
                               "digits; simplify it")
    return value


def _pow(base: sp.Expr, exponent: sp.Expr) -> sp.Expr:
    """base**exponent, refusing powers whose exact value or expansion would explode."""
    if base.is_Rational and exponent.is_Rational:
        size = max(abs(int(base.p)).bit_length(), abs(int(base.q)).bit_length())
        if abs(exponent) * size > MAX_POWER_BITS:
            raise FormulaError("a power in the formula is too large to compute")
        return sp.Pow(base, exponent)
    if exponent.is_Number and exponent.is_finite and abs(exponent) > MAX_EXPONENT:
        raise FormulaError(f"exponents may be at most {MAX_EXPONENT} in size")
    return sp.Pow(base, exponent, evaluate=bool(base.is_Number and exponent.is_Number))


def _divide(a: sp.Expr, b: sp.Expr) -> sp.Expr:
    return _times(a, _pow(b, sp.Integer(-1)))


def _evaluates(*terms: sp.Expr) -> bool:
    """May SymPy combine `terms` as it builds their sum or product? Not once a function call
    is among them: its assumptions (is_zero, is_infinite) on nested calls took minutes and
    gigabytes for sigmoid(tanh(sinh(cosh(exp(x**99))))) added to itself, in the grader's own
    process. Polynomials keep their usual order."""
    return not any(term.has(sp.Function) for term in terms)


def _plus(*terms: sp.Expr) -> sp.Expr:
    return sp.Add(*terms, evaluate=_evaluates(*terms))


def _times(*terms: sp.Expr) -> sp.Expr:
    return sp.Mul(*terms, evaluate=_evaluates(*terms))


_BINOPS: dict[type, Callable[[sp.Expr, sp.Expr], sp.Expr]] = {
    ast.Add: _plus, ast.Sub: lambda a, b: _plus(a, _times(sp.Integer(-1), b)),
    ast.Mult: _times, ast.Div: _divide, ast.Pow: _pow,
}


def _apply(function: Any) -> Callable[..., sp.Expr]:
    """Build function(arg) unevaluated: SymPy's automatic evaluation of nested calls such as
    tanh(tanh(...)) takes exponential time (measured: 10 levels, 17 s)."""
    return lambda arg: function(arg, evaluate=False)


def _log(arg: sp.Expr, base: sp.Expr | None = None) -> sp.Expr:
    value = sp.log(arg, evaluate=False)
    return value if base is None else _divide(value, sp.log(base, evaluate=False))


def _sigmoid(arg: sp.Expr) -> sp.Expr:
    return _divide(sp.Integer(1), _plus(sp.Integer(1), sp.exp(_times(sp.Integer(-1), arg),
                                                              evaluate=False)))


FUNCTIONS: dict[str, Callable[..., sp.Expr]] = {
    name: _apply(getattr(sp, name))
    for name in ("sin", "cos", "tan", "exp", "tanh", "sinh", "cosh", "sec", "csc", "cot",
                 "sech", "csch", "coth", "Abs")
}
FUNCTIONS.update(abs=FUNCTIONS["Abs"], log=_log, sigmoid=_sigmoid,
                 sqrt=lambda arg: _pow(arg, sp.Rational(1, 2)))


def _build_srepr(node: ast.expr) -> sp.Expr:
    """Whitelisted SymPy constructor call -> SymPy, for `srepr` text from a student process."""
    if isinstance(node, ast.Name) and node.id in CONSTANTS:
        return CONSTANTS[node.id]
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
        raise FormulaError(f"{_describe(node)} is not allowed in an expression")
    name, args = node.func.id, node.args
    _check_keywords(name, node.keywords)
    if name == "Symbol":
        return sp.Symbol(_literal(args, str, 1)[0][:100])
    if name == "Integer":
        return _integer(_literal(args, int, 1)[0])
    if name == "Rational":
        p, q = _literal(args, int, 2)
        if q == 0:
            raise FormulaError("Rational with a zero denominator")
        return sp.Rational(_integer(p), _integer(q))
    if name == "Float":
        return _float(args, node.keywords)
    built = [_build_srepr(arg) for arg in args]
    if name in ("Add", "Mul") and built:
        return _plus(*built) if name == "Add" else _times(*built)
    if name == "Pow" and len(built) == 2:
        return _pow(*built)
    if name in SREPR_FUNCTIONS and len(built) == 1:
        return FUNCTIONS[name](built[0])
    raise FormulaError(f"{name}() is not supported in an expression")


def _check_keywords(name: str, keywords: list[ast.keyword]) -> None:
    """Symbol may carry assumptions (ignored), Float its precision; nothing else has keywords."""
    for kw in keywords:
        value = kw.value.value if isinstance(kw.value, ast.Constant) else None
        if not ((name == "Symbol" and type(value) is bool)
                or (name == "Float" and kw.arg in ("precision", "dps") and type(value) is int)):
            raise FormulaError(f"{name}() with the keyword {kw.arg!r} is not supported")


def _literal(args: list[ast.expr], kind: type, count: int) -> list[Any]:
    """`count` literal arguments of type `kind`; a negative integer may carry a unary minus."""
    values = []
    for arg in args:
        negate = isinstance(arg, ast.UnaryOp) and isinstance(arg.op, ast.USub)
        inner = arg.operand if negate else arg  # type: ignore[attr-defined]
        value: Any = inner.value if isinstance(inner, ast.Constant) else None
        if negate:
            value = -value if type(value) is int else None
        if type(value) is not kind:
            raise FormulaError(f"expected a literal {kind.__name__} argument")
        values.append(value)
    if len(values) != count:
        raise FormulaError(f"expected {count} literal argument(s), got {len(values)}")
    return values


def _float(args: list[ast.expr], keywords: list[ast.keyword]) -> sp.Float:
    """Float('0.5', precision=53): a decimal string and at most 1000 bits of precision."""
    (text,) = _literal(args, str, 1)
    if len(text) > MAX_INT_DIGITS or not _FLOAT_TEXT.fullmatch(text):
        raise FormulaError("Float() needs a plain decimal number")
    bits = {kw.arg: kw.value.value for kw in keywords}  # type: ignore[attr-defined]
    precision = bits.get("precision", round(bits.get("dps", 15) * 3.33))
    return sp.Float(text, precision=max(2, min(int(precision), 1000)))


def _describe(node: ast.AST) -> str:
    if isinstance(node, ast.Attribute):
        return "attribute access (a dot after a name)"
    if isinstance(node, ast.Call):
        return f"the function {node.func.id}()" if isinstance(node.func, ast.Name) \
            else _describe(node.func)
    if isinstance(node, ast.Name):
        return f"the name {node.id!r}"
    return "a lambda" if isinstance(node, ast.Lambda) else f"this syntax ({type(node).__name__})"


