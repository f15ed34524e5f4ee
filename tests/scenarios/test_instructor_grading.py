"""`aimath grade` as an instructor runs it from their own course folder, with the README's
relative paths, and what it leaves behind there (and nowhere else)."""

from __future__ import annotations

import calendar
import json
import os
import shutil
import signal
import subprocess
import time
import zipfile
from pathlib import Path

import pytest
from nbgrader.api import Gradebook
from support.cli import (
    AIMATH,
    RELEASE,
    SOLUTIONS,
    aimath,
    results,
    solution_code,
    submit_nbgrader,
)

from autograder.course.assignments import ROOT

pytestmark = pytest.mark.slow
ID = "01_vectors"


INSTALL_OUTPUTS = (f"graded-{ID}", "gradebook.db", "feedback", "submitted")


def _install_outputs() -> dict[str, float]:
    """What a run that resolved paths against the install would touch there, with times."""
    return {name: (ROOT / name).stat().st_mtime for name in INSTALL_OUTPUTS
            if (ROOT / name).exists()}


@pytest.fixture(scope="module")
def readme_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object, tuple]:
    """The README's instructor command, run in a course outside the repository."""
    course = tmp_path_factory.mktemp("course")
    (course / "nbgrader_config.py").write_text((ROOT / "nbgrader_config.py").read_text())
    solution = (SOLUTIONS / ID / f"{ID}.ipynb").read_text()
    submit_nbgrader(course, "alice", ID, solution)
    submit_nbgrader(course, "bob", ID, (RELEASE / ID / f"{ID}.ipynb").read_text())
    submit_nbgrader(course, "김민지", ID, solution)
    before = _install_outputs()
    run = aimath(course, "grade", "submitted", "--assignment", ID, "--out", f"graded-{ID}",
                 "--gradebook")
    return course, run, (before, _install_outputs())


def test_relative_paths_grade_the_course_where_the_command_runs(readme_run):
    """Run from the course folder with relative paths, are the students graded for real
    (not 0 for everyone) and the results written into ./graded-01_vectors?"""
    course, run, _ = readme_run
    assert run.returncode == 0, run.stderr
    out = course / f"graded-{ID}"
    assert results(out, "alice")["score"] == results(out, "alice")["max_score"] > 0
    assert results(out, "bob")["score"] == 0
    assert results(out, "김민지")["score"] == results(out, "alice")["score"]
    assert "alice" in (out / "grades.csv").read_text(encoding="utf-8-sig")


def test_the_gradebook_and_feedback_are_the_courses(readme_run):
    """Does --gradebook write the course's own gradebook (Korean ids included) and put each
    page where `nbgrader release_feedback` looks, and say so on the console?"""
    course, run, _ = readme_run
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", course_id="aimath") as gradebook:
        scores = {s: gradebook.find_submission(ID, s).score for s in ("alice", "bob", "김민지")}
    assert scores["alice"] == scores["김민지"] > 0 and scores["bob"] == 0
    assert (course / "feedback" / "김민지" / ID / f"{ID}.html").is_file()
    assert "nbgrader gradebook: 3 students written" in run.stderr


def test_nothing_is_written_into_the_install(readme_run):
    """Does grading a course elsewhere write no results, gradebook, feedback or submissions
    into the aimath install folder (where relative paths once landed)?"""
    _, _, (before, after) = readme_run
    assert after == before


def test_the_lock_file_goes_when_the_run_ends(readme_run):
    """Is no `.aimath.lock` left in the output folder after a finished run?"""
    course, _, _ = readme_run
    assert not (course / f"graded-{ID}" / ".aimath.lock").exists()


def test_a_second_run_counts_the_whole_class(readme_run):
    """After a re-run that grades nobody, does the summary still count all three students
    and the class mean (not "mean score -")?"""
    course, _, _ = readme_run
    again = aimath(course, "grade", "submitted", "--assignment", ID, "--out", f"graded-{ID}")
    assert again.returncode == 0, again.stderr
    rows = [line for line in again.stderr.splitlines() if line.startswith("│")]
    assert [c.strip() for c in rows[0].split("│")][1:4] == ["3", "0", "3"], again.stderr
    assert "66.7%" in again.stderr


