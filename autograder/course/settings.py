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
        raise SettingsError(f"{text!r} is not a late policy: use none, zero or "
                            "linear:<percent per day>:<max percent>")

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
        if not isinstance(data, dict):
            raise SettingsError(f"{path}: tool.aimath must be a table ([tool.aimath])")
        if data or name == "aimath.toml":
            return data, path
    return {}, None


EXAMPLE = "e.g. 2026-03-20T23:59:00+09:00"


def _when(value: Any, where: str) -> datetime | None:
    """An opening or a deadline: a moment, so a date, a time and a time zone."""
    if value is None:
        return None
    moment = value
    if isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            moment = None
    if not isinstance(moment, datetime):
        raise SettingsError(f"{where}: {value!s} is not a date and time; give one, {EXAMPLE}")
    if moment.tzinfo is None:
        raise SettingsError(f"{where}: give a time zone, {EXAMPLE}")
    return moment


def _whole(value: Any, where: str, least: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < least:
        raise SettingsError(f"{where} must be a whole number of at least {least}, not {value!r}")
    return value


def _minutes(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not value >= 0:
        raise SettingsError(f"{where} must be a number of minutes (0 or more), not {value!r}")
    return float(value)


def _choice(value: Any, allowed: tuple[str, ...], where: str) -> str:
    if not isinstance(value, str) or value not in allowed:
        raise SettingsError(f"{where} must be {' or '.join(allowed)}, not {value!r}")
    return value


def _late(value: Any, where: str) -> LatePolicy:
    try:
        return LatePolicy.parse(value if isinstance(value, str) else repr(value))
    except SettingsError as exc:
        raise SettingsError(f"{where}: {exc}") from None


def _policy(data: Any, where: str) -> Policy:
    """One `[assignments.<id>]` table; `where` names the file and the table in messages."""
    if not isinstance(data, dict):
        raise SettingsError(f"{where} must be a table")
    unknown = sorted(set(data) - POLICY_KEYS)
    if unknown:
        raise SettingsError(f"{where}: unknown setting(s) {', '.join(unknown)}")
    attempts = data.get("max_attempts")
    visibility = _choice(data.get("hidden_visibility", Visibility.AFTER_DUE_DATE.value),
                         tuple(v.value for v in Visibility), f"{where}.hidden_visibility")
    return Policy(_when(data.get("opens"), f"{where}.opens"),
                  _when(data.get("due"), f"{where}.due"),
                  _late(data.get("late_policy", "none"), f"{where}.late_policy"),
                  None if attempts is None else _whole(attempts, f"{where}.max_attempts", 1),
                  _minutes(data.get("cooldown_minutes", 0), f"{where}.cooldown_minutes"),
                  _choice(data.get("counts", "last"), ("last", "best"), f"{where}.counts"),
                  Visibility(visibility))


def _values_key(value: Any, where: str) -> str | None:
    """The published quiz values key: hex text, as `python -m autograder.quiz.variants`
    records it."""
    if value is None:
        return None
    if isinstance(value, str):
        try:
            bytes.fromhex(value)
        except ValueError:
            pass
        else:
            return value
    raise SettingsError(f"{where}: quiz_values_key must be the hex text "
                        f"`python -m autograder.quiz.variants` records, not {value!r}")


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
    tables = data.get("assignments", {})
    if not isinstance(tables, dict):
        raise SettingsError(f"{where}: assignments must be a table of [assignments.<id>] tables")
    policies = {str(k): _policy(v, f"{where}: assignments.{k}") for k, v in tables.items()}
    return Settings(course.resolve(), limits,
                    _whole(given.get("jobs", data.get("jobs", 2)), f"{where}: jobs", 1),
                    _choice(given.get("lang", data.get("lang", "en")), ("en", "ko"),
                            f"{where}: lang"),
                    policies, _values_key(data.get("quiz_values_key"), where))
