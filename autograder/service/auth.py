"""Who is asking, and may they: signed session cookies, CSRF tokens, roles, a login limit.

The session cookie (signed with a key derived from the course secret) holds the user id, the
account's session version (a password change ends every older session) and the CSRF token
handed out at login. Every state-changing request must echo that token: the `X-CSRF-Token`
header (API) or the form's `csrf` field (pages). The JSON login needs none: a cross-site form
cannot send JSON. Failed logins are limited per account and per address
(`accounts.LoginLimiter`).
"""

from __future__ import annotations

import hmac
import secrets
from typing import Any

from autograder.service.accounts import Account
from autograder.service.errors import ServiceError
from autograder.service.state import ServiceState

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def csrf_token(session: dict[str, Any]) -> str:
    """This session's CSRF token (one is made for a visitor who has none yet)."""
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(24)
    return str(session["csrf"])


def check_csrf(session: dict[str, Any], given: str | None) -> None:
    expected = session.get("csrf")
    if not expected or not given or not hmac.compare_digest(str(expected), given):
        raise ServiceError(403, "csrf")


def signed_in(state: ServiceState, session: dict[str, Any]) -> Account | None:
    """The account of this session, if it is still valid."""
    user, version = session.get("user"), session.get("version")
    if not isinstance(user, str) or not isinstance(version, int):
        return None
    return state.accounts.current(user, version)


def start_session(session: dict[str, Any], account: Account) -> str:
    """A fresh session for `account` (nothing of the visitor's survives); its CSRF token."""
    session.clear()
    session.update(user=account.id, version=account.version)
    return csrf_token(session)


def require(account: Account | None, roles: frozenset[str] | None) -> None:
    """401 for a visitor where an account is needed, 403 for the wrong role."""
    if roles is None:
        return
    if account is None:
        raise ServiceError(401, "login_required")
    if account.role not in roles:
        raise ServiceError(403, "forbidden")
