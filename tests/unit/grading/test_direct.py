"""Which collected tests are called directly, and what a direct call reports."""

from __future__ import annotations

import pytest

from autograder.grading import plugin
from autograder.grading.direct import is_direct, run_direct

SUITE = '''
import pytest

def test_plain(student):
    assert student == "alice"

@pytest.mark.parametrize("n", [1, 2])
def test_parametrized(student, n):
    assert n == 1

def test_asks_request(request):
    pass

@pytest.fixture
def own():
    return 1

def test_own_fixture(own):
    pass

@pytest.mark.skip
def test_skipped(student):
    pass

class TestInAClass:
    def test_method(self, student):
        pass
'''


class Collected:
    """A plugin that keeps the collected items of a nested pytest run."""

    def __init__(self) -> None:
        self.items: dict[str, pytest.Item] = {}

    def pytest_configure(self, config: pytest.Config) -> None:
        for line in plugin.MARKERS:
            config.addinivalue_line("markers", line)

    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        self.items = {item.name: item for item in items}


@pytest.fixture(scope="module")
def items(tmp_path_factory: pytest.TempPathFactory) -> dict[str, pytest.Item]:
    tmp_path = tmp_path_factory.mktemp("suite")
    (tmp_path / "test_direct_sample_suite.py").write_text(SUITE)  # a unique module name
    collected = Collected()
    pytest.main([str(tmp_path), "--collect-only", "-q", "-p", "no:cacheprovider",
                 "-p", "no:randomly", "--import-mode=importlib"], plugins=[collected])
    return collected.items


def test_plain_and_parametrized_tests_are_called_directly(items):
    """Are tests asking only for grading fixtures and their parameters called directly,
    and the rest (own fixture, `request`, a skip mark, a class) left to pytest?"""
    direct = {name for name, item in items.items() if is_direct(item)}
    assert direct == {"test_plain", "test_parametrized[1]", "test_parametrized[2]"}


def test_a_direct_call_gives_a_verdict_only_on_failure(items):
    """Does a passing direct call report no verdict, a failing one its assertion?"""
    student = {"student": lambda: "bob"}
    assert run_direct(items["test_parametrized[1]"], student).verdict is None
    failed = run_direct(items["test_parametrized[2]"], student).verdict
    assert failed is not None
    assert run_direct(items["test_plain"], student).verdict is not None


def test_only_the_fixtures_a_test_asks_for_are_made(items):
    """Is a fixture the test does not ask for never made (its factory never called)?"""
    made: list[str] = []
    fixtures = {name: (lambda name=name: made.append(name) or name)
                for name in ("student", "submission", "rng")}
    run_direct(items["test_plain"], fixtures)
    assert made == ["student"]
