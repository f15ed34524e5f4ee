"""The routes of the service, declared once with the roles that may use them.

Each handler is a plain function of one `Call` (who asks, in which language, with which path
parameters, query, fields and file) that returns a response; `web.py` runs it in a thread,
after the session, role and CSRF checks. The role matrix test reads `ROUTES` against its own
table, so a route added without a decision about who may use it fails the test.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from starlette.responses import Response

from autograder.service.accounts import ROLES, Account
from autograder.service.errors import ServiceError
from autograder.service.handin import Upload
from autograder.service.state import ServiceState

ANYONE: frozenset[str] | None = None
SIGNED_IN = frozenset(ROLES)
STUDENT = frozenset({"student"})
STAFF = frozenset({"ta", "instructor"})
INSTRUCTOR = frozenset({"instructor"})
MAX_ID = 2**31 - 1  # the largest id an integer column holds (PostgreSQL's, as SQLite's)


@dataclass(frozen=True)
class Call:
    """One request as a handler sees it."""

    state: ServiceState
    account: Account | None
    lang: str
    path: dict[str, str]
    query: dict[str, str]
    fields: dict[str, Any]
    upload: Upload | None
    session: dict[str, Any] = field(default_factory=dict)
    client: str = ""

    @property
    def who(self) -> Account:
        """The signed-in account (the route's roles guarantee there is one)."""
        if self.account is None:
            raise ServiceError(401, "login_required")
        return self.account

    def text(self, name: str, default: str = "") -> str:
        value = self.fields.get(name, default)
        return default if value is None else str(value)

    def number(self, name: str) -> int:
        """A path parameter that must be a whole number (404 otherwise)."""
        value = self.path.get(name, "")
        if not (value.isascii() and value.isdigit()) or len(value) > 12 or int(value) > MAX_ID:
            raise ServiceError(404, "no_submission", id=value[:20])
        return int(value)


Handler = Callable[[Call], Response]


@dataclass(frozen=True)
class Endpoint:
    """One route: method, path, who may use it, whether it is the JSON API."""

    method: str
    path: str
    roles: frozenset[str] | None
    handler: Handler
    api: bool
    csrf: bool = True


ROUTES: list[Endpoint] = []


def route(method: str, path: str, roles: frozenset[str] | None, *,
          csrf: bool = True) -> Callable[[Handler], Handler]:
    """Declare a handler for `method path`, usable by `roles` (None: by anyone)."""

    def register(handler: Handler) -> Handler:
        ROUTES.append(Endpoint(method, path, roles, handler, path.startswith("/api/"), csrf))
        return handler

    return register
