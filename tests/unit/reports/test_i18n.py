"""The message catalogue: both languages complete and alike, every key that code or a template
names defined with the values it needs, and every key used.

Keys are found as a reviewer would find them: `t("...")` and `label("...", ...)` calls in every
template (`autograder/**/*.j2`, read with Jinja's own parser), `msg("...")`, `t("...")`,
`Message("...")` and `label("...", ...)` calls in `autograder/**/*.py` (read with `ast`). A key
chosen at run time (`f"intake.refused_{why}"`, `label("status", value)`, `"prefix." ~ value` in
a template) is a family: each family is listed in FAMILIES with the values it takes, and those
values are checked against what produces them (add a test beside the others for a new one).
"""

from __future__ import annotations

import ast
import functools
import json
import os
import re
import string
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import jinja2
import pytest
from jinja2 import nodes
from support.factories import result, test

import autograder
from autograder.grading.model import Status
from autograder.intake.discover import discover
from autograder.intake.prepare import note_message
from autograder.message import FREE_TEXT, msg, text
from autograder.reports.feedback import badge, render_feedback
from autograder.reports.i18n import (
    LANGUAGES,
    catalogue,
    label,
    num,
    pct,
    render,
    render_template,
    t,
)
from autograder.reports.report import ClassReport, report_context
from autograder.student.notebook import read_bytes

PACKAGE = Path(autograder.__file__).resolve().parent
CALLS = {"msg", "t", "Message", "label"}
HANGUL = re.compile("[가-힣]")


@dataclass(frozen=True)
class Use:
    """One place that names a catalogue key (or a family of keys)."""

    where: str
    key: str | None = None  # a key written out
    family: str | None = None  # the prefix of a key completed at run time
    supplied: frozenset[str] | None = None  # the values passed (None: not known, **params)


class Unresolved(Exception):
    """A key that is neither written out nor a family: add it to FAMILIES or write it out."""


def fields(sentence: str) -> set[str]:
    """The `{placeholders}` of a sentence, with their conversions (`text!r`)."""
    return {name + (f"!{conversion}" if conversion else "")
            for _, name, _, conversion in string.Formatter().parse(sentence) if name is not None}


def untagged(names: set[str], lang: str) -> set[str]:
    """Placeholders with the sentence's own language tag made neutral: a value given in every
    language (`quiz.invalid`'s `problem_en` and `problem_ko`, said by the kit's form words)
    is one placeholder, `problem_*`."""
    tag = f"_{lang}"
    return {(name[: -len(tag)] + "_*" if name.endswith(tag) else name) + sep + conversion
            for name, sep, conversion in (n.partition("!") for n in names)}


def _prefix(node: ast.JoinedStr) -> str:
    head = node.values[0] if node.values else None
    return head.value if isinstance(head, ast.Constant) and isinstance(head.value, str) else ""


