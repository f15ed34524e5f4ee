"""A grading session collects the hidden suite and the staged public tests, and nothing
around them: however full the temporary folder is, and the staged copy goes with the
session."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from autograder.grading.public import staged
from autograder.grading.session import pytest_args

VECTORS = "01_vectors"


class Collected:
    """Counts the folders pytest collects and keeps the test ids."""

    def __init__(self) -> None:
        self.folders: list[Path] = []
        self.ids: list[str] = []

    def pytest_collect_directory(self, path: Path) -> None:
        self.folders.append(path)

    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        self.ids = [item.nodeid.split("::", 1)[1] for item in items]


def _collect(*extra: str) -> Collected:
    collected = Collected()
    code = pytest.main([*pytest_args(VECTORS), *extra, "--collect-only"], plugins=[collected])
    assert code == pytest.ExitCode.OK
    return collected


@pytest.fixture
def cluttered(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temporary folder holding 200 other folders, as a busy machine's /tmp does."""
    for index in range(200):
        (tmp_path / f"other-{index}").mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    return tmp_path


def test_the_public_tests_are_collected_without_the_folders_beside_them(cluttered: Path):
    """With the public tests staged among 200 folders, does the session collect both suites
    (every hidden test, every public one) and none of those folders?"""
    hidden = _collect().ids
    with staged(VECTORS) as public:
        assert public is not None and public.parent.parent == cluttered
        both = _collect(str(public), "--public-tests", str(public))
    assert len(hidden) > 10 and set(hidden) < set(both.ids)
    assert len(both.ids) > len(hidden) + 5  # the public tests, too
    assert [f for f in both.folders if f.parent == cluttered] == [public.parent]


def test_the_staged_copy_goes_with_the_session(cluttered: Path):
    with staged(VECTORS) as public:
        assert public is not None and public.is_file()
    assert not public.parent.exists()
    assert sorted(p.name for p in cluttered.iterdir() if not p.name.startswith("other-")) == []
