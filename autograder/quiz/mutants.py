"""Known wrong answers for `aimath validate`: one per item, one per variant for a randomised
item, each of the item's own form so that it is graded wrong, never invalid."""

from __future__ import annotations

from collections.abc import Callable

from autograder.quiz.bank import load_quiz
from autograder.quiz.variants import values_key

VARIANTS = 2  # students whose variant of a randomised item gets its own wrong answer


def quiz_mutants(quiz_id: str, student_of: Callable[[int], str]) -> list[tuple[str, str, str]]:
    """(item, mistake, code) per wrong answer. The i-th is graded as student `student_of(i)`:
    its code sets that student's keys of every randomised item, then the one wrong answer."""
    bank = load_quiz(quiz_id)
    key = values_key() if any(item.params for item in bank.items) else b""
    found: list[tuple[str, str, str]] = []
    for item in bank.items:
        for _ in range(VARIANTS if item.params else 1):
            student = student_of(len(found))
            keys = [f"{other.id} = {other.literal(other.variant(key, quiz_id, student).key)}"
                    for other in bank.items if other.params]
            wrong = item.wrong_answer(item.variant(key, quiz_id, student).key)
            mistake = f"wrong answer {wrong!r}" + (f" for {student}'s values" if item.params
                                                   else "")
            found.append((item.id, mistake, "\n".join([*keys, f"{item.id} = {wrong!r}"])))
    return found
