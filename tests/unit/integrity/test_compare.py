"""The comparison: copies are found through disguises, independent work and the starter code
are not, and matches point at the lines that were copied."""

from __future__ import annotations

import itertools
import json

from support.similarity import RELEASE, notebook_code, py_code

from autograder.integrity.analyse import similarity_of
from autograder.integrity.compare import compare, profile, score, shared_counts
from autograder.integrity.model import DEFAULTS, Settings


def pairs_of(codes, starter, settings=DEFAULTS):
    return similarity_of(codes, [], "01_vectors", settings, starter).pairs


def test_a_disguised_copy_is_flagged(solution, disguised, starter):
    """Is a copy with renamed names, reordered functions and new comments and layout flagged?"""
    (pair,) = pairs_of([solution, disguised], starter)
    assert (pair.a, pair.b) == ("copier", "model")
    assert pair.score >= 0.8 > DEFAULTS.threshold
    assert len(pair.matches) >= 4  # one region per function: the order changed


def test_independent_solutions_are_not_flagged(solution, independent, another, starter):
    """Are three correct solutions of 01_vectors written independently left unflagged?"""
    codes = [solution, independent, another]
    assert pairs_of(codes, starter) == ()
    everything = Settings(threshold=0.0)
    scores = [p.score for p in pairs_of(codes, starter, everything)]
    assert max(scores) < DEFAULTS.threshold / 2, scores


def test_the_starter_code_alone_never_flags(starter):
    """Does a class that hands in the unmodified release produce no pair and no fingerprint?"""
    stub = json.loads(RELEASE.read_text(encoding="utf-8"))
    codes = [notebook_code(f"s{i}", stub) for i in range(5)]
    result = similarity_of(codes, [], "01_vectors", Settings(threshold=0.0), starter)
    assert result.pairs == ()
    assert all(profile(c, DEFAULTS, frozenset()).prints for c in codes)  # not empty by itself


def test_without_the_starter_code_excluded_the_stub_would_flag():
    """Is it the exclusion (not a lack of code) that keeps unmodified stubs apart?"""
    stub = json.loads(RELEASE.read_text(encoding="utf-8"))
    codes = [notebook_code(f"s{i}", stub) for i in range(2)]
    assert similarity_of(codes, [], "01_vectors", DEFAULTS, None).pairs[0].score == 1.0


def test_matches_point_at_the_copied_lines():
    """Does a match start at the copied function's first line in both files and span it?"""
    copied = ("def angle(x, y):\n    c = x @ y / (norm(x) * norm(y))\n"
              "    c = min(1.0, max(-1.0, c))\n    return math.acos(c)\n")
    a = py_code("a", "import math\n\n\ndef unrelated(t):\n    return [t] * 3\n\n\n" + copied)
    b = py_code("b", "# mine\n" + copied.replace("x", "p").replace("y", "q")
                + "\n\nwhile True:\n    break\n")
    (pair,) = pairs_of([a, b], None, Settings(floor=1))
    (match,) = pair.matches
    assert (match.a_first, match.a_last, match.b_first, match.b_last) == (8, 11, 2, 5)
    assert match.as_json() == [8, 2, 4]


def test_matches_of_reordered_functions_are_separate_regions(solution, disguised):
    """Does each copied function get its own region, on its own lines in each file?"""
    (pair,) = pairs_of([solution, disguised], None)
    text = {"copier": disguised.cells[0].lines,
            "model": [line for cell in solution.cells for line in cell.lines]}
    firsts = {text["copier"][m.a_first - 1].strip()[:12] for m in pair.matches}
    assert {"def angle(u,", "def hadamard", "def l2_norm(", "def l1_norm("} <= firsts
    for m in pair.matches:  # the same function on both sides of every region
        assert text["copier"][m.a_first - 1].split("(")[0] == text["model"][m.b_first - 1].split(
            "(")[0]


def test_the_score_is_shared_over_the_smaller_set():
    """Is the score shared fingerprints over the smaller set, the set counted as at least floor?"""
    assert score(6, 12, 40, 10) == 0.5
    assert score(3, 3, 40, 10) == 0.3
    assert score(0, 0, 0, 0) == 0.0


def test_code_most_of_the_class_shares_is_common_not_evidence(solution):
    """Is code found in more than half of a large class ignored, as MOSS does?"""
    shared = next(c.code for c in solution.cells if c.code.startswith("def angle"))
    codes = [py_code(f"s{i:02d}", f"{shared}\n\nvalue = {i}\n") for i in range(30)]
    assert pairs_of(codes, None) == ()
    kept = Settings(common=1.0, common_min=30)
    assert len(pairs_of(codes, None, kept)) == 30 * 29 // 2


def test_the_inverted_index_counts_what_comparing_every_pair_counts(
        solution, disguised, independent, another, starter):
    """Does the index find exactly the shared fingerprints a full pairwise comparison finds?"""
    codes = [solution, disguised, independent, another, py_code("dup", DISGUISED_TWICE)]
    profiles = [profile(c, DEFAULTS, frozenset()) for c in codes]
    counts = shared_counts(profiles)
    for i, j in itertools.combinations(range(len(codes)), 2):
        assert counts.get((i, j), 0) == len(profiles[i].hashes & profiles[j].hashes)


def test_pairs_are_sorted_by_score_highest_first(solution, disguised, independent):
    """Are pairs listed most similar first?"""
    profiles = [profile(c, DEFAULTS, frozenset()) for c in (solution, disguised, independent)]
    pairs = compare(profiles, Settings(threshold=0.0))
    assert [p.score for p in pairs] == sorted((p.score for p in pairs), reverse=True)


DISGUISED_TWICE = "def g(n):\n    return [i * i for i in range(n) if i % 2 == 0]\n" * 2
