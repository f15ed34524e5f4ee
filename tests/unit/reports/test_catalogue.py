"""Korean for the suites' own English: every hint, known-mistake name and custom message of
every hidden suite, and every assignment title, has an entry in hints.ko.yaml; every entry is
used; the pages show them.

The suites' strings are found as a reviewer would find them: by reading every
`autograder/suites/**/test_*.py` with `ast`, resolving module-level string constants, `+`
concatenations, `HINTS[key]` lookups into module-level dicts, parameter defaults and the dicts
a suite's own helpers return (`mistakes=known_mistakes(...)`). A hint that cannot be resolved
(an f-string, say) is an error. A custom message built at run time (`assert ok, f"...{x}"`)
cannot be translated by its words at all: those are listed in RUN_TIME, so that no new one
slips in unnoticed (there are none: the suites raise catalogue messages instead). A keyed
message (`CheckFailure([msg(...)])`, or a `Message` passed on to `PartialCredit`) is no custom
text: tests/unit/reports/test_i18n.py checks its key.
"""

from __future__ import annotations

import ast
import functools
import re
from pathlib import Path

import pytest
import yaml
from support.factories import result, test

from autograder.course.assignments import ALL, SUITES
from autograder.grading.checks import RETURNED_NONE
from autograder.message import text
from autograder.reports.feedback import render_feedback
from autograder.reports.i18n import MESSAGES, translate
from autograder.reports.report import build_report, render_report

HANGUL = re.compile("[가-힣]")

# Custom messages built at run time, by file and source: English on a Korean page until the
# suite raises a catalogue message instead (`CheckFailure([msg("check.expected_kind", ...)])`).
RUN_TIME: set[tuple[str, str]] = set()


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


def custom_message(node: ast.AST) -> ast.expr | None:
    """The message of `assert ok, message`, `raise AssertionError(message)`,
    `raise PartialCredit(fraction, message)` or `pytest.fail(message)`, unless it is keyed."""
    if isinstance(node, ast.Assert):
        return node.msg
    call = node.exc if isinstance(node, ast.Raise) else node
    if not isinstance(call, ast.Call) or not call.args:
        return None
    name = _called(call)
    if name == "PartialCredit" and keyed(call.args[-1]):
        return None
    if name in ("AssertionError", "PartialCredit") and isinstance(node, ast.Raise):
        return call.args[-1]
    return call.args[0] if name == "fail" else None


def _called(call: ast.Call) -> str:
    func = call.func
    return func.id if isinstance(func, ast.Name) else \
        func.attr if isinstance(func, ast.Attribute) else ""


def keyed(node: ast.expr) -> bool:
    """Is `PartialCredit`'s message (text or a `Message`) a keyed one: `msg(...)`, or a
    message passed on (`result.message`, a graded quiz item's verdict, autograder/quiz/items)?"""
    if isinstance(node, ast.Call):
        return _called(node) in ("msg", "Message")
    return isinstance(node, ast.Attribute) and node.attr == "message"


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
        """Every hint (keyword or parameter default), known-mistake name and custom message
        that can be read from the source."""
        found: set[str] = set()
        for node in ast.walk(self.tree):
            if isinstance(node, ast.Call):
                for keyword in node.keywords:
                    if keyword.arg == "hint":
                        found |= self.strings(keyword.value)
                    elif keyword.arg == "mistakes":
                        found |= mistake_names(keyword.value, self)
            elif isinstance(node, ast.FunctionDef):
                found |= {s for default in self.hint_defaults(node) for s in self.strings(default)}
        return found | {s for m in self.messages() if not self.run_time(m) for s in self.strings(m)}

    @staticmethod
    def hint_defaults(node: ast.FunctionDef) -> list[ast.expr]:
        args = node.args
        named = [*zip(args.args[len(args.args) - len(args.defaults):], args.defaults,
                      strict=True),
                 *((a, d) for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=True) if d)]
        return [default for arg, default in named if arg.arg == "hint"]

    def messages(self) -> list[ast.expr]:
        return [m for node in ast.walk(self.tree) if (m := custom_message(node)) is not None]

    def run_time(self, node: ast.expr) -> bool:
        try:
            self.strings(node)
        except Unresolved:
            return True
        return False

    def run_time_messages(self) -> set[str]:
        """The source of each custom message that is built at run time."""
        return {ast.unparse(m) for m in self.messages() if self.run_time(m)}


def suite_paths() -> list[Path]:
    return sorted(SUITES.rglob("test_*.py"))


@functools.cache
def suite_texts() -> dict[str, str]:
    """Every hint, mistake name and custom message in the suites (and the checks' own), with
    the first file using it, and every assignment's title."""
    texts = {a.title: "course/assignments.py" for a in ALL.values()}
    texts[RETURNED_NONE] = "grading/checks.py"  # the checks' own hint, for every suite
    for path in suite_paths():
        for found in SuiteModule(path).texts():
            texts.setdefault(found, str(path.relative_to(SUITES)))
    return texts


@functools.cache
def korean() -> dict[str, str]:
    with open(MESSAGES / "hints.ko.yaml", encoding="utf-8") as handle:
        return {str(k): str(v) for k, v in (yaml.safe_load(handle) or {}).items()}


def test_every_suite_text_has_a_korean_entry():
    """Does every hint, known-mistake name, custom message and assignment title have a
    Korean version?"""
    missing = sorted(f"{where}: {text!r}" for text, where in suite_texts().items()
                     if text not in korean())
    assert not missing, "no Korean entry in hints.ko.yaml for:\n" + "\n".join(missing)


