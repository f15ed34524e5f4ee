"""Korean hints and known-mistake names: the catalogue covers the suites, and the page uses it.

The suites' strings are found as a reviewer would find them: by reading every
`autograder/suites/**/test_*.py` with `ast`, resolving module-level string constants, `+`
concatenations, `HINTS[key]` lookups into module-level dicts, and the dicts returned by a
suite's own helpers (`mistakes=known_mistakes(...)`). Anything else (an f-string, say) is
reported as unresolved, so a new kind of hint cannot slip past the catalogue.
"""

from __future__ import annotations

import ast
import functools
import re
from pathlib import Path

import pytest

from autograder.grading.checks import assert_close
from autograder.reports import hints
from autograder.reports.feedback import render_feedback
from autograder.reports.report import build_report, render_report

SUITES = Path(hints.__file__).resolve().parent.parent / "suites"
HANGUL = re.compile("[가-힣]")


class Unresolved(Exception):
    """An expression whose strings cannot be read from the source alone."""


def resolve(node: ast.expr, consts: dict[str, set[str]], params: set[str]) -> set[str]:
    """Every string an expression can be: constants, `+`, dict lookups, `a if c else b`."""
    if isinstance(node, ast.Constant) and (node.value is None or isinstance(node.value, str)):
        return set() if node.value is None else {node.value}
    if isinstance(node, ast.Name) and (node.id in consts or node.id in params):
        return consts.get(node.id, set())  # a parameter: its callers are read instead
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = resolve(node.left, consts, params), resolve(node.right, consts, params)
        return {a + b for a in left for b in right}
    if isinstance(node, ast.IfExp):
        return resolve(node.body, consts, params) | resolve(node.orelse, consts, params)
    if isinstance(node, ast.Subscript):
        return resolve(node.value, consts, params)
    if isinstance(node, ast.Dict) and None not in node.keys:
        return set().union(*(resolve(value, consts, params) for value in node.values))
    raise Unresolved(ast.unparse(node))


def mistake_names(node: ast.expr, module: SuiteModule) -> set[str]:
    """The keys of a `mistakes=` mapping, following a suite's helpers to the dicts they return.

    A dict whose values are all plain dict literals maps parts (`dx`, `dw`, ...) to mistakes.
    """
    if isinstance(node, ast.Dict):
        inner = [v for v in node.values if isinstance(v, ast.Dict) and None not in v.keys]
        if node.values and len(inner) == len(node.values):
            return set().union(*(mistake_names(value, module) for value in inner))
        return set().union(*(module.strings(key) for key in node.keys if key is not None))
    if isinstance(node, ast.IfExp):
        return mistake_names(node.body, module) | mistake_names(node.orelse, module)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        helper = module.functions.get(node.func.id)
        if helper is not None:
            returns = [r.value for r in ast.walk(helper) if isinstance(r, ast.Return) and r.value]
            return set().union(*(mistake_names(value, module) for value in returns))
    return module.strings(node)


class SuiteModule:
    """One suite file: its module-level string constants, helpers and parameter names."""

    def __init__(self, path: Path) -> None:
        self.tree = ast.parse(path.read_text(encoding="utf-8"))
        self.functions = {f.name: f for f in self.tree.body if isinstance(f, ast.FunctionDef)}
        self.params = {a.arg for f in ast.walk(self.tree) if isinstance(f, ast.FunctionDef)
                       for a in (*f.args.args, *f.args.kwonlyargs)}
        self.consts: dict[str, set[str]] = {}
        for node in self.tree.body:
            if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
                try:
                    self.consts[node.targets[0].id] = resolve(node.value, self.consts, set())
                except Unresolved:
                    continue  # not a string constant (arrays, cases, symbols)

    def strings(self, node: ast.expr) -> set[str]:
        return resolve(node, self.consts, self.params)

    def texts(self) -> set[str]:
        """Every hint (keyword or parameter default) and every known-mistake name."""
        found: set[str] = set()
        for node in ast.walk(self.tree):
            if isinstance(node, ast.Call):
                for keyword in node.keywords:
                    if keyword.arg == "hint":
                        found |= self.strings(keyword.value)
                    elif keyword.arg == "mistakes":
                        found |= mistake_names(keyword.value, self)
            elif isinstance(node, ast.FunctionDef):
                named = zip(node.args.kwonlyargs, node.args.kw_defaults, strict=True)
                found |= {s for arg, default in named if arg.arg == "hint" and default
                          for s in self.strings(default)}
        return found


def suite_paths() -> list[Path]:
    return sorted(SUITES.rglob("test_*.py"))


@functools.cache
def suite_texts() -> dict[str, str]:
    """Every hint and mistake name in the suites, with the first file that uses it."""
    texts: dict[str, str] = {}
    for path in suite_paths():
        for text in SuiteModule(path).texts():
            texts.setdefault(text, str(path.relative_to(SUITES)))
    return texts


def failing_output(got: float, expected: float, mistakes: dict[str, float], hint: str) -> str:
    """The message `assert_close` writes for a wrong answer, as results.json stores it."""
    with pytest.raises(AssertionError) as caught:
        assert_close(got, expected, call="l2_norm(x)", mistakes=mistakes, hint=hint)
    return str(caught.value)


