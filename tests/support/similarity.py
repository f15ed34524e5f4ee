"""Submissions of 01_vectors for the similarity tests: the model solution, a disguised copy of
it, two solutions written independently, and the released stub; built without the intake
loaders so these tests check the comparison alone."""

from __future__ import annotations

import json

from autograder.course.assignments import ROOT
from autograder.integrity.model import CodeCell, StudentCode

RELEASE = ROOT / "release" / "01_vectors" / "01_vectors.ipynb"
SOLUTION = ROOT / "solutions" / "01_vectors" / "01_vectors.ipynb"

# The model solution, copied: names changed, functions reordered, comments and layout redone.
DISGUISED = '''"""Homework 1 (my own work)."""
import numpy as np

# angle between two vectors, in radians
def angle(u, v):
    u, v = np.asarray(u, dtype=float), np.asarray(v, dtype=float)
    len_u, len_v = np.linalg.norm(u), np.linalg.norm(v)   # lengths first
    if len_u == 0 or len_v == 0:
        raise ValueError("cannot take the angle of a zero vector")
    cosine = np.inner(u, v) / (len_u * len_v)
    return float(np.arccos(np.clip(cosine, -1.0, 1.0)))


def hadamard(a, b):
    a, b = np.asarray(a), np.asarray(b)
    if a.shape != b.shape:
        raise ValueError(f"mismatch: {a.shape} and {b.shape}")
    return a * b

def l2_norm(vec):
    """Euclid."""
    vec = np.asarray(vec, dtype=float)
    return float(np.sqrt((vec*vec).sum()))

def l1_norm(vec):
    return float( np.abs( np.asarray(vec) ).sum() )
'''

# Written independently of the model solution: loops, @, min/max instead of clip.
INDEPENDENT = {
    "l1_norm": '''def l1_norm(x):
    total = 0.0
    for value in np.ravel(x):
        total += abs(value)
    return total''',
    "l2_norm": '''def l2_norm(x):
    v = np.asarray(x, dtype=float)
    return float(np.sqrt(np.dot(v, v)))''',
    "hadamard": '''def hadamard(x, y):
    a = np.asarray(x)
    b = np.asarray(y)
    if a.shape == b.shape:
        return np.multiply(a, b)
    raise ValueError("x and y must have the same shape")''',
    "angle": '''def angle(x, y):
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    denominator = l2_norm(x) * l2_norm(y)
    if denominator == 0:
        raise ValueError("a zero vector has no direction")
    c = max(-1.0, min(1.0, float(x @ y) / denominator))
    return float(np.arccos(c))''',
}

# A third independent solution, in the style of reference/vectors.py but written differently.
ANOTHER = '''
import numpy as np


def l1_norm(x):
    return float(np.linalg.norm(np.asarray(x, dtype=float), ord=1))


def l2_norm(x):
    squares = np.square(np.asarray(x, dtype=float))
    return float(np.sqrt(squares.sum()))


def hadamard(x, y):
    if np.shape(x) != np.shape(y):
        raise ValueError("different shapes")
    return np.multiply(x, y)


def angle(x, y):
    nx = l2_norm(x)
    ny = l2_norm(y)
    if not nx or not ny:
        raise ValueError("zero vector")
    ratio = np.dot(np.ravel(x), np.ravel(y)) / nx / ny
    return float(np.arccos(np.clip(ratio, -1, 1)))
'''


def notebook_code(student: str, notebook: dict) -> StudentCode:
    """A notebook's non-empty code cells, numbered and laid end to end as `source.py` does."""
    cells, line, number = [], 1, 0
    for cell in notebook["cells"]:
        if cell["cell_type"] != "code":
            continue
        number += 1
        code = "".join(cell["source"]).rstrip("\n")
        if code.strip():
            cells.append(CodeCell(number, line, code))
            line += code.count("\n") + 1
    return StudentCode(student, f"{student}.ipynb", tuple(cells))


def py_code(student: str, text: str) -> StudentCode:
    return StudentCode(student, f"{student}.py", (CodeCell(None, 1, text),))


def released_with(answers: dict[str, str]) -> dict:
    """The released notebook with `answers[grade_id]` in each solution cell it names."""
    notebook = json.loads(RELEASE.read_text(encoding="utf-8"))
    for cell in notebook["cells"]:
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if grade_id in answers:
            cell["source"] = answers[grade_id]
    return notebook
