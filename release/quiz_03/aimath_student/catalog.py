"""What a self-check needs to know about the course: assignments, their public tests, limits.

The kit carries it as `data/assignments.json` plus `data/<id>/test_<id>.py` (and a quiz's
answer forms); `aimath check` builds the same record from the course repository. A check
looks for an assignment's files in the catalog's folders, then beside the notebook, then
beside the kit (a `release/<id>/` folder holds its own tests next to its copy of the kit, and
a student may check a copy of the notebook kept elsewhere).
"""

from __future__ import annotations

import ast
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .limits import Limits
from .notebook import Source

INDEX = "assignments.json"
FORMS = "{id}.forms.json"  # as `forms.SUFFIX` names them (not imported: it needs SymPy)
PACKAGE = Path(__file__).resolve().parent


class CheckError(ValueError):
    """The self-check cannot run (unknown assignment, no public tests); says what to do."""


@dataclass(frozen=True)
class Assignment:
    """One exercise or quiz as the kit knows it: public facts only."""

    id: str
    functions: tuple[str, ...] = ()
    quiz: bool = False
    titles: dict[str, dict[str, str]] = field(default_factory=dict)  # lang -> test -> title

    def titles_in(self, lang: str) -> dict[str, str]:
        """The public tests' titles in `lang`, by test function name ({} for English: the
        tests' own docstrings)."""
        return self.titles.get(lang, {})


@dataclass(frozen=True)
class Catalog:
    """The course's assignments, where their public files are, and the limits of a check."""

    assignments: tuple[Assignment, ...]
    folders: tuple[Path, ...] = ()  # holding `<id>/test_<id>.py` (and a quiz's forms)
    forms_folders: tuple[Path, ...] = ()  # holding `<quiz>.forms.json` files
    limits: Limits = field(default_factory=Limits)
    version: str = ""
    beside: Path | None = None  # the folder the kit lies in: a release folder's own files

    def get(self, assignment_id: str) -> Assignment:
        """The assignment called `assignment_id`, or a CheckError listing the valid ids."""
        for assignment in self.assignments:
            if assignment.id == assignment_id:
                return assignment
        raise CheckError(f"unknown assignment {assignment_id!r}; valid ids: "
                         f"{', '.join(a.id for a in self.assignments)}")

    def tests(self, assignment_id: str, near: Path | None = None) -> Path:
        """`test_<id>.py`: from the catalog's folders, else from the folder `near`, else from
        the folder the kit lies in."""
        found = self._find(f"test_{assignment_id}.py", assignment_id, near)
        if found is None:
            raise CheckError(f"no public tests for {assignment_id}: test_{assignment_id}.py is "
                             "not in the kit, beside the notebook or beside the kit")
        return found

    def forms(self, assignment_id: str, near: Path | None = None) -> Path | None:
        """A quiz's answer forms, `<id>.forms.json`, found like its tests."""
        return self._find(FORMS.format(id=assignment_id), assignment_id, near,
                          self.forms_folders)

    def _find(self, name: str, assignment_id: str, near: Path | None,
              extra: tuple[Path, ...] = ()) -> Path | None:
        places = [folder / assignment_id for folder in self.folders] + list(extra)
        places += [place for place in (near, self.beside) if place is not None]
        return next((place / name for place in places if (place / name).is_file()), None)

    def infer(self, path: Path | None, names: Iterable[str], option: str,
              declared: Iterable[str] = ()) -> str:
        """The assignment of a file: its name or folder, else the one id its own code names
        (`check_all(assignment="quiz_01")`), else the functions it defines; `option` is how
        the caller names the argument that settles it."""
        ids = [a.id for a in self.assignments]
        if path is not None:
            for candidate in (path.stem, path.parent.name):
                if candidate in ids:
                    return candidate
            for assignment_id in ids:
                if path.stem.startswith(assignment_id) or path.stem.endswith(assignment_id):
                    return assignment_id
        named = set(declared) & set(ids)
        if len(named) == 1:
            return named.pop()
        defined = set(names)
        scores = {a.id: len(defined & set(a.functions)) for a in self.assignments}
        best = max(scores.values(), default=0)
        winners = [assignment_id for assignment_id, score in scores.items() if score == best]
        if best and len(winners) == 1:
            return winners[0]
        what = path.name if path is not None else "this notebook"
        raise CheckError(f"cannot tell which assignment {what} is; pass {option} "
                         f"(one of {', '.join(ids)})")


DEFINITION = ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef


def _top_level(source: Source) -> Iterator[ast.stmt]:
    """The top-level statements of every cell that parses, in order, without running."""
    for cell in source.cells:
        try:
            tree = ast.parse(cell.code)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            continue
        yield from tree.body


def defined_names(source: Source) -> set[str]:
    """Top-level names the cells define (functions, classes, assignments), without running."""
    names: set[str] = set()
    for node in _top_level(source):
        if isinstance(node, DEFINITION):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
    return names


def belongs_elsewhere(defined: set[str], wanted: Iterable[str],
                      functions: Mapping[str, Iterable[str]]) -> str | None:
    """The assignment (of `functions`, id -> its functions) a file is for when it defines
    none of the `wanted` functions and some of that one's; None when nothing says so."""
    wanted = set(wanted)
    if not wanted or defined & wanted:
        return None
    best = max(functions, key=lambda a: len(defined & set(functions[a])), default=None)
    return best if best is not None and defined & set(functions[best]) else None


def definitions(source: Source) -> dict[str, str]:
    """Each top-level function and class the cells define, by name, as its syntax tree's
    dump (comments, blank lines and positions aside): the last definition of a name wins,
    as when the cells run in order."""
    return {node.name: ast.dump(node) for node in _top_level(source)
            if isinstance(node, DEFINITION)}


def load_catalog(package: Path = PACKAGE) -> Catalog:
    """The kit's catalog: `data/assignments.json`, the tests in `data/<id>/`, the quizzes'
    answer forms in `forms/` (where `values.show_values` looks for them too)."""
    data = package / "data"
    try:
        index = json.loads((data / INDEX).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CheckError(f"the self-check kit is incomplete: cannot read {data / INDEX} "
                         f"({exc})") from None
    assignments = tuple(Assignment(a["id"], tuple(a["functions"]), a["quiz"],
                                   a.get("titles", {})) for a in index["assignments"])
    return Catalog(assignments, (data,), (package / "forms",), Limits(**index["limits"]),
                   index["version"], package.parent)


def index_text(catalog: Catalog) -> str:
    """The text of `assignments.json` for `catalog` (folders are where the file lies)."""
    index = {"version": catalog.version, "limits": asdict(catalog.limits),
             "assignments": [asdict(a) for a in catalog.assignments]}
    return json.dumps(index, indent=1, ensure_ascii=False) + "\n"
