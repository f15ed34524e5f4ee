"""`check("softmax")` and `check_all()` in a notebook: the public tests on what you ran.

The code checked is what the kernel executed (IPython's input history, labelled `In [N]` as
Jupyter shows it), replayed in a child process under the course's limits, so an endless
loop cannot hang the notebook. The assignment is `assignment=`, else the notebook's name
(from the front end: `__session__` in Jupyter, `__vsc_ipynb_file__` in VS Code), else the
contract functions the notebook defines. In Pyodide (JupyterLite) the check runs in the
kernel itself and says that no limits apply. Outside IPython the running script is checked.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .catalog import Catalog, CheckError, defined_names, definitions, load_catalog
from .forms import load_forms
from .notebook import NotebookError, Source, read_inputs, read_path
from .protocol import CHILD_FLAG
from .runner import Request, run_check
from .table import render
from .text import language, say

PATH_NAMES = ("__session__", "__vsc_ipynb_file__")


def check(function: str, *, assignment: str | None = None, lang: str | None = None) -> None:
    """Print the public tests of one function (or quiz item, e.g. "q3") as a table."""
    _check(function, assignment, lang)


def check_all(assignment: str | None = None, *, lang: str | None = None) -> None:
    """Print every public test of the assignment as a table ("en" or "ko": `lang=` or
    `$AIMATH_LANG`)."""
    _check("", assignment, lang)


def _check(only: str, assignment: str | None, lang: str | None,
           catalog: Catalog | None = None) -> None:
    if os.environ.get(CHILD_FLAG):  # this notebook is being checked or graded: do nothing
        return
    try:
        catalog = catalog or load_catalog()
        request = _request(catalog, only, assignment, language(lang))
    except (CheckError, NotebookError) as exc:
        print(f"check: {exc}")
        return
    print(render(run_check(request, catalog.limits)))
    unsaved = kernel_only(request.source)
    if unsaved is not None and unsaved.missing:
        print(say(request.lang, "kernel_only", file=unsaved.file,
                  names=", ".join(unsaved.missing)))
    if unsaved is not None and unsaved.differing:
        print(say(request.lang, "kernel_differs", file=unsaved.file,
                  names=", ".join(unsaved.differing)))


def _request(catalog: Catalog, only: str, assignment: str | None, lang: str) -> Request:
    """What to check: the current code, its assignment, and that assignment's tests."""
    source, path, names = current_code()
    assignment_id = assignment or catalog.infer(path, names, "assignment=",
                                                source.named)
    entry = catalog.get(assignment_id)
    here = Path.cwd()
    forms = catalog.forms(assignment_id, here) if entry.quiz else None
    known = [f.id for f in load_forms(forms)] if forms is not None else list(entry.functions)
    if only and only not in known:
        what = "item" if entry.quiz else "function"
        raise CheckError(f"{assignment_id} has no {what} {only!r}; its {what}s: "
                         f"{', '.join(known)}")
    return Request(source, assignment_id, catalog.tests(assignment_id, here), entry.quiz,
                   forms, only, here, lang, entry.titles_in(lang))


@dataclass(frozen=True)
class Unsaved:
    """What the kernel ran that the saved notebook, which the grader reads, does not hold."""

    file: str
    missing: list[str]  # names the kernel's cells define and the file does not
    differing: list[str]  # functions and classes the file defines otherwise (a fix not saved)


def kernel_only(source: Source) -> Unsaved | None:
    """How the kernel's cells differ from the saved notebook (a deleted, never saved or
    edited cell: the grader reads the file); None when they do not, or there is no saved
    notebook to compare with."""
    path = _notebook_path()
    if path is None:
        return None
    try:
        saved = read_path(path)
    except (NotebookError, OSError):
        return None
    ran, kept = definitions(source), definitions(saved)
    missing = sorted(defined_names(source) - defined_names(saved))
    differing = sorted(name for name in ran.keys() & kept.keys() if ran[name] != kept[name])
    return Unsaved(path.name, missing, differing) if missing or differing else None


def _notebook_path() -> Path | None:
    """The saved notebook the front end names, if it can be read here."""
    shell = _shell()
    if shell is None:
        return None
    named = next((p for p in (shell.user_ns.get(n) for n in PATH_NAMES)
                  if isinstance(p, str) and p.endswith(".ipynb")), None)
    if named is None:
        return None
    for path in (Path(named), Path.cwd() / Path(named).name):  # absolute, else beside us
        if path.is_file():
            return path
    return None


def current_code() -> tuple[Source, Path | None, set[str]]:
    """The code to check, the notebook's path if the front end tells it, and the names the
    notebook defines."""
    shell = _shell()
    if shell is not None:
        paths = [shell.user_ns.get(name) for name in PATH_NAMES]
        path = next((Path(p) for p in paths if isinstance(p, str) and p), None)
        raw = shell.history_manager.input_hist_raw
        source = read_inputs(((count, raw[count]) for count in range(1, len(raw))),
                             path.name if path else "this notebook")
        return source, path, defined_names(source) | set(shell.user_ns)
    script = getattr(sys.modules["__main__"], "__file__", None)
    if not script:
        raise CheckError("run check() in a notebook, or in a script file")
    source = read_path(Path(script))
    return source, Path(script), defined_names(source)


def _shell() -> Any:
    """The running IPython shell, if this is a kernel (Jupyter, Colab, JupyterLite)."""
    ipython = sys.modules.get("IPython")
    get = getattr(ipython, "get_ipython", None)
    return get() if get else None
