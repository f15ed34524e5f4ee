"""The packages grading imports, pinned to the versions installed here (read at export time).

`GRADING` are the distributions a grading session imports (numpy and sympy for the suites,
pytest to run them, PyYAML, Jinja2 and latex2mathml for the messages and pages the worker
renders); the pins add every dependency they declare that this environment installed (a
requirement for an extra, or for another platform, is not installed here and is left out).
`tests/scenarios/test_gradescope_export.py` grades in a fresh environment holding only these.
"""

from __future__ import annotations

import importlib.metadata as metadata
import re

GRADING = ("numpy", "sympy", "pytest", "PyYAML", "Jinja2", "latex2mathml")
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


class PinError(RuntimeError):
    """A package grading needs is not installed in this environment."""


def _installed(name: str) -> metadata.Distribution | None:
    try:
        return metadata.distribution(name)
    except metadata.PackageNotFoundError:
        return None


def _dependencies(dist: metadata.Distribution) -> list[str]:
    """The names `dist` requires outside any extra."""
    names = []
    for requirement in dist.requires or []:
        _, _, marker = requirement.partition(";")
        found = NAME.match(requirement.strip())
        if found and "extra" not in marker:
            names.append(found.group(0))
    return names


def pinned(roots: tuple[str, ...] = GRADING) -> list[str]:
    """`name==version` for `roots` and their installed dependencies, sorted by name."""
    pins: dict[str, str] = {}
    todo = list(roots)
    while todo:
        name = todo.pop()
        dist = _installed(name)
        if dist is None:
            if name in roots:
                raise PinError(f"{name} is not installed here; install aimath's dependencies "
                               "first (pip install -e .)")
            continue
        key = re.sub(r"[-_.]+", "-", dist.metadata["Name"]).lower()
        if key not in pins:
            pins[key] = f"{dist.metadata['Name']}=={dist.version}"
            todo += _dependencies(dist)
    return [pins[key] for key in sorted(pins)]
