"""The hidden quiz suite: one test per item of the bank named by `--assignment quiz_XX`."""

from __future__ import annotations

import pytest

from autograder.quiz.bank import load_quiz


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Parametrize `item` with the current quiz's items, each with its points and title."""
    if "item" not in metafunc.fixturenames:
        return
    quiz_id = metafunc.config.getoption("assignment")
    if not quiz_id or not str(quiz_id).startswith("quiz_"):
        raise pytest.UsageError(f"the quiz suite needs --assignment quiz_XX, got {quiz_id!r}")
    items = load_quiz(quiz_id).items
    metafunc.parametrize("item", [
        pytest.param(item, id=item.id, marks=[pytest.mark.points(item.points),
                                              pytest.mark.title(f"{item.id}: {item.title}")])
        for item in items])