def test_every_korean_entry_is_used():
    """Is every entry of hints.ko.yaml a text some suite writes or an assignment's title?"""
    unused = sorted(set(korean()) - set(suite_texts()))
    assert not unused, "entries no suite uses:\n" + "\n".join(map(repr, unused))


def test_korean_entries_are_korean_and_keep_their_numbers():
    """Is each entry translated, with the numbers of the English kept?"""
    for english, translated in korean().items():
        assert HANGUL.search(translated), english
        numbers = re.findall(r"\d+(?:\.\d+)?", english)
        assert all(number in translated for number in numbers), (english, translated)


@pytest.mark.parametrize("path", suite_paths(), ids=lambda p: str(p.relative_to(SUITES)))
def test_every_suite_hint_can_be_read_from_the_source(path):
    """Can every hint and mistake name of this suite be resolved without running it?"""
    SuiteModule(path).texts()


def test_messages_built_at_run_time_are_only_the_listed_ones():
    """Is every custom message that cannot be translated by its words listed in RUN_TIME, and
    is every listed one still in the suites?"""
    found = {(str(path.relative_to(SUITES)), source) for path in suite_paths()
             for source in SuiteModule(path).run_time_messages()}
    assert sorted(found - RUN_TIME) == [], "new messages built at run time"
    assert sorted(RUN_TIME - found) == [], "listed messages no longer in the suites"


def test_extraction_follows_constants_concatenations_and_helpers():
    """Are constants, `+`, dict lookups, defaults and helpers' dicts (part-keyed too)
    followed?"""
    texts = suite_texts()
    assert "rounding can make the cosine 1.0000000000000002: clip it to [-1, 1]" in texts
    assert "(size + 2*padding - kernel) // stride + 1 (integer division)" in texts
    assert "only the first chunk [0, k) reaches dh0" in texts
    assert "the bias is missing" in texts
    assert "dw must sum over the whole batch, not one sample" in texts
    assert "precision and recall swapped" in texts
    assert "Quiz 10: RNN" in texts
    assert not {"dx", "dw", "db", "false_alarm", "precision"} & set(texts)


def test_an_f_string_hint_is_reported_as_unresolved(tmp_path):
    """Is a hint built by an f-string refused rather than silently skipped?"""
    path = tmp_path / "test_fstring.py"
    path.write_text('def test_x(student, k):\n    assert_close(1, 2, call="f", hint=f"k={k}")\n')
    with pytest.raises(Unresolved, match="k="):
        SuiteModule(path).texts()


def test_custom_messages_are_read_and_run_time_ones_set_apart(tmp_path):
    """Are `assert` messages, `AssertionError`, `PartialCredit` and `pytest.fail` texts read,
    hint defaults of helpers too, a message built at run time set apart, and keyed messages
    (`msg(...)`, a quiz verdict passed on) left to the key checks?"""
    path = tmp_path / "test_custom.py"
    path.write_text(
        'WHY = "the rows must sum to one"\n'
        'def check(got, *, hint="a default hint"):\n    pass\n'
        'def test_x(student, n):\n'
        '    assert student.f(1) == 1, "f(1) should be 1"\n'
        '    assert student.f(2) == 2, WHY + " (axis=-1)"\n'
        '    raise AssertionError("plain failure")\n'
        'def test_y(student, n):\n'
        '    raise PartialCredit(0.5, "half right")\n'
        'def test_z(student, n):\n'
        '    pytest.fail("never reached")\n'
        '    assert n, f"n is {n}"\n'
        'def test_keyed(student, result):\n'
        '    raise PartialCredit(result.score, result.message)\n'
        '    raise PartialCredit(0.5, msg("quiz.partial", item="q1"))\n'
        '    raise CheckFailure([msg("check.value", where="", expected="1", got="2")])\n'
        '    raise PartialCredit(0.5, result.text)\n', encoding="utf-8")
    module = SuiteModule(path)
    assert module.texts() == {"a default hint", "f(1) should be 1",
                              "the rows must sum to one (axis=-1)", "plain failure",
                              "half right", "never reached"}
    assert module.run_time_messages() == {"f'n is {n}'", "result.text"}


def test_korean_page_shows_the_suites_words_in_korean():
    """Does the Korean page show a suite's hint, mistake name and custom message from
    hints.ko.yaml, and a text it does not know as it is?"""
    hint, mistake = "the L2 norm is sqrt(sum of x_i**2)", "forgot the square root"
    wrong = test("l2_norm: a 3-4-5 triangle", 0, hints=(hint,), mistake=mistake,
                 details=(text("the L2 norm is sqrt(sum of x_i**2)"), text("a brand new line")))
    page = render_feedback(result("alice", wrong), "ko")
    assert f"<b>힌트:</b> {korean()[hint]}</div>" in page
    assert f"알려진 실수(known mistake)로 보입니다: {korean()[mistake]}." in page
    assert korean()[hint] + "\na brand new line" in page
    assert mistake not in page


def test_korean_pages_show_the_assignment_title_in_korean():
    """Is the assignment's title shown in Korean on the feedback page and the class report?"""
    record = result("kim", test("q1: a question", 1, answer="A"), assignment="quiz_10")
    assert translate("Quiz 10: RNN", "ko") in render_feedback(record, "ko")
    page = render_report(build_report([record], "quiz_10", "ko"))
    assert translate("Quiz 10: RNN", "ko") in page and "Quiz 10: RNN" not in page
