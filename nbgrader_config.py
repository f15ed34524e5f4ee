"""nbgrader settings for the aimath course; `nbgrader ...` and `aimath release` both read them.

The course directory is the folder holding this file, so a copy of the course (a test's
tmp_path, a CI checkout) works without edits. Folders follow nbgrader's convention
source -> release -> submitted -> graded -> feedback, laid out as <step>/<student>/<id>/.
"""

import os

c = get_config()  # noqa: F821  (injected by traitlets when it loads this file)

# The course id stored with every gradebook row; one id so no second course appears.
c.CourseDirectory.course_id = "aimath"

# The course directory: every folder below is relative to it.
c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))

# Instructor notebooks with solutions and tests (source/<id>/<id>.ipynb + public tests).
c.CourseDirectory.source_directory = "source"

# Student versions written by generate_assignment (committed, checked for staleness in CI).
c.CourseDirectory.release_directory = "release"

# Model solutions written by generate_solution (committed; must score full marks).
c.CourseDirectory.solution_directory = "solutions"

# Collected student notebooks: submitted/<student>/<id>/<id>.ipynb.
c.CourseDirectory.submitted_directory = "submitted"

# nbgrader's autograde output; not "autograded", which is too close to our `autograder/`.
c.CourseDirectory.autograded_directory = "graded"

# Per-student feedback HTML that `nbgrader release_feedback` hands out.
c.CourseDirectory.feedback_directory = "feedback"

# The gradebook: sqlite file gradebook.db at the course root (nbgrader's own default, spelled
# out so `nbgrader export` and `aimath grade --gradebook` agree on one file).
c.CourseDirectory.db_url = "sqlite:///" + os.path.join(c.CourseDirectory.root, "gradebook.db")

# Never copied from source/<id>/ into release/ or solutions/ (nbgrader matches base names):
# editor and Python junk, and anything that looks like a key, a hidden suite or a solution.
# nbgrader applies the same list when it collects: "*secret*" would drop the
# submission_secret.txt that `release_feedback` needs, so it is not listed.
c.CourseDirectory.ignore = [
    ".ipynb_checkpoints",
    "__pycache__",
    ".pytest_cache",
    "*.pyc",
    ".DS_Store",
    "*~",
    "*.bak",
    "*.swp",
    "*.yaml",
    "*.yml",
    "*answer*",
    "*hidden*",
    "*solution*",
    "*key*",
    "feedback",
]

# Cell metadata dropped from released code cells along with the outputs: nbgrader's own pair
# plus the run timestamps Jupyter leaves behind, which would make release/ change every run.
c.ClearOutput.remove_metadata_fields = {"collapsed", "scrolled", "execution", "ExecuteTime"}

# nbgrader's own steps, with ClearSolutions told apart for quizzes: an exercise's solution
# becomes `raise NotImplementedError()`, a quiz's answer cell is left blank to fill in (so
# `nbgrader generate_assignment` writes what `aimath release` writes).
c.GenerateAssignment.preprocessors = [
    "nbgrader.preprocessors.IncludeHeaderFooter",
    "nbgrader.preprocessors.InstantiateTests",
    "nbgrader.preprocessors.LockCells",
    "autograder.nbgrader.answers.ClearAnswers",
    "nbgrader.preprocessors.ClearOutput",
    "nbgrader.preprocessors.CheckCellMetadata",
    "nbgrader.preprocessors.ComputeChecksums",
    "nbgrader.preprocessors.SaveCells",
    "nbgrader.preprocessors.ClearHiddenTests",
    "nbgrader.preprocessors.ClearMarkScheme",
    "nbgrader.preprocessors.ComputeChecksums",
    "nbgrader.preprocessors.CheckCellMetadata",
]

# Solutions are written without executing them: no kernel start, no volatile outputs, so the
# committed solutions/ is reproducible; `aimath validate` proves they score full marks.
c.GenerateSolution.preprocessors = [
    "nbgrader.preprocessors.IncludeHeaderFooter",
    "nbgrader.preprocessors.LockCells",
    "nbgrader.preprocessors.ClearOutput",
    "nbgrader.preprocessors.ClearMarkScheme",
]
