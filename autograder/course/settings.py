"""A course's settings: `[tool.aimath]` in its `pyproject.toml`, or its `aimath.toml`.

Read once when a command starts, from the course folder (the current folder or `--course`),
never at import time; command-line options then override them. Limits are declared in
`autograder.student.limits` only; assignment policies (dates, late policy, attempts,
visibility) here, each default once.

    [tool.aimath]                      # or the top level of aimath.toml
    jobs = 2
    lang = "ko"
    call_timeout = 10                  # any field of Limits
    [tool.aimath.assignments.01_vectors]
    due = "2026-03-20T23:59:00+09:00"
    late_policy = "linear:10:50"       # none | zero | linear:<percent per day>:<max percent>
    max_attempts = 5
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields
from datetime import datetime
from pathlib import Path
from typing import Any

from autograder.grading.model import Visibility
from autograder.student.limits import Limits

LIMIT_KEYS = {f.name for f in fields(Limits)}
TOP_KEYS = {"jobs", "lang", "assignments", "quiz_values_key"} | LIMIT_KEYS
POLICY_KEYS = {"opens", "due", "late_policy", "max_attempts", "cooldown_minutes", "counts",
               "hidden_visibility", "title"}


class SettingsError(ValueError):
    """A course setting that cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class LatePolicy:
    """What a late submission loses: nothing, everything, or a percentage per day (capped)."""

    kind: str = "none"  # none | zero | linear
    percent_per_day: float = 0.0
    max_percent: float = 100.0

    @classmethod
    def parse(cls, text: str) -> LatePolicy:
        parts = text.strip().split(":")
        if parts[0] in ("none", "zero") and len(parts) == 1:
            return cls(parts[0])
        if parts[0] == "linear" and len(parts) == 3:
            try:
                per_day, most = float(parts[1]), float(parts[2])
            except ValueError:
                pass
            else:
                if 0 <= per_day <= 100 and 0 <= most <= 100:
                    return cls("linear", per_day, most)
        raise SettingsError(f"late_policy {text!r}: use none, zero or linear:<percent per day>:"
                            "<max percent>")

    def penalty(self, days_late: float) -> float:
        """The fraction of the score lost after `days_late` days (0 when on time)."""
        if days_late <= 0 or self.kind == "none":
            return 0.0
        if self.kind == "zero":
            return 1.0
        return min(self.max_percent, self.percent_per_day * days_late) / 100


@dataclass(frozen=True)
class Policy:
    """How one assignment is handed in and shown."""

    opens: datetime | None = None
    due: datetime | None = None
    late_policy: LatePolicy = field(default_factory=LatePolicy)
    max_attempts: int | None = None
    cooldown_minutes: float = 0.0
    counts: str = "last"  # last | best
    hidden_visibility: Visibility = Visibility.AFTER_DUE_DATE


@dataclass(frozen=True)
class Settings:
    """Everything a course decides once, with the built-in defaults underneath."""

    course: Path
    limits: Limits = field(default_factory=Limits)
    jobs: int = 2
    lang: str = "en"
    policies: dict[str, Policy] = field(default_factory=dict)
    quiz_values_key: str | None = None

    def policy(self, assignment: str) -> Policy:
        return self.policies.get(assignment, Policy())


def _table(course: Path) -> tuple[dict[str, Any], Path | None]:
    """The settings table and the file it came from (aimath.toml wins over pyproject.toml)."""
    for name, inside in (("aimath.toml", ()), ("pyproject.toml", ("tool", "aimath"))):
        path = course / name
        if not path.is_file():
            continue
        try:
            data: Any = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise SettingsError(f"{path}: {exc}") from None
        for key in inside:
            data = data.get(key, {}) if isinstance(data, dict) else {}
        if data or name == "aimath.toml":
            return data, path
    return {}, None


def _when(value: Any, where: str) -> datetime | None:
    if value is None or isinstance(value, datetime):
        if isinstance(value, datetime) and value.tzinfo is None:
            raise SettingsError(f"{where}: give a time zone, e.g. 2026-03-20T23:59:00+09:00")
        return value
    try:
        return _when(datetime.fromisoformat(str(value)), where)
    except ValueError:
        raise SettingsError(f"{where}: {value!r} is not a date and time") from None


def _policy(data: Any, where: str) -> Policy:
    if not isinstance(data, dict):
        raise SettingsError(f"{where} must be a table")
    unknown = sorted(set(data) - POLICY_KEYS)
    if unknown:
        raise SettingsError(f"{where}: unknown setting(s) {', '.join(unknown)}")
    counts = str(data.get("counts", "last"))
    if counts not in ("last", "best"):
        raise SettingsError(f"{where}.counts must be last or best, not {counts!r}")
    try:
        visibility = Visibility(data.get("hidden_visibility", Visibility.AFTER_DUE_DATE))
        attempts = data.get("max_attempts")
        return Policy(_when(data.get("opens"), f"{where}.opens"),
                      _when(data.get("due"), f"{where}.due"),
                      LatePolicy.parse(str(data.get("late_policy", "none"))),
                      None if attempts is None else int(attempts),
                      float(data.get("cooldown_minutes", 0)), counts, visibility)
    except (TypeError, ValueError) as exc:
        raise SettingsError(f"{where}: {exc}") from None


def load_settings(course: Path, **overrides: Any) -> Settings:
    """The course's settings, then `overrides` (command-line values; None means not given)."""
    data, path = _table(course)
    where = str(path) if path else str(course)
    unknown = sorted(set(data) - TOP_KEYS)
    if unknown:
        raise SettingsError(f"{where}: unknown [tool.aimath] setting(s): {', '.join(unknown)}")
    given = {k: v for k, v in overrides.items() if v is not None}
    try:
        limits = Limits().updated(**{**{k: data.get(k) for k in LIMIT_KEYS},
                                     **{k: v for k, v in given.items() if k in LIMIT_KEYS}})
    except (TypeError, ValueError) as exc:
        raise SettingsError(f"{where}: {exc}") from None
    policies = {str(k): _policy(v, f"{where}: assignments.{k}")
                for k, v in dict(data.get("assignments", {})).items()}
    chosen = {k: given.get(k, data.get(k)) for k in ("jobs", "lang")}
    settings = Settings(course.resolve(), limits, policies=policies,
                        quiz_values_key=data.get("quiz_values_key"),
                        **{k: v for k, v in chosen.items() if v is not None})
    if settings.lang not in ("en", "ko") or not isinstance(settings.jobs, int) \
            or settings.jobs < 1:
        raise SettingsError(f"{where}: lang must be en or ko and jobs a positive whole number")
    return settings
