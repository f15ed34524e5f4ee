"""The conftest of every assignment folder: `pytest` here runs the public tests on the
notebook beside it (or on the file named by `$AIMATH_SUBMISSION`).

The code cells run in order in one fresh `__main__` module, read by the kit's notebook reader
exactly as the grader reads them; a cell that raises is listed at the end and costs only the
tests that need it. The kit is the `aimath_student` folder beside this file, or an installed
kit; in the course repository, its source. This canonical copy is copied verbatim to
`source/<id>/conftest.py` (and by `aimath release` into each quiz folder).
"""

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

try:
    from aimath_student.plugin import folder_plugin
except ModuleNotFoundError:  # the course repository: source/ and solutions/
    from autograder.student.plugin import folder_plugin

student, forms, pytest_terminal_summary, pytest_configure = folder_plugin(HERE)
