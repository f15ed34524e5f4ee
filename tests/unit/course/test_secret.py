"""The course secret (created once, readable by its owner only) and the seeds derived from it:
the same bytes draw the same hidden inputs, different bytes or assignments different ones."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import pytest

from autograder.course import secret
from autograder.course.secret import (
    course_secret,
    derive,
    secret_path,
    seed_from,
    submission_seed,
)

SHA = "ab" * 32


@pytest.fixture(autouse=True)
def no_override(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test starts without AIMATH_SECRET_FILE."""
    monkeypatch.delenv(secret.ENVIRONMENT, raising=False)


def test_the_secret_is_created_once_owner_only(tmp_path: Path) -> None:
    """Is the secret created on first use as 32 random bytes in `.aimath/secret`, mode 0600,
    and the same on every later call?"""
    first = course_secret(tmp_path)
    path = tmp_path / ".aimath" / "secret"
    assert secret_path(tmp_path) == path
    assert len(first) == 32
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert course_secret(tmp_path) == first
    assert bytes.fromhex(path.read_text().strip()) == first


def test_two_courses_have_different_secrets(tmp_path: Path) -> None:
    """Does every course get its own secret?"""
    assert course_secret(tmp_path / "a") != course_secret(tmp_path / "b")


def test_the_environment_points_elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Is AIMATH_SECRET_FILE honoured (e.g. a cluster's shared secret), the course folder left
    untouched?"""
    shared = tmp_path / "shared" / "secret"
    monkeypatch.setenv(secret.ENVIRONMENT, str(shared))
    value = course_secret(tmp_path / "course")
    assert secret_path(tmp_path / "course") == shared
    assert bytes.fromhex(shared.read_text().strip()) == value
    assert not (tmp_path / "course" / ".aimath").exists()
    assert course_secret(tmp_path / "another course") == value


def test_a_process_that_loses_the_race_uses_the_winners_secret(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """When another worker creates the secret between our look and our write, do we use its
    secret (never fail, never overwrite it)?"""
    winner = bytes(range(32))
    path = tmp_path / ".aimath" / "secret"
    real_token_bytes = secret.secrets.token_bytes

    def token_bytes_after_the_other_worker(n: int) -> bytes:
        if not path.exists():  # the other worker writes its secret just now
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(winner.hex() + "\n")
        return real_token_bytes(n)

    monkeypatch.setattr(secret.secrets, "token_bytes", token_bytes_after_the_other_worker)
    assert course_secret(tmp_path) == winner
    assert path.read_text().strip() == winner.hex()


def test_a_reader_never_sees_a_half_written_secret(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Is the secret complete the moment its name exists (written aside, then linked in)?"""
    path = tmp_path / ".aimath" / "secret"
    seen: list[str] = []
    real_fdopen = os.fdopen

    class Watching:
        def __init__(self, handle: Any) -> None:
            self.handle = handle

        def write(self, text: str) -> int:
            if path.exists():  # what another worker reading now would get
                seen.append(path.read_text())
            return int(self.handle.write(text))

        def __enter__(self) -> Watching:
            return self

        def __exit__(self, *exc: object) -> None:
            self.handle.close()

    monkeypatch.setattr(os, "fdopen", lambda *a, **k: Watching(real_fdopen(*a, **k)))
    value = course_secret(tmp_path)
    assert all(text.strip() == value.hex() for text in seen), seen
    assert [p.name for p in path.parent.iterdir()] == ["secret"]


@pytest.mark.parametrize("content", ["", "abc", "zz" * 32, "ab" * 8])
def test_a_damaged_secret_is_refused_not_used(tmp_path: Path, content: str) -> None:
    """Is an empty, short or non-hex secret file an error naming it, rather than a weak secret
    silently used?"""
    path = tmp_path / ".aimath" / "secret"
    path.parent.mkdir()
    path.write_text(content)
    with pytest.raises(ValueError, match="secret"):
        course_secret(tmp_path)
    assert path.read_text() == content


def test_the_same_bytes_draw_the_same_seed() -> None:
    """Do the same secret, assignment and sha give the same seed every time?"""
    key = bytes(32)
    assert submission_seed(key, "01_vectors", SHA) == submission_seed(key, "01_vectors", SHA)


@pytest.mark.parametrize(("key", "assignment", "sha"), [
    (bytes(32), "01_vectors", "cd" * 32),
    (bytes(32), "02_matrices", SHA),
    (bytes([1] * 32), "01_vectors", SHA),
])
def test_different_bytes_assignment_or_secret_draw_another_seed(key: bytes, assignment: str,
                                                                sha: str) -> None:
    """Does a change of the bytes graded, the assignment or the course secret change the
    seed?"""
    assert submission_seed(key, assignment, sha) != submission_seed(bytes(32), "01_vectors", SHA)


def test_seeds_fit_in_63_bits_and_tests_draw_their_own() -> None:
    """Is every seed a non-negative 63-bit integer, and does each test get its own seed?"""
    seeds = [submission_seed(bytes(32), "01_vectors", f"{i:064x}") for i in range(200)]
    assert all(0 <= s < 2**63 for s in seeds) and len(set(seeds)) == 200
    assert secret.test_seed(seeds[0], "test_a::x") != secret.test_seed(seeds[0], "test_a::y")
    assert secret.test_seed(seeds[0], "test_a::x") == secret.test_seed(seeds[0], "test_a::x")
    assert seed_from(b"\xff" * 32) == 2**63 - 1


def test_labels_cannot_be_shifted_between_fields() -> None:
    """Is ("ab", "c") a different key from ("a", "bc")?"""
    assert derive(bytes(32), "ab", "c") != derive(bytes(32), "a", "bc")
