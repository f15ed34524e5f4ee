"""Accounts: passwords (argon2id), one-time login codes, staff users and roster students.

Ids follow `intake.identity` (a roster id outside the rule is refused, never silently
changed). A login code is shown once (`aimath roster invite`), kept only as a keyed hash and
spent by the first login, which sets the student's password.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from autograder.service.db import Database
from autograder.service.errors import ServiceError
from autograder.service.models import LoginCode, User, now
from autograder.student import identity

ROLES = ("student", "ta", "instructor")
STAFF = frozenset({"ta", "instructor"})
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud or typed
CODE_DAYS = 30
MIN_PASSWORD = 8
HASHING = threading.BoundedSemaphore(2)  # argon2 takes 64 MB a hash: two at a time
WINDOW = 600.0  # seconds over which failed logins are counted
PER_USER = 10  # failed logins per account per window
PER_CLIENT = 100  # failed logins per address per window


@dataclass(frozen=True)
class Account:
    """Who is signed in (what every request needs to decide what it may do)."""

    id: str
    role: str
    name: str
    version: int

    @property
    def staff(self) -> bool:
        return self.role in STAFF


def _account(user: User) -> Account:
    return Account(user.id, user.role, user.name, user.session_version)


def valid_id(value: str) -> str:
    """`value` if it follows the id rule; ServiceError otherwise."""
    if not value or not identity.is_valid(value):
        raise ServiceError(400, "bad_id", id=value[:80])
    return value


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise ServiceError(400, "short_password", n=MIN_PASSWORD)
    return password


class Accounts:
    """Sign-in and account changes over one database; `key` keys the login codes' hashes."""

    def __init__(self, db: Database, key: bytes) -> None:
        self.db = db
        self.key = key
        self.hasher = PasswordHasher()
        self._dummy = self.hasher.hash(secrets.token_hex(8))

    def _hash(self, password: str) -> str:
        with HASHING:
            return self.hasher.hash(password)

    def _verify(self, stored: str | None, password: str) -> bool:
        with HASHING:
            try:
                return self.hasher.verify(stored or self._dummy, password) and bool(stored)
            except (VerificationError, InvalidHashError):
                return False

    def _code_hash(self, code: str) -> str:
        cleaned = code.strip().upper().replace("-", "")
        return hmac.new(self.key, cleaned.encode(), hashlib.sha256).hexdigest()

    def login(self, user_id: str, password: str) -> Account:
        """The account whose password this is; 401 otherwise (same answer for any reason)."""
        with self.db.read() as session:
            user = session.get(User, user_id)
        if not self._verify(user.password_hash if user else None, password) or user is None:
            raise ServiceError(401, "login_failed")
        return _account(user)

    def login_with_code(self, user_id: str, code: str, new_password: str) -> Account:
        """Spend a one-time code and set the password it was issued for."""
        check_password(new_password)
        hashed = self._hash(new_password)
        with self.db.write() as session:
            found = session.get(LoginCode, user_id)
            if found is None or found.expires_at < now() or not hmac.compare_digest(
                    found.code_hash, self._code_hash(code)):
                raise ServiceError(401, "login_failed")
            session.delete(found)
            user = session.get_one(User, user_id)
            user.password_hash = hashed
            user.session_version += 1
            return _account(user)

    def current(self, user_id: str, version: int) -> Account | None:
        """The signed-in account, if it still exists and its sessions are still valid."""
        with self.db.read() as session:
            user = session.get(User, user_id)
        return _account(user) if user and user.session_version == version else None

    def sign_out(self, user_id: str) -> None:
        """End every session of this account (its cookies stop working)."""
        with self.db.write() as session:
            user = session.get(User, user_id)
            if user is not None:
                user.session_version += 1

    def add_staff(self, user_id: str, role: str, password: str) -> None:
        """Create (or update) an instructor or TA with this password; never from a student's
        account (the roster's students stay students, as its staff stay staff)."""
        if role not in STAFF:
            raise ServiceError(400, "bad_role", role=role)
        hashed = self._hash(check_password(password))
        with self.db.write() as session:
            user = session.get(User, valid_id(user_id)) or User(id=user_id, role=role)
            if user.role == "student":  # a mistyped TA id would open the class to a student
                raise ServiceError(409, "staff_student", id=user_id)
            user.role, user.password_hash = role, hashed
            user.session_version = (user.session_version or 0) + 1
            session.add(user)

    def invite(self, students: list[str] | None = None) -> list[tuple[str, str]]:
        """A fresh one-time code for each student named (replacing an unspent one; for a
        student who has signed in, a code that resets the password), or by default for each
        student not invited yet: no password and no live code. Run again for a newcomer,
        the default leaves the codes already handed out, and every account in use, alone.
        Returns (student, code) pairs, the only place the codes appear."""
        issued = []
        with self.db.write() as session:
            query = select(User.id).where(User.role == "student").order_by(User.id)
            ids = list(session.scalars(query))
            unknown = [s for s in students or () if s not in ids]
            if unknown:  # a mistyped id issues nothing, rather than nothing for it alone
                raise ServiceError(404, "no_student", id=unknown[0][:64])
            for user_id in _uninvited(session) if students is None else dict.fromkeys(students):
                code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(10))
                code = f"{code[:5]}-{code[5:]}"
                session.merge(LoginCode(user_id=user_id, code_hash=self._code_hash(code),
                                        expires_at=now() + timedelta(days=CODE_DAYS)))
                issued.append((user_id, code))
        return issued


def _uninvited(session: Session) -> list[str]:
    """Students who have neither a password nor a code they could still spend, by id."""
    live = {code.user_id for code in session.scalars(select(LoginCode))
            if code.expires_at >= now()}
    waiting = select(User.id).where(User.role == "student", User.password_hash.is_(None))
    return [user_id for user_id in session.scalars(waiting.order_by(User.id))
            if user_id not in live]


class LoginLimiter:
    """Failed logins per account and per address over a sliding window."""

    def __init__(self) -> None:
        self._failures: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def _recent(self, key: str, at: float) -> deque[float]:
        found = self._failures[key]
        while found and found[0] < at - WINDOW:
            found.popleft()
        return found

    def check(self, user: str, client: str) -> None:
        """429 while either the account or the address has failed too often."""
        at = time.monotonic()
        with self._lock:
            for key, most in ((f"u:{user}", PER_USER), (f"c:{client}", PER_CLIENT)):
                found = self._recent(key, at)
                if len(found) >= most:
                    raise ServiceError(429, "too_many_logins",
                                       seconds=int(found[0] + WINDOW - at) + 1)

    def failed(self, user: str, client: str) -> None:
        at = time.monotonic()
        with self._lock:
            for key in (f"u:{user}", f"c:{client}"):
                self._recent(key, at).append(at)
