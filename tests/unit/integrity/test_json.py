"""similarity.json follows the contract: assignment, pairs by score with integer line
matches, and the unreadable submissions listed."""

from __future__ import annotations

import json

from autograder.integrity.analyse import similarity_of, write_outputs
from autograder.integrity.model import DEFAULTS, Skipped
from autograder.message import text


def test_the_json_follows_the_contract(tmp_path, solution, disguised, independent, starter):
    """Does similarity.json hold the contract's keys, types and order?"""
    skipped = [Skipped("zoe", text("zoe.ipynb is empty"))]
    result = similarity_of([solution, disguised, independent], skipped, "01_vectors", DEFAULTS,
                           starter)
    json_path, html_path = write_outputs(result, tmp_path / "out", "en")
    data = json.loads(json_path.read_text(encoding="utf-8"))
    assert html_path.name == "similarity.html" and html_path.stat().st_size > 0
    assert data["assignment"] == "01_vectors"
    assert data["skipped"] == [{"student": "zoe", "reason": "zoe.ipynb is empty"}]
    (pair,) = data["pairs"]
    assert {"a", "b", "score", "matches"} <= set(pair)
    assert (pair["a"], pair["b"]) == ("copier", "model")
    assert 0 <= pair["score"] <= 1
    assert all(len(m) == 3 and all(type(v) is int and v > 0 for v in m)
               for m in pair["matches"])
    assert data["method"]["starter_code"] == "release/01_vectors/01_vectors.ipynb"
    assert data["files"]["model"]["cells"][0] == [1, 1]


def test_pairs_are_written_highest_score_first(tmp_path, solution, disguised):
    """Are pairs in the file sorted by score, highest first?"""
    twin = disguised.__class__("twin", "twin.py", disguised.cells)
    result = similarity_of([solution, disguised, twin], [], "01_vectors", DEFAULTS, None)
    json_path, _ = write_outputs(result, tmp_path, "ko")
    scores = [p["score"] for p in json.loads(json_path.read_text())["pairs"]]
    assert len(scores) == 3 and scores == sorted(scores, reverse=True) and scores[0] == 1.0
