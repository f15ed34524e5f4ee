"""Text with `$...$` formulas as safe HTML: MathML for the formulas, escaped text around them."""

from __future__ import annotations

import subprocess
import sys
from html.parser import HTMLParser

import pytest
from markupsafe import Markup

from autograder.quiz.bank import load_quiz
from autograder.reports.mathtext import MATH, math_html

# MathML's presentation elements: the only tags a formula may put on a page.
PRESENTATION = {
    "math", "mrow", "mi", "mn", "mo", "ms", "mtext", "mspace", "msub", "msup", "msubsup",
    "munder", "mover", "munderover", "mfrac", "msqrt", "mroot", "mstyle", "mtable", "mtr",
    "mtd", "mpadded", "mphantom", "menclose", "mfenced", "merror", "mmultiscripts",
    "mprescripts", "none"}


class Tags(HTMLParser):
    """Every element and attribute a browser's parser would find in a piece of HTML."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attributes: set[str] = set()
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attributes |= {name for name, _ in attrs}


def test_text_without_formulas_is_escaped():
    """Is plain text escaped, markup and ampersands included?"""
    assert math_html("a <b>bold</b> & 'quoted' claim") == Markup(
        "a &lt;b&gt;bold&lt;/b&gt; &amp; &#39;quoted&#39; claim")


@pytest.mark.parametrize("empty", [None, ""])
def test_nothing_gives_empty_markup(empty):
    """Is a missing text an empty string, not "None"?"""
    assert math_html(empty) == Markup("")


def test_inline_and_display_formulas_become_mathml():
    """Does `$...$` become inline MathML and `$$...$$` a displayed block, text escaped around?"""
    html = str(math_html("if $x<y$ & then $$\\sum_i x_i$$ done"))
    assert html.startswith('if <math xmlns="http://www.w3.org/1998/Math/MathML" '
                           'display="inline">')
    assert "<mo>&lt;</mo>" in html and " &amp; then " in html
    assert 'display="block"><mrow><munder><mo>∑</mo>' in html and html.endswith("</math> done")
    assert "$" not in html


@pytest.mark.parametrize(("source", "shown"), [
    ("a $\\frac{1}{$ b", "a $\\frac{1}{$ b"),
    ("$$x^{$$", "$$x^{$$"),
    ("$\\style{x}$ <i>", "$\\style{x}$ &lt;i&gt;"),
])
def test_a_broken_formula_is_shown_as_its_source(source, shown):
    """Is a formula that cannot be converted shown as written, delimiters included, escaped?"""
    assert math_html(source) == Markup(shown)


HOSTILE = [
    "$\\text{<script>alert(1)</script>}$",
    "$\\text{<![CDATA[</mtext><script>alert(1)</script>]]>}$",
    "$\\mbox{<img src=x onerror=alert(1)>}$",
    "$\\textbf{<i>}$",
    "$\\href{javascript:alert(1)}{x}$",
    "$\\operatorname{<img src=x>}$",
    "<script>alert(1)</script> $x$",
    "$x$ </math><script>alert(1)</script>",
    "$\\text{a &amp; b}$ $\\text{&lt;script&gt;}$",
]


@pytest.mark.parametrize("source", HOSTILE)
def test_hostile_text_never_becomes_markup(source):
    """Do only MathML presentation elements reach the page, without links or handlers, whatever
    a formula or the text around it holds?"""
    html = str(math_html(source))
    found = Tags(html)
    assert found.tags <= PRESENTATION
    # Browsers read `<![CDATA[` inside <mtext> as HTML (a bogus comment), Python's parser
    # does not: no such section may reach the page at all.
    assert "<script" not in html and "<![CDATA[" not in html
    assert not {"href", "src", "onerror", "xlink:href"} & found.attributes


def test_text_inside_a_formula_is_escaped():
    """Is `\\text{...}` content kept as text (escaped), not as HTML?"""
    html = str(math_html("$\\text{&lt;b&gt;x}$"))
    assert "<mtext>&lt;b&gt;x</mtext>" in html


def test_the_check_above_can_see_markup():
    """Would the hostile-text check notice a `<script>` (is it looking at all)?"""
    assert "script" in Tags(str(Markup("<math><script>x</script></math>"))).tags


def test_every_formula_in_the_quiz_banks_converts():
    """Does every formula of every quiz bank's titles and explanations become MathML (none
    falls back to its source)?"""
    failed = [f"{quiz}/{item.id}: {found.group(0)}"
              for quiz in (f"quiz_{n:02d}" for n in range(1, 11))
              for item in load_quiz(quiz).items
              for found in MATH.finditer(item.explanation + "\n" + item.title)
              if not str(math_html(found.group(0))).startswith("<math")]
    assert failed == []


def test_the_converter_is_loaded_by_the_first_formula_only():
    """Does text without a formula (an exercise's every page) leave the converter unloaded?
    Loading it costs 40-90 ms before a batch's workers can start."""
    code = ("import sys; from autograder.reports.mathtext import math_html; "
            "math_html('angle: parallel vectors give 0, never nan'); "
            "print('latex2mathml' in sys.modules, end=' '); "
            "math_html('$x^2$'); print('latex2mathml' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "False True"
