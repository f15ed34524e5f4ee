"""Grade each quiz item: the student's variable `qN` against the bank's key."""

from __future__ import annotations

from collections.abc import Callable

from autograder.grading.proxy import Student, StudentFailure
from autograder.grading.suite import PartialCredit
from autograder.quiz.answers import grade
from autograder.quiz.bank import Item


def test_item(item: Item, student: Student, record_property: Callable[[str, object], None]):
    """quiz item: the answer matches the key (explanation shown after grading)"""
    record_property("explanation", item.explanation)
    try:
        raw = student.value(item.id)
    except StudentFailure:
        record_property("answer", None)
        raise
    result = grade(item, raw)
    record_property("answer", result.answer)
    if result.status == "partial":
        raise PartialCredit(result.score, result.message)
    if result.status != "correct":
        raise AssertionError(result.message)
