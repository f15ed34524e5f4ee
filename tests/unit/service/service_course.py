"""In-process fixtures of the course service, imported by its tests. A course
with a roster, an instructor, a TA and two students with passwords, over SQLite or (when
`AIMATH_TEST_POSTGRES` names a server) a fresh PostgreSQL database; its app served by uvicorn
in a thread on a free loopback port, as `aimath serve` runs it. Nothing here grades: the
doorbell is silent, so jobs stay queued."""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import uvicorn
from support.service import database

from autograder.course.assignments import ROOT
from autograder.course.settings import load_settings
from autograder.service import demo
from autograder.service.server import bind, open_state
from autograder.service.state import ServiceState
from autograder.service.web import create_app

PASSWORDS = {"alice": "alice-pass-1", "bob": "bob-pass-22", "prof": "", "ta1": "ta-pass-333"}
SETTINGS = """
upload_mb = 1
[assignments.01_vectors]
due = "2099-01-01T00:00:00+00:00"
[assignments.02_matrices]
opens = "2099-01-01T00:00:00+00:00"
"""


def solution() -> bytes:
    return (ROOT / "solutions" / "01_vectors" / "01_vectors.ipynb").read_bytes()


def variant(text: str) -> bytes:
    """A small valid notebook whose bytes differ by `text` (another attempt)."""
    cell = {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
            "source": f"x = {text!r}\n"}
    return json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {},
                       "cells": [cell]}).encode()


@pytest.fixture(name="db_url", params=["sqlite", "postgres"])
def db_url_fixture(request: pytest.FixtureRequest) -> Iterator[str | None]:
    """None (the course's SQLite file), or a fresh database on the test PostgreSQL server."""
    with database(request.param) as url:
        yield url


@dataclass
class Course:
    """A course ready for requests at `url`."""

    folder: Path
    state: ServiceState
    password: dict[str, str]
    url: str = ""

    def client(self, user: str | None = None) -> tuple[httpx.Client, str]:
        """A client (signed in as `user`, unless None) and its CSRF token."""
        client = httpx.Client(base_url=self.url, timeout=30)
        if user is None:  # a visitor: the login form carries the session's token
            found = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text)
            assert found
            return client, found.group(1)
        answer = client.post("/api/login", json={"user": user, "password": self.password[user]})
        assert answer.status_code == 200, answer.text
        return client, str(answer.json()["csrf"])


@pytest.fixture(name="course")
def course_fixture(tmp_path: Path, db_url: str | None) -> Iterator[Course]:
    built = demo.build(tmp_path / "course", (("alice", "Alice", "A"), ("bob", "Bob", "B")),
                       db=db_url, settings=SETTINGS)
    state = open_state(load_settings(built.course), db_url)
    for student in ("alice", "bob"):
        state.accounts.login_with_code(student, built.codes[student], PASSWORDS[student])
    state.accounts.add_staff("ta1", "ta", PASSWORDS["ta1"])
    sock = bind("127.0.0.1", 0)
    server = uvicorn.Server(uvicorn.Config(create_app(state), log_level="warning",
                                           lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.01)
    host, port = sock.getsockname()[:2]
    yield Course(built.course, state, {**PASSWORDS, "prof": built.password},
                 f"http://{host}:{port}")
    server.should_exit = True
    thread.join(timeout=10)
    sock.close()
    state.db.close()