def test_gradebook_works_for_a_folder_of_notebooks_and_submit_zips(course: Path):
    """With a folder of notebooks and an `aimath submit` zip, does --gradebook write both
    students into the course's gradebook and say who gets no nbgrader feedback folder?"""
    solution = (SOLUTIONS / ID / f"{ID}.ipynb").read_text()
    (course / "subs").mkdir()
    (course / "subs" / "alice.ipynb").write_text(solution)
    (course / "hand-in").mkdir()
    (course / "hand-in" / f"{ID}.ipynb").write_text(solution)
    made = subprocess.run([AIMATH, "submit", f"{ID}.ipynb", "--student", "bob", "--to",
                           "../subs", "--force"], cwd=course / "hand-in", capture_output=True,
                          text=True, timeout=300)
    assert made.returncode == 0, made.stderr
    run = aimath(course, "grade", "subs", "--assignment", ID, "--out", "out", "--gradebook")
    assert run.returncode == 0, run.stderr
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", course_id="aimath") as gradebook:
        assert gradebook.find_submission(ID, "bob").score > 0
        assert gradebook.find_submission(ID, "alice").score > 0
    assert "no nbgrader feedback for 2 students" in run.stderr


def _submit(course: Path, notebook: Path, student: str) -> Path:
    """`aimath submit` of `notebook` for `student` into `course/handins`; the zip made."""
    before = set((course / "handins").glob("*.zip")) if (course / "handins").exists() else set()
    made = subprocess.run([AIMATH, "submit", str(notebook), "--student", student, "--to",
                           "handins", "--force"], cwd=course, capture_output=True, text=True,
                          timeout=300)
    assert made.returncode == 0, made.stderr
    (zipped,) = set((course / "handins").glob("*.zip")) - before
    return zipped


def test_a_hand_in_left_ungraded_or_a_borrowed_zip_is_said_to_the_instructor(course: Path):
    """alice hands in her solution, then a blank stub; mallory hands in a copy of alice's
    first zip under his own name: the console and the report name both, not only their own
    pages (alice's 0 read as 'scored 0', mallory's copy as nothing at all)."""
    first = _submit(course, SOLUTIONS / ID / f"{ID}.ipynb", "alice")
    shutil.copy(first, course / "handins" / f"mallory_{ID}_20261207T170000Z.zip")
    time.sleep(1.1)  # the zip's name holds the second it was made
    _submit(course, RELEASE / ID / f"{ID}.ipynb", "alice")
    run = aimath(course, "grade", "handins", "--assignment", ID, "--out", "out")
    assert run.returncode == 0, run.stderr
    assert f"look at alice: also found and not graded: {first.name}" in run.stderr
    assert "look at mallory: the zip's manifest names 'alice'" in run.stderr
    report = (course / "out" / "report.html").read_text(encoding="utf-8")
    assert f"also found and not graded: {first.name}" in report
    assert "manifest names &#39;alice&#39;" in report


