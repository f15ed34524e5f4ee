"""The JSON API's refusals: each a 4xx status with `{"error": ...}` that says what to do."""

from __future__ import annotations

import json
import unicodedata

import httpx
import pytest
from service_course import (  # noqa: F401  (fixtures)
    Course,
    course_fixture,
    db_url_fixture,
    solution,
    variant,
)

from autograder.course.assignments import ROOT
from autograder.service.admin import import_roster, set_policy
from autograder.service.errors import ServiceError
from autograder.service.models import User

SUBMIT = "/api/assignments/01_vectors/submissions"


def _error(answer: httpx.Response, status: int) -> str:
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"].startswith("application/json")
    return str(answer.json()["error"])


def test_login_refusals_and_the_login_limit(course: Course) -> None:
    """Are a wrong password, an unknown user, a spent code and a body that is no JSON object
    refused, and
    is an account locked out (429, with Retry-After) after ten failures?"""
    client, _ = course.client()
    assert "do not match" in _error(client.post("/api/login", json={
        "user": "alice", "password": "wrong"}), 401)
    assert "do not match" in _error(client.post("/api/login", json={
        "user": "nobody", "password": "x" * 10}), 401)
    assert "do not match" in _error(client.post("/api/login", json={
        "user": "alice", "code": "AAAAA-BBBBB", "new_password": "long-enough"}), 401)
    assert "JSON object" in _error(client.post("/api/login", content=b"[1]", headers={
        "content-type": "application/json"}), 400)
    for _ in range(10):
        client.post("/api/login", json={"user": "bob", "password": "wrong"})
    locked = client.post("/api/login", json={"user": "bob", "password": course.password["bob"]})
    assert "Too many" in _error(locked, 429) and int(locked.headers["retry-after"]) > 0
    client.close()


def test_a_code_works_once_and_sets_the_password(course: Course) -> None:
    """Does a fresh code sign in once, set the password, and fail the second time?"""
    code = dict(course.state.accounts.invite(["alice"]))["alice"]
    client, _ = course.client()
    body = {"user": "alice", "code": code, "new_password": "new-alice-pass"}
    assert client.post("/api/login", json={**body, "new_password": "short"}).status_code == 400
    assert client.post("/api/login", json=body).status_code == 200
    _error(client.post("/api/login", json=body), 401)
    assert client.post("/api/login", json={"user": "alice", "password": "new-alice-pass"}) \
        .status_code == 200
    client.close()


def test_a_code_for_an_unknown_student_is_refused_and_issues_nothing(course: Course) -> None:
    """Is a mistyped id in an invitation refused by name, rather than printing nothing, and
    does the code issued before it still work?"""
    code = dict(course.state.accounts.invite(["alice"]))["alice"]
    with pytest.raises(ServiceError) as refused:
        course.state.accounts.invite(["alice", "nobody"])
    assert "nobody" in refused.value.text()
    client, _ = course.client()
    body = {"user": "alice", "code": code, "new_password": "new-alice-pass"}
    assert client.post("/api/login", json=body).status_code == 200
    client.close()


def test_state_changes_need_the_csrf_token(course: Course) -> None:
    """Is an upload without the token, or with another session's, refused with 403?"""
    client, csrf = course.client("alice")
    files = {"file": ("a.ipynb", solution())}
    assert "expired" in _error(client.post(SUBMIT, files=files), 403)
    assert "expired" in _error(client.post(SUBMIT, files=files,
                                           headers={"X-CSRF-Token": csrf + "x"}), 403)
    assert client.post(SUBMIT, files=files, headers={"X-CSRF-Token": csrf}).status_code == 202
    client.close()


