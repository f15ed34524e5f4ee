"""The two cells every released notebook carries: how to get the kit (first), and the
self-check of everything (last). Exercises' source notebooks and the quiz renderer both
take them from here, as nbformat 4 cell dicts with locked nbgrader metadata."""

from __future__ import annotations

from typing import Any

FIRST_ID, LAST_ID = "kit-intro", "check-all"

INTRO = """\
**자가 점검 (self-check)**: 이 노트북 옆의 `aimath_student` 폴더가 공개 테스트를 실행합니다. \
설치할 것은 없습니다.
*English: the `aimath_student` folder beside this notebook runs the public tests; nothing to \
install.* Elsewhere (Colab, JupyterLite, another folder) install the kit first, with the wheel \
your instructor hands out: `%pip install aimath_student-<version>-py3-none-any.whl`.

- `check("{example}")`: {what} · `check_all()`: 전부 (everything, the last cell)
- 터미널 (terminal), 이 폴더에서 (in this folder): `python -m aimath_student check {id}.ipynb`, \
`python -m aimath_student submit {id}.ipynb --student <학번> --to <folder>` \
(`aimath-student ...` once the wheel is installed)"""

LAST = """\
# 자가 점검 (self-check): 모든 공개 테스트 (every public test), 표로 (as a table)
from aimath_student import check_all

check_all(assignment="{id}")"""


def _meta(grade_id: str) -> dict[str, Any]:
    return {"nbgrader": {"grade": False, "grade_id": grade_id, "locked": True,
                         "schema_version": 3, "solution": False, "task": False}}


def first_cell(assignment_id: str, example: str = "") -> dict[str, Any]:
    """The markdown cell that says where the kit is and how to run it; `example` is a
    function to show `check` with (a quiz: its first item)."""
    quiz = assignment_id.startswith("quiz_")
    example = example or ("q1" if quiz else "function")
    what = ("한 문항의 답안 형식 (one item's answer form)" if quiz
            else "한 함수의 공개 테스트 (one function's public tests)")
    source = INTRO.format(example=example, what=what, id=assignment_id)
    return {"cell_type": "markdown", "id": FIRST_ID, "metadata": _meta("kit_intro"),
            "source": source}


def last_cell(assignment_id: str) -> dict[str, Any]:
    """The locked code cell that runs every public test of `assignment_id`."""
    return {"cell_type": "code", "execution_count": None, "id": LAST_ID,
            "metadata": _meta("check_all"), "outputs": [],
            "source": LAST.format(id=assignment_id)}
