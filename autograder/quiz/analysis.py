"""Quiz item analysis: how hard each item was, how well it separated students, what they chose.

Input: `{student: {item_id: (score_fraction, normalised_answer)}}` (the answer as text, None
when invalid or blank, as `answers.grade` returns it). A student without a record for an
item counts as score 0 with no answer.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

TOP = 5
NO_ANSWER = "(no valid answer)"

Records = Mapping[str, Mapping[str, tuple[float, str | None]]]


@dataclass(frozen=True)
class ItemAnalysis:
    """One item's statistics over a class.

    `share_correct` is the share with full marks; `discrimination` the Pearson correlation
    of the item score with the rest-of-quiz score (point-biserial for right/wrong items),
    None when either has no variance; `top_answers`/`top_wrong` are (answer, count) pairs.
    """

    item_id: str
    students: int
    share_correct: float
    mean_score: float
    discrimination: float | None
    top_answers: tuple[tuple[str, int], ...]
    top_wrong: tuple[tuple[str, int], ...]


def analyse(records: Records, item_ids: Iterable[str] | None = None) -> list[ItemAnalysis]:
    """Statistics for every item (in `item_ids` order, else q1, q2, ... q10 order)."""
    ids = list(item_ids) if item_ids is not None else sorted(
        {item for answers in records.values() for item in answers}, key=_natural)
    rows = [{item: answers.get(item, (0.0, None)) for item in ids} for answers in records.values()]
    totals = [sum(score for score, _ in row.values()) for row in rows]
    return [_item(item, rows, totals) for item in ids]


def _item(item: str, rows: list[dict[str, tuple[float, str | None]]],
          totals: list[float]) -> ItemAnalysis:
    scores = [row[item][0] for row in rows]
    rest = [total - score for total, score in zip(totals, scores, strict=True)]
    chosen = Counter(_shown(row[item][1]) for row in rows)
    wrong = Counter(_shown(row[item][1]) for row in rows if row[item][0] < 1.0)
    n = len(scores)
    return ItemAnalysis(
        item_id=item, students=n,
        share_correct=sum(score >= 1.0 for score in scores) / n if n else 0.0,
        mean_score=sum(scores) / n if n else 0.0,
        discrimination=correlation(scores, rest),
        top_answers=tuple(chosen.most_common(TOP)), top_wrong=tuple(wrong.most_common(TOP)))


def correlation(xs: list[float], ys: list[float]) -> float | None:
    """Pearson's r of two equally long lists; None with fewer than 2 values or no variance."""
    n = len(xs)
    if n < 2:
        return None
    mx, my = sum(xs) / n, sum(ys) / n
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx, syy = sum((x - mx) ** 2 for x in xs), sum((y - my) ** 2 for y in ys)
    if sxx <= 1e-12 or syy <= 1e-12:
        return None
    return sxy / math.sqrt(sxx * syy)


def _shown(answer: str | None) -> str:
    return NO_ANSWER if answer is None else answer


def _natural(item_id: str) -> tuple[str, int]:
    match = re.fullmatch(r"(\D*)(\d+)", item_id)
    return (match.group(1), int(match.group(2))) if match else (item_id, 0)
