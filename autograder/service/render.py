"""Pages rendered on the server with the same Jinja setup as the feedback pages.

The loader looks in `service/templates/` first, then in `reports/templates/`, so the service's
pages extend the same `base.html.j2` (its CSS) and the submission page extends
`feedback.html.j2` itself. `t`, `label`, `render` and `translate` are bound to the reader's
language exactly as `reports.i18n.render_template` binds them.
"""

from __future__ import annotations

import functools
from datetime import datetime
from pathlib import Path
from typing import Any

import jinja2
from starlette.responses import HTMLResponse

from autograder.reports.compiled import bytecode_cache
from autograder.reports.feedback import when
from autograder.reports.i18n import TEMPLATES, label, num, pct, render, t, translate
from autograder.service.auth import csrf_token
from autograder.service.routing import Call

HERE = Path(__file__).resolve().parent


def moment(value: datetime | None) -> str:
    """A stored time as pages show it: `2026-11-20 10:00 UTC`, or a dash."""
    return "—" if value is None else when(value.isoformat()) or "—"


@functools.cache
def environment() -> jinja2.Environment:
    """The Jinja environment of the service's pages (built once)."""
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader([jinja2.FileSystemLoader(HERE / "templates"),
                                    jinja2.FileSystemLoader(TEMPLATES)]),
        autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True,
        lstrip_blocks=True, bytecode_cache=bytecode_cache("service"))
    env.filters.update(num=num, pct=pct, moment=moment)
    return env


def html(name: str, lang: str, **context: Any) -> str:
    """Render `name` in `lang`."""
    return environment().get_template(name).render(
        lang=lang, t=functools.partial(t, lang=lang), label=functools.partial(label, lang=lang),
        render=functools.partial(render, lang=lang),
        translate=functools.partial(translate, lang=lang), **context)


def page(call: Call, name: str, status: int = 200, /, **context: Any) -> HTMLResponse:
    """A full page for this request: who is signed in, the CSRF token for its forms, the
    message left by the previous form (shown once) and the language switch."""
    flash = call.session.pop("flash", None)
    body = html(name, call.lang, account=call.account, csrf=csrf_token(call.session),
                flash=flash, here=call.path.get("_here", "/"),
                other_lang="ko" if call.lang == "en" else "en", **context)
    return HTMLResponse(body, status_code=status)
