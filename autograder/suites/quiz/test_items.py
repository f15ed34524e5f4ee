"""Grade each quiz item: the student's variable `qN` against the key for their own values.

Records for feedback and item analysis: `explanation` (with the student's numbers filled in),
`answer` (the normalised answer; for an invalid one what was given, as code, e.g. `1`, or
`<Decimal object>` for a value that cannot leave the sandbox; None when `qN` is missing or
None), `status` (correct, partial, wrong or invalid) and, for a
randomised item, `values` ("p = 0.12, s = 0.95": the variant, drawn for the id the submission
was collected under, never one the notebook claims). The verdict is the item's keyed message
(`quiz.wrong`, `quiz.partial`, `quiz.invalid`, ...), said in the reader's language.
"""

from __future__ import annotations

from collections.abc import Callable

from autograder.grading.suite import BadReturn, CheckFailure, PartialCredit, StudentFailure
from autograder.quiz.items import Item
from autograder.quiz.variants import values_key
from autograder.student.values import row_text


def test_item(item: Item, student, submission, record_property: Callable[[str, object], None]):
    """quiz item: the answer matches the key (explanation shown after grading)"""
    key = values_key(submission.course) if item.params else b""
    variant = item.variant(key, submission.assignment, submission.student)
    record_property("explanation", item.explanation_for(variant))
    if variant.values:
        record_property("values", row_text(variant.values))
    try:
        raw = student.value(item.id)
    except StudentFailure as failure:  # an object that cannot be sent is shown by its type
        kind = failure.type_name if isinstance(failure, BadReturn) else ""
        record_property("answer", f"<{kind} object>" if kind else None)
        raise
    result = item.grade(raw, variant.key)
    record_property("answer", result.answer)
    record_property("status", result.status)
    if result.status == "partial":
        raise PartialCredit(result.score, result.message)
    if result.status != "correct":
        raise CheckFailure([result.message])