class PythonKeys(ast.NodeVisitor):
    """Every key one module names, resolving names assigned in the same function or module."""

    def __init__(self, path: Path, where: str, calls: dict[str, int] | None = None) -> None:
        self.tree = ast.parse(path.read_text(encoding="utf-8"))
        self.where = where
        self.calls = {name: 0 for name in CALLS} if calls is None else calls
        self.uses: list[Use] = []
        self.scopes: list[ast.AST] = [self.tree]
        self.visit(self.tree)

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        self.scopes.append(node)
        self.generic_visit(node)
        self.scopes.pop()

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        name = func.id if isinstance(func, ast.Name) else \
            func.attr if isinstance(func, ast.Attribute) else None
        index = self.calls.get(name or "")
        if index is not None and len(node.args) > index:
            given = {k.arg for k in node.keywords}
            supplied = None if None in given else frozenset(str(k) for k in given)
            where = f"{self.where}:{node.lineno}"
            for kind, value in self.resolve(node.args[index]):
                if name == "label":
                    kind, value = "family", f"{value}."
                self.uses.append(Use(where, **{kind: value}, supplied=supplied))
        self.generic_visit(node)

    def resolve(self, node: ast.expr) -> Iterator[tuple[str, str]]:
        """("key", k) or ("family", prefix) for every value the expression can take."""
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield "key", node.value
        elif isinstance(node, ast.JoinedStr):
            yield "family", _prefix(node)
        elif isinstance(node, ast.IfExp):
            yield from self.resolve(node.body)
            yield from self.resolve(node.orelse)
        elif isinstance(node, ast.Attribute) and node.attr == "key":
            return  # a message's own key passed on (`Message(message.key, ...)`)
        elif isinstance(node, ast.Name) and not self.is_parameter(node.id):
            values = self.assigned(node.id)
            if not values:
                raise Unresolved(f"{self.where}:{node.lineno}: {node.id}")
            for value in values:
                yield from self.resolve(value)
        elif not isinstance(node, ast.Name):  # a parameter: its callers are read instead
            raise Unresolved(f"{self.where}:{node.lineno}: {ast.unparse(node)}")

    def is_parameter(self, name: str) -> bool:
        scope = self.scopes[-1]
        if not isinstance(scope, ast.FunctionDef | ast.AsyncFunctionDef):
            return False
        arguments = scope.args
        return name in {a.arg for a in (*arguments.posonlyargs, *arguments.args,
                                        *arguments.kwonlyargs)}

    def assigned(self, name: str) -> list[ast.expr]:
        """The values assigned to `name` in the current function, else at module level."""
        for scope in (self.scopes[-1], self.tree):
            body = ast.walk(scope) if scope is not self.tree else iter(self.tree.body)
            found = [n.value for n in body if isinstance(n, ast.Assign)
                     and any(isinstance(t, ast.Name) and t.id == name for t in n.targets)]
            if found:
                return found
        return []


def template_uses(path: Path) -> list[Use]:
    """Every `t(...)` and `label(...)` call of one template."""
    tree = jinja2.Environment().parse(path.read_text(encoding="utf-8"))
    uses = []
    for call in tree.find_all(nodes.Call):
        if not (isinstance(call.node, nodes.Name) and call.node.name in ("t", "label")):
            continue
        where = f"{path.relative_to(PACKAGE.parent)}:{call.lineno}"
        supplied = None if call.dyn_kwargs else frozenset(k.key for k in call.kwargs)
        for kind, value in _template_key(call.args[0] if call.args else None, where):
            if call.node.name == "label":
                kind, value = "family", f"{value}."
            uses.append(Use(where, **{kind: value}, supplied=supplied))
    return uses


def _template_key(node: nodes.Node | None, where: str) -> Iterator[tuple[str, str]]:
    """("key", k) for a written-out key, ("family", prefix) for `"prefix." ~ value`."""
    if isinstance(node, nodes.Const) and isinstance(node.value, str):
        yield "key", node.value
    elif isinstance(node, nodes.CondExpr):
        yield from _template_key(node.expr1, where)
        yield from _template_key(node.expr2, where)
    elif isinstance(node, nodes.Concat | nodes.Add) and isinstance(
            head := (node.nodes[0] if isinstance(node, nodes.Concat) else node.left), nodes.Const):
        yield "family", str(head.value)
    else:
        raise Unresolved(f"{where}: a key that is not written out")


def python_uses(path: Path) -> list[Use]:
    return PythonKeys(path, str(path.relative_to(PACKAGE.parent))).uses


def written_out(name: str, index: int) -> set[str]:
    """Every key the course service passes as argument `index` of its `name(...)` calls
    (`ServiceError(404, "no_student")`, `flash(call, "ok", "saved")`)."""
    return {use.key for path in sorted((PACKAGE / "service").rglob("*.py"))
            for use in PythonKeys(path, str(path), {name: index}).uses if use.key}


