"""What every request and command shares: settings, database, files, accounts, the pool's
doorbell. Built once by `aimath serve` (or a CLI command) and handed to the app."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from autograder.course.secret import course_secret, derive
from autograder.course.settings import Settings
from autograder.service.accounts import Accounts, LoginLimiter
from autograder.service.db import Database
from autograder.service.store import BlobStore
from autograder.service.turns import UploadTurns


class Doorbell(Protocol):
    """How the service tells its grading pool that there is work, or that the suite changed."""

    def wake(self) -> None: ...

    def recycle(self) -> None: ...


class Silent:
    """The doorbell of a command that grades nothing itself (the next `serve` picks jobs up)."""

    def wake(self) -> None:
        return None

    def recycle(self) -> None:
        return None


@dataclass
class ServiceState:
    """One course's service: the parts, and the keys derived from the course secret."""

    settings: Settings
    db: Database
    doorbell: Doorbell = field(default_factory=Silent)

    def __post_init__(self) -> None:
        secret = course_secret(self.settings.course)
        self.session_key = derive(secret, "service-session")
        self.store = BlobStore(self.settings.course)
        self.accounts = Accounts(self.db, derive(secret, "service-login-codes"))
        self.limiter = LoginLimiter()
        self.upload_turns = UploadTurns()

    def wake(self) -> None:
        self.doorbell.wake()
