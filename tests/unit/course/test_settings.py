"""A course's settings: `aimath.toml` or `[tool.aimath]`, each default declared once, the
command line on top, and one clear SettingsError naming the file and the key for anything
that cannot be used."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from autograder.course.settings import (
    LatePolicy,
    Policy,
    Settings,
    SettingsError,
    load_settings,
)
from autograder.grading.model import Visibility
from autograder.student.limits import DEFAULT_LIMITS, Limits

KST = timezone(timedelta(hours=9))


def course(tmp_path: Path, aimath: str | None = None, pyproject: str | None = None) -> Path:
    if aimath is not None:
        (tmp_path / "aimath.toml").write_text(aimath, encoding="utf-8")
    if pyproject is not None:
        (tmp_path / "pyproject.toml").write_text(pyproject, encoding="utf-8")
    return tmp_path


def test_defaults_without_any_file(tmp_path: Path) -> None:
    """Does a course without settings get the built-in defaults?"""
    settings = load_settings(tmp_path)
    assert settings == Settings(tmp_path.resolve())
    assert (settings.jobs, settings.lang, settings.limits) == (2, "en", DEFAULT_LIMITS)
    assert settings.policy("01_vectors") == Policy()
    assert Policy().late_policy.penalty(3) == 0.0
    assert Policy().hidden_visibility == Visibility.AFTER_DUE_DATE


def test_the_limits_defaults_are_declared_once() -> None:
    """Are the limits' defaults the contract's 10 s / 300 s / 512 MB / 20 MB?"""
    assert (Limits().call_timeout, Limits().submission_timeout, Limits().memory_mb,
            Limits().upload_mb) == (10.0, 300.0, 512, 20)


def test_tool_aimath_in_pyproject(tmp_path: Path) -> None:
    """Is `[tool.aimath]` of pyproject.toml read, limits and an assignment's policy too?"""
    settings = load_settings(course(tmp_path, pyproject='''
[project]
name = "course"
[tool.aimath]
jobs = 4
lang = "ko"
call_timeout = 5
memory_mb = 256
[tool.aimath.assignments.01_vectors]
due = 2026-03-20T23:59:00+09:00
late_policy = "linear:10:50"
max_attempts = 5
counts = "best"
hidden_visibility = "visible"
'''))
    assert (settings.jobs, settings.lang) == (4, "ko")
    assert settings.limits == Limits(call_timeout=5, memory_mb=256)
    policy = settings.policy("01_vectors")
    assert policy.due == datetime(2026, 3, 20, 23, 59, tzinfo=KST)
    assert policy.late_policy == LatePolicy("linear", 10.0, 50.0)
    assert (policy.max_attempts, policy.counts) == (5, "best")
    assert policy.hidden_visibility == Visibility.VISIBLE
    assert settings.policy("02_matrices") == Policy()


def test_aimath_toml_wins_over_pyproject(tmp_path: Path) -> None:
    """When a course has both, is aimath.toml (its top level) the one used, wholly?"""
    settings = load_settings(course(tmp_path, aimath="jobs = 3\n",
                                    pyproject="[tool.aimath]\njobs = 8\nlang = 'ko'\n"))
    assert (settings.jobs, settings.lang) == (3, "en")


def test_an_empty_aimath_toml_still_wins(tmp_path: Path) -> None:
    """Does an empty aimath.toml mean the defaults, not pyproject's table?"""
    settings = load_settings(course(tmp_path, aimath="", pyproject="[tool.aimath]\njobs = 8\n"))
    assert settings.jobs == 2


def test_a_pyproject_without_the_table_means_defaults(tmp_path: Path) -> None:
    """Is a pyproject.toml without `[tool.aimath]` no settings at all?"""
    assert load_settings(course(tmp_path, pyproject="[project]\nname = 'x'\n")).jobs == 2


