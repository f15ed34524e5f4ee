"""One similarity run: read the submissions, compare them, write similarity.json and .html.

similarity.json: `{"assignment", "pairs": [{"a", "b", "score", "matches": [[a_line, b_line,
length]]}], "skipped": [{"student", "reason"}], ...}`, pairs most similar first, then how
they were found (`method`) and, for every student in a pair, `files`: the file name and
`[cell, first_line]` of each notebook cell, to map a line back to its cell.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from autograder.course import assignments
from autograder.intake.discover import Source
from autograder.integrity.answers import FORMULA as ANSWERS_FORMULA
from autograder.integrity.answers import answer_pairs
from autograder.integrity.compare import all_kgrams, common_hashes, compare, profile, without
from autograder.integrity.model import (
    DEFAULTS,
    FORMULA,
    Settings,
    Similarity,
    Skipped,
    StudentCode,
)
from autograder.integrity.page import render_page
from autograder.integrity.source import load_code, read_code, starter_code
from autograder.reports.i18n import render
from autograder.safefs import write_file

JSON_NAME, PAGE_NAME = "similarity.json", "similarity.html"


def analyse(submissions: Path, assignment: str, settings: Settings = DEFAULTS,
            out: Path | None = None, course: Path | None = None) -> Similarity:
    """Compare every readable submission in `submissions` with every other (`out`, where
    results are written, is never read as a student's folder), less the starter code (the
    release of `course`, else aimath's).

    Raises `DiscoveryError` when `submissions` holds nothing to read at all.
    """
    with tempfile.TemporaryDirectory(prefix="aimath-similarity-") as work:
        codes, skipped = load_code(submissions, assignment, Path(work), out)
    return similarity_of(codes, skipped, assignment, settings,
                         starter_code(assignment, course))


def analyse_sources(sources: Sequence[Source], assignment: str,
                    settings: Settings = DEFAULTS, course: Path | None = None) -> Similarity:
    """Compare every readable source (discovered by the caller) with every other."""
    codes, skipped = read_code(sources, assignment)
    return similarity_of(codes, skipped, assignment, settings,
                         starter_code(assignment, course))


def similarity_of(codes: Sequence[StudentCode], skipped: Sequence[Skipped], assignment: str,
                  settings: Settings, starter: StudentCode | None) -> Similarity:
    """The pairs among `codes`, the starter code's fingerprints and the common ones removed
    (a quiz's: by their answers)."""
    if assignments.get(assignment).is_quiz:
        return Similarity(assignment, settings, tuple(answer_pairs(codes, settings, starter)),
                          tuple(skipped), tuple(codes),
                          None if starter is None else starter.filename, 0, by_answers=True)
    excluded = frozenset() if starter is None else all_kgrams(starter, settings.k)
    profiles = [profile(code, settings, excluded) for code in codes]
    common = common_hashes(profiles, settings)
    pairs = compare(without(profiles, common), settings, excluded | common)
    return Similarity(assignment, settings, tuple(pairs), tuple(skipped), tuple(codes),
                      None if starter is None else starter.filename, len(common))


def write_outputs(similarity: Similarity, out: Path, lang: str) -> tuple[Path, Path]:
    """Write similarity.json and similarity.html into `out`; returns their paths."""
    out.mkdir(parents=True, exist_ok=True)
    data = json.dumps(similarity_json(similarity), ensure_ascii=False, indent=1)
    return (write_file(out / JSON_NAME, data + "\n"),
            write_file(out / PAGE_NAME, render_page(similarity, lang)))


def similarity_json(similarity: Similarity) -> dict[str, Any]:
    """similarity.json's content: the contract's keys first, then how pairs were found."""
    settings, codes = similarity.settings, {code.student: code for code in similarity.codes}
    named = sorted({name for pair in similarity.pairs for name in (pair.a, pair.b)})
    return {
        "assignment": similarity.assignment,
        "pairs": [pair.as_json() for pair in similarity.pairs],
        "skipped": [{"student": s.student, "reason": render(s.problem, "en")}
                    for s in similarity.skipped],
        "compared": len(similarity.codes),
        "threshold": settings.threshold,
        "method": _method(similarity),
        "files": {name: {"file": codes[name].filename,
                         "cells": [[cell.number, cell.first_line] for cell in codes[name].cells]}
                  for name in named},
    }


def _method(similarity: Similarity) -> dict[str, Any]:
    """How the pairs were found, as similarity.json says it."""
    settings = similarity.settings
    if similarity.by_answers:
        return {"answers": "each item's answer as written, compared with the others'",
                "score": ANSWERS_FORMULA,
                "rare_limit": settings.rare_limit(len(similarity.codes)),
                "starter_code": similarity.starter}
    return {"fingerprints": "winnowing over Python tokens", "k": settings.k,
            "window": settings.window, "score": FORMULA, "floor": settings.floor,
            "starter_code": similarity.starter, "common_fingerprints_ignored": similarity.common}