@pytest.mark.parametrize(("name", "data", "status", "said"), [
    ("notes.txt", b"print(1)", 415, "not a notebook"),
    ("a.ipynb", b"{not json", 400, "cannot be read"),
    ("a.ipynb", b"   ", 400, "empty"),
    ("big.py", b"x = 1\n" * 200_000, 413, "larger than 1 MB"),
    ("huge.py", b"#" * (3 * 2**20), 413, "larger than 1 MB"),  # refused before it is parsed
])
def test_bad_uploads_get_a_clear_message(course: Course, name: str, data: bytes, status: int,
                                         said: str) -> None:
    """Is a wrong kind of file, a malformed notebook, an empty or oversized file refused with
    a message that names the problem, and no attempt used?"""
    client, csrf = course.client("alice")
    answer = client.post(SUBMIT, files={"file": (name, data)}, headers={"X-CSRF-Token": csrf})
    assert said in _error(answer, status)
    assert client.get("/api/assignments/01_vectors").json()["attempts_left"] is None
    assert client.get("/api/assignments/01_vectors/submissions").json() == []
    client.close()


def test_handing_in_a_file_again_after_another_is_a_new_attempt(course: Course) -> None:
    """X, then Y, then X again within seconds: is the third a new attempt (X counts last),
    where it was taken for a double click of the first (an outside reviewer's finding)?"""
    student, csrf = course.client("alice")

    def send(data: bytes) -> dict:
        return student.post(SUBMIT, files={"file": ("a.ipynb", data)},
                            headers={"X-CSRF-Token": csrf}).json()

    first, second, third = send(solution()), send(variant("y")), send(solution())
    assert [made["attempt"] for made in (first, second, third)] == [1, 2, 3]
    assert not third["repeated"] and send(solution())["repeated"]  # a double click still is
    student.close()


def test_submission_rules(course: Course) -> None:
    """Unknown assignment 404, not open 403, staff 403, no file 400; a double click is one
    attempt, the same key with another file 422; the attempt limit 409 and the cooldown 429
    say when."""
    student, csrf = course.client("alice")
    headers = {"X-CSRF-Token": csrf}

    def send(data: bytes, url: str = SUBMIT, token: str | None = None) -> httpx.Response:
        extra = {"Idempotency-Key": token} if token else {}
        return student.post(url, files={"file": ("a.ipynb", data)}, headers={**headers, **extra})

    _error(send(solution(), "/api/assignments/99_nope/submissions"), 404)
    assert "opens" in _error(send(solution(), "/api/assignments/02_matrices/submissions"), 403)
    assert "file" in _error(student.post(SUBMIT, data={"x": "1"}, headers=headers), 400)
    first = send(solution(), token="t1").json()
    assert send(solution(), token="t1").json()["submission"] == first["submission"]
    # the same key with another file is no repeat: refused (IETF's Idempotency-Key), no attempt
    assert "already handed in another file (attempt 1)" in _error(
        send(variant("other"), token="t1"), 422)
    assert send(solution()).json() == {**first, "repeated": True}  # same bytes, just now
    set_policy(course.state, "01_vectors", {"max_attempts": "2", "cooldown_minutes": "0"})
    assert send(variant("second")).json()["attempt"] == 2
    assert "all 2 attempts" in _error(send(variant("third")), 409)
    set_policy(course.state, "01_vectors", {"max_attempts": None, "cooldown_minutes": "30"})
    waited = send(variant("fourth"))
    assert "Wait until" in _error(waited, 429) and int(waited.headers["retry-after"]) > 1700
    staff, staff_csrf = course.client("prof")
    refused = staff.post(SUBMIT, files={"file": ("a.ipynb", solution())},
                         headers={"X-CSRF-Token": staff_csrf})
    assert "role may not" in _error(refused, 403)
    student.close()
    staff.close()


