"""Item analysis, one student at a time, on a small class worked out by hand."""

import random

import numpy as np
import pytest

from autograder.quiz.analysis import MAX_DISTINCT, NO_ANSWER, ItemStats

# q1 separates the top two from the rest; q2 almost everyone got; q3 only ann.
CLASS = {
    "ann": {"q1": (1.0, "B"), "q2": (1.0, "True"), "q3": (1.0, "2*x")},
    "bob": {"q1": (1.0, "B"), "q2": (1.0, "True"), "q3": (0.0, "x**2")},
    "cat": {"q1": (0.0, "A"), "q2": (1.0, "True"), "q3": (0.0, "x**2")},
    "dan": {"q1": (0.0, None), "q2": (0.0, "False"), "q3": (0.0, "2")},
}


def analysed(records: dict, points: dict | None = None) -> dict[str, ItemStats]:
    """Feed every student's items, as the class report does, one at a time."""
    points = points or {}
    stats: dict[str, ItemStats] = {}
    for answers in records.values():
        total = sum(score * points.get(item, 1) for item, (score, _) in answers.items())
        for item, (score, answer) in answers.items():
            rest = total - score * points.get(item, 1)
            stats.setdefault(item, ItemStats(item)).add(score, rest, answer)
    return stats


def test_share_correct_and_mean_score():
    """Is the share correct the share with full marks, per item?"""
    stats = analysed(CLASS)
    assert [stats[i].share_correct for i in ("q1", "q2", "q3")] == [0.5, 0.75, 0.25]
    assert stats["q1"].n == 4


def test_discrimination_is_the_item_rest_correlation():
    """Is discrimination r(item, rest of quiz): 1/sqrt(2) for q1, 0.75/sqrt(0.75*2.75) for q2?"""
    stats = analysed(CLASS)
    # q1: item [1,1,0,0] vs rest [2,1,1,0]: sxy = 1, sxx = 1, syy = 2.
    assert stats["q1"].discrimination == pytest.approx(2 ** -0.5)
    # q2: item [1,1,1,0] vs rest [2,1,0,0]: sxy = 0.75, sxx = 0.75, syy = 2.75.
    assert stats["q2"].discrimination == pytest.approx(0.75 / (0.75 * 2.75) ** 0.5)
    assert stats["q3"].discrimination == pytest.approx(0.75 / (0.75 * 2.75) ** 0.5)


def test_the_running_sums_match_the_textbook_formula_on_a_large_class():
    """Do 5,000 students with partial credit give numpy's Pearson r and the plain mean?"""
    rng = random.Random(7)
    scores = [rng.choice((0.0, 1 / 3, 2 / 3, 1.0)) for _ in range(5000)]
    rests = [100 + 10 * s + rng.gauss(0, 3) for s in scores]
    stats = ItemStats("q2")
    for score, rest in zip(scores, rests, strict=True):
        stats.add(score, rest, "A")
    assert stats.discrimination == pytest.approx(np.corrcoef(scores, rests)[0, 1], rel=1e-9)
    assert stats.mean_score == pytest.approx(np.mean(scores), rel=1e-12)


def test_wrong_answers_are_counted_and_blanks_grouped():
    """Are wrong answers counted, most common first, a missing answer as one entry?"""
    stats = analysed(CLASS)
    assert stats["q1"].top_wrong() == [("A", 1), (NO_ANSWER, 1)]
    assert stats["q3"].top_wrong() == [("x**2", 2), ("2", 1)]


def test_only_the_five_most_common_are_listed_and_memory_is_bounded():
    """Does a long tail of wrong values stop at the top 5, remembering at most 1,000?"""
    stats = ItemStats("q1")
    for i in range(3 * MAX_DISTINCT):
        stats.add(0.0, 1.0, str(i % 7) if i < 30 else f"tail {i}")
    assert len(stats.top_wrong()) == 5 and stats.top_wrong()[0] == ("0", 5)
    assert len(stats.wrong) == MAX_DISTINCT


def test_undefined_discrimination_is_none():
    """Is discrimination None with one student, or when the item or the rest does not vary?"""
    same_item, same_rest, alone = ItemStats("a"), ItemStats("b"), ItemStats("c")
    for score, rest in ((1.0, 2.0), (1.0, 5.0), (1.0, 1.0)):
        same_item.add(score, rest)
    for score in (0.0, 1.0, 0.5):
        same_rest.add(score, 3.0)
    alone.add(1.0, 2.0)
    assert same_item.discrimination is None and same_rest.discrimination is None
    assert alone.discrimination is None and ItemStats("d").discrimination is None


def test_partial_scores_count_toward_the_mean_only():
    """Does a half-right multi-select count in the mean score but not as correct?"""
    stats = ItemStats("q2")
    stats.add(1.0, 3.0, "A, C")
    stats.add(0.5, 2.0, "A")
    assert (stats.share_correct, stats.mean_score) == (0.5, 0.75)
    assert stats.top_wrong() == [("A", 1)]


def test_variants_are_one_item_and_wrong_answers_keep_their_values():
    """Is a randomised item analysed as one item over its variants, each wrong answer shown
    with the values it answered?"""
    stats = ItemStats("q2")
    stats.add(1.0, 4.0, "0.5", "p = 0.1")
    stats.add(0.0, 1.0, "0.5", "p = 0.2")
    stats.add(0.0, 2.0, "0.5", "p = 0.2")
    assert stats.n == 3 and len(stats.variants) == 2
    assert stats.top_wrong() == [("0.5 (p = 0.2)", 2)]