# Keys chosen at run time: prefix -> the values that complete it (each checked below against
# what produces it).
FAMILIES = {
    "status.": {"graded", "unreadable", "refused", "conflict", "error",  # Status
                "passed", "partial", "failed"},  # feedback.badge
    "intake.refused_": {"link", "special"},  # intake.discover._refused
    "notebook.skipped_": {"line", "cell"},  # student.notebook.Note.kind
    "service.role.": {"student", "ta", "instructor"},  # service.accounts.ROLES
    "service.late.": {"none", "zero", "linear"},  # course.settings.LatePolicy.kind
    "service.counts.": {"last", "best"},  # course.settings Policy.counts
    "service.visibility.": {"visible", "hidden", "after_due_date", "after_published"},
    "service.status.": {"queued", "grading", "graded", "error"},  # service.standing
    "service.error.": written_out("ServiceError", 1),
    "service.flash.": written_out("flash", 2),
    "kind.": {"number", "array", "bool", "dict", "list", "tuple"},  # checks._kind, expected_*
}
# Sentences with no words to translate: the same in every language.
NEUTRAL = {"feedback.checksum", "check.call", "intake.unreadable"}
# A link to the other language, named in that language.
SWITCH = "service.switch_language"


@functools.cache
def all_uses() -> tuple[Use, ...]:
    templates = [u for p in sorted(PACKAGE.rglob("*.j2")) for u in template_uses(p)]
    code = [u for p in sorted(PACKAGE.rglob("*.py")) for u in python_uses(p)]
    return tuple(u for u in templates + code if u.key != FREE_TEXT)


def used_keys() -> set[str]:
    literal = {u.key for u in all_uses() if u.key}
    return literal | {prefix + value for prefix, values in FAMILIES.items() for value in values}


def test_languages_have_the_same_keys():
    """Does Korean define exactly the keys English does?"""
    assert set(catalogue("ko")) == set(catalogue("en"))


def test_languages_use_the_same_placeholders():
    """Does every Korean sentence take the same `{values}` (and conversions) as its English, a
    value given per language (`problem_ko` for `problem_en`) included?"""
    en, ko = catalogue("en"), catalogue("ko")
    assert [key for key in en
            if untagged(fields(en[key]), "en") != untagged(fields(ko[key]), "ko")] == []


def test_a_language_tag_is_neutral_only_in_its_own_language():
    """Is `{problem_en}` in English the same value as `{problem_ko}` in Korean, but English
    taking `{problem_ko}` (a Korean value on an English page) a different one?"""
    assert untagged({"item", "problem_en"}, "en") == untagged({"item", "problem_ko"}, "ko")
    assert untagged({"problem_ko"}, "en") != untagged({"problem_ko"}, "ko")
    assert untagged({"text!r"}, "ko") == {"text!r"}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_sentence_can_be_filled(lang):
    """Does every sentence format with its values, leaving no brace behind?"""
    for key, sentence in catalogue(lang).items():
        values = {name.split("!")[0]: "V" for name in fields(sentence)}
        filled = t(key, lang, **values) if values else t(key, lang)
        assert "{" not in filled and "}" not in filled, key


def test_korean_sentences_are_korean():
    """Is every Korean sentence written in Korean, but for the few with no words?"""
    en, ko = catalogue("en"), catalogue("ko")
    assert [key for key in ko if key not in NEUTRAL | {SWITCH}
            and not HANGUL.search(ko[key])] == []
    assert all(ko[key] == en[key] for key in NEUTRAL)
    assert (en[SWITCH], ko[SWITCH]) == ("한국어", "English")


def test_the_scanners_find_keys_in_every_place():
    """Do the scanners see keys in the reports' and integrity's templates and in the code?"""
    wheres = {u.where.split(":")[0] for u in all_uses() if u.key}
    assert {"autograder/reports/templates/feedback.html.j2",
            "autograder/integrity/templates/similarity.html.j2",
            "autograder/grading/checks.py", "autograder/batch/summary.py"} <= wheres
    keys = {u.key for u in all_uses()}
    assert {"feedback.hint", "similarity.notice", "check.value", "console.line",
            "student.returned_object", "student.object_value", "sandbox.killed_memory",
            "sandbox.killed"} <= keys


def test_every_named_key_is_in_the_catalogue():
    """Is every key a template or the code names defined?"""
    known = set(catalogue("en"))
    assert sorted(f"{u.where}: {u.key}" for u in all_uses() if u.key and u.key not in known) \
        == []


