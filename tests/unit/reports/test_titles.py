"""Korean test titles: one per hidden test of the nine exercise suites and one per released
public test, none stale, and each keeping the English title's `function:` prefix and numbers.

The tests are found as grading finds them: a `--collect-only` session over each exercise's suite
with its public tests staged beside it (`run_session`, `public.staged`, `--public-tests`, as the
batch worker runs them), keyed by `test_key` and named by `test_name`, so a parametrized or
renamed test, a new suite file or a new public test shows up here exactly as it will in
results.json.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from autograder.course.assignments import EXERCISES, SUITES
from autograder.grading import outcomes, public
from autograder.grading.model import TestResult, Visibility
from autograder.grading.session import run_session
from autograder.reports.i18n import MESSAGES, title

CATALOGUE = MESSAGES / "titles.ko.yaml"
PREFIX = re.compile(r"([A-Za-z_]\w*): ")
NUMBER = re.compile(r"\d+(?:\.\d+)?(?:e[-+]?\d+)?")
HANGUL = re.compile("[가-힣]")


class _Titles:
    """A collect-only plugin: every collected test's key and English title."""

    def __init__(self) -> None:
        self.titles: dict[str, str] = {}

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        self.titles = {outcomes.test_key(item): outcomes.test_name(item)
                       for item in session.items}


def collected(assignment: str) -> dict[str, str]:
    """Every test one grading session of `assignment` runs, hidden and public: key -> title."""
    plugin = _Titles()
    with public.staged(assignment) as staged:
        assert staged is not None, f"{assignment}: no public tests in source/{assignment}/"
        code = run_session(assignment, plugin, "--collect-only", str(staged),
                           "--public-tests", str(staged))
    assert code == 0, f"{assignment}: its tests did not collect (exit code {code})"
    return plugin.titles


@pytest.fixture(scope="module")
def graded() -> dict[str, dict[str, str]]:
    """Every test of the exercises, as grading collects them: "hidden" (the suites) and
    "public" (the staged public tests, `test_public_<id>::...`), each key -> English title."""
    found: dict[str, dict[str, str]] = {"hidden": {}, "public": {}}
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", raising=False)  # run_session sets it
        for assignment in EXERCISES:
            titles = collected(assignment.id)
            stem = public.STAGED_NAME.format(id=assignment.id).removesuffix(".py") + "::"
            parts = {"public": {k: v for k, v in titles.items() if k.startswith(stem)}}
            parts["hidden"] = {k: v for k, v in titles.items() if k not in parts["public"]}
            for part, tests in parts.items():
                assert tests, f"{assignment.id}: no {part} tests collected"
                clash = found[part].keys() & tests.keys()
                assert not clash, f"{assignment.id}: keys shared with another suite: {clash}"
                found[part].update(tests)
    return found


@pytest.fixture(scope="module")
def hidden(graded: dict[str, dict[str, str]]) -> dict[str, str]:
    """Every hidden test of the exercise suites: key -> English title."""
    return graded["hidden"]


@pytest.fixture(scope="module")
def every(graded: dict[str, dict[str, str]]) -> dict[str, str]:
    """Every test a Korean page can show for an exercise, hidden or public."""
    return graded["hidden"] | graded["public"]


class _UniqueKeys(yaml.SafeLoader):
    """A YAML loader that refuses a key written twice (safe_load keeps the last silently)."""


def _mapping(loader: _UniqueKeys, node: yaml.MappingNode) -> dict[object, object]:
    keys = [loader.construct_object(key) for key, _ in node.value]
    twice = sorted(str(k) for k, n in Counter(keys).items() if n > 1)
    if twice:
        raise yaml.constructor.ConstructorError(None, None, f"keys written twice: {twice}",
                                                node.start_mark)
    return loader.construct_mapping(node)


_UniqueKeys.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def load(path: Path) -> dict[str, str]:
    with open(path, encoding="utf-8") as handle:
        data = yaml.load(handle, Loader=_UniqueKeys) or {}
    assert isinstance(data, dict), f"{path.name} is not a mapping"
    bad = [k for k, v in data.items() if not (isinstance(k, str) and isinstance(v, str) and v)]
    assert not bad, f"entries that are not a text key with a non-empty text title: {bad}"
    return data


@pytest.fixture(scope="module")
def korean() -> dict[str, str]:
    return load(CATALOGUE)


def numbers(text: str) -> Counter[str]:
    """The numbers in a title, each as often as it appears (`1e-8`, `0.5`; `3x3` is 3 and 3)."""
    return Counter(NUMBER.findall(text))


