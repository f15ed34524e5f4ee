"""`make serve`: a demo course with sample students, a few hand-ins, and the logins to try.

`python -m autograder.service.demo [--folder demo-course] [--port 8000]` builds the course the
first time (settings in `aimath.toml`, a roster of sample students, an instructor, the bundled
sample submissions of 01_vectors handed in for their students), then serves it and prints the
URL, the instructor's login and a fresh one-time code for every student who has no password
yet. Tests build their courses with `build` too.
"""

from __future__ import annotations

import argparse
import contextlib
import secrets
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from autograder.course.assignments import ROOT
from autograder.course.settings import load_settings
from autograder.service.accounts import Account
from autograder.service.admin import import_roster
from autograder.service.errors import ServiceError
from autograder.service.handin import Upload, hand_in
from autograder.service.models import User
from autograder.service.server import ServeOptions, open_state, serve
from autograder.service.state import ServiceState

STUDENTS = (("alice", "Alice Kim", "A"), ("bob", "Bob Lee", "A"), ("carol", "Carol Park", "B"),
            ("dave", "Dave Choi", "B"), ("erin", "Erin Jung", "A"), ("frank", "Frank Han", "B"),
            ("김민수", "김민수", "B"))
INSTRUCTOR = "prof"


@dataclass(frozen=True)
class Demo:
    """A built course: where, who teaches it, and the students' one-time codes."""

    course: Path
    instructor: str
    password: str
    codes: dict[str, str]


def settings_text(due: datetime) -> str:
    return (f'lang = "en"\n\n[assignments.01_vectors]\ndue = "{due.isoformat()}"\n'
            'late_policy = "linear:10:50"\nmax_attempts = 5\ncounts = "best"\n'
            'hidden_visibility = "after_due_date"\n')


def roster_text(students: tuple[tuple[str, str, str], ...]) -> str:
    rows = [f"{sid},{name},{sid}@example.edu,{section}" for sid, name, section in students]
    return "student_id,name,email,section\n" + "\n".join(rows) + "\n"


def build(folder: Path, students: tuple[tuple[str, str, str], ...] = STUDENTS,
          db: str | None = None, settings: str | None = None) -> Demo:
    """A new course in `folder` (settings, nbgrader config, roster, instructor, codes)."""
    folder.mkdir(parents=True, exist_ok=True)
    due = datetime.now(UTC).replace(microsecond=0) + timedelta(days=7)
    (folder / "aimath.toml").write_text(settings_text(due) if settings is None else settings,
                                      encoding="utf-8")
    shutil.copy(ROOT / "nbgrader_config.py", folder)
    state = open_state(load_settings(folder), db)
    import_roster(state, roster_text(students))
    password = secrets.token_urlsafe(9)
    state.accounts.add_staff(INSTRUCTOR, "instructor", password)
    (folder / ".aimath" / "instructor-password").write_text(password + "\n", encoding="utf-8")
    codes = dict(state.accounts.invite())
    state.db.close()
    return Demo(folder, INSTRUCTOR, password, codes)


def hand_in_samples(state: ServiceState) -> None:
    """The bundled sample submissions of 01_vectors, each by the student it is named after
    (a sample the service refuses, such as an unreadable notebook, is left out)."""
    for path in sorted((ROOT / "samples" / "01_vectors").iterdir()):
        if path.stem in {s[0] for s in STUDENTS}:
            with contextlib.suppress(ServiceError):
                hand_in(state, Account(path.stem, "student", path.stem, 0), "01_vectors",
                        Upload(path.name, path.read_bytes()))


def main() -> None:
    """Build the demo course the first time, print the logins, serve it."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--folder", type=Path, default=Path("demo-course"))
    parser.add_argument("--port", type=int, default=8000)
    options = parser.parse_args()
    folder = options.folder.resolve()
    if not (folder / "aimath.toml").is_file():
        build(folder)
        state = open_state(load_settings(folder), None)
        hand_in_samples(state)
        state.db.close()
    settings = load_settings(folder)
    state = open_state(settings, None)
    with state.db.read() as session:
        waiting = list(session.scalars(select(User.id).where(
            User.role == "student", User.password_hash.is_(None))))
    codes = state.accounts.invite(waiting)
    state.db.close()
    password = (folder / ".aimath" / "instructor-password").read_text().strip()
    print(f"demo course: {folder}")
    print(f"instructor: {INSTRUCTOR} / {password}")
    print("students (id, one-time code; on first login choose a password):")
    for student, code in codes:
        print(f"  {student}  {code}")
    serve(settings, ServeOptions(port=options.port), lambda line: print(line, flush=True))


if __name__ == "__main__":
    main()
