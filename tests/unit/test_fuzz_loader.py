"""Property-based fuzzing of what reads untrusted bytes: the submission loader and the wire
codec either succeed or raise their one documented error, whatever they are fed."""

import json

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from autograder.intake.submission import Submission, SubmissionError, load_bytes
from autograder.sandbox import wire

FUZZ = settings(max_examples=300, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow])

scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20)
json_trees = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                          | st.dictionaries(st.text(max_size=12), inner, max_size=4),
                          max_leaves=30)
TAGS = ["__nd__", "__tuple__", "__dict__", "__complex__", "__bigint__", "__expr__",
        "__unsupported__", "dtype", "shape", "cells", "nbformat", "source", "cell_type"]
tagged_trees = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.sampled_from(TAGS) | st.text(max_size=8), inner, max_size=3),
    max_leaves=30)


def load(data: bytes, name: str) -> Submission | None:
    try:
        return load_bytes(data, name, "fuzz")
    except SubmissionError as exc:
        assert str(exc).startswith(name)
        return None


@FUZZ
@given(st.binary(max_size=2000), st.sampled_from(["a.ipynb", "a.py"]))
def test_arbitrary_bytes_load_or_are_refused(data, name):
    """Do random bytes give a Submission or a SubmissionError naming the file, nothing else?"""
    load(data, name)


@FUZZ
@given(tagged_trees)
def test_arbitrary_json_loads_or_is_refused(tree):
    """Does any JSON document (notebook-like or not) give a Submission or SubmissionError?"""
    sub = load(json.dumps(tree).encode(), "a.ipynb")
    assert sub is None or all(isinstance(c.code, str) and c.code.strip() for c in sub.cells)


@FUZZ
@given(st.lists(st.fixed_dictionaries({
    "cell_type": st.sampled_from(["code", "markdown", 7]),
    "source": st.text(max_size=80) | st.lists(st.text(max_size=30), max_size=4) | json_trees,
}), max_size=5))
def test_notebook_like_documents_load_or_are_refused(cells):
    """Do notebooks with odd cells and odd sources load or fail cleanly?"""
    load(json.dumps({"nbformat": 4, "cells": cells}).encode(), "a.ipynb")


@FUZZ
@given(st.text(max_size=300))
def test_any_python_text_splits_into_cells(text):
    """Does any text as a .py file give cells (or the empty-file error), never a crash?"""
    load(text.encode(), "a.py")


@FUZZ
@given(st.binary(max_size=300))
def test_arbitrary_frames_unpack_or_are_refused(data):
    """Do random bytes unpack into a dict and buffers, or raise WireError?"""
    try:
        message, buffers = wire.unpack(data)
    except wire.WireError:
        return
    assert isinstance(message, dict) and all(isinstance(b, bytes) for b in buffers)


@FUZZ
@given(tagged_trees, st.lists(st.binary(max_size=40), max_size=3))
def test_arbitrary_trees_decode_or_are_refused(tree, buffers):
    """Does any tree decode to plain data or raise WireError, never another error?"""
    try:
        value = wire.decode(tree, buffers)
    except wire.WireError:
        return
    assert not isinstance(value, np.ndarray) or (value.dtype.kind in "biufc"
                                                 and type(value) is np.ndarray)


plain = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()
    | st.complex_numbers(allow_nan=False)
    | hnp.arrays(hnp.scalar_dtypes().filter(lambda d: d.kind in "biufc"), hnp.array_shapes(
        min_dims=0, max_dims=3, max_side=3)),
    lambda inner: st.lists(inner, max_size=3) | st.tuples(inner, inner)
    | st.dictionaries(st.text(max_size=5) | st.integers(), inner, max_size=3),
    max_leaves=12)


def same(a, b) -> bool:
    if isinstance(a, np.ndarray):
        return type(b) is np.ndarray and a.shape == b.shape and np.array_equal(a, b,
                                                                             equal_nan=True)
    if isinstance(a, list | tuple):
        return type(a) is type(b) and len(a) == len(b) and all(map(same, a, b))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    return type(a) is type(b) and a == b


@FUZZ
@given(plain)
def test_plain_data_round_trips(value):
    """Does every plain value survive encode -> pack -> unpack -> decode unchanged?"""
    tree, buffers = wire.encode(value)
    message, received = wire.unpack(wire.pack({"v": tree}, buffers))
    assert same(value, wire.decode(message["v"], received))
