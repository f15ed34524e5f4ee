"""What the service layer refuses, as one exception the API and the pages both show.

`key` names a sentence `service.error.<key>` in the catalogue (`reports/messages/`), so the
API answers `{"error": <English>}` and a page says the same in the reader's language.
"""

from __future__ import annotations

from typing import Any

from autograder.reports.i18n import t


class ServiceError(Exception):
    """A request the service will not carry out: an HTTP status and a catalogue key."""

    def __init__(self, status: int, key: str, **params: Any) -> None:
        super().__init__(key)
        self.status = status
        self.key = key
        self.params = params

    def text(self, lang: str = "en") -> str:
        """The message in `lang`."""
        return t(f"service.error.{self.key}", lang, **self.params)