def test_the_exercises_are_the_suite_folders():
    """Does the collection walk every exercise suite folder `autograder/suites/0*`?"""
    folders = sorted(p.name for p in SUITES.glob("0*") if p.is_dir())
    assert sorted(a.id for a in EXERCISES) == folders
    assert len(folders) == 9


def test_every_hidden_test_has_a_korean_title(hidden, korean):
    """Does every hidden test of the nine exercise suites have a Korean title?"""
    missing = sorted(hidden.keys() - korean.keys())
    assert not missing, "no Korean title for:\n" + "\n".join(
        f'"{key}": "{hidden[key]}"' for key in missing)


def test_every_public_test_has_a_korean_title(graded, korean):
    """Does every released public test, under the key grading gives it
    (`test_public_<id>::<function>`), have a Korean title?"""
    missing = sorted(graded["public"].keys() - korean.keys())
    assert not missing, "no Korean title for:\n" + "\n".join(
        f'"{key}": "{graded["public"][key]}"' for key in missing)


def test_public_tests_are_keyed_as_grading_stages_them(graded):
    """Is every public test keyed by its staged file `test_public_<id>`, one per exercise?"""
    stems = {key.split("::")[0] for key in graded["public"]}
    assert stems == {f"test_public_{a.id}" for a in EXERCISES}


def test_every_entry_names_a_real_test(every, korean):
    """Does every key in titles.ko.yaml name a hidden or public test that exists (no stale
    entries)?"""
    stale = sorted(korean.keys() - every.keys())
    assert not stale, f"entries for tests that do not exist: {stale}"


def test_titles_keep_the_function_prefix(every, korean):
    """Does every Korean title start with the same `function: ` prefix as its English title?"""
    wrong = []
    for key in sorted(every.keys() & korean.keys()):
        prefix = PREFIX.match(every[key])
        assert prefix, f"{key}: the English title {every[key]!r} has no `function: ` prefix"
        if not korean[key].startswith(prefix.group(0)):
            wrong.append(f"{key}: {korean[key]!r} should start with {prefix.group(0)!r}")
    assert not wrong, "\n".join(wrong)


def test_titles_keep_every_number(every, korean):
    """Does every Korean title keep every number of its English title, as often as it appears?"""
    lost = {key: sorted((numbers(every[key]) - numbers(korean[key])).elements())
            for key in sorted(every.keys() & korean.keys())}
    lost = {key: gone for key, gone in lost.items() if gone}
    assert not lost, "\n".join(f"{key}: lost {gone} ({every[key]!r} -> {korean[key]!r})"
                               for key, gone in lost.items())


def test_titles_are_in_korean(every, korean):
    """Is every title actually Korean, not the English copied over?"""
    untranslated = sorted(key for key, text in korean.items()
                          if not HANGUL.search(text) or text == every.get(key))
    assert not untranslated, f"titles without Korean: {untranslated}"


@pytest.mark.parametrize(("english", "korean_text", "lost"), [
    ("l1_norm: [1, -7, 2] has L1 norm 10", "l1_norm: [1, -7, 2] 의 L1 노름은 10 입니다", []),
    ("l1_norm: [1, -7, 2] has L1 norm 10", "l1_norm: [1, 7, 2] 의 노름은 10 입니다", ["1"]),
    ("a: eps = 1e-8", "a: eps = 1e-9", ["1e-8"]),
    ("a: 0.5 and 0.25", "a: 0.5 와 0.2", ["0.25"]),
    ("a: [1, 2] gives [1, 2, 3]", "a: [1, 2, 3] 이 나옵니다", ["1", "2"]),
])
def test_the_number_check_notices_a_lost_number(english, korean_text, lost):
    """Would a title that drops or changes a number (or a repeat of one) be caught?"""
    assert sorted((numbers(english) - numbers(korean_text)).elements()) == lost


@pytest.mark.parametrize("key", ["test_angle::test_angle_zero_vector",
                                 "test_public_01_vectors::test_angle_rejects_zero_vector"])
def test_the_korean_page_shows_the_catalogue_title(every, korean, key):
    """Does `i18n.title` give the Korean title for a key in the catalogue (a hidden or a public
    test's), English otherwise?"""
    test = TestResult(name=every[key], function="angle", score=1.0, max_score=1.0,
                      visibility=Visibility.VISIBLE, key=key)
    assert title(test, "ko") == korean[key]
    assert title(test, "en") == every[key]
    unknown = TestResult(name="angle: something new", function="angle", score=0.0,
                         max_score=1.0, visibility=Visibility.VISIBLE, key="test_angle::nope")
    assert title(unknown, "ko") == "angle: something new"
