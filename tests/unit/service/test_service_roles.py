"""Every route of the service, tried by every role and by a visitor who is not signed in.

The table below is this test's own statement of who may do what; a route added to the service
without a line here fails `test_every_route_is_in_the_table`."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from service_course import (  # noqa: F401  (fixtures)
    Course,
    course_fixture,
    db_url_fixture,
    solution,
    variant,
)

from autograder.service.handin import Upload, hand_in
from autograder.service.web import endpoints

ANY = frozenset({None, "student", "ta", "instructor"})
SIGNED = frozenset({"student", "ta", "instructor"})
STUDENT = frozenset({"student"})
STAFF = frozenset({"ta", "instructor"})
INSTRUCTOR = frozenset({"instructor"})
ROSTER = b"student_id,name,email,section\nalice,Alice,alice@example.edu,A\n"

TABLE: dict[tuple[str, str], frozenset[str | None]] = {
    ("GET", "/"): ANY, ("GET", "/static/service.js"): ANY, ("GET", "/login"): ANY,
    ("POST", "/login"): ANY, ("POST", "/logout"): SIGNED, ("GET", "/assignments"): SIGNED,
    ("GET", "/assignments/{id}"): SIGNED, ("POST", "/assignments/{id}/submit"): STUDENT,
    ("GET", "/submissions/{sid}"): SIGNED, ("GET", "/assignments/{id}/report"): STAFF,
    ("GET", "/assignments/{id}/students/{uid}"): STAFF,
    ("POST", "/assignments/{id}/settings"): INSTRUCTOR,
    ("POST", "/assignments/{id}/extensions"): INSTRUCTOR,
    ("POST", "/assignments/{id}/regrade"): INSTRUCTOR,
    ("POST", "/submissions/{sid}/regrade"): INSTRUCTOR,
    ("POST", "/assignments/{id}/publish"): INSTRUCTOR,
    ("POST", "/assignments/{id}/gradebook"): INSTRUCTOR,
    ("GET", "/assignments/{id}/export"): INSTRUCTOR, ("GET", "/roster"): STAFF,
    ("POST", "/roster/import"): INSTRUCTOR, ("POST", "/roster/invite"): INSTRUCTOR,
    ("POST", "/api/login"): ANY, ("POST", "/api/logout"): SIGNED, ("GET", "/api/me"): SIGNED,
    ("GET", "/api/assignments"): SIGNED, ("GET", "/api/assignments/{id}"): SIGNED,
    ("POST", "/api/assignments/{id}/submissions"): STUDENT,
    ("GET", "/api/assignments/{id}/submissions"): SIGNED,
    ("GET", "/api/submissions/{sid}"): SIGNED,
    ("POST", "/api/submissions/{sid}/regrade"): INSTRUCTOR,
    ("GET", "/api/assignments/{id}/grades"): INSTRUCTOR,
    ("POST", "/api/assignments/{id}/regrade"): INSTRUCTOR,
    ("GET", "/api/assignments/{id}/export"): INSTRUCTOR,
    ("GET", "/api/assignments/{id}/report"): STAFF,
    ("POST", "/api/assignments/{id}/settings"): INSTRUCTOR,
    ("POST", "/api/assignments/{id}/extensions"): INSTRUCTOR,
    ("POST", "/api/assignments/{id}/publish"): INSTRUCTOR,
    ("POST", "/api/assignments/{id}/gradebook"): INSTRUCTOR,
    ("GET", "/api/roster"): STAFF, ("POST", "/api/roster"): INSTRUCTOR,
    ("POST", "/api/roster/invite"): INSTRUCTOR,
}
USERS = {None: None, "student": "alice", "ta": "ta1", "instructor": "prof"}


def test_every_route_is_in_the_table() -> None:
    """Is every route the service declares decided in this test's table, and no other?"""
    assert {(e.method, e.path) for e in endpoints()} == set(TABLE)


def _request(course: Course, method: str, path: str, role: str | None, sid: int,
             n: int, signed: dict[str | None, tuple[Any, str]]) -> Any:
    """One request by `role` with a body that would succeed for an allowed role (signed in
    once per role; a fresh sign-in for signing out)."""
    user = USERS[role]
    if "logout" in path or role not in signed:
        client, csrf = course.client(user)
        signed.setdefault(role, (client.cookies, csrf))
    else:
        cookies, csrf = signed[role]
        client = httpx.Client(base_url=course.url, timeout=30, cookies=cookies)
    url = path.format(id="01_vectors", sid=sid, uid="alice")
    files, data, body = None, {"csrf": csrf}, None
    if url.endswith(("/submit", "/submissions")) and method == "POST":
        files = {"file": (f"try{n}.ipynb", variant(f"{role}{n}"))}
    elif url.endswith(("/roster/import", "/api/roster")):
        files = {"file": ("roster.csv", ROSTER)}
    elif url.endswith("login"):
        name = user or "alice"
        data = body = {"user": name, "password": course.password[name], "csrf": csrf}
    elif url.endswith("/extensions"):
        data = body = {"student": "alice", "due": "2099-02-01T00:00:00+00:00", "csrf": csrf}
    headers = {"X-CSRF-Token": csrf}
    try:
        if url.startswith("/api/") and method == "POST" and files is None:
            return client.request(method, url, json=body or {}, headers=headers,
                                  follow_redirects=False)
        return client.request(method, url, data=data if method == "POST" else None,
                              files=files, headers=headers, follow_redirects=False)
    finally:
        client.close()


@pytest.mark.parametrize("role", [None, "student", "ta", "instructor"])
def test_each_role_reaches_exactly_its_routes(course: Course, role: str | None) -> None:
    """Does each role get through every route the table gives it, and a 401 (a visitor) or
    403 on every other one, with JSON on the API?"""
    alice = course.state.accounts.login("alice", course.password["alice"])
    sid = hand_in(course.state, alice, "01_vectors", Upload("a.ipynb", solution())).submission
    ordered = sorted(TABLE, key=lambda key: "logout" in key[1])  # sign out last
    signed: dict[str | None, tuple[Any, str]] = {}
    for n, (method, path) in enumerate(ordered):
        answer = _request(course, method, path, role, sid, n, signed)
        allowed = role in TABLE[(method, path)]
        where = f"{role} {method} {path}: {answer.status_code} {answer.text[:200]}"
        to_login = answer.headers.get("location", "").startswith("/login")
        if path.startswith("/api/"):
            assert answer.headers["content-type"].startswith("application/json"), where
        if allowed:
            assert answer.status_code not in (401, 403), where
            assert not to_login or path in ("/", "/logout"), where  # these go there anyway
        elif role is None:
            assert answer.status_code == 401 or to_login, where
        else:
            assert answer.status_code == 403, where