def test_a_settings_change_keeps_what_it_does_not_name(course: Course) -> None:
    """Does moving a due date keep the attempts, counting and visibility set before, and are
    an unknown field and a bad value refused by name, changing nothing?"""
    staff, csrf = course.client("prof")
    url, headers = "/api/assignments/01_vectors/settings", {"X-CSRF-Token": csrf}
    staff.post(url, json={"max_attempts": 3, "counts": "best", "hidden_visibility": "visible"},
               headers=headers).raise_for_status()
    moved = staff.post(url, json={"due": "2099-01-01T00:00:00Z"}, headers=headers).json()
    assert (moved["max_attempts"], moved["counts"], moved["hidden_visibility"]) == (
        3, "best", "visible")
    assert moved["due"].startswith("2099-01-01")
    assert "bogus: is not a setting" in _error(staff.post(url, json={"bogus": 1},
                                                          headers=headers), 400)
    said = _error(staff.post(url, json={"max_attempts": "five"}, headers=headers), 400)
    assert "max_attempts: 'five' is not a whole number" in said
    assert "counts: 'most' is not one of last, best" in _error(
        staff.post(url, json={"counts": "most"}, headers=headers), 400)
    assert "due: 'tomorrow' is not a date and time; give one, e.g. 2026-03-20T23:59" in _error(
        staff.post(url, json={"due": "tomorrow"}, headers=headers), 400)
    assert "opens: 2099-06-01T00:00:00+00:00 is not before the due date" in _error(
        staff.post(url, json={"opens": "2099-06-01T00:00:00Z"}, headers=headers), 400)
    assert staff.get("/api/assignments/01_vectors").json() | {"attempts_left": None} == moved
    staff.close()


def test_reading_refusals(course: Course) -> None:
    """Another student's submission and a made-up id are 404, staff-only data is 403, an
    unknown export format 400, an unknown path 404 and a wrong method 405, all as JSON."""
    alice, csrf = course.client("alice")
    sid = alice.post(SUBMIT, files={"file": ("a.ipynb", solution())},
                     headers={"X-CSRF-Token": csrf}).json()["submission"]
    bob, _ = course.client("bob")
    _error(bob.get(f"/api/submissions/{sid}"), 404)
    _error(bob.get("/api/submissions/abc"), 404)
    _error(bob.get("/api/assignments/01_vectors/grades"), 403)
    prof, _ = course.client("prof")
    assert "csv, canvas" in _error(prof.get("/api/assignments/01_vectors/export?format=xls"),
                                   400)
    _error(prof.get("/api/nothing/here"), 404)
    _error(prof.delete("/api/assignments"), 405)
    assert alice.get(f"/api/submissions/{sid}").json()["status"] == "queued"
    for client in (alice, bob, prof):
        client.close()


def test_an_invitation_for_students_not_given_as_a_list_is_refused(course: Course) -> None:
    """Does `{"students": "alice"}` (a string, not a list) fail with 400 instead of issuing
    new codes, password resets, for the whole class?"""
    client, csrf = course.client("prof")
    answer = client.post("/api/roster/invite", json={"students": "alice"},
                         headers={"X-CSRF-Token": csrf})
    assert "a list of student ids" in _error(answer, 400)
    client.close()
    alice, _ = course.client("alice")  # her password still works: no code replaced it
    alice.close()


def test_the_canvas_export_of_an_assignment_nobody_handed_in_has_its_column(
        course: Course) -> None:
    """Exported before anyone was graded, does the Canvas file have the assignment's column
    (its points possible empty), where it had none?"""
    prof, _ = course.client("prof")
    made = prof.get("/api/assignments/06_mle/export?format=canvas").json()
    prof.close()
    assert made["csv"].splitlines()[0].endswith(",06_mle")


def test_a_roster_cannot_give_a_student_anothers_email(course: Course) -> None:
    """Is an email another account keeps refused, naming the file's line, while two students
    swapping emails in one file is fine (one account per email, after as before)?"""
    import_roster(course.state, "student_id,name,email\nalice,Alice,a@x.edu\nbob,Bob,b@x.edu\n")
    with pytest.raises(ServiceError) as refused:
        import_roster(course.state, "student_id,name,email\nalice,Alice,b@x.edu\n", "new.csv")
    assert "new.csv: line 2: b@x.edu is already the email of bob" in refused.value.text()
    import_roster(course.state, "student_id,name,email\nalice,Alice,b@x.edu\nbob,Bob,a@x.edu\n")
    assert _user(course, "alice").email == "b@x.edu" and _user(course, "bob").email == "a@x.edu"


