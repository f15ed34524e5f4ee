"""Item analysis on a small class whose statistics were worked out by hand."""

import pytest

from autograder.quiz.analysis import NO_ANSWER, analyse, correlation

# q1 separates the top two from the rest; q2 almost everyone got; q3 only ann.
CLASS = {
    "ann": {"q1": (1.0, "B"), "q2": (1.0, "True"), "q3": (1.0, "2*x")},
    "bob": {"q1": (1.0, "B"), "q2": (1.0, "True"), "q3": (0.0, "x**2")},
    "cat": {"q1": (0.0, "A"), "q2": (1.0, "True"), "q3": (0.0, "x**2")},
    "dan": {"q1": (0.0, None), "q2": (0.0, "False"), "q3": (0.0, "2")},
}


def by_id(records, **kwargs):
    return {a.item_id: a for a in analyse(records, **kwargs)}


def test_share_correct_and_mean_score():
    """Is the share correct the share with full marks, per item?"""
    stats = by_id(CLASS)
    assert [stats[i].share_correct for i in ("q1", "q2", "q3")] == [0.5, 0.75, 0.25]
    assert stats["q1"].students == 4


def test_discrimination_is_the_item_rest_correlation():
    """Is discrimination r(item, rest of quiz): 1/sqrt(2) for q1, 0.75/sqrt(0.75*2.75) for q2?"""
    stats = by_id(CLASS)
    # q1: item [1,1,0,0] vs rest [2,1,1,0]: sxy = 1, sxx = 1, syy = 2.
    assert stats["q1"].discrimination == pytest.approx(2 ** -0.5)
    # q2: item [1,1,1,0] vs rest [2,1,0,0]: sxy = 0.75, sxx = 0.75, syy = 2.75.
    assert stats["q2"].discrimination == pytest.approx(0.75 / (0.75 * 2.75) ** 0.5)
    assert stats["q3"].discrimination == pytest.approx(0.75 / (0.75 * 2.75) ** 0.5)


def test_most_chosen_answers_and_wrong_answers():
    """Are answers counted, blanks grouped as one entry, and wrong ones listed apart?"""
    stats = by_id(CLASS)
    assert stats["q1"].top_answers == (("B", 2), ("A", 1), (NO_ANSWER, 1))
    assert stats["q1"].top_wrong == (("A", 1), (NO_ANSWER, 1))
    assert stats["q3"].top_wrong == (("x**2", 2), ("2", 1))


def test_only_the_five_most_common_are_kept():
    """Does a long tail of wrong values stop at the top 5?"""
    records = {f"s{i}": {"q1": (0.0, str(i % 7))} for i in range(30)}
    top = by_id(records)["q1"].top_wrong
    assert len(top) == 5 and top[0] == ("0", 5)


def test_undefined_discrimination_is_none():
    """Is discrimination None when everyone scored the same on the item or the rest?"""
    everyone = {s: {"q1": (1.0, "B"), "q2": (float(s == "a"), "x")} for s in "abc"}
    stats = by_id(everyone)
    assert stats["q1"].discrimination is None
    assert stats["q2"].discrimination is None
    assert correlation([1.0], [2.0]) is None


def test_partial_scores_and_missing_items():
    """Do partial scores count toward the mean only, and a missing item as 0 with no answer?"""
    records = {"a": {"q1": (1.0, "A, C")}, "b": {"q1": (0.5, "A")}, "c": {"q2": (1.0, "3")}}
    q1 = by_id(records)["q1"]
    assert (q1.share_correct, q1.mean_score) == (pytest.approx(1 / 3), pytest.approx(0.5))
    assert q1.top_wrong == (("A", 1), (NO_ANSWER, 1))


def test_items_come_in_natural_order_or_as_given():
    """Is q10 after q2, and is an explicit order respected (unseen items included)?"""
    records = {"a": {"q10": (1.0, "x"), "q2": (0.0, "y"), "q1": (1.0, "z")}}
    assert [a.item_id for a in analyse(records)] == ["q1", "q2", "q10"]
    assert [a.item_id for a in analyse(records, item_ids=["q2", "q3"])] == ["q2", "q3"]
    assert analyse({}) == []
