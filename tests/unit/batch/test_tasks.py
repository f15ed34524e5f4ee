"""What crosses to a worker and back as JSON: the worker's config and each student's Source
come back exactly as they were sent."""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath

import pytest

from autograder.batch.tasks import Line, WorkerConfig, source_from_json, source_to_json
from autograder.grading.model import Status, Visibility
from autograder.intake.discover import Source
from autograder.message import msg
from autograder.student.limits import Limits


@pytest.mark.parametrize("config", [
    WorkerConfig("01_vectors", "/out", "/course"),
    WorkerConfig("quiz_03", "/tmp/결과", "/course", Limits(call_timeout=2.5, memory_mb=256,
                                                         output_mb=1, upload_mb=5,
                                                         submission_timeout=60.0),
                 "ko", Visibility.VISIBLE, sandbox=False, slot=7, pin=True),
])
def test_a_worker_config_round_trips(config: WorkerConfig) -> None:
    """Does a config come back equal, limits and visibility as their own types?"""
    back = WorkerConfig.from_json(config.to_json())
    assert back == config
    assert isinstance(back.limits, Limits) and isinstance(back.visibility, Visibility)
    assert json.loads(config.to_json())["visibility"] == config.visibility.value


@pytest.mark.parametrize("source", [
    Source("alice", Path("/subs"), PurePosixPath("alice.py"), "2025-03-02T00:30:00+00:00",
           raw="alice"),
    Source("김민준", Path("/course/submitted"), PurePosixPath("김민준/01_vectors/01_vectors.ipynb"),
           None, (msg("intake.several_notebooks", chosen="01_vectors.ipynb"),
                  msg("intake.id_mapped", raw="김민준 ", id="김민준")), raw="김민준 "),
    Source("alice_smith", Path("/subs"), PurePosixPath("alice smith.py"), None, (),
           Status.CONFLICT, msg("intake.conflict", id="alice_smith",
                                names="alice smith.py, alice_smith.py"), "alice smith"),
    Source("mallory", Path("/subs"), PurePosixPath("mallory_01_vectors_x.zip"), None, (),
           Status.REFUSED, msg("intake.refused_link", file="mallory_01_vectors_x.zip"),
           "mallory"),
])
def test_a_source_round_trips_through_json_text(source: Source) -> None:
    """Does a source come back equal after travelling as JSON text (a worker's stdin)?"""
    text = json.dumps(source_to_json(source))
    assert source_from_json(json.loads(text)) == source


def test_malformed_source_notes_are_refused() -> None:
    """Is a source whose notes are not messages refused rather than half rebuilt?"""
    data = source_to_json(Source("alice", Path("/subs"), PurePosixPath("alice.py"), raw="alice"))
    data["notes"] = [{"key": 3}]
    with pytest.raises(ValueError, match="not a message"):
        source_from_json(data)


def test_a_line_is_plain_json() -> None:
    """Is a worker's line plain JSON the batch can rebuild?"""
    line = Line("alice", 3.5, 4.0, "graded", 0.25)
    assert Line(**json.loads(line.to_json())) == line

