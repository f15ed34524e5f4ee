"""What `aimath release` adds to every `release/<id>/` so that the folder needs nothing else:
`requirements.txt`, the kit's code beside the notebook (`aimath_student/`, for `check_all()`
and `pytest`), and for a quiz its conftest and one public test per answer's form."""

from __future__ import annotations

import shutil
from pathlib import Path

from autograder.kit.build import NAME, REQUIRES, STUDENT, code_files
from autograder.student.catalog import FORMS, INDEX, Catalog, index_text
from autograder.student.text import say

CONFTEST = STUDENT / "public_conftest.py"

QUIZ_TESTS = '''"""Public checks for {quiz}: run `pytest` in this folder. Each answer must have a
form the grader accepts; whether it is right is only known after grading."""
'''

QUIZ_TEST = '''

def test_{item}(student, forms):
    """{title}"""
    forms.check(student, "{item}")
'''


def quiz_tests_text(quiz_id: str, items: list[str]) -> str:
    """`test_<quiz>.py`: one test per item, each failing with what is wrong with its form
    (titled as the self-check titles it in every language)."""
    return QUIZ_TESTS.format(quiz=quiz_id) + "".join(
        QUIZ_TEST.format(item=i, title=say("en", "quiz_title", item=i)) for i in items)


def complete_release(folder: Path, assignment_id: str, catalog: Catalog) -> None:
    """Add the kit, the requirements and (for a quiz, whose folder holds its answer forms)
    the public form checks to `folder`."""
    (folder / "requirements.txt").write_text("\n".join(REQUIRES) + "\n", encoding="utf-8")
    kit = folder / NAME
    shutil.rmtree(kit, ignore_errors=True)
    files = code_files() | {f"data/{INDEX}": index_text(catalog).encode()}
    for name, data in files.items():
        (kit / name).parent.mkdir(parents=True, exist_ok=True)
        (kit / name).write_bytes(data)
    forms_file = folder / FORMS.format(id=assignment_id)
    if forms_file.is_file():  # a quiz
        from autograder.student.forms import load_forms

        forms = load_forms(forms_file)
        shutil.copyfile(CONFTEST, folder / "conftest.py")
        text = quiz_tests_text(assignment_id, [form.id for form in forms])
        (folder / f"test_{assignment_id}.py").write_text(text, encoding="utf-8")
