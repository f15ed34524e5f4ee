"""The nbgrader course directory: its settings, folders and gradebook database.

Every entry point reads the course's own `nbgrader_config.py`, so `aimath` and the `nbgrader`
command line always agree on folders, ignore globs and the course id.
"""

from __future__ import annotations

from pathlib import Path

from alembic.script import ScriptDirectory
from nbgrader import dbutil
from nbgrader.api import Base
from nbgrader.coursedir import CourseDirectory
from sqlalchemy import create_engine, inspect, text
from traitlets.config import Config, PyFileConfigLoader

from autograder.student.identity import is_valid

CONFIG_FILE = "nbgrader_config.py"


def load_config(root: Path) -> Config:
    """Read `root/nbgrader_config.py`, with the course directory pinned to `root`."""
    root = Path(root).resolve()
    if not (root / CONFIG_FILE).is_file():
        raise FileNotFoundError(f"{root} has no {CONFIG_FILE}: not an nbgrader course directory")
    config = PyFileConfigLoader(CONFIG_FILE, path=str(root)).load_config()
    config.CourseDirectory.root = str(root)
    return config


def course_directory(root: Path) -> CourseDirectory:
    """nbgrader's view of the course folders under `root`."""
    return CourseDirectory(config=load_config(root))


def check_id(value: str, what: str) -> str:
    """Reject ids outside aimath's one id rule (`autograder.student.identity`) before they
    become paths: letters and digits of any script, `-`, `_` and `.`."""
    if not is_valid(value):
        raise ValueError(f"invalid {what} {value!r}: use letters, digits, '_', '-' or '.'")
    return value


def folder_name(value: str) -> bool:
    """Is `value` one path component, never a way out of a folder?"""
    return value not in ("", ".", "..") and "/" not in value and "\0" not in value \
        and len(value.encode()) <= 255


def check_student(value: str) -> str:
    """A student as nbgrader knows them: an aimath id, or the name of the folder nbgrader
    collected them in where that is no id (`O'Brien`, `kim@univ.edu`, graded as `O_Brien`
    and `kim_univ.edu`): one folder name either way."""
    if not folder_name(value):
        raise ValueError(f"invalid student id {value!r}: not one folder name")
    return value


def ensure_database(db_url: str) -> None:
    """Create an empty gradebook stamped with nbgrader's schema version.

    nbgrader's `Gradebook` would do the same by running `alembic` from PATH, which fails
    whenever the venv is not activated; reading the version with alembic's API avoids that.
    """
    engine = create_engine(db_url)
    try:
        if inspect(engine).get_table_names():
            return
        Base.metadata.create_all(engine)
        head = ScriptDirectory(dbutil.ALEMBIC_DIR).get_current_head()
        with engine.begin() as connection:
            connection.execute(
                text("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)"))
            connection.execute(
                text("INSERT INTO alembic_version (version_num) VALUES (:v)"), {"v": head})
    finally:
        engine.dispose()