def test_overrides_win_and_none_means_not_given(tmp_path: Path) -> None:
    """Do command-line values override the file, and None values leave it alone?"""
    folder = course(tmp_path, aimath="jobs = 3\ncall_timeout = 5\nlang = 'ko'\n")
    settings = load_settings(folder, jobs=6, call_timeout=None, memory_mb=128, lang=None)
    assert (settings.jobs, settings.lang) == (6, "ko")
    assert (settings.limits.call_timeout, settings.limits.memory_mb) == (5, 128)


@pytest.mark.parametrize(("text", "key"), [
    ("jbos = 3\n", "jbos"),
    ("[assignments.01_vectors]\ndeu = 2026-03-20T23:59:00Z\n", "deu"),
])
def test_unknown_keys_are_refused_by_name(tmp_path: Path, text: str, key: str) -> None:
    """Is a misspelt setting refused, naming the file and the key (never silently unused)?"""
    with pytest.raises(SettingsError) as raised:
        load_settings(course(tmp_path, aimath=text))
    assert str(tmp_path / "aimath.toml") in str(raised.value) and key in str(raised.value)


@pytest.mark.parametrize(("text", "key"), [
    ("jobs = 0\n", "jobs"),
    ("jobs = true\n", "jobs"),
    ("jobs = '2'\n", "jobs"),
    ("lang = 'fr'\n", "lang"),
    ("call_timeout = '10'\n", "call_timeout"),
    ("memory_mb = -1\n", "memory_mb"),
    ("quiz_values_key = 3\n", "quiz_values_key"),
    ("quiz_values_key = 'not hex'\n", "quiz_values_key"),
    ("assignments = 3\n", "assignments"),
    ("assignments = [1, 2]\n", "assignments"),
    ("[assignments]\n01_vectors = 3\n", "01_vectors"),
    ("[assignments.a]\ndue = 2026-03-20T23:59:00\n", "due"),
    ("[assignments.a]\ndue = '2026-03-20T23:59:00'\n", "due"),
    ("[assignments.a]\nopens = 2026-03-20\n", "opens"),
    ("[assignments.a]\ndue = 'soon'\n", "due"),
    ("[assignments.a]\ndue = 5\n", "due"),
    ("[assignments.a]\nlate_policy = 'linear:x'\n", "late_policy"),
    ("[assignments.a]\nmax_attempts = 'five'\n", "max_attempts"),
    ("[assignments.a]\nmax_attempts = 0\n", "max_attempts"),
    ("[assignments.a]\nmax_attempts = 2.5\n", "max_attempts"),
    ("[assignments.a]\ncooldown_minutes = -5\n", "cooldown_minutes"),
    ("[assignments.a]\ncooldown_minutes = 'often'\n", "cooldown_minutes"),
    ("[assignments.a]\ncounts = 'first'\n", "counts"),
    ("[assignments.a]\nhidden_visibility = 'never'\n", "hidden_visibility"),
])
def test_a_bad_value_is_one_clear_error_naming_the_file_and_key(tmp_path: Path, text: str,
                                                                key: str) -> None:
    """Does every unusable value raise one SettingsError that names the file and the key,
    once each?"""
    path = str(tmp_path / "aimath.toml")
    with pytest.raises(SettingsError) as raised:
        load_settings(course(tmp_path, aimath=text))
    message = str(raised.value)
    assert message.count(path) == 1, message
    assert key in message


def test_a_time_zone_is_required(tmp_path: Path) -> None:
    """Does a due date without a time zone say to add one (a deadline is a moment)?"""
    with pytest.raises(SettingsError, match="time zone"):
        load_settings(course(tmp_path, aimath="[assignments.a]\ndue = 2026-03-20T23:59:00\n"))
    with pytest.raises(SettingsError, match="time zone"):
        load_settings(course(tmp_path, aimath="[assignments.a]\ndue = '2026-03-20 23:59'\n"))


