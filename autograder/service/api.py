"""The JSON API: everything the pages do, as `/api/...` routes over the same service layer.

Every answer is JSON; a refusal is `{"error": "..."}` with a 4xx status (see `web.py`).
"""

from __future__ import annotations

import unicodedata

from starlette.responses import JSONResponse

from autograder.course import assignments
from autograder.reports.feedback import assignment_title
from autograder.service import admin, staff, views
from autograder.service.auth import start_session
from autograder.service.errors import ServiceError
from autograder.service.handin import hand_in, known_assignment
from autograder.service.models import User
from autograder.service.routing import ANYONE, INSTRUCTOR, SIGNED_IN, STAFF, STUDENT, Call, route
from autograder.service.standing import policy_for


def sign_in(call: Call) -> tuple[str, str]:
    """Log in by password, or by one-time code setting the password; (user, csrf token)."""
    # ids are stored composed (NFC): one typed on a Mac arrives decomposed
    user = unicodedata.normalize("NFC", call.text("user").strip())
    code = call.text("code").strip()
    call.state.limiter.check(user, call.client)
    try:
        if code:
            account = call.state.accounts.login_with_code(user, code, call.text("new_password"))
        else:
            account = call.state.accounts.login(user, call.text("password"))
    except ServiceError as exc:
        if exc.status == 401:
            call.state.limiter.failed(user, call.client)
        raise
    return account.id, start_session(call.session, account)


@route("POST", "/api/login", ANYONE, csrf=False)
def login(call: Call) -> JSONResponse:
    user, csrf = sign_in(call)
    role = call.state.accounts.current(user, call.session["version"])
    return JSONResponse({"user": user, "role": role.role if role else None, "csrf": csrf})


@route("POST", "/api/logout", SIGNED_IN)
def logout(call: Call) -> JSONResponse:
    call.state.accounts.sign_out(call.who.id)
    call.session.clear()
    return JSONResponse({"ok": True})


@route("GET", "/api/me", SIGNED_IN)
def me(call: Call) -> JSONResponse:
    who = call.who
    return JSONResponse({"user": who.id, "role": who.role, "name": who.name})


def _policy_json(call: Call, assignment: str) -> dict[str, object]:
    with call.state.db.read() as session:
        policy = policy_for(call.state, session, assignment)
    return {"id": assignment, "title": assignment_title(assignment, "en"),
            "opens": policy.opens.isoformat() if policy.opens else None,
            "due": policy.due.isoformat() if policy.due else None,
            "attempts_left": None, "score": None, "max_attempts": policy.max_attempts,
            "cooldown_minutes": policy.cooldown_minutes, "counts": policy.counts,
            "hidden_visibility": policy.hidden_visibility.value}


@route("GET", "/api/assignments", SIGNED_IN)
def assignment_list(call: Call) -> JSONResponse:
    if call.who.staff:
        return JSONResponse([_policy_json(call, a) for a in assignments.ALL])
    return JSONResponse([row.to_json() for row in views.my_assignments(call.state, call.who)])


@route("GET", "/api/assignments/{id}", SIGNED_IN)
def assignment_detail(call: Call) -> JSONResponse:
    """An assignment's settings, and for a student their standing and score."""
    assignment = known_assignment(call.path["id"])
    data = _policy_json(call, assignment)
    if not call.who.staff:
        with call.state.db.read() as session:
            data.update(views.assignment_row(call.state, session, call.who.id,
                                             assignment).to_json())
    return JSONResponse(data)


@route("POST", "/api/assignments/{id}/submissions", STUDENT)
def submit(call: Call) -> JSONResponse:
    """Hand in the multipart field `file`: 202 and the submission's id."""
    if call.upload is None:
        raise ServiceError(400, "no_file")
    made = hand_in(call.state, call.who, call.path["id"], call.upload)
    return JSONResponse({"submission": made.submission, "attempt": made.attempt,
                         "repeated": made.repeated}, 202)


@route("GET", "/api/assignments/{id}/submissions", SIGNED_IN)
def attempts(call: Call) -> JSONResponse:
    rows = views.attempts_of(call.state, call.who, call.path["id"], call.query.get("student"))
    return JSONResponse([{"submission": r.submission, "student": r.user, "attempt": r.number,
                          "submitted_at": r.submitted_at.isoformat(), "status": r.status}
                         for r in rows])