def test_a_student_on_the_roster_cannot_be_made_staff(course: Course) -> None:
    """`aimath user add alice --role ta` for a roster student (a mistyped TA id): is it
    refused, alice still a student with her own password, where it made her a TA who could
    read the whole class (as a staff id in a roster is refused)?"""
    with pytest.raises(ServiceError) as refused:
        course.state.accounts.add_staff("alice", "ta", "a-new-ta-password-1")
    assert refused.value.status == 409 and "is a student on the roster" in refused.value.text()
    assert _user(course, "alice").role == "student"
    alice, _ = course.client("alice")  # her password still works
    alice.close()


def test_a_roster_without_sections_keeps_the_stored_ones(course: Course) -> None:
    """Does a file without a section column update names and emails but leave sections?"""
    before = _user(course, "alice").section
    import_roster(course.state, "student_id,name,email\nalice,Alice Kim,a@x.edu\n")
    alice = _user(course, "alice")
    assert (alice.name, alice.section) == ("Alice Kim", before) and before


def _user(course: Course, user_id: str) -> User:
    with course.state.db.read() as session:
        found = session.get(User, user_id)
        assert found is not None
        session.expunge(found)
        return found


def test_hidden_tests_after_a_due_date_that_is_not_set_are_said_never_to_show(
        course: Course) -> None:
    """Does an assignment with no due date, its hidden tests shown after the due date (the
    default), say they are never shown, rather than promise a date that never comes?"""
    client, _ = course.client("prof")
    page = client.get("/assignments/02_matrices").text
    assert "never shown: they show after the due date, and there is none" in page
    assert "there is none" not in client.get("/assignments/01_vectors").text
    client.close()


def test_a_form_over_the_limit_gets_a_page_naming_the_upload_limit(course: Course) -> None:
    """Does a web form whose file is far over the limit (refused before the app reads it)
    get an HTML page naming the course's upload limit, not plain text with another number?"""
    client, csrf = course.client("alice")
    answer = client.post("/assignments/01_vectors/submit", data={"csrf": csrf},
                         files={"file": ("huge.py", b"#" * (3 * 2**20))})
    assert answer.status_code == 413
    assert answer.headers["content-type"].startswith("text/html")
    assert "The request is larger than 1 MB" in answer.text
    client.close()


def test_a_malformed_form_or_body_is_said_as_such(course: Course) -> None:
    """Two files in one form, a file name of 10,000 characters, or a JSON body over the
    limit: each refusal says what is wrong with it (they read 'This address does not take
    that kind of request' and 'The file is larger', for a login)."""
    client, csrf = course.client("alice")
    headers = {"X-CSRF-Token": csrf}
    two = client.post(SUBMIT, files=[("file", ("a.ipynb", solution())),
                                     ("file", ("b.ipynb", solution()))], headers=headers)
    assert "The form could not be read: Too many files" in _error(two, 400)
    long = client.post(SUBMIT, files={"file": ("a" * 10_000 + ".ipynb", solution())},
                       headers=headers)
    assert "does not take that kind of request" not in long.text
    big = client.post("/api/login", content=b"{" + b" " * (3 * 2**20) + b"}",
                      headers={"content-type": "application/json"})
    assert _error(big, 413) == "The request is larger than 1 MB (the course's upload limit)."
    for depth in (900, 5000):  # under and past what json reads nested
        deep = client.post("/api/login", content=b'{"user": ' + b"[" * depth + b"]" * depth
                           + b"}", headers={"content-type": "application/json"})
        assert deep.status_code in (400, 401), deep.text
        assert deep.headers["content-type"].startswith("application/json")
    client.close()