def test_every_use_supplies_the_values_its_sentence_needs():
    """Does every call pass each `{value}` its sentence (in either language) fills in?"""
    en = catalogue("en")
    short = [f"{u.where}: {u.key} needs {sorted(need - u.supplied)}"
             for u in all_uses() if u.key in en and u.supplied is not None
             and not (need := {f.split("!")[0] for lang in LANGUAGES
                               for f in fields(catalogue(lang)[u.key])}) <= u.supplied]
    assert short == []


def test_keys_chosen_at_run_time_are_listed():
    """Is every key family that code or a template completes at run time listed here?"""
    assert sorted({f"{u.where}: {u.family}" for u in all_uses()
                   if u.family is not None and u.family not in FAMILIES}) == []


def test_every_key_is_used():
    """Is every catalogue sentence named somewhere (no dead sentences)?"""
    assert sorted(set(catalogue("en")) - used_keys()) == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_family_member_has_a_sentence(lang):
    """Does every value of a listed family complete a key that exists, with its own label?"""
    missing = sorted(f"{prefix}{value}" for prefix, values in FAMILIES.items()
                     for value in values if f"{prefix}{value}" not in catalogue(lang))
    assert missing == []
    assert all(label("status", value, lang) != value for value in FAMILIES["status."])


def test_status_family_matches_the_statuses_and_badges():
    """Are the listed status labels exactly the submission statuses and the test badges?"""
    badges = {badge(True, 1.0), badge(False, 0.5), badge(False, 0.0)}
    assert FAMILIES["status."] == {s.value for s in Status} | badges


def test_skipped_line_family_matches_the_notebook_reader():
    """Are the listed kinds of skipped code exactly those the notebook reader reports?"""
    cells = [{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
              "source": source} for source in ("%%bash\nls", "!pip install numpy")]
    notebook = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": cells}
    notes = read_bytes(json.dumps(notebook).encode(), "alice.ipynb").notes
    assert {note_message(n).key for n in notes} == {
        f"notebook.skipped_{kind}" for kind in FAMILIES["notebook.skipped_"]}


def test_refused_family_matches_what_discovery_refuses(tmp_path):
    """Are the listed refusals exactly those discovery gives a link and a pipe?"""
    folder = tmp_path / "submissions"
    folder.mkdir()
    (folder / "alice.ipynb").symlink_to("/etc/hostname")
    os.mkfifo(folder / "bob.ipynb")
    found = discover(folder, "01_vectors", tmp_path / "work")
    assert {s.problem.key for s in found if s.problem} == {
        f"intake.refused_{why}" for why in FAMILIES["intake.refused_"]}


def test_service_families_match_their_producers(tmp_path):
    """Are the listed roles, late policies, counting rules, visibilities and attempt statuses
    exactly those the service and the course settings produce?"""
    from autograder.course.settings import LatePolicy, SettingsError, load_settings
    from autograder.grading.model import Visibility
    from autograder.service.accounts import ROLES
    from autograder.service.standing import AttemptRow

    assert FAMILIES["service.role."] == set(ROLES)
    assert FAMILIES["service.visibility."] == {v.value for v in Visibility}
    assert FAMILIES["service.late."] == {LatePolicy.parse(policy).kind
                                         for policy in ("none", "zero", "linear:10:50")}
    for counts in FAMILIES["service.counts."]:
        (tmp_path / "aimath.toml").write_text(f'[assignments.a]\ncounts = "{counts}"\n')
        assert load_settings(tmp_path).policy("a").counts == counts
    (tmp_path / "aimath.toml").write_text('[assignments.a]\ncounts = "worst"\n')
    with pytest.raises(SettingsError):
        load_settings(tmp_path)
    rows = {AttemptRow(1, "s", 1, "s.ipynb", None, job, 1, grading, 1.0, 1.0, 1.0, 1.0).status
            for job in (None, "queued", "grading", "done")
            for grading in (None, *(s.value for s in Status))}
    assert rows == FAMILIES["service.status."]


def test_service_errors_and_flashes_are_written_out():
    """Is every `ServiceError` and `flash` key written out where it is raised, so that the
    family lists above are complete?"""
    assert {"no_student", "not_found", "bad_method"} <= FAMILIES["service.error."]
    assert {"saved", "handed_in", "repeated"} <= FAMILIES["service.flash."]


