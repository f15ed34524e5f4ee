"""A grading session collects the hidden suite and the staged public tests, and nothing
around them, however full the temporary folder is; the staged copy is one per content, in
this user's own folder, so a worker killed mid-session leaves nothing behind."""

from __future__ import annotations

import os
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
        assert public is not None and public.parent.parent.parent == cluttered
        both = _collect(str(public), "--public-tests", str(public))
    assert len(hidden) > 10 and set(hidden) < set(both.ids)
    assert len(both.ids) > len(hidden) + 5  # the public tests, too
    assert [f for f in both.folders if f.parent == cluttered] == [public.parent.parent]


def _staged_now() -> Path:
    with staged(VECTORS) as public:
        assert public is not None and public.is_file()
        return public


def test_every_session_shares_one_copy_and_leaves_nothing_of_its_own(cluttered: Path):
    """Do sessions stage the public tests once, in this user's own folder (no one else may
    write to it), and find that copy again: nothing made per session, so a killed worker,
    which cleans nothing up, leaves nothing behind? A copy that was changed is put back."""
    first = _staged_now()
    own = cluttered / f"aimath-public-{os.getuid()}"
    assert first.parent.parent == own and own.stat().st_mode & 0o777 == 0o700
    first.write_text("def test_forged():\n    pass\n")
    again = _staged_now()
    assert again == first and "test_forged" not in again.read_text()
    assert sorted(p.name for p in cluttered.iterdir() if not p.name.startswith("other-")) \
        == [own.name]
    assert [p.name for p in first.parent.iterdir()] == [first.name]


@pytest.mark.parametrize("make", ["group_writable", "link", "others"])
def test_a_folder_that_is_not_safely_ours_is_never_used(cluttered: Path, make: str):
    """Is a folder of that name that others could write to (group-writable, a link, another
    user's) left alone, the session staging a temporary copy that goes with it?"""
    own = cluttered / f"aimath-public-{os.getuid()}"
    elsewhere = cluttered / "elsewhere"
    elsewhere.mkdir()
    if make == "link":
        own.symlink_to(elsewhere)
    else:
        own.mkdir(mode=0o700)
        if make == "group_writable":
            own.chmod(0o770)
        elif os.geteuid() == 0:
            os.chown(own, 12345, 12345)
        else:
            pytest.skip("making another user's folder needs root")
    public = _staged_now()
    assert not public.exists() and own not in public.parents
    assert list(elsewhere.iterdir()) == []
