"""The course service as its tests run it: a real `aimath serve` on a free loopback port."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

AIMATH = str(Path(sys.executable).parent / "aimath")
POSTGRES = "AIMATH_TEST_POSTGRES"  # a server URL `.ci/run` exports; tests make databases in it


class Served:
    """One `aimath serve` process (stderr in `log`), and its URL once it listens."""

    def __init__(self, course: Path, *options: str, workers: int = 2) -> None:
        self.log = course / f"serve-{time.monotonic_ns()}.log"
        with open(self.log, "w") as out:
            self.process = subprocess.Popen(
                [AIMATH, "serve", "--course", str(course), "--port", "0", "--workers",
                 str(workers), *options], stdout=out, stderr=out, start_new_session=True)
        self.url = self._wait_for_url()

    def _wait_for_url(self, seconds: float = 90) -> str:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            found = re.search(r"http://[^\s/]+/", self.log.read_text())
            if found:
                return found.group(0).rstrip("/")
            if self.process.poll() is not None:
                break
            time.sleep(0.1)
        raise AssertionError(f"aimath serve did not start:\n{self.log.read_text()}")

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=60)

    def kill9(self) -> None:
        """SIGKILL to the service's whole process group, as a crash would."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill9()


@contextlib.contextmanager
def database(kind: str) -> Iterator[str | None]:
    """None for the course's SQLite file, or a fresh database on the test PostgreSQL server
    (the test is skipped, saying why, when `AIMATH_TEST_POSTGRES` is not set)."""
    if kind == "sqlite":
        yield None
        return
    server = os.environ.get(POSTGRES)
    if not server:
        pytest.skip(f"{POSTGRES} is not set: no PostgreSQL server to test against "
                    "(.ci/run starts one and sets it)")
    import psycopg

    name = f"aimath_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield server.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


@contextlib.contextmanager
def served(course: Path, *options: str, workers: int = 2) -> Iterator[Served]:
    server = Served(course, *options, workers=workers)
    try:
        yield server
    finally:
        server.stop()


def login(client: httpx.Client, user: str, password: str = "", code: str = "",
          new_password: str = "") -> str:
    """Sign in through the API; the CSRF token (asserting the login worked)."""
    body = {"user": user, "code": code, "new_password": new_password} if code \
        else {"user": user, "password": password}
    answer = client.post("/api/login", json=body)
    assert answer.status_code == 200, answer.text
    return str(answer.json()["csrf"])


def wait_graded(client: httpx.Client, sid: int, seconds: float = 120) -> dict:
    """The submission's JSON once its grading ended."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        data = client.get(f"/api/submissions/{sid}").json()
        if data["status"] in ("graded", "error"):
            return data
        time.sleep(0.2)
    raise AssertionError(f"submission {sid} not graded within {seconds} s: {data}")