def test_a_key_built_from_an_unknown_value_is_reported(tmp_path):
    """Is a key the scanner cannot read (built from a call) reported, and an f-string key
    seen as a family, so a new run-time key cannot slip past these checks?"""
    source = tmp_path / "module.py"
    source.write_text('def f(kind, other):\n    a = msg(f"new.family_{kind}")\n'
                      '    return msg(pick(other))\n', encoding="utf-8")
    with pytest.raises(Unresolved, match="pick"):
        PythonKeys(source, "module.py")
    source.write_text('def f(kind):\n    return msg(f"new.family_{kind}", cell=1)\n',
                      encoding="utf-8")
    assert PythonKeys(source, "module.py").uses == [
        Use("module.py:2", family="new.family_", supplied=frozenset({"cell"}))]


def test_placeholders_are_filled_in_either_language():
    """Are values put into the sentence in English and in Korean?"""
    assert t("feedback.tests_passed", "en", passed=1, total=3) == "1 of 3 tests passed"
    assert t("feedback.tests_passed", "ko", passed=1, total=3) == "테스트 3개 중 1개 통과"


def test_a_message_renders_in_the_readers_language():
    """Is a keyed message rendered from the catalogue, and a suite's own sentence translated
    by its words (or shown as it is when it has no Korean entry)?"""
    assert render(msg("sandbox.timed_out", seconds=10), "ko") == \
        "10초 안에 끝나지 않아 호출을 멈췄습니다"
    assert render(text("forgot the square root"), "ko") == "제곱근(square root)을 빠뜨렸습니다"
    assert render(text("a brand new sentence"), "ko") == "a brand new sentence"


def test_unknown_language_and_key_are_errors():
    """Is an unknown language or key reported instead of printing nothing?"""
    with pytest.raises(ValueError, match="valid: en, ko"):
        t("feedback.score", "fr")
    with pytest.raises(KeyError):
        t("feedback.no_such_key", "en")


def test_an_unknown_status_is_shown_as_itself():
    """Does a status the catalogue does not know yet still render, as its value?"""
    assert label("status", "quarantined", "ko") == "quarantined"
    assert label("status", "passed", "ko") == "통과"


@pytest.mark.parametrize(("value", "shown"), [(7.0, "7"), (1.5, "1.5"), (2 / 3, "0.67"),
                                              (-0.001, "0"), (None, "—"), (float("nan"), "—")])
def test_num_prints_scores_as_people_write_them(value, shown):
    """Are scores printed without trailing zeros, and a missing one as a dash?"""
    assert num(value) == shown


def test_pct_prints_at_most_one_decimal():
    """Is a fraction shown as a percentage with at most one decimal?"""
    assert (pct(0.3), pct(2 / 3), pct(None)) == ("30%", "66.7%", "—")


def test_templates_escape_values():
    """Is a value given to a template escaped, though the names end in .j2 (not .html)?"""
    page = render_template("report.html.j2", "en", **report_context(ClassReport("<b>x</b>")))
    assert "&lt;b&gt;x&lt;/b&gt;" in page and "<b>x</b>" not in page


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_sentence_with_a_key_placeholder_renders(lang):
    """Does `check.missing_key`, whose sentence has a `{key}` of its own, render as a message
    and on a page (the key of the sentence is not confused with its value)?"""
    missing = msg("check.missing_key", where="", key="'db2'", keys="'dW1', 'db1'")
    assert "'db2'" in render(missing, lang)
    page = render_feedback(result("alice", test("mlp_backward: gradients", 0,
                                                 details=(missing,))), lang)
    assert "&#39;db2&#39;" in page


def test_the_kind_of_value_expected_is_said_in_the_pages_language():
    """Does a Korean page say which kind of value was expected in Korean (it said
    "기대한 형태는 number"), a kind it has no word for as it is, and English unchanged?"""
    said = msg("check.expected_kind", where="", kind="number", got="None")
    assert render(said, "ko") == "기대한 형태는 수(number), 실제 값은 None"
    assert render(said, "en") == "expected number, got None"
    other = msg("check.expected_kind", where="", kind="Fraction", got="None")
    assert "Fraction" in render(other, "ko")
