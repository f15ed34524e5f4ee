"""Two small ASGI layers in front of every route: a body size limit and security headers.

A body must declare its length (browsers and HTTP clients do for forms and uploads) and stay
within the upload limit plus room for the form around the file; otherwise the request ends at
411 or 413 before the app parses anything (a body up to four times the limit is read and
dropped first, so that the client, still sending, receives the answer rather than a reset).
Every response forbids framing and MIME sniffing and runs only the service's own script.
"""

from __future__ import annotations

import html
import json
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from autograder.reports.i18n import t

DRAIN = 4  # a body up to this many times the limit is read to its end before the 413

HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"content-security-policy",
     b"default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
     b"script-src 'self'; form-action 'self'; frame-ancestors 'none'"),
]


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *HEADERS]
            await send(message)

        await self.app(scope, receive, sending)


async def _drain(receive: Receive, most: int) -> None:
    """Read (and drop) up to `most` bytes of the body, so that the client, still sending,
    reads the answer instead of a reset connection."""
    seen, more = 0, True
    while more and seen <= most:
        message = await receive()
        seen += len(message.get("body", b""))
        more = message.get("more_body", False) and message["type"] == "http.request"


async def _refuse(scope: Scope, send: Send, status: int, error: str) -> None:
    """The answer, before the app has parsed anything: JSON for the API, else a small page
    saying why (a browser shows it in place of the form it sent)."""
    if scope["path"].startswith("/api/"):
        body, kind = json.dumps({"error": error}).encode(), b"application/json"
    else:
        page = (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{status}</title>'
                f'</head><body><p>{html.escape(error)}</p><p><a href="/">aimath</a></p>'
                "</body></html>")
        body, kind = page.encode(), b"text/html; charset=utf-8"
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", kind), (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close"), *HEADERS]})
    await send({"type": "http.response.body", "body": body})


class BodyLimit:
    """Bodies over the upload limit (`upload_mb`, plus one MB for the form around the file)
    end at 413, saying the upload limit in the course's language."""

    def __init__(self, app: ASGIApp, upload_mb: float, lang: str) -> None:
        self.app = app
        self.limit = int((upload_mb + 1) * 2**20)
        self.too_large = t("service.error.body_too_large", lang, mb=f"{upload_mb:g}")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        headers: dict[bytes, Any] = dict(scope["headers"])
        length = headers.get(b"content-length")
        if length is None:
            if b"transfer-encoding" in headers:
                await _refuse(scope, send, 411, "The request's body must say its length (a "
                              "Content-Length header); a body sent in chunks is refused")
                return
        elif not length.isdigit() or int(length) > self.limit:
            if length.isdigit() and int(length) <= DRAIN * self.limit:
                await _drain(receive, DRAIN * self.limit)
            await _refuse(scope, send, 413, self.too_large)
            return
        await self.app(scope, receive, send)
