"""Defaults of `aimath grade`, read from `[tool.aimath]` in the course's pyproject.toml."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields
from pathlib import Path

from autograder.course.assignments import ROOT


@dataclass(frozen=True)
class Defaults:
    """Grading settings an instructor may change once for the whole course."""

    jobs: int = 2
    timeout: float = 10.0
    memory_mb: int = 512
    submission_timeout: float = 300.0
    lang: str = "en"


def load_defaults(pyproject: Path = ROOT / "pyproject.toml") -> Defaults:
    """`[tool.aimath]` values over the built-in defaults; unknown keys are an error."""
    try:
        table = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return Defaults()
    section = table.get("tool", {}).get("aimath", {})
    known = {f.name for f in fields(Defaults)}
    unknown = sorted(set(section) - known)
    if unknown:
        raise ValueError(f"{pyproject}: unknown [tool.aimath] setting(s): {', '.join(unknown)}")
    return Defaults(**section)