def test_dates_as_text_or_toml_with_a_zone_are_the_same_moment(tmp_path: Path) -> None:
    """Are `due = 2026-03-20T14:59:00Z` and `due = "2026-03-20T23:59:00+09:00"` one moment?"""
    moments = []
    for name, due in (("toml", "2026-03-20T14:59:00Z"), ("text", "'2026-03-20T23:59:00+09:00'")):
        folder = tmp_path / name
        folder.mkdir()
        settings = load_settings(course(folder, aimath=f"[assignments.a]\ndue = {due}\n"))
        moments.append(settings.policy("a").due)
    assert moments == [datetime(2026, 3, 20, 14, 59, tzinfo=UTC)] * 2


def test_a_recorded_values_key_is_kept(tmp_path: Path) -> None:
    """Is the published quiz values key (hex text) kept as it was recorded?"""
    key = "ab" * 32
    assert load_settings(course(tmp_path, aimath=f"quiz_values_key = '{key}'\n")) \
        .quiz_values_key == key


def test_a_damaged_file_names_itself(tmp_path: Path) -> None:
    """Is a file that is not TOML a SettingsError naming the file?"""
    with pytest.raises(SettingsError, match=r"aimath\.toml"):
        load_settings(course(tmp_path, aimath="jobs = = 3\n"))


def test_a_tool_aimath_that_is_not_a_table_is_refused(tmp_path: Path) -> None:
    """Is `tool.aimath = 3` a SettingsError naming pyproject.toml?"""
    with pytest.raises(SettingsError, match=r"pyproject\.toml"):
        load_settings(course(tmp_path, pyproject="[tool]\naimath = 3\n"))


@pytest.mark.parametrize(("text", "expected"), [
    ("none", LatePolicy("none")), ("zero", LatePolicy("zero")),
    (" linear:10:50 ", LatePolicy("linear", 10.0, 50.0)),
    ("linear:2.5:100", LatePolicy("linear", 2.5, 100.0)),
])
def test_late_policies_parse(text: str, expected: LatePolicy) -> None:
    """Do the documented forms parse?"""
    assert LatePolicy.parse(text) == expected


@pytest.mark.parametrize("text", ["", "None", "zero:1", "linear", "linear:10", "linear:a:b",
                                  "linear:-1:50", "linear:10:101", "linear:nan:50",
                                  "linear:inf:50", "linear:10:50:1"])
def test_other_late_policies_are_refused(text: str) -> None:
    """Is anything else a SettingsError that shows the documented forms?"""
    with pytest.raises(SettingsError, match="linear:<percent per day>:<max percent>"):
        LatePolicy.parse(text)


@pytest.mark.parametrize(("policy", "days", "lost"), [
    ("none", 30.0, 0.0), ("zero", 0.01, 1.0), ("zero", 0.0, 0.0), ("zero", -1.0, 0.0),
    ("linear:10:50", 1.0, 0.10), ("linear:10:50", 2.5, 0.25), ("linear:10:50", 5.0, 0.5),
    ("linear:10:50", 30.0, 0.5), ("linear:10:50", 0.0, 0.0), ("linear:10:50", -2.0, 0.0),
    ("linear:0:50", 3.0, 0.0), ("linear:40:100", 3.0, 1.0),
])
def test_late_policies_penalise_as_documented(policy: str, days: float, lost: float) -> None:
    """Is a late submission's loss the percent per day times the days late, capped at the
    maximum, and nothing when on time?"""
    assert LatePolicy.parse(policy).penalty(days) == pytest.approx(lost)


def test_limits_refuse_what_is_not_a_positive_number() -> None:
    """Is a zero, negative, boolean or text limit refused, naming the limit?"""
    for bad in (0, -1, True, "10", None):
        with pytest.raises(ValueError, match="call_timeout"):
            Limits(call_timeout=bad)  # type: ignore[arg-type]


def test_limits_updated_ignores_values_not_given() -> None:
    """Does `updated` replace given values only?"""
    assert Limits().updated(memory_mb=None, call_timeout=2.0) == Limits(call_timeout=2.0)