def test_a_late_hand_in_is_told_on_its_page_and_on_the_console(course: Path):
    """With a due date and a late policy in aimath.toml, does the late student's page say how
    late and what the policy will take (grades.csv and the page keep the points before it),
    the on-time one's say nothing, and the console count them; and does moving the due date
    re-grade, so no page keeps a stale note?"""
    (course / "subs").mkdir()
    for student, when in (("alice", "2026-03-19 10:00:00"), ("bob", "2026-03-23 10:00:00")):
        path = course / "subs" / f"{student}.py"
        path.write_text(solution_code(ID), encoding="utf-8")
        stamp = calendar.timegm(time.strptime(when, "%Y-%m-%d %H:%M:%S"))  # UTC
        os.utime(path, (stamp, stamp))
    settings = '[assignments.{id}]\ndue = "{due}"\nlate_policy = "linear:10:50"\n'
    (course / "aimath.toml").write_text(settings.format(id=ID, due="2026-03-20T23:59:00+00:00"))
    run = aimath(course, "grade", "subs", "--assignment", ID, "--out", "out")
    assert run.returncode == 0, run.stderr
    assert "hand-ins collected after the due date 2026-03-20 23:59 UTC: 1" in run.stderr
    bob = results(course / "out", "bob")
    assert "handed in 2 d 10 h after the due date (2026-03-20 23:59 UTC), counted as 3 " \
           "started day(s) late: the course's late policy takes 30% off" in bob["output"]
    assert bob["score"] == bob["max_score"]  # before the penalty, as grades.csv
    assert "after the due date" not in results(course / "out", "alice")["output"]
    (course / "aimath.toml").write_text(settings.format(id=ID, due="2026-03-30T23:59:00+00:00"))
    again = aimath(course, "grade", "subs", "--assignment", ID, "--out", "out")
    assert again.returncode == 0, again.stderr
    assert "after the due date" not in results(course / "out", "bob")["output"]


def test_korean_covers_the_console_and_the_pages(course: Path):
    """With --lang ko, are the console summary, the feedback page (titles and details) and
    the class report in Korean, while results.json keeps the contract's English names?"""
    (course / "subs").mkdir()
    wrong = solution_with(ID, "l2_norm", "def l2_norm(x):\n    return float(np.sum(x * x))\n")
    (course / "subs" / "bob.py").write_text(wrong)
    run = aimath(course, "grade", "subs", "--assignment", ID, "--out", "out", "--lang", "ko")
    assert run.returncode == 0, run.stderr
    assert "학생 수" in run.stderr and "students" not in run.stderr
    page = (course / "out" / "bob" / "feedback.html").read_text()
    assert "기대값" in page and "l2_norm: " in page
    assert "expected " not in page and "Test results" not in page
    assert "클래스 보고서" in (course / "out" / "report.html").read_text()
    names = [t["name"] for t in results(course / "out", "bob")["tests"]]
    assert any(n.startswith("l2_norm: random vectors") for n in names)


def test_bad_arguments_are_one_line_never_a_traceback(course: Path):
    """Does each mistyped argument end in one clear line and a non-zero exit?"""
    cases = [("validate", "99_x"), ("grade", "nowhere", "--assignment", ID, "--out", "o"),
             ("grade", ".", "--assignment", "01_vector", "--out", "o"),
             ("grade", ".", "--assignment", ID, "--out", "o", "--course", "missing")]
    for args in cases:
        run = aimath(course, *args)
        assert run.returncode != 0, args
        assert "Traceback" not in run.stderr and run.stderr.strip(), (args, run.stderr)
        errors = [line for line in run.stderr.splitlines() if line.startswith("Error")]
        assert len(errors) == 1, args


def test_student_ids_with_rich_markup_are_printed_as_they_are(course: Path):
    """Is a file named like Rich markup graded under a mapped id, and the console undisturbed?"""
    (course / "subs").mkdir()
    (course / "subs" / "[bold red]eve.py").write_text(solution_with(ID))
    run = aimath(course, "grade", "subs", "--assignment", ID, "--out", "out")
    assert run.returncode == 0, run.stderr
    graded = json.loads((course / "out" / "_bold_red_eve" / "results.json").read_text())
    assert graded["score"] == graded["max_score"]
    assert "the name '[bold red]eve' is stored as the id '_bold_red_eve'" in graded["output"]


def test_class_file_names_never_collide_with_a_student(course: Path):
    """Are students named like the class's own files (grades.csv.py, report.html.py) graded
    into folders of their own, with grades.csv and report.html intact?"""
    (course / "subs").mkdir()
    for name in ("grades.csv.py", "report.html.py", "alice.py"):
        (course / "subs" / name).write_text(solution_with(ID))
    run = aimath(course, "grade", "subs", "--assignment", ID, "--out", "out")
    assert run.returncode == 0, run.stderr
    assert (course / "out" / "grades.csv").is_file() and (course / "out" / "report.html").is_file()
    assert results(course / "out", "grades.csv_")["score"] > 0
    assert results(course / "out", "report.html_")["score"] > 0


