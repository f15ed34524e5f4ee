"""Quiz banks -> nbgrader source notebooks `source/quiz_XX/quiz_XX.ipynb`, through jinja2.

Each notebook has a locked intro cell (how to answer each type), then per item a locked
prompt cell (prompt, options, the answer's form, never the answer or the explanation) and
an answer cell `qN = None` followed by the key inside `### BEGIN/END SOLUTION`, which
nbgrader strips on release. Regenerate every notebook with `python -m autograder.quiz.render`;
`--check` exits 1 when a committed notebook is out of date with its bank.
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
import numpy as np

from autograder.course.assignments import ROOT
from autograder.grading import exprs
from autograder.quiz.bank import TYPES, Bank, Item, bank_paths, load_bank

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


def solution_literal(item: Item) -> str:
    """The key as Python source for the solution region: `"B"`, `["A", "C"]`, `[[1, 0]]`."""
    if item.type in ("choice", "expression"):
        return json.dumps(item.answer, ensure_ascii=False)
    if item.type == "multi":
        return json.dumps(list(item.answer))
    if item.type == "array":
        return repr(_lists(item.answer))
    return repr(item.answer)


def _lists(value: Any) -> Any:
    return [_lists(v) for v in value] if isinstance(value, tuple) else value


def facts(item: Item) -> dict[str, Any]:
    """What the templates may say about an item's answer form (never the answer)."""
    key = exprs.parse_formula(item.answer, item.symbols) if item.type == "expression" else None
    count = len(key) if isinstance(key, tuple) else 1
    return {"letters": list(item.options), "shape": tuple(np.shape(item.answer)),
            "symbols": ", ".join(item.symbols), "count": count}


def _markdown(cell_id: str, source: str) -> nbformat.NotebookNode:
    meta = {"grade": False, "grade_id": cell_id, "locked": True, "schema_version": 3,
            "solution": False, "task": False}
    return nbformat.v4.new_markdown_cell(source.rstrip("\n"), id=cell_id,
                                         metadata={"nbgrader": meta})


def _answer(item: Item) -> nbformat.NotebookNode:
    meta = {"grade": False, "grade_id": item.id, "locked": False, "schema_version": 3,
            "solution": True, "task": False}
    source = _render("quiz_answer.py.j2", item=item, facts=facts(item),
                     solution=solution_literal(item))
    return nbformat.v4.new_code_cell(source.rstrip("\n"), id=f"{item.id}-answer",
                                     metadata={"nbgrader": meta})


def render_notebook(bank: Bank) -> nbformat.NotebookNode:
    """The source notebook of one quiz."""
    kinds = [kind for kind in TYPES if any(item.type == kind for item in bank.items)]
    cells = [_markdown("intro", _render("quiz_intro.md.j2", bank=bank, kinds=kinds))]
    for item in bank.items:
        points = f"{item.points:g}"
        prompt = _render("quiz_prompt.md.j2", item=item, facts=facts(item), points=points)
        cells += [_markdown(f"{item.id}-prompt", prompt), _answer(item)]
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata = {"kernelspec": KERNEL, "language_info": {"name": "python"}}
    return notebook


def notebook_text(bank: Bank) -> str:
    """The notebook as the exact text written to disk (validated by nbformat)."""
    notebook = render_notebook(bank)
    nbformat.validate(notebook)
    return nbformat.writes(notebook) + "\n"


def notebook_path(bank: Bank, root: Path = SOURCE) -> Path:
    return root / bank.id / f"{bank.id}.ipynb"


def render_all(root: Path = SOURCE, *, check: bool = False) -> list[Path]:
    """Write every quiz notebook under `root`; with `check`, only list the stale ones."""
    stale = []
    for path in bank_paths():
        bank = load_bank(path)
        target, text = notebook_path(bank, root), notebook_text(bank)
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
