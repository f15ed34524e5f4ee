"""The course's quiz values key where students read it: the forms files of its quizzes.

The kit draws each student's values from the key that the quiz's `<quiz>.forms.json` publishes,
the grader from the key the course records (`variants.values_key`). A course that records its
own key (`python -m autograder.quiz.variants --course DIR`) gets its forms files under
`source/` and `release/` rewritten with it (`publish`), and a quiz whose forms publish another
key is refused before anyone is graded (`check_published`): its students were shown values the
grader would not draw, and every randomised item would be marked wrong.
"""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath

from autograder.intake.discover import Source
from autograder.quiz.render import forms_layout
from autograder.quiz.variants import SETTING, ValuesKeyError, values_key
from autograder.safefs import Refused, read_beneath
from autograder.student.forms import SUFFIX

FOLDERS = ("source", "release")  # where a course keeps what it hands out
FORMS_CAP = 2**20  # bytes of a forms file read from a hand-in


def forms_files(course: Path, quiz: str = "*") -> list[Path]:
    """The forms files of `quiz` (default: every quiz) that the course hands out."""
    return sorted(path for folder in FOLDERS
                  for path in (Path(course) / folder).glob(f"{quiz}/{quiz}{SUFFIX}"))


def published_key(path: Path) -> str | None:
    """The values key a forms file publishes (None: no randomised item, or unreadable)."""
    try:
        return _key_of(path.read_bytes())
    except OSError:
        return None


def _key_of(data: str | bytes) -> str | None:
    try:
        document = json.loads(data)
    except ValueError:
        return None
    key = document.get("values_key") if isinstance(document, dict) else None
    return key if isinstance(key, str) else None


def collected_key(source: Source, quiz: str) -> str | None:
    """The values key of the forms file handed in beside a quiz notebook (nbgrader collects
    the student's whole folder; a flat folder's files are nobody's in particular), read as
    any hand-in is: no link followed, size capped."""
    if source.relative.parent == PurePosixPath("."):
        return None
    relative = source.relative.parent / f"{quiz}{SUFFIX}"
    try:
        return _key_of(read_beneath(source.root, relative, FORMS_CAP))
    except (Refused, OSError):
        return None


def shown_other_values(sources: list[Source], course: Path, quiz: str) -> list[str]:
    """The students whose collected forms file publishes a key other than the course's:
    their notebooks showed them values the grader does not draw (a quiz released before the
    course's key was created, or graded with another course's settings)."""
    recorded = values_key(course).hex()
    return [source.student for source in sources
            if (key := collected_key(source, quiz)) is not None and key != recorded]


def with_key(text: str, key: bytes) -> str:
    """A forms file's text publishing `key` (unchanged when it has no randomised item)."""
    document = json.loads(text)
    if "values_key" not in document:
        return text
    document["values_key"] = key.hex()
    return forms_layout(document)


def publish(course: Path, key: bytes) -> list[Path]:
    """Rewrite with `key` every forms file of the course that publishes another; the files
    rewritten."""
    changed = []
    for path in forms_files(course):
        text = path.read_text(encoding="utf-8")
        if _key_of(text) in (None, key.hex()):
            continue
        path.write_text(with_key(text, key), encoding="utf-8")
        changed.append(path)
    return changed


def check_published(course: Path, quiz: str) -> None:
    """Raise `ValuesKeyError` when a forms file of `quiz` in the course publishes a key other
    than the one the grader draws with."""
    recorded = values_key(course).hex()
    for path in forms_files(course, quiz):
        published = published_key(path)
        if published is not None and published != recorded:
            raise ValuesKeyError(
                f"{path} shows students values drawn with the key {published[:12]}..., but the "
                f"course grades with {SETTING} = {recorded[:12]}...: every randomised item "
                "would be marked wrong. Before releasing, run `python -m "
                "autograder.quiz.variants --course DIR` to rewrite the forms files; if "
                f"students already have these, set {SETTING} = \"{published}\" in the course's "
                "settings instead.")
