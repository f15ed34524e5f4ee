"""The key a handed-in forms file publishes: read from a student's collected folder only, as
any hand-in is read."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from autograder.intake.discover import Source
from autograder.quiz.publish import collected_key

QUIZ = "quiz_07"
FORMS = f'{{"quiz": "{QUIZ}", "values_key": "{"ab" * 32}", "items": []}}'


def test_a_collected_folders_forms_file_is_read(tmp_path: Path) -> None:
    folder = tmp_path / "alice" / QUIZ
    folder.mkdir(parents=True)
    (folder / f"{QUIZ}.forms.json").write_text(FORMS)
    source = Source("alice", tmp_path, PurePosixPath("alice", QUIZ, f"{QUIZ}.ipynb"))
    assert collected_key(source, QUIZ) == "ab" * 32


def test_a_forms_file_beside_a_flat_folders_hand_ins_is_nobodys(tmp_path: Path) -> None:
    """In a folder of `<student>.py` files, a forms file lying there was handed in by no one
    in particular: is it read for none of them?"""
    (tmp_path / f"{QUIZ}.forms.json").write_text(FORMS)
    assert collected_key(Source("alice", tmp_path, PurePosixPath("alice.py")), QUIZ) is None


def test_a_linked_forms_file_is_not_read(tmp_path: Path) -> None:
    folder = tmp_path / "alice" / QUIZ
    folder.mkdir(parents=True)
    (tmp_path / "elsewhere.json").write_text(FORMS)
    (folder / f"{QUIZ}.forms.json").symlink_to(tmp_path / "elsewhere.json")
    source = Source("alice", tmp_path, PurePosixPath("alice", QUIZ, f"{QUIZ}.ipynb"))
    assert collected_key(source, QUIZ) is None