@route("GET", "/api/submissions/{sid}", SIGNED_IN)
def submission(call: Call) -> JSONResponse:
    return JSONResponse(views.submission_view(call.state, call.who, call.number("sid")).to_json())


@route("POST", "/api/submissions/{sid}/regrade", INSTRUCTOR)
def regrade_one(call: Call) -> JSONResponse:
    view = views.submission_view(call.state, call.who, call.number("sid"))
    return JSONResponse({"queued": staff.regrade(call.state, view.assignment, view.id)})


@route("GET", "/api/assignments/{id}/grades", INSTRUCTOR)
def grades(call: Call) -> JSONResponse:
    return JSONResponse([r.to_json() for r in staff.class_rows(call.state, call.path["id"])])


@route("POST", "/api/assignments/{id}/regrade", INSTRUCTOR)
def regrade_all(call: Call) -> JSONResponse:
    return JSONResponse({"queued": staff.regrade(call.state, call.path["id"])})


@route("GET", "/api/assignments/{id}/export", INSTRUCTOR)
def export(call: Call) -> JSONResponse:
    made = staff.export(call.state, call.path["id"], call.query.get("format", "csv"))
    return JSONResponse({"filename": made.filename, "csv": made.data.decode("utf-8-sig")})


@route("GET", "/api/assignments/{id}/report", STAFF)
def report(call: Call) -> JSONResponse:
    """The class report's summary (counted results only)."""
    made = admin.class_report(call.state, call.path["id"], "en")
    scores = made.scores
    return JSONResponse({"assignment": made.assignment, "count": len(scores),
                         "statuses": dict(made.statuses), "max_score": made.max_score,
                         "mean": sum(scores) / len(scores) if scores else None})


@route("POST", "/api/assignments/{id}/settings", INSTRUCTOR)
def settings(call: Call) -> JSONResponse:
    admin.set_policy(call.state, call.path["id"], call.fields)
    return JSONResponse(_policy_json(call, call.path["id"]))


@route("POST", "/api/assignments/{id}/extensions", INSTRUCTOR)
def extension(call: Call) -> JSONResponse:
    admin.set_extension(call.state, call.path["id"], call.text("student"), call.text("due"))
    return JSONResponse({"ok": True})


@route("POST", "/api/assignments/{id}/publish", INSTRUCTOR)
def publish(call: Call) -> JSONResponse:
    staff.publish(call.state, call.path["id"])
    return JSONResponse({"ok": True})


@route("POST", "/api/assignments/{id}/gradebook", INSTRUCTOR)
def gradebook(call: Call) -> JSONResponse:
    return JSONResponse({"students": admin.sync_gradebook(call.state, call.path["id"])})


@route("GET", "/api/roster", STAFF)
def roster(call: Call) -> JSONResponse:
    """Every account of the course (no secrets)."""
    with call.state.db.read() as session:
        users = session.query(User).order_by(User.role, User.id).all()
    return JSONResponse([{"user": u.id, "role": u.role, "name": u.name, "email": u.email,
                          "section": u.section, "active": u.password_hash is not None}
                         for u in users])


@route("POST", "/api/roster", INSTRUCTOR)
def roster_import(call: Call) -> JSONResponse:
    if call.upload is None:
        raise ServiceError(400, "no_file")
    done = admin.import_roster(call.state, roster_text(call.upload.data), call.upload.filename)
    return JSONResponse({"added": done.added, "updated": done.updated})


@route("POST", "/api/roster/invite", INSTRUCTOR)
def invite(call: Call) -> JSONResponse:
    only = call.fields.get("students")
    if only is not None and not isinstance(only, list):  # never widened to the whole class
        raise ServiceError(400, "bad_form", said="students must be a list of student ids")
    chosen = None if only is None else [str(s) for s in only]
    return JSONResponse([{"student": s, "code": c}
                         for s, c in call.state.accounts.invite(chosen)])


def roster_text(data: bytes) -> str:
    """An uploaded roster as text (UTF-8, a byte-order mark allowed)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ServiceError(400, "bad_roster", said="not UTF-8 text; save it as CSV UTF-8") \
            from None
