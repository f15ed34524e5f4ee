"""The similarity tests' submissions as fixtures (built in `support.similarity`)."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from support.similarity import (
    ANOTHER,
    DISGUISED,
    INDEPENDENT,
    RELEASE,
    SOLUTION,
    notebook_code,
    py_code,
    released_with,
)

from autograder.course.assignments import ROOT
from autograder.integrity.model import StudentCode


@pytest.fixture
def starter() -> StudentCode:
    code = notebook_code("starter code", json.loads(RELEASE.read_text(encoding="utf-8")))
    return replace(code, filename=RELEASE.relative_to(ROOT).as_posix())


@pytest.fixture
def solution() -> StudentCode:
    return notebook_code("model", json.loads(SOLUTION.read_text(encoding="utf-8")))


@pytest.fixture
def disguised() -> StudentCode:
    return py_code("copier", DISGUISED)


@pytest.fixture
def independent() -> StudentCode:
    return notebook_code("indie", released_with(INDEPENDENT))


@pytest.fixture
def another() -> StudentCode:
    return py_code("other", ANOTHER)
