"""The ASGI app: every declared route wrapped in the same checks, one error shape.

Order of checks for every request: the session (who), the route's roles (401/403), the body
(JSON, a form, or one uploaded `file`; bodies over the upload limit end at 413 while being
read), the CSRF token for anything but GET, then the handler in a worker thread. A refusal
is `{"error": "..."}` with its 4xx status on `/api/`; a page shows it in the reader's
language (after a form: back where the form was, with the message on top).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlsplit

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.formparsers import MultiPartException
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from autograder.reports.i18n import LANGUAGES
from autograder.service.auth import SAFE_METHODS, check_csrf, require, signed_in
from autograder.service.errors import ServiceError
from autograder.service.guard import BodyLimit, SecurityHeaders
from autograder.service.handin import Upload
from autograder.service.render import html
from autograder.service.routing import ROUTES, Call, Endpoint
from autograder.service.state import ServiceState
from autograder.student import wellformed

LANG_COOKIE = "aimath_lang"
MAX_TOKEN = 100  # characters of an idempotency token (what the database column holds)
SESSION_DAYS = 14


def language(request: Request, state: ServiceState) -> str:
    """`?lang=`, else the reader's earlier choice, else their browser's, else the course's."""
    for asked in (request.query_params.get("lang"), request.cookies.get(LANG_COOKIE)):
        if asked in LANGUAGES:
            return str(asked)
    accept = request.headers.get("accept-language", "").lower()
    return "ko" if accept.startswith("ko") else state.settings.lang


def text_of(value: Any) -> Any:
    """What a client sent (JSON, form fields, the query, the path) as the database can store
    it on SQLite and PostgreSQL alike: a NUL character is refused (PostgreSQL's text holds
    none), a lone surrogate becomes U+FFFD."""
    return wellformed.data(value, _storable)


def _storable(text: str) -> str:
    if "\x00" in text:
        raise ServiceError(400, "bad_text")
    return wellformed.text(text)


async def inputs(request: Request) -> tuple[dict[str, Any], Upload | None]:
    """The request's fields (a JSON object or a form) and its uploaded `file`, if any."""
    kind = request.headers.get("content-type", "")
    if request.method in SAFE_METHODS:
        return {}, None
    if kind.startswith("application/json"):
        try:
            data = text_of(await request.json())
        except (ValueError, RecursionError):  # nested past what Python (or text_of) walks
            raise ServiceError(400, "bad_json") from None
        if not isinstance(data, dict):
            raise ServiceError(400, "bad_json")
        return data, None
    if not kind.startswith(("multipart/form-data", "application/x-www-form-urlencoded")):
        return {}, None
    try:
        form = await request.form(max_files=1, max_fields=50)
    except (MultiPartException, HTTPException) as exc:  # Starlette turns the first into 400s
        said = exc.detail if isinstance(exc, HTTPException) else exc.message
        raise ServiceError(400, "bad_form", said=str(said)[:100]) from None
    try:
        fields = text_of({k: v for k, v in form.items() if isinstance(v, str)})
        part, upload = form.get("file"), None
        if isinstance(part, UploadFile):
            token = text_of(request.headers.get("idempotency-key") or fields.get("idempotency"))
            if token and len(token) > MAX_TOKEN:
                raise ServiceError(400, "bad_idempotency", most=MAX_TOKEN)
            upload = Upload(part.filename or "", await part.read(), token or None)
    finally:
        await form.close()
    return fields, upload


def failure(exc: ServiceError, request: Request, api: bool, lang: str) -> Response:
    """How a refusal is answered: JSON on the API, a page (or a redirect) otherwise."""
    headers = {"Retry-After": str(exc.params["seconds"])} if "seconds" in exc.params else {}
    if api:
        return JSONResponse({"error": exc.text("en")}, exc.status, headers=headers)
    if exc.status == 401:
        return RedirectResponse(f"/login?next={quote(request.url.path)}", 303)
    if request.method not in SAFE_METHODS and exc.status not in (403, 404):
        request.session["flash"] = ["error", exc.text(lang)]
        back = urlsplit(request.headers.get("referer", ""))
        same = back.netloc == request.url.netloc and back.path.startswith("/")
        return RedirectResponse(back.path if same else "/assignments", 303, headers=headers)
    body = html("error.html.j2", lang, account=None, csrf="", flash=None, here="/",
                other_lang="ko" if lang == "en" else "en", status=exc.status,
                message=exc.text(lang))
    return Response(body, exc.status, media_type="text/html", headers=headers)


def wrap(state: ServiceState, endpoint: Endpoint) -> Any:
    """The route's handler behind the session, role and CSRF checks."""

    async def run(request: Request) -> Response:
        """The checks, then the handler in a worker thread; refusals in one shape."""
        lang = language(request, state)
        try:
            account = await run_in_threadpool(signed_in, state, request.session)
            require(account, endpoint.roles)
            if endpoint.api and endpoint.csrf and request.method not in SAFE_METHODS:
                check_csrf(request.session, request.headers.get("x-csrf-token"))
            fields, upload = await inputs(request)
            if not endpoint.api and endpoint.csrf and request.method not in SAFE_METHODS:
                check_csrf(request.session, str(fields.get("csrf") or ""))
            client = request.client.host if request.client else ""
            call = Call(state, account, lang,
                        text_of({**request.path_params, "_here": request.url.path}),
                        text_of(dict(request.query_params)), fields, upload, request.session,
                        client)
            response: Response = await run_in_threadpool(endpoint.handler, call)
        except ServiceError as exc:
            response = failure(exc, request, endpoint.api, lang)
        if request.query_params.get("lang") in LANGUAGES:
            response.set_cookie(LANG_COOKIE, request.query_params["lang"], 365 * 86400,
                                samesite="lax", httponly=True)
        return response

    return run


def endpoints() -> list[Endpoint]:
    """Every route of the service (its modules declare them when imported)."""
    from autograder.service import api, pages, pages_staff  # noqa: F401

    return list(ROUTES)


def create_app(state: ServiceState, secure_cookies: bool = False) -> Starlette:
    """The service's app over one course's state."""
    routes = [Route(e.path, wrap(state, e), methods=[e.method]) for e in endpoints()]

    async def missing(request: Request, exc: Exception) -> Response:
        """An unknown path (404) or method (405), answered like any refusal."""
        status = exc.status_code if isinstance(exc, HTTPException) else 500
        error = ServiceError(status if status in (404, 405) else 400,
                             "not_found" if status == 404 else "bad_method")
        return failure(error, request, request.url.path.startswith("/api/"),
                       language(request, state))

    return Starlette(routes=routes, exception_handlers={HTTPException: missing}, middleware=[
        Middleware(SecurityHeaders),
        Middleware(BodyLimit, upload_mb=state.settings.limits.upload_mb,
                   lang=state.settings.lang),
        Middleware(SessionMiddleware, secret_key=state.session_key.hex(),
                   session_cookie="aimath_session", max_age=SESSION_DAYS * 86400,
                   same_site="lax", https_only=secure_cookies)])
