"""Per-student values in the grader: the course's values key and filled-in explanations.

The values key is `derive(secret, "quiz-values")`, recorded once, when the course is set up,
as `quiz_values_key` under `[tool.aimath]` in the course's pyproject.toml (`python -m
autograder.quiz.variants [--course DIR]`). It is published (in `release/<quiz>/<quiz>.forms.json`)
so the kit can show each student their values without the secret; being an HMAC output it
tells nothing about the secret, which also seeds every submission's hidden inputs. Recorded
rather than derived on each run, it stays the same wherever the secret is absent: CI
regenerates release/ and compares it with the committed copy without any secret.
"""

from __future__ import annotations

import argparse
import functools
import re
import sys
from collections.abc import Mapping, Sequence
from fractions import Fraction
from pathlib import Path

import sympy as sp

from autograder.course.assignments import ROOT
from autograder.course.secret import course_secret, derive
from autograder.course.settings import load_settings
from autograder.student.formulas import Formula, FormulaError, parse_formula
from autograder.student.numbers import real_value
from autograder.student.values import LABEL

SETTING = "quiz_values_key"
SOLUTION_STUDENT = "solution"  # whose values the model solution answers (validate's name)
PLACEHOLDER = re.compile(r"\{\{(.+?)\}\}")
_SIGN_AROUND = re.compile(r"([+-])\s*\(\s*\{\{([^{}]+)\}\}\s*\)")  # "+ ({{b}})"
_OPERATOR_BEFORE = re.compile(r"(?:[-+*/]|\\cdot|\\times)\s*\Z")  # what ends there
TABLE = re.compile(r"^[ \t]*\[[ \t]*tool[ \t]*\.[ \t]*aimath[ \t]*\][ \t]*(#.*)?$", re.MULTILINE)


class ValuesKeyError(RuntimeError):
    """The course has no values key, so randomised items cannot be drawn."""


def values_key(course: Path | str = ROOT) -> bytes:
    """The course's published values key (this repository's when the folder has none)."""
    for folder in dict.fromkeys((Path(course).resolve(), ROOT)):
        text = _recorded(folder)
        if text:
            return bytes.fromhex(text)
    raise ValuesKeyError(f"{course}: no {SETTING} under [tool.aimath]; create it once with "
                         "`python -m autograder.quiz.variants --course DIR`")


@functools.lru_cache(maxsize=16)
def _recorded(folder: Path) -> str | None:
    return load_settings(folder).quiz_values_key


def create_values_key(course: Path) -> bytes:
    """The course's values key; derived from its secret and recorded the first time."""
    course = Path(course).resolve()
    recorded = _recorded(course)
    if recorded:
        return bytes.fromhex(recorded)
    key = derive(course_secret(course), LABEL)
    line = ("# Published: draws each student's quiz values (autograder/quiz/variants.py).\n"
            f'{SETTING} = "{key.hex()}"\n')
    own, pyproject = course / "aimath.toml", course / "pyproject.toml"
    if own.is_file():  # a course's own aimath.toml wins over pyproject.toml: top level
        own.write_text(line + own.read_text(encoding="utf-8"), encoding="utf-8")
    else:
        text = pyproject.read_text(encoding="utf-8") if pyproject.is_file() else ""
        header = TABLE.search(text)  # the table's own line, a comment after it or not
        text = (f"{text[:header.end()]}\n{line}{text[header.end() + 1:]}" if header
                else f"{text}\n[tool.aimath]\n{line}")
        pyproject.write_text(text.lstrip("\n"), encoding="utf-8")
    _recorded.cache_clear()
    return key


def exact(values: Mapping[str, Fraction]) -> dict[sp.Symbol, sp.Rational]:
    """Values as SymPy substitutions, exactly (0.12 is 3/25, never a float)."""
    return {sp.Symbol(name): sp.Rational(v.numerator, v.denominator) for name, v in values.items()}


@functools.lru_cache(maxsize=1024)
def formula(text: str, names: tuple[str, ...]) -> Formula:
    """A bank's formula (trusted text) in the given names, parsed once."""
    return parse_formula(text, names)


def number_at(text: str, names: tuple[str, ...], values: Mapping[str, Fraction]) -> float:
    """A one-formula answer at a student's values: computed exactly, rounded once at the end."""
    parsed = formula(text, names)
    if isinstance(parsed, tuple):
        raise FormulaError("expected one formula, not a list")
    return real_value(parsed.xreplace(exact(values)))


def number_text(value: sp.Expr) -> str:
    """An exact number as feedback shows it: 6 significant digits ("0.916667", "16")."""
    return format(real_value(value), ".6g")


def fill(text: str, names: tuple[str, ...], values: Mapping[str, Fraction]) -> str:
    """`text` with each `{{formula}}` replaced by its value at `values` ("{{s*p}}" -> "0.095"),
    written as a person writes it: a negative value after an operator or under a power is put
    in parentheses ("0.2 \\cdot (-4)", "(-0.9)^{5}"), and a sign around one in parentheses
    is merged ("x + ({{b}})" reads "x - 5" for b = -5)."""
    subs = exact(values)

    def numbers(place: str) -> list[str]:
        parsed = formula(place.strip(), names)
        return [number_text(part.xreplace(subs))
                for part in (parsed if isinstance(parsed, tuple) else (parsed,))]

    def merged(match: re.Match[str]) -> str:
        (number, *more) = numbers(match.group(2))
        if more:
            return match.group(0)  # a list: filled below
        if number.startswith("-"):
            return f"{'+' if match.group(1) == '-' else '-'} {number[1:]}"
        return f"{match.group(1)} {number}"

    signed = _SIGN_AROUND.sub(merged, text)

    def value(match: re.Match[str]) -> str:
        shown = ", ".join(numbers(match.group(1)))
        operand = _OPERATOR_BEFORE.search(signed, 0, match.start()) \
            or signed[match.end():].lstrip().startswith("^")
        return f"({shown})" if shown.startswith("-") and "," not in shown and operand \
            else shown

    return PLACEHOLDER.sub(value, signed)


def placeholders(text: str) -> list[str]:
    """The formulas between `{{` and `}}` in a text."""
    return [match.strip() for match in PLACEHOLDER.findall(text)]


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m autograder.quiz.variants [--course DIR]`: create and print the values key,
    and rewrite the course's forms files (source/, release/) to publish it."""
    from autograder.quiz.publish import publish  # it renders forms files, which need this

    parser = argparse.ArgumentParser(prog="python -m autograder.quiz.variants",
                                     description="Record the course's quiz values key.")
    parser.add_argument("--course", type=Path, default=ROOT, help="the course folder")
    args = parser.parse_args(argv)
    if not args.course.is_dir():
        parser.error(f"--course {args.course}: not a folder (give the course folder)")
    key = create_values_key(args.course)
    print(f"{SETTING} = {key.hex()}")
    for path in publish(args.course, key):
        print(f"rewritten to publish it: {path}")
        if path.parent.parent.name == "release":
            print(f"  {path.parent.name} was already released: students who fetched it see "
                  "values of the old key; release it again before they answer, or keep the "
                  f"old key (set {SETTING} back)", file=sys.stderr)
    print("students using the kit wheel need one built with this key: `python -m "
          "autograder.kit.build --course DIR`")
    return 0


if __name__ == "__main__":
    sys.exit(main())
