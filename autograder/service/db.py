"""The service's database: engines for reading and writing, migrations, the instance lock.

SQLite (the default, `DIR/aimath.db`) runs in WAL mode; a write transaction starts with
`BEGIN IMMEDIATE`, so two writers queue instead of failing half-way. PostgreSQL
(`postgresql://...`, driven by psycopg 3) uses one engine for both. One `aimath serve` owns a
database at a time (`instance_lock`): that is what lets a restart take back every job the
previous one was grading at once.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, make_url, text
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
LOCK_KEY = 0x61696D617468  # "aimath": PostgreSQL's advisory lock of the serving instance


class DatabaseError(RuntimeError):
    """The database cannot be used (unknown kind, or another service holds it)."""


def database_url(url: str | None, course: Path) -> str:
    """The URL to use: `postgresql://` goes through psycopg 3; the default is the course's
    SQLite file."""
    if url is None:
        return f"sqlite:///{course / 'aimath.db'}"
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        return parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    if parsed.drivername.startswith(("sqlite", "postgresql+")):
        return url
    raise DatabaseError(f"--db {url}: use sqlite:///FILE or postgresql://...")


def _sqlite_engine(url: str, immediate: bool) -> Engine:
    engine = create_engine(url, connect_args={"timeout": 60, "check_same_thread": False},
                           pool_size=8, max_overflow=32)

    @event.listens_for(engine, "connect")
    def _connect(dbapi: Any, _record: Any) -> None:
        dbapi.isolation_level = None  # we say BEGIN ourselves (below)
        for pragma in ("journal_mode=WAL", "foreign_keys=ON", "busy_timeout=60000",
                       "synchronous=NORMAL"):
            dbapi.execute(f"PRAGMA {pragma}")

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def _private(path: str | None) -> None:
    """Create a new SQLite file readable by its owner only: it holds password hashes, emails
    and every grade (SQLite gives its -wal and -shm files the same mode)."""
    if not path or path == ":memory:":
        return
    with contextlib.suppress(FileExistsError):  # an existing file keeps the mode it was given
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))


class Database:
    """Sessions for reading and for writing one database."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.sqlite = make_url(url).get_backend_name() == "sqlite"
        if self.sqlite:
            _private(make_url(url).database)
            self.reader = _sqlite_engine(url, immediate=False)
            self.writer = _sqlite_engine(url, immediate=True)
        else:
            self.reader = self.writer = create_engine(url, pool_size=8, max_overflow=32,
                                                      pool_pre_ping=True)
        self._read = sessionmaker(self.reader, expire_on_commit=False)
        self._write = sessionmaker(self.writer, expire_on_commit=False)

    @contextlib.contextmanager
    def read(self) -> Iterator[Session]:
        """A session that only reads (never commits)."""
        with self._read() as session:
            yield session

    @contextlib.contextmanager
    def write(self) -> Iterator[Session]:
        """A session whose work is committed when the block ends (rolled back on error)."""
        with self._write() as session, session.begin():
            yield session

    def migrate(self) -> None:
        """Bring the schema to the newest migration shipped in the package."""
        from alembic import command
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        with self.writer.connect() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
            connection.commit()

    @contextlib.contextmanager
    def instance_lock(self) -> Iterator[None]:
        """Held while a service runs on this database; DatabaseError if another one does."""
        if self.sqlite:
            path = Path(str(make_url(self.url).database) + ".lock")
            with open(path, "a") as handle:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    raise DatabaseError(f"another `aimath serve` uses {self.url}") from None
                yield
            return
        with self.writer.connect() as connection:
            taken = connection.execute(text("SELECT pg_try_advisory_lock(:k)"),
                                       {"k": LOCK_KEY}).scalar()
            connection.commit()
            if not taken:
                raise DatabaseError(f"another `aimath serve` uses {make_url(self.url)!r}")
            yield

    def close(self) -> None:
        self.reader.dispose()
        self.writer.dispose()
