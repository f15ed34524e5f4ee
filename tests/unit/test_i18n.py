"""The message catalogue: both languages complete, every template key defined, every key used."""

from __future__ import annotations

import re

import pytest

from autograder.reports.i18n import (
    LANGUAGES,
    TEMPLATES,
    catalogue,
    label,
    num,
    pct,
    render_template,
    t,
)
from autograder.reports.report import ClassReport, report_context

TEMPLATE_KEY = re.compile(r"""\bt\(\s*["']([\w.]+)["']""")
# Keys chosen from data at render time: label("status", ...).
DYNAMIC = {"status.passed", "status.failed", "status.partial", "status.graded",
           "status.unreadable", "status.timed_out"}


def template_keys() -> set[str]:
    return {key for path in TEMPLATES.glob("*.j2")
            if not path.name.startswith("quiz_")
            for key in TEMPLATE_KEY.findall(path.read_text(encoding="utf-8"))}


def placeholders(text: str) -> set[str]:
    return set(re.findall(r"\{(\w+)\}", text))


def test_languages_have_the_same_keys():
    """Does Korean define exactly the keys English does?"""
    assert set(catalogue("ko")) == set(catalogue("en"))


def test_languages_use_the_same_placeholders():
    """Does every Korean message take the same {params} as its English original?"""
    en, ko = catalogue("en"), catalogue("ko")
    mismatched = [key for key in en if placeholders(en[key]) != placeholders(ko[key])]
    assert mismatched == []


def test_every_template_key_exists():
    """Is every t("...") key used in a template defined in the catalogue?"""
    used = template_keys()
    assert used, "no keys found: has the template syntax changed?"
    assert used - set(catalogue("en")) == set()


def test_every_key_is_used():
    """Is every catalogue entry printed somewhere (no dead messages)?"""
    assert set(catalogue("en")) - template_keys() - DYNAMIC == set()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_dynamic_labels_are_translated(lang):
    """Does every status the engine writes have its own label (not the raw value)?"""
    for key in DYNAMIC:
        prefix, value = key.split(".")
        assert label(prefix, value, lang) != value


def test_placeholders_are_filled():
    """Are parameters put into the message in either language?"""
    assert t("feedback.tests_passed", "en", passed=1, total=3) == "1 of 3 tests passed"
    assert t("feedback.tests_passed", "ko", passed=1, total=3) == "테스트 3개 중 1개 통과"


def test_unknown_language_and_key_are_errors():
    """Is an unknown language or key reported instead of printing nothing?"""
    with pytest.raises(ValueError, match="valid: en, ko"):
        t("feedback.score", "fr")
    with pytest.raises(KeyError):
        t("feedback.no_such_key", "en")


def test_unknown_status_falls_back_to_its_value():
    """Does a status the page does not know yet still render, as itself?"""
    assert label("status", "quarantined", "ko") == "quarantined"
    assert label("status", "passed", "ko") == "통과"


@pytest.mark.parametrize(("value", "text"), [(7.0, "7"), (1.5, "1.5"), (2 / 3, "0.67"),
                                             (-0.001, "0"), (None, "—")])
def test_num_prints_scores_without_trailing_zeros(value, text):
    """Are scores printed the way a person writes them?"""
    assert num(value) == text


def test_pct_prints_one_decimal():
    """Is a fraction shown as a percentage with at most one decimal?"""
    assert (pct(0.3), pct(2 / 3), pct(None)) == ("30%", "66.7%", "—")


def test_templates_escape_values():
    """Is a value passed to a template escaped even though the name ends in .j2?"""
    html = render_template("report.html.j2", "en", **report_context(ClassReport("<b>x</b>")))
    assert "&lt;b&gt;x&lt;/b&gt;" in html
    assert "<b>x</b>" not in html
