"""nbgrader's ClearSolutions, told apart for quizzes: the course's `nbgrader_config.py` uses it,
so `nbgrader generate_assignment` and `aimath release` write the same notebooks.

An exercise's solution region becomes nbgrader's stub (`raise NotImplementedError()`): the
function is there to be written. A quiz's answer cell (`q1 = ...`, the `STUDENT_ID` cell)
is left as its author wrote it without the answer: with the stub, every cell of a quiz
raised, and the one that shows a student their own values never ran.
"""

from __future__ import annotations

from typing import Any

from nbgrader import utils
from nbgrader.preprocessors import ClearSolutions

from autograder.course import assignments


def is_quiz(assignment_id: str) -> bool:
    """A quiz of this course (or, for an id it does not know, one named like its quizzes)."""
    known = assignments.ALL.get(assignment_id)
    return known.is_quiz if known is not None else assignment_id.startswith("quiz_")


class ClearAnswers(ClearSolutions):
    """ClearSolutions with no stub in a quiz, and no blank line left where its answer was."""

    def preprocess(self, nb: Any, resources: Any) -> tuple[Any, Any]:
        if not is_quiz(str(resources.get("nbgrader", {}).get("assignment", ""))):
            return super().preprocess(nb, resources)
        stubs: dict[str, str] = dict(self.code_stub)  # type: ignore[has-type]
        self.code_stub = dict.fromkeys(stubs, "")
        try:
            nb, resources = super().preprocess(nb, resources)
        finally:
            self.code_stub = stubs
        for cell in nb.cells:
            if cell.cell_type == "code" and utils.is_solution(cell):
                cell.source = cell.source.rstrip()
        return nb, resources