def solution_with(assignment: str, *replacements: str) -> str:
    """The model solution as a .py file, with whole functions replaced (`def name(...)`)."""
    from support.cli import solution_code

    code = solution_code(assignment)
    extra = "\n\n".join(replacements)
    return f"{code}\n\n{extra}\n" if extra else code


def test_a_zip_of_submissions_works_like_the_folder(course: Path):
    """Is a zip of a submissions folder graded like the folder itself?"""
    with zipfile.ZipFile(course / "subs.zip", "w") as archive:
        archive.writestr("subs/alice.py", solution_with(ID))
    run = aimath(course, "grade", "subs.zip", "--assignment", ID, "--out", "out")
    assert run.returncode == 0, run.stderr
    assert results(course / "out", "alice")["score"] > 0


def test_gradebook_outside_an_nbgrader_course_fails_before_grading(tmp_path: Path):
    """Run with --gradebook in a folder without nbgrader_config.py, is it one clear error
    before anyone is graded, leaving no output folder behind?"""
    (tmp_path / "subs").mkdir()
    (tmp_path / "subs" / "alice.py").write_text(solution_code(ID))
    run = aimath(tmp_path, "grade", "subs", "--assignment", ID, "--out", "out", "--gradebook")
    assert run.returncode != 0 and "no nbgrader_config.py" in run.stderr
    assert "alice" not in run.stdout and not (tmp_path / "out").exists()


def test_a_failed_run_leaves_no_empty_output_folder(tmp_path: Path):
    """Does a run whose submissions folder is missing or empty leave no `out/` behind, while
    an output folder that already existed stays?"""
    (tmp_path / "empty").mkdir()
    for target in ("missing", "empty"):
        run = aimath(tmp_path, "grade", target, "--assignment", ID, "--out", f"out-{target}")
        assert run.returncode != 0 and not (tmp_path / f"out-{target}").exists()
    (tmp_path / "kept").mkdir()
    aimath(tmp_path, "grade", "empty", "--assignment", ID, "--out", "kept")
    assert (tmp_path / "kept").is_dir()


def test_the_wrong_assignment_id_is_named_in_one_line(tmp_path: Path):
    """Graded with `--assignment 01_vectors`, do 02_matrices solutions get one line saying
    no submission defines a function of 01_vectors (and how to list the ids), while every
    student still gets a result?"""
    hand_ins = tmp_path / "hand-ins"
    hand_ins.mkdir()
    for student in ("s1", "s2"):
        (hand_ins / f"{student}.py").write_text(solution_code("02_matrices"), encoding="utf-8")
    run = aimath(tmp_path, "grade", "hand-ins", "--assignment", ID, "--out", "out")
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stderr.count(f"no submission defines any function of {ID}") == 1, run.stderr[-2000:]
    assert "aimath list" in run.stderr
    assert all(results(tmp_path / "out", s)["score"] == 0 for s in ("s1", "s2"))


def test_an_assignment_nobody_handed_in_names_what_the_tree_holds(tmp_path: Path):
    """An nbgrader tree of 01_vectors hand-ins graded with `--assignment 02_matrices`: does
    the one-line error say no student handed in 02_matrices and which assignment the tree
    holds, not that no notebook was found?"""
    submit_nbgrader(tmp_path, "alice", ID, (SOLUTIONS / ID / f"{ID}.ipynb").read_text())
    run = aimath(tmp_path, "grade", "submitted", "--assignment", "02_matrices", "--out", "g")
    assert run.returncode != 0
    assert "handed in 02_matrices" in run.stderr and f"hold {ID}" in run.stderr, run.stderr
    assert "Traceback" not in run.stderr


