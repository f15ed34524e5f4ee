"""Property-based fuzzing of the wire codec, which reads what a student's process sends: any
bytes unpack or raise WireError, any tree decodes to plain data or raises WireError, and plain
data survives the round trip. (The reader of submissions is fuzzed through `prepare`, in
tests/unit/intake/test_prepare.py.)"""

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from autograder.sandbox import wire

FUZZ = settings(max_examples=300, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow])

scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20)
TAGS = ["__nd__", "__tuple__", "__dict__", "__set__", "__complex__", "__bigint__", "__expr__",
        "__unsupported__", "dtype", "shape"]
tagged_trees = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.sampled_from(TAGS) | st.text(max_size=8), inner, max_size=3),
    max_leaves=30)


@FUZZ
@given(st.binary(max_size=300))
def test_arbitrary_frames_unpack_or_are_refused(data):
    """Do random bytes unpack into a dict and buffer views, or raise WireError?"""
    try:
        message, buffers = wire.unpack(data)
    except wire.WireError:
        return
    assert isinstance(message, dict) and all(isinstance(b, memoryview) for b in buffers)


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
