"""Two small ASGI layers in front of every route: a body size limit and security headers.

A body must declare its length (browsers and HTTP clients do for forms and uploads) and stay
within the upload limit plus room for the form around the file; otherwise the request ends at
411 or 413 before the app parses anything (a body up to four times the limit is read and
dropped first, so that the client, still sending, receives the answer rather than a reset).
Every response forbids framing and MIME sniffing and runs only the service's own script.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

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
    if scope["path"].startswith("/api/"):
        body, kind = json.dumps({"error": error}).encode(), b"application/json"
    else:
        body, kind = error.encode(), b"text/plain; charset=utf-8"
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", kind), (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close"), *HEADERS]})
    await send({"type": "http.response.body", "body": body})


class BodyLimit:
    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        headers: dict[bytes, Any] = dict(scope["headers"])
        length = headers.get(b"content-length")
        if length is None:
            if b"transfer-encoding" in headers:
                await _refuse(scope, send, 411, "send the body with a Content-Length")
                return
        elif not length.isdigit() or int(length) > self.limit:
            if length.isdigit() and int(length) <= DRAIN * self.limit:
                await _drain(receive, DRAIN * self.limit)
            await _refuse(scope, send, 413, f"the request is larger than "
                          f"{self.limit / 2**20:.0f} MB; upload a smaller file")
            return
        await self.app(scope, receive, send)
