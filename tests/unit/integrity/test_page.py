"""similarity.html and the class report's section: escaped, honest about what a score means,
in both languages, with matched lines highlighted on both sides."""

from __future__ import annotations

import re

import pytest
from support.similarity import py_code

from autograder.integrity import page
from autograder.integrity.analyse import similarity_of
from autograder.integrity.model import DEFAULTS, Settings, Skipped
from autograder.integrity.section import PARTIAL, summarise
from autograder.message import text
from autograder.reports.i18n import LANGUAGES, catalogue

COPIED = ("def angle(x, y):\n    c = x @ y / (norm(x) * norm(y))\n"
          "    c = min(1.0, max(-1.0, c))\n    return math.acos(c)\n")


@pytest.fixture
def result():
    hostile = py_code("<b>eve</b>", "s = '</span><script>alert(1)</script>'\n\n" + COPIED)
    plain = py_code("bob", COPIED.replace("c", "cos"))
    return similarity_of([hostile, plain], [Skipped("zoe", text("zoe.ipynb is <empty>"))],
                         "01_vectors", Settings(floor=1), None)


def test_student_code_and_names_are_escaped(result):
    """Is a student's code or id shown as text, never as markup?"""
    html = page.render_page(result, "en")
    assert "<script>" not in html and "<b>eve</b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "&lt;b&gt;eve&lt;/b&gt;" in html
    assert "zoe.ipynb is &lt;empty&gt;" in html


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_page_says_it_is_evidence_not_a_verdict(result, lang):
    """Does the page say, in its language, that a score is evidence for a person to judge?"""
    html = page.render_page(result, lang)
    assert f'<html lang="{lang}">' in html
    assert catalogue(lang)["similarity.notice_title"] in html
    assert 'name="viewport"' in html  # readable on a phone


def test_matched_lines_are_highlighted_on_both_sides(result):
    """Are the copied lines marked, and only those, in each student's half of the view?"""
    (shown,) = page.shown_pairs(result)
    marked_a = [line.number for line in shown.a.lines if line.match is not None]
    marked_b = [line.number for line in shown.b.lines if line.match is not None]
    assert marked_a == [3, 4, 5, 6] and marked_b == [1, 2, 3, 4]
    html = page.render_page(result, "en")
    assert len(re.findall(r'class="ln m0"', html)) == 8


def test_the_page_shows_a_bounded_number_of_pairs(monkeypatch):
    """Does a class with many matching pairs get a page of the top pairs and a pointer to the
    JSON for the rest?"""
    codes = [py_code(f"s{i}", COPIED) for i in range(4)]
    many = similarity_of(codes, [], "01_vectors", Settings(floor=1), None)
    monkeypatch.setattr(page, "SHOWN", 2)
    html = page.render_page(many, "en")
    assert html.count('<details class="card pair"') == 2
    assert "4 more are listed in similarity.json" in html


def test_the_report_section_links_the_top_pairs(result):
    """Does the class report's section list the top pairs with links into similarity.html?"""
    section = summarise(result)
    html = page.render_template(PARTIAL, "ko", similarity=section)
    assert 'href="similarity.html#pair-1"' in html
    assert "&lt;b&gt;eve&lt;/b&gt; ↔ bob" in html and "100%" in html
    assert catalogue("ko")["similarity.section_note"] in html


def test_the_report_section_says_when_nothing_reached_the_threshold():
    """Is an empty result said plainly, still with the link?"""
    empty = similarity_of([py_code("a", "x = 1\n")], [], "01_vectors", DEFAULTS, None)
    html = page.render_template(PARTIAL, "en", similarity=summarise(empty))
    assert "No pair among 1 submissions" in html and 'href="similarity.html"' in html


def test_every_similarity_message_is_defined_and_used():
    """Are the similarity.* keys the same in both languages, and each used by a template?"""
    used = {key for path in page.TEMPLATES.glob("*.j2")
            for key in re.findall(r"""\bt\(\s*["'](similarity\.[\w.]+)["']""",
                                  path.read_text(encoding="utf-8"))}
    for lang in LANGUAGES:
        assert {k for k in catalogue(lang) if k.startswith("similarity.")} == used
