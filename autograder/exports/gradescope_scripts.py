"""The two scripts Gradescope's specification asks for at the root of an autograder zip.

`setup.sh` runs once, as root, when Gradescope builds the image; `run_autograder` for every
submission, from `/autograder`. Both are filled in by `gradescope.zip_members`.
"""

from __future__ import annotations

from string import Template

VENV = "/autograder/aimath-venv"

SETUP_SH = Template("""\
#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder image: a Python 3.11 or
# newer (from apt if the image has none), a virtual environment with the packages grading
# imports (requirements.txt, pinned to the versions aimath was tested with) and aimath's
# grading code from this zip. Written by `aimath export gradescope $assignment` (aimath $version).
# AIMATH_PYTHON chooses the interpreter; pip's own PIP_* variables (e.g. PIP_INDEX_URL) apply.
set -euo pipefail
SOURCE=/autograder/source
VENV=$venv

usable() {  # a Python 3.11+ that can make a virtual environment
    command -v "$$1" >/dev/null 2>&1 &&
        "$$1" -c 'import sys, ensurepip, venv; sys.exit(sys.version_info < (3, 11))' 2>/dev/null
}

PYTHON=""
for candidate in $${AIMATH_PYTHON:-} $candidates; do
    if usable "$$candidate"; then PYTHON=$$candidate; break; fi
done
if [ -z "$$PYTHON" ]; then
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \\
        python3.11 python3.11-venv
    PYTHON=python3.11
fi
echo "aimath: grading with $$("$$PYTHON" --version) in $$VENV"
"$$PYTHON" -m venv "$$VENV"
PIP=("$$VENV/bin/python" -m pip install --disable-pip-version-check --no-input)
"$${PIP[@]}" -r "$$SOURCE/requirements.txt"
"$${PIP[@]}" --no-deps --no-index "$$SOURCE/$wheel"
"$$VENV/bin/python" -c "import autograder.exports.gradescope_run, autograder.batch.worker"
chmod +x "$$SOURCE/run_autograder"
""")

RUN_AUTOGRADER = Template("""\
#!/usr/bin/env bash
# Gradescope runs this for every submission: grade the one file in /autograder/submission
# with the hidden suite of $assignment and write /autograder/results/results.json.
# Written by `aimath export gradescope $assignment` (aimath $version).
RESULTS=/autograder/results/results.json
$venv/bin/python -m autograder.exports.gradescope_run --root /autograder "$$@"
status=$$?
if [ ! -s "$$RESULTS" ]; then  # the grader could not even start: still a results.json
    mkdir -p /autograder/results
    said="The autograder could not start (exit code $$status); nothing was graded."
    printf '{"score": 0, "tests": [], "output": "%s Please tell your instructor."}\\n' \\
        "$$said" > "$$RESULTS"
fi
""")


def setup_sh(assignment: str, version: str, wheel: str, python: str) -> str:
    """setup.sh for one zip; `python` is the interpreter tried first (this one's version)."""
    candidates = dict.fromkeys([python, "python3.13", "python3.12", "python3.11", "python3"])
    return SETUP_SH.substitute(assignment=assignment, version=version, wheel=wheel,
                               candidates=" ".join(candidates), venv=VENV)


def run_autograder(assignment: str, version: str) -> str:
    """run_autograder for one zip."""
    return RUN_AUTOGRADER.substitute(assignment=assignment, version=version, venv=VENV)
