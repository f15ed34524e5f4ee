"""The similarity section of the class report: a few top pairs and a link to similarity.html.

`aimath grade` calls `report_section(sources, assignment, out, lang)`, which writes
similarity.json and similarity.html beside report.html and returns a `SimilaritySection`;
report.html includes `report_section.html.j2` (in this package's templates) with it bound to
the name `similarity`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from autograder.intake.discover import Source
from autograder.integrity.analyse import PAGE_NAME, analyse_sources, write_outputs
from autograder.integrity.model import DEFAULTS, Pair, Settings, Similarity

TOP = 5
PARTIAL = "report_section.html.j2"


@dataclass(frozen=True)
class SimilaritySection:
    """What the class report shows: how many pairs reached the threshold, the top ones, and
    where the side-by-side page is (a link relative to report.html)."""

    link: str
    compared: int
    skipped: int
    threshold: float
    flagged: int
    top: tuple[Pair, ...]
    by_answers: bool = False  # a quiz, compared by its answers


def summarise(similarity: Similarity, link: str = PAGE_NAME, top: int = TOP) -> SimilaritySection:
    """The section for an analysis already made; `link` points at its similarity.html."""
    return SimilaritySection(link, len(similarity.codes), len(similarity.skipped),
                             similarity.settings.threshold, len(similarity.pairs),
                             similarity.pairs[:top], similarity.by_answers)


def report_section(sources: Sequence[Source], assignment: str, out: Path, lang: str = "en",
                   course: Path | None = None,
                   settings: Settings = DEFAULTS) -> SimilaritySection:
    """Compare the batch's sources (less `course`'s starter code), write similarity.json
    and .html into `out` (the folder of report.html), and return the section that links to
    them."""
    similarity = analyse_sources(sources, assignment, settings, course)
    write_outputs(similarity, out, lang)
    return summarise(similarity)