def test_a_korean_id_typed_decomposed_signs_in(course: Course) -> None:
    """Does 김민지 typed on a Mac (decomposed, NFD) sign in to the account stored composed?"""
    import_roster(course.state, "student_id,name,email\n김민지,Kim Minji,\n")
    code = dict(course.state.accounts.invite(["김민지"]))["김민지"]
    client, _ = course.client()
    typed = unicodedata.normalize("NFD", "김민지")
    answer = client.post("/api/login", json={"user": typed, "code": code,
                                             "new_password": "minji-pass-1"})
    assert answer.status_code == 200 and answer.json()["user"] == "김민지"
    client.close()


def test_what_postgresql_cannot_store_is_a_4xx_on_either_database(course: Course) -> None:
    """A NUL in JSON, a form or the query, an id past an integer column, a key longer than
    its column, a count or a date past what the service counts with: each a JSON 4xx on
    SQLite and PostgreSQL alike (PostgreSQL answered 500 where SQLite stored or refused)."""
    anonymous, _ = course.client()
    assert "NUL" in _error(anonymous.post("/api/login", json={"user": "a\x00b",
                                                               "password": "x"}), 400)
    staff, csrf = course.client("prof")
    headers = {"X-CSRF-Token": csrf}
    assert "NUL" in _error(staff.get(f"{SUBMIT}?student=a%00b"), 400)
    _error(staff.get("/api/submissions/2147483648"), 404)
    _error(staff.get("/api/submissions/%C2%B2"), 404)  # "²" is a digit int() refuses
    for settings, field in (({"max_attempts": "99999999999"}, "max_attempts"),
                            ({"max_attempts": "\u00b2"}, "max_attempts"),
                            ({"max_attempts": "1" * 5000}, "max_attempts"),
                            ({"due": "9999-12-31T23:59:00-05:00"}, "due"),
                            ({"opens": "0001-01-01T00:00:00+09:00"}, "opens"),
                            ({"cooldown_minutes": "1e300"}, "cooldown_minutes")):
        refused = staff.post("/api/assignments/02_matrices/settings", json=settings,
                             headers=headers)
        assert field in _error(refused, 400)
    student, student_csrf = course.client("alice")
    long_key = student.post(SUBMIT, files={"file": ("a.ipynb", solution())},
                            headers={"X-CSRF-Token": student_csrf, "Idempotency-Key": "k" * 150})
    assert "at most 100 characters" in _error(long_key, 400)
    long_name = student.post(SUBMIT, files={"file": ("x" * 300 + ".ipynb", solution())},
                             headers={"X-CSRF-Token": student_csrf})
    assert long_name.status_code == 202, long_name.text  # its suffix kept, the name cut
    for client in (anonymous, staff, student):
        client.close()


def test_the_extension_form_is_empty_until_the_student_has_one(course: Course) -> None:
    """Filled with the course's due date, saving the form unchanged pinned that date as the
    student's own, so a later change of the course's due date passed them by."""
    from autograder.service.admin import set_extension

    set_policy(course.state, "01_vectors", {"due": "2030-03-20T23:59:00+00:00"})
    staff, _ = course.client("prof")
    form = staff.get("/assignments/01_vectors/students/alice").text
    assert 'name="due" value=""' in form and 'placeholder="2030-03-20T23:59:00+00:00"' in form
    set_extension(course.state, "01_vectors", "alice", "2030-03-25T23:59:00+00:00")
    form = staff.get("/assignments/01_vectors/students/alice").text
    assert 'name="due" value="2030-03-25T23:59:00+00:00"' in form
    staff.close()


