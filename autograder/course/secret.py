"""The course secret and the seeds derived from it.

Random hidden inputs must differ between submissions (a table of answers learned from one
feedback page is worth nothing on the next), yet the same bytes re-graded must draw the same
inputs. Both follow from a seed derived from a secret that never leaves the course folder and
the bytes being graded. The secret lives in `<course>/.aimath/secret` (created on first use,
readable by its owner only); `AIMATH_SECRET_FILE` points elsewhere, e.g. on a Dask cluster.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

SECRET_DIR = ".aimath"
SECRET_FILE = "secret"
ENVIRONMENT = "AIMATH_SECRET_FILE"
SECRET_BYTES = 32


class SecretError(ValueError):
    """The course secret exists but cannot be used."""


def secret_path(course: Path) -> Path:
    """Where the course's secret is kept."""
    override = os.environ.get(ENVIRONMENT)
    return Path(override) if override else Path(course) / SECRET_DIR / SECRET_FILE


def course_secret(course: Path) -> bytes:
    """The course's secret, created (32 random bytes, mode 0600) the first time it is asked for.

    Workers start together, so the first use may race: the secret is written aside and linked
    into place, and whoever links second reads the first one's secret instead.
    """
    path = secret_path(course)
    try:
        return _read(path)
    except FileNotFoundError:
        pass
    try:
        return _create(path)
    except FileExistsError:  # another process created it first
        return _read(path)


def _read(path: Path) -> bytes:
    text = path.read_text(encoding="ascii").strip()
    try:
        value = bytes.fromhex(text)
    except ValueError:
        value = b""
    if len(value) < SECRET_BYTES:
        raise SecretError(f"{path}: the course secret is damaged (not {SECRET_BYTES} bytes of "
                          "hex); restore it from a backup, or remove it to start a new one "
                          "(every hidden input and grading fingerprint changes)")
    return value


def _create(path: Path) -> bytes:
    """A new secret, complete before its name appears; FileExistsError if one appeared."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    value = secrets.token_bytes(SECRET_BYTES)
    aside = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    descriptor = os.open(aside, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    try:
        with os.fdopen(descriptor, "w", encoding="ascii") as handle:
            handle.write(value.hex() + "\n")
        os.link(aside, path)  # atomic, and never replaces a secret that is already there
    finally:
        os.unlink(aside)
    return value


def derive(secret: bytes, *labels: str) -> bytes:
    """A key for one purpose: HMAC-SHA256 of the labels under the secret."""
    return hmac.new(secret, "\x1f".join(labels).encode(), hashlib.sha256).digest()


def seed_from(key: bytes) -> int:
    """A 63-bit seed (what `numpy.random.default_rng` and results.json carry) from a key."""
    return int.from_bytes(key[:8], "big") >> 1


def submission_seed(secret: bytes, assignment: str, sha256: str) -> int:
    """The seed of one submission's hidden inputs: its assignment and the bytes graded."""
    return seed_from(derive(secret, "hidden-inputs", assignment, sha256))


def test_seed(submission: int, test_id: str) -> int:
    """One test's seed within a submission: every test draws its own inputs."""
    return seed_from(derive(submission.to_bytes(8, "big"), "test", test_id))
