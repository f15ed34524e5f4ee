"""`aimath serve` put together: database, recovery, grading pool, dispatcher, web server.

Start order: migrate the schema, take the database's instance lock, put back the jobs a
killed predecessor was grading, start the pool and the dispatcher, bind the socket, then
serve until SIGINT/SIGTERM. Stopping ends the workers; jobs still grading are picked up by
the next start (state lives in the database).
"""

from __future__ import annotations

import queue
import socket
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

from autograder.batch.tasks import WorkerConfig
from autograder.course.settings import Settings
from autograder.grading.model import Visibility
from autograder.service.db import Database, database_url
from autograder.service.dispatch import Dispatcher, Pool
from autograder.service.models import Submission
from autograder.service.standing import policy_for
from autograder.service.state import ServiceState


@dataclass(frozen=True)
class ServeOptions:
    """What `aimath serve` was asked for."""

    db: str | None = None
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int | None = None  # default: the course's `jobs`
    executor: str = "local"
    scheduler: str | None = None
    secure_cookies: bool = False


def open_state(settings: Settings, db: str | None) -> ServiceState:
    """The course's service state over its database, schema migrated."""
    database = Database(database_url(db, settings.course))
    database.migrate()
    return ServiceState(settings, database)


def worker_config(settings: Settings) -> WorkerConfig:
    """The grading config every worker starts from (assignment and visibility per job)."""
    service = settings.course / ".aimath" / "service"
    return WorkerConfig("", str(service), str(settings.course), settings.limits, settings.lang)


def make_pool(state: ServiceState, options: ServeOptions, events: queue.Queue[Any]) -> Pool:
    """The grading pool `--executor` asks for, with `--workers` workers."""
    size = options.workers or state.settings.jobs
    config = worker_config(state.settings)
    if options.executor == "dask":
        from autograder.service.dask_pool import DaskPool

        return DaskPool(config, options.scheduler, size, events)
    from autograder.service.pool import LocalPool

    return LocalPool(config, size, events, Path(config.out) / "logs")


def likely_assignment(state: ServiceState) -> tuple[str, Visibility] | None:
    """The assignment the next upload is most likely for (the newest one handed in), so the
    workers collect its suite before anyone waits."""
    with state.db.read() as session:
        newest = session.scalars(select(Submission.assignment)
                                 .order_by(Submission.id.desc()).limit(1)).first()
        if newest is None:
            return None
        return newest, policy_for(state, session, newest).hidden_visibility


def bind(host: str, port: int) -> socket.socket:
    """A listening socket (port 0: any free port; the socket says which)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def serve(settings: Settings, options: ServeOptions, say: Callable[[str], None]) -> None:
    """Run the service until it is stopped."""
    import uvicorn

    from autograder.service.web import create_app

    state = open_state(settings, options.db)
    with state.db.instance_lock():
        events: queue.Queue[Any] = queue.Queue()
        dispatcher = Dispatcher(state, events)
        back = dispatcher.jobs.recover()
        state.doorbell = dispatcher
        pool = make_pool(state, options, events)
        warm = likely_assignment(state)
        if warm is not None:
            pool.warm(*warm)
        dispatcher.start(pool)
        sock = bind(options.host, options.port)
        host, port = sock.getsockname()[:2]
        shown = f"[{host}]" if ":" in host else host
        say(f"aimath serve: http://{shown}:{port}/ (course {settings.course}, "
            f"{options.workers or settings.jobs} {options.executor} workers, "
            f"{back} job(s) taken back)")
        config = uvicorn.Config(create_app(state, options.secure_cookies), log_level="warning",
                                access_log=False, lifespan="off", timeout_graceful_shutdown=5)
        try:
            uvicorn.Server(config).run(sockets=[sock])
        finally:
            dispatcher.stop()
            state.db.close()