def result_with(output: str) -> dict:
    """A results.json with one visible failed test whose message is `output`."""
    test = {"name": "l2_norm: a 3-4-5 triangle", "status": "failed", "score": 0.0,
            "max_score": 1.0, "output": output, "visibility": "visible"}
    return {"score": 0.0, "max_score": 1.0, "tests": [test],
            "extra_data": {"student": "alice", "assignment": "01_vectors"}}


WRONG_ROOT = failing_output(25.0, 5.0, mistakes={"forgot the square root": 25.0},
                            hint="the L2 norm is sqrt(sum of x_i**2)")


def test_every_suite_text_has_a_korean_entry():
    """Does every hint and known-mistake name of every suite have a Korean version?"""
    catalogue = hints.catalogue("ko")
    missing = sorted(f"{where}: {text!r}" for text, where in suite_texts().items()
                     if text not in catalogue)
    assert not missing, "no Korean entry in hints.ko.yaml for:\n" + "\n".join(missing)


def test_every_korean_entry_is_used():
    """Is every entry of hints.ko.yaml a text some suite writes (or the known-mistake line)?"""
    used = set(suite_texts()) | {hints.KNOWN_MISTAKE}
    unused = sorted(set(hints.catalogue("ko")) - used)
    assert not unused, "entries no suite uses:\n" + "\n".join(map(repr, unused))


def test_korean_entries_are_korean_and_keep_their_numbers():
    """Is each entry translated, with the numbers and the `{name}` slot of the English kept?"""
    for english, korean in hints.catalogue("ko").items():
        assert HANGUL.search(korean), english
        numbers = re.findall(r"\d+(?:\.\d+)?|\{name\}", english)
        assert all(number in korean for number in numbers), (english, korean)


@pytest.mark.parametrize("path", suite_paths(), ids=lambda p: str(p.relative_to(SUITES)))
def test_every_suite_hint_can_be_read_from_the_source(path):
    """Can every hint and mistake name of this suite be resolved without running it?"""
    SuiteModule(path).texts()


def test_extraction_follows_constants_concatenations_and_helpers():
    """Are constants, `+`, dict lookups, defaults and helpers' dicts (part-keyed too) followed?"""
    texts = suite_texts()
    assert "rounding can make the cosine 1.0000000000000002: clip it to [-1, 1]" in texts
    assert "(size + 2*padding - kernel) // stride + 1 (integer division)" in texts
    assert "only the first chunk [0, k) reaches dh0" in texts
    assert "the bias is missing" in texts
    assert "dw must sum over the whole batch, not one sample" in texts
    assert "precision and recall swapped" in texts
    assert not {"dx", "dw", "db", "false_alarm", "precision"} & set(texts)


def test_an_f_string_hint_is_reported_as_unresolved(tmp_path):
    """Is a hint built by an f-string refused rather than silently skipped?"""
    path = tmp_path / "test_fstring.py"
    path.write_text('def test_x(student, k):\n    assert_close(1, 2, call="f", hint=f"k={k}")\n')
    with pytest.raises(Unresolved, match="k="):
        SuiteModule(path).texts()


def test_korean_page_shows_the_korean_hint_and_known_mistake():
    """Does the Korean page show the hint and the known mistake from the Korean catalogue?"""
    html = render_feedback(result_with(WRONG_ROOT), "ko")
    korean = hints.catalogue("ko")
    mistake = korean[hints.KNOWN_MISTAKE].format(name=korean["forgot the square root"])
    assert mistake in html and "제곱근" in mistake
    assert f"<b>힌트:</b> {korean['the L2 norm is sqrt(sum of x_i**2)']}</div>" in html
    assert "known mistake: forgot" not in html and "the L2 norm is" not in html
    assert "l2_norm(x):\nexpected 5, got 25" in html  # the rest of the message stays as it is


def test_korean_page_shows_unknown_text_as_it_is():
    """Is a hint or mistake the catalogue does not know shown in English, inside Korean words?"""
    output = failing_output(2.0, 1.0, mistakes={"a brand new mistake": 2.0}, hint="a new hint")
    html = render_feedback(result_with(output), "ko")
    frame = hints.catalogue("ko")[hints.KNOWN_MISTAKE]
    assert frame.format(name="a brand new mistake") in html
    assert "<b>힌트:</b> a new hint</div>" in html


def test_english_page_is_unchanged():
    """Does the English page keep the suite's own words, with no Korean on it?"""
    html = render_feedback(result_with(WRONG_ROOT), "en")
    assert "This looks like a known mistake: forgot the square root." in html
    assert "<b>Hint:</b> the L2 norm is sqrt(sum of x_i**2)</div>" in html
    assert not HANGUL.search(html)


def test_translation_leaves_english_and_other_lines_alone():
    """Is English returned as it is, and only the known-mistake line of a message translated?"""
    assert hints.translate_message(WRONG_ROOT, "en") == WRONG_ROOT
    assert hints.translate("forgot the square root", "en") == "forgot the square root"
    lines = hints.translate_message(WRONG_ROOT, "ko").splitlines()
    assert lines[:2] == WRONG_ROOT.splitlines()[:2] and HANGUL.search(lines[2])


def test_korean_class_report_counts_the_korean_hint():
    """Does the Korean class report list the most common hint in Korean?"""
    report = build_report([result_with(WRONG_ROOT)], "01_vectors", "ko")
    korean = hints.catalogue("ko")["the L2 norm is sqrt(sum of x_i**2)"]
    assert korean in render_report(report)
    assert "the L2 norm is" not in render_report(report)
