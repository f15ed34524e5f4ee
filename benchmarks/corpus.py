"""Synthetic cohorts for the benchmarks: correct, partly wrong and broken submissions.

A correct answer is the reference implementation's own source, one cell per contract
function; a wrong one swaps in a mistake from `autograder/suites/<id>/mutants.py`; a broken
one has a
syntax error, an unanswered stub or a cell that raises. The mix is deterministic, so every
run (and every grader in a comparison) sees the same cohort.
"""

from __future__ import annotations

import ast
import json
from dataclasses import dataclass
from pathlib import Path

from autograder.course import assignments

STUB = "def {name}(*args, **kwargs):\n    # YOUR CODE HERE\n    raise NotImplementedError()"
BROKEN = (
    ("syntax error", "def {name}(x:\n    return x"),
    ("unanswered stub", STUB),
    ("raises at load", "{code}\n\nprint(undefined_helper)"),
)


@dataclass(frozen=True)
class Variant:
    """One synthetic student: the cell of every contract function and what kind it is."""

    kind: str
    detail: str
    preamble: str
    functions: dict[str, str]

    def cells(self) -> list[str]:
        """The code cells of a plain notebook: the imports, then one cell per function."""
        return [self.preamble, *self.functions.values()]


def reference_cells(assignment_id: str) -> tuple[str, dict[str, str]]:
    """The reference module split into a preamble (imports, helpers) and one source per
    contract function, ready to run as notebook cells."""
    item = assignments.get(assignment_id)
    if item.reference is None:
        raise ValueError(f"{assignment_id} has no reference module to build answers from")
    path = assignments.ROOT / "reference" / f"{item.reference}.py"
    text = path.read_text(encoding="utf-8")
    tree = ast.parse(text)
    functions: dict[str, str] = {}
    preamble: list[str] = []
    for index, node in enumerate(tree.body):
        segment = ast.get_source_segment(text, node) or ""
        if index == 0 and isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            continue
        if isinstance(node, ast.ImportFrom) and node.module == "__future__":
            continue
        if isinstance(node, ast.FunctionDef) and node.name in item.functions:
            functions[node.name] = segment
        else:
            preamble.append(segment)
    return "\n".join(preamble), {name: functions[name] for name in item.functions}


def mutants(assignment_id: str) -> list[tuple[str, str, str]]:
    """`(function, mistake, code)` for every catalogued mistake of the assignment."""
    from autograder.batch.validate import mutants as catalogue

    return [(m.function, m.mistake, m.code.strip()) for m in catalogue(assignment_id)]


def cohort(assignment_id: str, n: int) -> list[Variant]:
    """`n` students: 6 in 10 correct, 3 in 10 with one or two mistakes, 1 in 10 broken."""
    preamble, correct = reference_cells(assignment_id)
    mistakes = mutants(assignment_id)
    names = list(correct)
    out = []
    for i in range(n):
        slot, functions = i % 10, dict(correct)
        if slot < 6 or (slot < 9 and not mistakes):
            out.append(Variant("correct", "reference", preamble, functions))
        elif slot < 9:
            picks = [mistakes[(i + k) % len(mistakes)] for k in range(1 + slot % 2)]
            for function, _, code in picks:
                functions[function] = code
            detail = "; ".join(mistake for _, mistake, _ in picks)
            out.append(Variant("wrong", detail, preamble, functions))
        else:
            detail, template = BROKEN[(i // 10) % len(BROKEN)]
            name = names[(i // 10) % len(names)]
            functions[name] = template.format(name=name, code=correct[name])
            out.append(Variant("broken", f"{name}: {detail}", preamble, functions))
    return out


def code_cell(source: str, nbgrader: dict | None = None) -> dict:
    """A notebook code cell, with nbgrader's metadata when given."""
    metadata = {"nbgrader": nbgrader} if nbgrader else {}
    return {"cell_type": "code", "execution_count": None, "metadata": metadata,
            "outputs": [], "source": source}


def notebook(cells: list[dict]) -> dict:
    """An nbformat 4 notebook with a Python 3 kernel."""
    kernel = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return {"nbformat": 4, "nbformat_minor": 5, "metadata": {"kernelspec": kernel},
            "cells": cells}


def fill(template: dict, variant: Variant) -> dict:
    """A released nbgrader notebook with the student's answer in every solution cell."""
    filled = json.loads(json.dumps(template))
    for cell in filled["cells"]:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("solution") and meta.get("grade_id") in variant.functions:
            cell["source"] = variant.functions[meta["grade_id"]]
    return filled


def write_plain(folder: Path, variants: list[Variant], suffix: str = ".ipynb") -> list[Path]:
    """One file per student (`student0000.ipynb`, ...) in `folder`; returns the paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, variant in enumerate(variants):
        path = folder / f"student{i:05d}{suffix}"
        if suffix == ".py":
            path.write_text("\n\n\n".join(variant.cells()) + "\n", encoding="utf-8")
        else:
            nb = notebook([code_cell(c) for c in variant.cells()])
            path.write_text(json.dumps(nb, indent=1), encoding="utf-8")
        paths.append(path)
    return paths