def test_a_hand_in_with_a_hidden_name_is_named_not_lost(tmp_path: Path):
    """`.x.ipynb` beside `alice.ipynb` (and macOS's `._alice.ipynb`): is the hidden hand-in
    named as not graded, where it vanished without a word, and the `._` copy left alone?"""
    (tmp_path / "hand-ins").mkdir()
    for name in ("alice", ".x", "._alice"):
        shutil.copy(SOLUTIONS / ID / f"{ID}.ipynb", tmp_path / "hand-ins" / f"{name}.ipynb")
    run = aimath(tmp_path, "grade", "hand-ins", "--assignment", ID, "--out", "out")
    assert run.returncode == 0, run.stderr
    assert "not graded: .x.ipynb (" in run.stderr and "._alice" not in run.stderr
    assert results(tmp_path / "out", "alice")["score"] > 0


def test_a_shared_inbox_grades_only_the_assignments_own_submit_zips(tmp_path: Path):
    """Two students `aimath submit` into one inbox, for 01_vectors and 02_matrices; the TA
    grades 01_vectors: is the 02_matrices zip named as not graded, where it was graded as a
    student called after its file name who scored 0 in grades.csv?"""
    for student, assignment in (("kim", ID), ("lee", "02_matrices")):
        notebook = SOLUTIONS / assignment / f"{assignment}.ipynb"
        run = aimath(tmp_path, "submit", str(notebook), "--student", student, "--to", "inbox")
        assert run.returncode == 0, run.stderr[-2000:]
    run = aimath(tmp_path, "grade", "inbox", "--assignment", ID, "--out", "g")
    assert run.returncode == 0, run.stderr[-2000:]
    assert "not graded: lee_02_matrices_" in run.stderr, run.stderr[-2000:]
    rows = (tmp_path / "g" / "grades.csv").read_text(encoding="utf-8").splitlines()
    assert [row.split(",")[0] for row in rows[1:]] == ["kim"]


def test_a_resumed_run_follows_a_new_language_and_a_new_file_beside(tmp_path: Path):
    """Re-run into the same --out with `--lang ko`, then with a second file beside a
    student's notebook: are the pages Korean, and the second file noted, where the resumed
    run skipped every student and left English pages and the old notes?"""
    (tmp_path / "d").mkdir()
    shutil.copy(SOLUTIONS / ID / f"{ID}.ipynb", tmp_path / "d" / "alice.ipynb")
    assert aimath(tmp_path, "grade", "d", "--assignment", ID, "--out", "g").returncode == 0
    run = aimath(tmp_path, "grade", "d", "--assignment", ID, "--out", "g", "--lang", "ko")
    assert run.returncode == 0, run.stderr[-2000:]
    assert "<title>피드백" in (tmp_path / "g" / "alice" / "feedback.html").read_text("utf-8")
    (tmp_path / "d" / "alice.py").write_text("def l1_norm(x):\n    return 0.0\n", "utf-8")
    run = aimath(tmp_path, "grade", "d", "--assignment", ID, "--out", "g", "--lang", "ko")
    assert run.returncode == 0, run.stderr[-2000:]
    notes = [n["key"] for n in results(tmp_path / "g", "alice")["extra_data"]["notes"]]
    assert "intake.also_found" in notes, notes


def test_one_student_regraded_into_the_class_folder_says_who_the_csv_leaves_out(
        tmp_path: Path):
    """A TA regrades bob alone into the class's --out: grades.csv then lists bob only; does
    the run say that the class's other results there are not in it, where it said nothing?"""
    (tmp_path / "d").mkdir()
    for student in ("alice", "bob", "carol"):
        shutil.copy(SOLUTIONS / ID / f"{ID}.ipynb", tmp_path / "d" / f"{student}.ipynb")
    run = aimath(tmp_path, "grade", "d", "--assignment", ID, "--out", "g")
    assert run.returncode == 0 and "other student" not in run.stderr, run.stderr[-2000:]
    run = aimath(tmp_path, "grade", "d/bob.ipynb", "--assignment", ID, "--out", "g")
    assert run.returncode == 0, run.stderr[-2000:]
    assert "2 other student(s) with results in this folder" in " ".join(run.stderr.split())


