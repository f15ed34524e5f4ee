"""The pages everyone uses: sign in, the assignment list, an assignment, a submission.

Forms post back here with the session's CSRF token; an upload answers with a redirect to the
submission's page, which shows its status live (`/static/service.js` asks the API) and then
the feedback page itself, with what this reader may see.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from starlette.responses import RedirectResponse, Response

from autograder.course import assignments
from autograder.reports.feedback import assignment_title, feedback_context
from autograder.reports.i18n import t
from autograder.service import views
from autograder.service.api import sign_in
from autograder.service.errors import ServiceError
from autograder.service.handin import hand_in, known_assignment
from autograder.service.models import now
from autograder.service.render import page
from autograder.service.routing import ANYONE, SIGNED_IN, STUDENT, Call, route

STATIC = Path(__file__).resolve().parent / "static"


def flash(call: Call, kind: str, key: str, **params: object) -> None:
    """A message for the next page (shown once)."""
    call.session["flash"] = [kind, t(f"service.flash.{key}", call.lang, **params)]


def _next(call: Call) -> str:
    target = call.query.get("next") or call.text("next") or "/assignments"
    return target if target.startswith("/") and not target.startswith("//") else "/assignments"


@route("GET", "/", ANYONE)
def home(call: Call) -> Response:
    return RedirectResponse("/assignments" if call.account else "/login", 303)


@route("GET", "/static/service.js", ANYONE)
def script(call: Call) -> Response:
    return Response((STATIC / "service.js").read_bytes(), media_type="text/javascript",
                    headers={"Cache-Control": "max-age=3600"})


@route("GET", "/login", ANYONE)
def login_page(call: Call) -> Response:
    return page(call, "login.html.j2", next=_next(call), user=call.query.get("user", ""))


@route("POST", "/login", ANYONE)
def login_form(call: Call) -> Response:
    sign_in(call)
    return RedirectResponse(_next(call), 303)


@route("POST", "/logout", SIGNED_IN)
def logout(call: Call) -> Response:
    call.state.accounts.sign_out(call.who.id)
    call.session.clear()
    return RedirectResponse("/login", 303)


@route("GET", "/assignments", SIGNED_IN)
def assignment_list(call: Call) -> Response:
    """Students: their assignments and standing; staff: every assignment."""
    if call.who.staff:
        return page(call, "staff_list.html.j2", items=[
            (a, assignment_title(a, call.lang)) for a in assignments.ALL])
    return page(call, "assignments.html.j2",
                rows=views.my_assignments(call.state, call.who, call.lang), at=now())


@route("GET", "/assignments/{id}", SIGNED_IN)
def assignment(call: Call) -> Response:
    """A student's assignment page (rules, upload form, attempts); staff get the class page."""
    assignment_id = known_assignment(call.path["id"])
    if call.who.staff:
        from autograder.service.pages_staff import class_page

        return class_page(call, assignment_id)
    with call.state.db.read() as session:
        row = views.assignment_row(call.state, session, call.who.id, assignment_id, call.lang)
    return page(call, "assignment.html.j2", row=row, at=now(), token=secrets.token_urlsafe(16),
                limit_mb=call.state.settings.limits.upload_mb)


@route("POST", "/assignments/{id}/submit", STUDENT)
def upload(call: Call) -> Response:
    """The upload form: hand in, then go to the submission's live page."""
    if call.upload is None or (not call.upload.data and not call.upload.filename):
        raise ServiceError(400, "no_file")
    made = hand_in(call.state, call.who, call.path["id"], call.upload)
    flash(call, "ok", "handed_in" if not made.repeated else "repeated", n=made.attempt)
    return RedirectResponse(f"/submissions/{made.submission}", 303)


@route("GET", "/submissions/{sid}", SIGNED_IN)
def submission(call: Call) -> Response:
    """A submission: its live status while waiting, then the feedback page itself."""
    view = views.submission_view(call.state, call.who, call.number("sid"))
    if view.result is None:
        return page(call, "pending.html.j2", view=view)
    context = feedback_context(view.result, call.lang, view.shown)
    mine = view.counted
    context.update(score=mine.score, max_score=mine.max_score, hidden_count=view.hidden[0],
                   hidden_points=view.hidden[1],
                   fraction=mine.score / mine.max_score if mine.score is not None
                   and mine.max_score else None)
    past = list(view.gradings or ())
    return page(call, "submission.html.j2", view=view, history=past,
                visibility=view.rule.value, **context)
