"""`aimath serve --executor dask`: hand-ins graded on a Dask cluster (a LocalCluster the
service starts), with the same results as its own workers give."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support.service import login, served, wait_graded

from autograder.course.assignments import ROOT
from autograder.service import demo

pytest.importorskip("distributed")
pytestmark = pytest.mark.slow
SOLUTION = json.loads((ROOT / "solutions" / "01_vectors" / "01_vectors.ipynb").read_text())


def solution(tag: str) -> bytes:
    """The model solution, its bytes made different by a metadata field."""
    return json.dumps({**SOLUTION, "metadata": {**SOLUTION["metadata"], "run": tag}}).encode()


def test_hand_ins_are_graded_on_dask(tmp_path: Path) -> None:
    """Are two students' hand-ins graded to the same full marks on Dask as locally?"""
    built = demo.build(tmp_path / "course", (("alice", "Alice", "A"), ("bob", "Bob", "B")),
                       settings='[assignments.01_vectors]\nhidden_visibility = "visible"\n')
    scores = {}
    for executor in ("dask", "local"):
        with served(built.course, "--executor", executor, workers=1) as server:
            for student in ("alice", "bob"):
                with server.client() as client:
                    csrf = login(client, student, code=built.codes[student],
                                 new_password=f"{student}-password") if executor == "dask" \
                        else login(client, student, password=f"{student}-password")
                    answer = client.post("/api/assignments/01_vectors/submissions",
                                         files={"file": ("mine.ipynb", solution(executor))},
                                         headers={"X-CSRF-Token": csrf})
                    done = wait_graded(client, answer.json()["submission"], seconds=240)
                    scores[(executor, student)] = (done["score"], done["max_score"])
    assert len(set(scores.values())) == 1 and scores[("dask", "alice")][0] == 22, scores