def test_a_public_test_of_a_function_that_prints_says_why_it_got_none(tmp_path: Path):
    """l1_norm prints its result instead of returning it: do the public tests in
    results.json say why None may have come back (the hint the hidden tests give), where
    they said only `assert None == 6.0 ± 6.0e-06`?"""
    (tmp_path / "d").mkdir()
    code = solution_code(ID).replace("return float(np.abs(np.asarray(x)).sum())",
                                     "print(np.abs(np.asarray(x)).sum())")
    assert "print(np.abs" in code
    (tmp_path / "d" / "s.py").write_text(code, encoding="utf-8")
    assert aimath(tmp_path, "grade", "d", "--assignment", ID, "--out", "g").returncode == 0
    public = [t for t in results(tmp_path / "g", "s")["tests"]
              if t["name"].startswith("l1_norm") and t["visibility"] == "visible"]
    assert public and all("does it print the result instead" in t["output"] for t in public)


def test_another_assignment_into_the_same_output_folder_is_refused(tmp_path: Path):
    """Graded into an `--out` that holds 01_vectors results, are 02_matrices hand-ins refused
    in one line before anyone is graded, with every 01_vectors result left as it was?"""
    for folder, assignment in (("vectors", ID), ("matrices", "02_matrices")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "alice.py").write_text(solution_code(assignment), encoding="utf-8")
    assert aimath(tmp_path, "grade", "vectors", "--assignment", ID, "--out", "out").returncode == 0
    before = (tmp_path / "out" / "alice" / "results.json").read_bytes()
    run = aimath(tmp_path, "grade", "matrices", "--assignment", "02_matrices", "--out", "out")
    assert run.returncode != 0 and "holds the results of 01_vectors" in run.stderr, run.stderr
    assert "Traceback" not in run.stderr
    assert (tmp_path / "out" / "alice" / "results.json").read_bytes() == before


def test_nbgrader_export_and_aimath_export_count_the_same_late_grade(tmp_path: Path):
    """With a due date and a late policy in the course's aimath.toml, graded with the
    README's --gradebook command from the course folder, do the real `nbgrader export` and
    `aimath export canvas` give a student two started days late the same final score?"""
    import csv

    (tmp_path / "nbgrader_config.py").write_text((ROOT / "nbgrader_config.py").read_text())
    (tmp_path / "aimath.toml").write_text(
        f'[assignments.{ID}]\ndue = "2026-03-20T00:00:00+00:00"\n'
        'late_policy = "linear:10:50"\n')
    submit_nbgrader(tmp_path, "alice", ID, (SOLUTIONS / ID / f"{ID}.ipynb").read_text(),
                    when="2026-03-21 10:00:00.000000 UTC")
    run = aimath(tmp_path, "grade", "submitted", "--assignment", ID, "--out", f"graded-{ID}",
                 "--gradebook")
    assert run.returncode == 0, run.stderr
    full = results(tmp_path / f"graded-{ID}", "alice")["score"]
    subprocess.run([str(Path(AIMATH).parent / "nbgrader"), "export"], cwd=tmp_path,
                   check=True, capture_output=True, timeout=300)
    with open(tmp_path / "grades.csv", newline="") as handle:
        [row] = [r for r in csv.DictReader(handle) if r["student_id"] == "alice"]
    canvas = aimath(tmp_path, "export", "canvas", f"graded-{ID}", "--out", "canvas.csv")
    assert canvas.returncode == 0, canvas.stderr
    assert float(row["score"]) == pytest.approx(full * 0.8)
    assert f"{full:g} -> {full * 0.8:g}" in canvas.stdout + canvas.stderr