def test_an_extension_before_the_due_date_is_refused(course: Course) -> None:
    """An "extension" to 2020 made a student 2,534 days late with no word (an outside
    reviewer's finding): is a date before the assignment's due date refused, saying why?"""
    set_policy(course.state, "01_vectors", {"due": "2030-03-20T23:59:00+00:00"})
    staff, csrf = course.client("prof")
    refused = staff.post("/api/assignments/01_vectors/extensions", headers={"X-CSRF-Token": csrf},
                         json={"student": "alice", "due": "2020-01-01T00:00:00+00:00"})
    assert "an extension gives more time, never less" in _error(refused, 400)
    staff.close()


@pytest.mark.parametrize(("sent", "kept"), [
    ("01_vectors.ipynb", "01_vectors.ipynb"), ("a.PY", "a.PY"),
    ("x" * 300 + ".ipynb", "x" * 194 + ".ipynb")])
def test_an_uploads_name_is_kept_as_sent_and_only_a_long_one_cut(sent: str, kept: str) -> None:
    """Is a short name stored as it was sent (every one was stored and shown with its suffix
    twice: 01_vectors.ipynb.ipynb, in errors too: 'a.py.py is empty'), and a long one cut
    before its suffix to 200 characters?"""
    from autograder.service.handin import Upload, checked_upload

    data = b"x = 1\n" if sent.lower().endswith(".py") else solution()
    assert checked_upload(Upload(sent, data), 20)[0] == kept


SOLUTIONS = ROOT / "solutions"


@pytest.mark.parametrize(("name", "data", "said"), [
    ("04.ipynb", (SOLUTIONS / "04_softmax_backprop" / "04_softmax_backprop.ipynb").read_bytes(),
     "04.ipynb defines none of the functions of 01_vectors, and some of 04_softmax_backprop"),
    ("empty.ipynb", json.dumps({"cells": [{"cell_type": "markdown", "metadata": {},
                                           "source": "my answers"}], "metadata": {},
                                "nbformat": 4, "nbformat_minor": 5}).encode(),
     "empty.ipynb holds no code")])
def test_another_assignments_or_an_empty_notebook_is_refused_before_an_attempt(
        course: Course, name: str, data: bytes, said: str) -> None:
    """Alice uploads 04_softmax_backprop's notebook to 01_vectors, or a notebook without
    code: is it refused (400, saying why) and no attempt taken, where it was graded 0 and
    used one of her limited attempts?"""
    client, csrf = course.client("alice")
    answer = client.post("/api/assignments/01_vectors/submissions", files={"file": (name, data)},
                         headers={"X-CSRF-Token": csrf})
    assert said in _error(answer, 400)
    assert client.get("/api/assignments/01_vectors/submissions").json() == []
    client.close()


def test_a_submission_page_without_a_due_date_says_hidden_tests_never_show(
        course: Course) -> None:
    """Alice's graded hand-in of an assignment with no due date (hidden tests "after the due
    date", the default): does her submission page say they are never shown, as the
    assignment page does, never that they show after the due date?"""
    from collections import Counter

    from autograder.grading.model import Origin, Status, SubmissionResult, TestResult, Visibility
    from autograder.service.jobs import JobQueue

    client, csrf = course.client("alice")
    made = client.post("/api/assignments/03_gradient_descent/submissions", headers={
        "X-CSRF-Token": csrf}, files={"file": ("a.py", b"x = 1\n")}).json()
    assert "submission" in made, made
    queue = JobQueue(course.state)
    [claim] = queue.claim(1, Counter())
    hidden = TestResult("linreg_gd: hidden", "linreg_gd", 1.0, 1.0, Visibility.AFTER_DUE_DATE)
    assert queue.complete(claim, SubmissionResult("alice", "03_gradient_descent", Status.GRADED,
                                                  Origin("a.py"), tests=(hidden,)))
    page = " ".join(client.get(f"/submissions/{made['submission']}").text.split())
    assert "Hidden tests: never shown" in page and "shown after the due date" not in page
    client.close()
