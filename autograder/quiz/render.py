"""Quiz banks -> nbgrader sources: `source/quiz_XX/quiz_XX.ipynb` and `quiz_XX.forms.json`.

Each notebook has a locked intro cell (how to answer each type present), for a quiz with
per-student values a `STUDENT_ID` cell that prints the student's values through the kit,
then per item a locked prompt cell (prompt, options, the answer's form, never the answer or
the explanation) and an answer cell `qN = None` followed by the key inside
`### BEGIN/END SOLUTION`, which nbgrader strips on release. The model solution answers the
values of student `solution` (the name `aimath validate` grades it under). The forms file
(each item's answer form and parameters, and the published values key) is copied by
nbgrader into `release/` for the kit. Regenerate with `python -m autograder.quiz.render`;
`--check` exits 1 when a committed file is out of date with its bank.
"""

from __future__ import annotations

import argparse
import functools
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import jinja2
import nbformat

from autograder.course.assignments import ROOT
from autograder.quiz.bank import Bank, bank_paths, load_bank
from autograder.quiz.items import Item
from autograder.quiz.variants import SOLUTION_STUDENT, values_key
from autograder.student.cells import first_cell, last_cell
from autograder.student.forms import SUFFIX

TEMPLATES = Path(__file__).resolve().parent / "templates"
SOURCE = ROOT / "source"
KERNEL = {"display_name": "Python 3", "language": "python", "name": "python3"}


@functools.cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=False,
                              undefined=jinja2.StrictUndefined, trim_blocks=True,
                              lstrip_blocks=True)


def _render(template: str, **context: Any) -> str:
    return _environment().get_template(template).render(**context).strip() + "\n"


def solution_key(quiz: str, item: Item) -> Any:
    """The key the model solution holds: for a randomised item, that of student `solution`."""
    return item.variant(values_key() if item.params else b"", quiz, SOLUTION_STUDENT).key


def solution_literal(quiz: str, item: Item) -> str:
    """The solution key as Python source: `"B"`, `["A", "C"]`, `[[1, 0], [0, 1]]`."""
    return item.literal(solution_key(quiz, item))


def forms_document(bank: Bank) -> dict[str, Any]:
    """What the kit gets: each item's form and parameters, and the published values key."""
    entries = [{**item.form().to_json(), **(spec.to_json() if (spec := item.spec()) else {})}
               for item in bank.items]
    document: dict[str, Any] = {"quiz": bank.id, "items": entries}
    if any(item.params for item in bank.items):
        document["values_key"] = values_key().hex()
    return document


def _cell_meta(cell_id: str, *, solution: bool) -> dict[str, Any]:
    return {"nbgrader": {"grade": False, "grade_id": cell_id, "locked": not solution,
                         "schema_version": 3, "solution": solution, "task": False}}


def _markdown(cell_id: str, source: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_markdown_cell(source.rstrip("\n"), id=cell_id,
                                         metadata=_cell_meta(cell_id, solution=False))


def _code(cell_id: str, grade_id: str, source: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_code_cell(source.rstrip("\n"), id=cell_id,
                                     metadata=_cell_meta(grade_id, solution=True))


def render_notebook(bank: Bank) -> nbformat.NotebookNode:
    """The source notebook of one quiz."""
    templates = list(dict.fromkeys(item.template for item in bank.items))
    randomised = any(item.params for item in bank.items)
    cells = [nbformat.from_dict(first_cell(bank.id)),  # the kit: how to get it, how to check
             _markdown("intro", _render("quiz_intro.md.j2", bank=bank, templates=templates,
                                        randomised=randomised))]
    if randomised:
        cells.append(_code("student-id", "student-id", _render(
            "quiz_values.py.j2", bank=bank, student=SOLUTION_STUDENT)))
    for item in bank.items:
        context = {"item": item, "form": item.form(), "points": f"{item.points:g}",
                   "solution": solution_literal(bank.id, item)}
        cells += [_markdown(f"{item.id}-prompt", _render("quiz_prompt.md.j2", **context)),
                  _code(f"{item.id}-answer", item.id, _render("quiz_answer.py.j2", **context))]
    cells.append(nbformat.from_dict(last_cell(bank.id)))
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata = {"kernelspec": KERNEL, "language_info": {"name": "python"}}
    return notebook


def notebook_text(bank: Bank) -> str:
    """The notebook as the exact text written to disk (validated by nbformat)."""
    notebook = render_notebook(bank)
    nbformat.validate(notebook)
    return nbformat.writes(notebook) + "\n"


def notebook_path(bank: Bank, root: Path = SOURCE) -> Path:
    """Where the source notebook of `bank` lives under `root`."""
    return root / bank.id / f"{bank.id}.ipynb"


def forms_text(bank: Bank) -> str:
    """The forms file as written to disk, `<quiz>.forms.json` beside the notebook."""
    return forms_layout(forms_document(bank))


def forms_layout(document: dict[str, Any]) -> str:
    """A forms document as text: one line per item, so a change reads as a one-line diff."""
    head = {key: value for key, value in document.items() if key != "items"}
    items = ",\n".join(f"  {json.dumps(entry, ensure_ascii=False)}"
                       for entry in document["items"])
    return f'{json.dumps(head, ensure_ascii=False)[:-1]}, "items": [\n{items}\n]}}\n'


def render_all(root: Path = SOURCE, *, check: bool = False) -> list[Path]:
    """Write every quiz notebook and forms file under `root`; with `check`, only list the
    stale ones."""
    stale = []
    for path in bank_paths():
        bank = load_bank(path)
        notebook = notebook_path(bank, root)
        for target, text in ((notebook, notebook_text(bank)),
                             (notebook.with_name(f"{bank.id}{SUFFIX}"), forms_text(bank))):
            current = target.read_text(encoding="utf-8") if target.exists() else None
            if current != text:
                stale.append(target)
                if not check:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_text(text, encoding="utf-8")
    return stale


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m autograder.quiz.render [--check] [--out DIR]`."""
    parser = argparse.ArgumentParser(prog="python -m autograder.quiz.render",
                                     description="Render the quiz banks into source notebooks.")
    parser.add_argument("--out", type=Path, default=SOURCE, help="the nbgrader source folder")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if a notebook is out of date")
    args = parser.parse_args(argv)
    stale = render_all(args.out, check=args.check)
    verb = "out of date" if args.check else "written"
    for path in stale:
        print(f"{verb}: {path}")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