def test_a_corrected_collection_time_is_what_the_export_counts(tmp_path: Path):
    """A TA corrects a student's timestamp.txt (same notebook) and grades again: is the
    student graded again, with the new time in results.json and no late penalty left in the
    Canvas export?"""
    (tmp_path / "aimath.toml").write_text(
        f'[assignments.{ID}]\ndue = "2026-03-20T00:00:00+00:00"\n'
        'late_policy = "linear:10:50"\n')
    folder = submit_nbgrader(tmp_path, "alice", ID, (SOLUTIONS / ID / f"{ID}.ipynb").read_text(),
                             when="2026-03-21 10:00:00.000000 UTC")
    grade = ("grade", "submitted", "--assignment", ID, "--out", f"graded-{ID}")
    assert aimath(tmp_path, *grade).returncode == 0
    (folder / "timestamp.txt").write_text("2026-03-19 10:00:00.000000 UTC")
    again = aimath(tmp_path, *grade)
    assert again.returncode == 0, again.stderr
    extra = results(tmp_path / f"graded-{ID}", "alice")["extra_data"]
    assert extra["submitted_at"].startswith("2026-03-19T10:00:00")
    canvas = aimath(tmp_path, "export", "canvas", f"graded-{ID}", "--out", "canvas.csv")
    assert canvas.returncode == 0, canvas.stderr
    assert "late" not in canvas.stdout + canvas.stderr


def test_one_entry_of_a_class_zip_named_outside_it_costs_only_itself(tmp_path: Path):
    """A class zip (an LMS download) holding two hand-ins and one entry named
    `../../escape.ipynb`: are both students graded, the entry named on the console and
    nothing written outside? One such entry refused the whole class."""
    solution = (SOLUTIONS / ID / f"{ID}.ipynb").read_bytes()
    with zipfile.ZipFile(tmp_path / "class.zip", "w") as zf:
        for name in ("alice.ipynb", "bob.ipynb", "../../escape.ipynb"):
            zf.writestr(name, solution)
    run = aimath(tmp_path, "grade", "class.zip", "--assignment", ID, "--out", "out")
    assert run.returncode == 0, run.stdout + run.stderr
    assert [results(tmp_path / "out", s)["score"] for s in ("alice", "bob")] == [22, 22]
    assert "'../../escape.ipynb'" in " ".join((run.stdout + run.stderr).split())
    assert not list(tmp_path.parent.rglob("escape.ipynb"))


def _as_from_a_terminal() -> None:
    """Ctrl-C's signal at its default, as a terminal's shell starts a command: a suite run in
    the background (`make test &`) inherits it ignored, and so would the grader."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_ctrl_c_says_what_was_kept_and_the_next_run_grades_the_rest(tmp_path: Path):
    """Ctrl-C in the terminal (SIGINT to the whole process group) mid-batch: does the command
    say how many results it kept and how to go on, never a bare "Aborted!" or a traceback,
    and does the same command then grade only the others?"""
    (tmp_path / "subs").mkdir()
    slow = solution_code(ID) + ("\n\n_fast = l1_norm\n\ndef l1_norm(x):\n    import time\n"
                                "    time.sleep(0.05)\n    return _fast(x)\n")
    for index in range(12):
        (tmp_path / "subs" / f"s{index:02d}.py").write_text(slow, encoding="utf-8")
    command = [AIMATH, "grade", "subs", "--assignment", ID, "--out", "out", "--jobs", "1"]
    process = subprocess.Popen(command, cwd=tmp_path, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, start_new_session=True,
                               preexec_fn=_as_from_a_terminal)
    deadline = time.monotonic() + 120
    while len(list((tmp_path / "out").glob("*/results.json"))) < 2:
        assert time.monotonic() < deadline and process.poll() is None
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGINT)
    out, err = process.communicate(timeout=120)
    said = " ".join((out + err).split())
    kept = {p: p.stat().st_mtime for p in (tmp_path / "out").glob("*/results.json")}
    assert process.returncode != 0 and "Traceback" not in said and "Aborted!" not in said
    assert f"interrupted: the {len(kept)} result(s) this run wrote" in said, said
    assert 2 <= len(kept) < 12
    again = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert len(list((tmp_path / "out").glob("*/results.json"))) == 12
    assert {p: p.stat().st_mtime for p in kept} == kept  # the kept ones were not graded again
