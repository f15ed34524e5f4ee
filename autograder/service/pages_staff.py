"""The instructor's and TA's pages: the live class page of an assignment, a student's attempts,
the full class report, the roster; and the instructor's forms (settings, extensions, regrade,
publish, gradebook, roster import, login codes) and grade downloads."""

from __future__ import annotations

from starlette.responses import RedirectResponse, Response

from autograder.reports.feedback import assignment_title
from autograder.reports.report import report_context
from autograder.service import admin, staff, views
from autograder.service.api import roster_text
from autograder.service.errors import ServiceError
from autograder.service.handin import known_assignment
from autograder.service.models import AssignmentPolicy, User
from autograder.service.pages import flash
from autograder.service.policies import late_text
from autograder.service.render import page
from autograder.service.routing import INSTRUCTOR, STAFF, Call, route
from autograder.service.standing import policy_for, standing


def class_page(call: Call, assignment: str) -> Response:
    """The live class page: summary, every student's counted score, the settings."""
    with call.state.db.read() as session:
        policy = policy_for(call.state, session, assignment)
        saved = session.get(AssignmentPolicy, assignment) is not None
    report = admin.class_report(call.state, assignment, call.lang)
    summary = report_context(report) if report.scores else None
    return page(call, "class.html.j2", assignment=assignment, policy=policy, saved=saved,
                late=late_text(policy.late_policy), rows=staff.class_rows(call.state, assignment),
                title=assignment_title(assignment, call.lang), summary=summary)


def _back(assignment: str) -> RedirectResponse:
    return RedirectResponse(f"/assignments/{assignment}", 303)


@route("GET", "/assignments/{id}/report", STAFF)
def report_page(call: Call) -> Response:
    report = admin.class_report(call.state, known_assignment(call.path["id"]), call.lang)
    return page(call, "class_report.html.j2", **report_context(report))


@route("GET", "/assignments/{id}/students/{uid}", STAFF)
def student_page(call: Call) -> Response:
    """One student's attempts at an assignment, with the extension form."""
    assignment = known_assignment(call.path["id"])
    rows = views.attempts_of(call.state, call.who, assignment, call.path["uid"])
    row = next((r for r in staff.class_rows(call.state, assignment)
                if r.student == call.path["uid"]), None)
    if row is None:
        raise ServiceError(404, "no_student", id=call.path["uid"][:64])
    with call.state.db.read() as session:
        place = standing(call.state, session, row.student, assignment)
    return page(call, "student.html.j2", assignment=assignment, row=row, attempts=rows,
                place=place)


@route("POST", "/assignments/{id}/settings", INSTRUCTOR)
def settings(call: Call) -> Response:
    form = {k: v for k, v in call.fields.items() if k in admin.SETTINGS}  # not its csrf
    admin.set_policy(call.state, call.path["id"], form)
    flash(call, "ok", "saved")
    return _back(call.path["id"])


@route("POST", "/assignments/{id}/extensions", INSTRUCTOR)
def extension(call: Call) -> Response:
    admin.set_extension(call.state, call.path["id"], call.text("student"), call.text("due"))
    flash(call, "ok", "saved")
    return RedirectResponse(f"/assignments/{call.path['id']}/students/{call.text('student')}",
                            303)


@route("POST", "/assignments/{id}/regrade", INSTRUCTOR)
def regrade_all(call: Call) -> Response:
    flash(call, "ok", "regrade_queued", n=staff.regrade(call.state, call.path["id"]))
    return _back(call.path["id"])


@route("POST", "/submissions/{sid}/regrade", INSTRUCTOR)
def regrade_one(call: Call) -> Response:
    view = views.submission_view(call.state, call.who, call.number("sid"))
    flash(call, "ok", "regrade_queued", n=staff.regrade(call.state, view.assignment, view.id))
    return RedirectResponse(f"/submissions/{view.id}", 303)


@route("POST", "/assignments/{id}/publish", INSTRUCTOR)
def publish(call: Call) -> Response:
    staff.publish(call.state, call.path["id"])
    flash(call, "ok", "published")
    return _back(call.path["id"])


@route("POST", "/assignments/{id}/gradebook", INSTRUCTOR)
def gradebook(call: Call) -> Response:
    flash(call, "ok", "gradebook_written", n=admin.sync_gradebook(call.state, call.path["id"]))
    return _back(call.path["id"])


@route("GET", "/assignments/{id}/export", INSTRUCTOR)
def export(call: Call) -> Response:
    made = staff.export(call.state, call.path["id"], call.query.get("format", "csv"))
    return Response(made.data, media_type="text/csv; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="{made.filename}"'})


@route("GET", "/roster", STAFF)
def roster(call: Call) -> Response:
    with call.state.db.read() as session:
        users = session.query(User).order_by(User.role, User.id).all()
    return page(call, "roster.html.j2", users=users, codes=None)


@route("POST", "/roster/import", INSTRUCTOR)
def roster_import(call: Call) -> Response:
    """Import an uploaded roster CSV (the one roster reader checks it)."""
    if call.upload is None or not call.upload.filename:
        raise ServiceError(400, "no_file")
    done = admin.import_roster(call.state, roster_text(call.upload.data), call.upload.filename)
    flash(call, "ok", "roster_imported", added=done.added, updated=done.updated)
    return RedirectResponse("/roster", 303)


@route("POST", "/roster/invite", INSTRUCTOR)
def invite(call: Call) -> Response:
    with call.state.db.read() as session:
        users = session.query(User).order_by(User.role, User.id).all()
    codes = call.state.accounts.invite()
    return page(call, "roster.html.j2", users=users, codes=codes)
