"""similarity.html: the pairs table and, per pair, both students' code side by side.

Student code is untrusted text: the templates are rendered with autoescape on, and the code
reaches them only as plain strings. The page shows at most `SHOWN` pairs (the rest are in
similarity.json), so a class where many submissions match still gives a page a phone opens.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import jinja2

from autograder.course import assignments
from autograder.integrity.model import Pair, Similarity, StudentCode
from autograder.reports.compiled import bytecode_cache
from autograder.reports.i18n import num, pct, render, t

TEMPLATES = Path(__file__).resolve().parent / "templates"
SHOWN = 100
COLOURS = 6  # matched regions cycle through this many highlight colours


@dataclass(frozen=True)
class Line:
    """One line of a student's code as shown: its number, text and matched region (if any);
    `cell` is set on the first line of a notebook cell."""

    number: int
    text: str
    match: int | None
    cell: int | None


@dataclass(frozen=True)
class Side:
    """One student's half of a side-by-side view."""

    student: str
    filename: str
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class ShownPair:
    """A pair as the page shows it: its rank, its numbers, and both sides."""

    rank: int
    pair: Pair
    a: Side
    b: Side


def side(code: StudentCode, regions: list[tuple[int, int]]) -> Side:
    """Number and mark every line of `code`; `regions[i]` is match i's (first, last) line."""
    lines = []
    for cell in code.cells:
        for offset, text in enumerate(cell.lines):
            number = cell.first_line + offset
            match = next((i for i, (first, last) in enumerate(regions)
                          if first <= number <= last), None)
            lines.append(Line(number, text, match, cell.number if offset == 0 else None))
    return Side(code.student, code.filename, tuple(lines))


def shown_pairs(similarity: Similarity, limit: int = SHOWN) -> list[ShownPair]:
    """The `limit` most similar pairs, each with both sides marked."""
    codes = {code.student: code for code in similarity.codes}
    return [ShownPair(rank, pair,
                      side(codes[pair.a], [(m.a_first, m.a_last) for m in pair.matches]),
                      side(codes[pair.b], [(m.b_first, m.b_last) for m in pair.matches]))
            for rank, pair in enumerate(similarity.pairs[:limit], start=1)]


def page_context(similarity: Similarity) -> dict[str, Any]:
    """Everything similarity.html prints."""
    known = assignments.ALL.get(similarity.assignment)
    return {
        "assignment": similarity.assignment,
        "title": known.title if known else "",
        "generated_at": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "settings": similarity.settings,
        "compared": len(similarity.codes),
        "pairs": similarity.pairs,
        "shown": shown_pairs(similarity, SHOWN),
        "hidden": max(0, len(similarity.pairs) - SHOWN),
        "skipped": similarity.skipped,
        "starter": similarity.starter,
        "common": similarity.common,
        "common_limit": similarity.settings.common_limit(len(similarity.codes)),
        "by_answers": similarity.by_answers,
        "rare_limit": similarity.settings.rare_limit(len(similarity.codes)),
        "colours": COLOURS,
    }


@functools.cache
def environment() -> jinja2.Environment:
    """The templates of this package; autoescape on (the names end in .j2, not .html)."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True,
                             lstrip_blocks=True, bytecode_cache=bytecode_cache("similarity"))
    env.filters.update(num=num, pct=pct)
    return env


def render_template(name: str, lang: str, **context: Any) -> str:
    """Render one of this package's templates with `t(key, **params)` and `message(m)` bound
    to `lang`."""
    return environment().get_template(name).render(
        lang=lang, t=functools.partial(t, lang=lang),
        message=functools.partial(render, lang=lang), **context)


def render_page(similarity: Similarity, lang: str) -> str:
    """similarity.html in `lang`: one self-contained page."""
    return render_template("similarity.html.j2", lang, **page_context(similarity))
