"""The codec across the sandbox boundary: plain values round-trip as fresh objects; anything
else is named, never rebuilt; malformed frames and trees are refused with WireError."""

import json
import math
import struct

import numpy as np
import pytest

from autograder.sandbox import wire
from autograder.sandbox.wire import Expr, Unsupported, WireError


def round_trip(value):
    tree, buffers = wire.encode(value)
    message, received = wire.unpack(wire.pack({"value": tree}, buffers))
    return wire.decode(message["value"], received)


@pytest.mark.parametrize("value", [
    None, True, 0, -(2**63), 2**63, -(10**100), 1.5, -0.0, math.inf, "héllo\n",
    1 + 2j, [1, [2.0, "x"]], (1, (2,)), {"a": 1, 2: [3], (1, 2): None, None: "n"}, [], (), {},
])
def test_plain_values_round_trip(value):
    """Does every plain value come back equal and of the same type?"""
    back = round_trip(value)
    assert back == value and type(back) is type(value)


def test_nan_round_trips():
    """Does a NaN come back as a NaN float?"""
    assert math.isnan(round_trip(float("nan")))


@pytest.mark.parametrize("array", [
    np.arange(6, dtype=np.int8).reshape(2, 3), np.array([1.5, -2.0], dtype=">f8"),
    np.array(3.0), np.zeros((0, 4)), np.array([True, False]), np.array([1 + 1j], np.complex64),
    np.arange(20.0)[::3], np.asfortranarray(np.ones((3, 2))), np.array([2**64 - 1], np.uint64),
])
def test_arrays_round_trip_as_fresh_native_arrays(array):
    """Does each numeric array come back equal, native-endian, writable and owning its
    memory, whatever its order or byte order?"""
    back = round_trip(array)
    assert type(back) is np.ndarray and back.flags.writeable and back.flags.owndata
    assert back.dtype == array.dtype.newbyteorder("=") and back.dtype.isnative
    assert back.shape == array.shape
    np.testing.assert_array_equal(back, array)


def test_numpy_scalars_arrive_as_python_scalars():
    """Do np.float64 / np.int32 / np.bool_ arrive as float / int / bool, and a long double
    (whose `.item()` is itself) as a float or complex, where it recursed until the stack
    ran out?"""
    assert [type(v) for v in round_trip([np.float64(1), np.int32(2), np.bool_(True)])] == [
        float, int, bool]
    assert round_trip([np.longdouble(-12), np.clongdouble(1 + 2j)]) == [-12.0, 1 + 2j]


class Sneaky(np.ndarray):
    def __eq__(self, other):
        return True


@pytest.mark.parametrize(("value", "expected"), [
    (lambda: 1, Unsupported("function")), (object(), Unsupported("object")),
    (iter([1]), Unsupported("list_iterator")),
    (np.array([object()]), Unsupported("ndarray of dtype object")),
    (np.array(["a"]), Unsupported("ndarray of dtype <U1")),
    (np.array(["2020-01-01"], "datetime64[D]"), Unsupported("ndarray of dtype datetime64[D]")),
])
def test_other_values_are_named_not_rebuilt(value, expected):
    """Is anything that is not plain data replaced by its type's name?"""
    assert round_trip(value) == expected


def test_subclasses_lose_their_tricks():
    """Does an ndarray subclass arrive as a plain ndarray and a float subclass as a float?"""
    class Liar(float):
        def __eq__(self, other):
            return True

    back = round_trip([np.zeros(2).view(Sneaky), Liar(1.0)])
    assert type(back[0]) is np.ndarray and type(back[1]) is float
    assert back[1] != 2.0


def test_values_nested_too_deeply_cannot_be_sent():
    """Is a value nested deeper than the limit refused at encoding?"""
    value: list = []
    for _ in range(wire.MAX_DEPTH + 2):
        value = [value]
    with pytest.raises(WireError, match="nested deeper"):
        wire.encode(value)


def test_expressions_print_short():
    """Is a long srepr cut when printed?"""
    assert str(Expr("x" * 200)).endswith("...") and len(str(Expr("x" * 200))) == 120


ARRAY = {"__nd__": 0, "dtype": "<f8", "shape": [2]}


@pytest.mark.parametrize(("tree", "buffers", "message"), [
    ({**ARRAY, "dtype": "|O"}, [b"x" * 16], "cannot cross"),
    ({**ARRAY, "dtype": "<U2"}, [b"x" * 16], "cannot cross"),
    ({**ARRAY, "shape": [-2]}, [b"x" * 16], "cannot cross"),
    (ARRAY, [b"x" * 15], "does not match its shape"),
    ({**ARRAY, "__nd__": 3}, [], "malformed array header"),
    ({**ARRAY, "dtype": "nonsense"}, [b"x" * 16], "malformed array header"),
    ({**ARRAY, "shape": "22"}, [b"x" * 32], "shape must be a list of integers"),
    ({**ARRAY, "shape": [2.0]}, [b"x" * 16], "shape must be a list of integers"),
    ({**ARRAY, "shape": [2**70, 0]}, [b""], "malformed value"),
    ({"__pickle__": "cos\nsystem"}, [], "unknown tag"),
    ({}, [], "malformed value of type dict"),
    ({"__tuple__": "abc"}, [], "expected a list"),
    ({"__dict__": [[1, 2, 3]]}, [], "key, value"),
    ({"__dict__": [[[1], 2]]}, [], "dict keys must be scalars"),
    ({"__dict__": [5]}, [], "key, value"),
    ({"__dict__": "ab"}, [], "expected a list"),
    ({"__tuple__": [1], "__dict__": [[1, 2]]}, [], "one tag expected"),
    ({"__set__": [1], "__tuple__": 5}, [], "one tag expected"),
    ({"__dict__": [], "junk": 1}, [], "one tag expected"),
    ({**ARRAY, "junk": 1}, [b"x" * 16], "malformed array header"),
    ({"__complex__": [1]}, [], "malformed complex"),
    ({"__complex__": ["1", "2"]}, [], "malformed complex"),
    ({"__bigint__": "9" * 5000}, [], "malformed or oversized integer"),
    ({"__bigint__": "12abc"}, [], "malformed or oversized integer"),
])
def test_malformed_trees_are_refused(tree, buffers, message):
    """Does every malformed or dangerous tree raise WireError, never build an object?"""
    with pytest.raises(WireError, match=message):
        wire.decode(tree, buffers)


def test_trees_too_large_are_refused():
    """Is a tree with more items than the limit refused?"""
    with pytest.raises(WireError, match="too deeply nested or too large"):
        wire.decode([0] * (wire.MAX_ITEMS + 1), [])


def test_a_dicts_pairs_count_as_items():
    """Is a dict refused once its pairs and their keys and values pass the limit, though
    it has fewer pairs than the limit?"""
    pairs = [[i, 0] for i in range(wire.MAX_ITEMS // 3 + 1)]
    with pytest.raises(WireError, match="too deeply nested or too large"):
        wire.decode({"__dict__": pairs}, [])


COLLIDING = [i * (2**61 - 1) for i in range(wire.MAX_COLLISIONS + 2)]  # one hash, all of them


@pytest.mark.parametrize("tree", [{"__dict__": [[k, 0] for k in COLLIDING]},
                                  {"__set__": COLLIDING}])
def test_keys_forged_to_share_a_hash_are_refused(tree):
    """Is a dict (or set) whose keys were chosen to share one hash refused before it is built
    (building it takes time quadratic in their number: a denial of the grader's time)?"""
    with pytest.raises(WireError, match="share a hash"):
        wire.decode(tree, [])


def test_keys_that_happen_to_share_a_hash_still_cross():
    """Do a few ordinary keys with equal hashes (-1 and -2 in CPython) still decode?"""
    assert round_trip({-1: "a", -2: "b", 1.5: "c"}) == {-1: "a", -2: "b", 1.5: "c"}
    assert round_trip(frozenset(COLLIDING[:3])) == frozenset(COLLIDING[:3])


def test_a_complex_subclass_sends_its_stored_parts():
    """Does a complex subclass whose `real` is a property (here a list) cross as the two
    floats it holds, never as what its property returns?"""
    class Odd(complex):
        real = property(lambda self: [self])  # type: ignore[assignment]

    tree, _ = wire.encode(Odd(1 + 2j))
    assert tree == {"__complex__": [1.0, 2.0]}
    assert round_trip(Odd(1 + 2j)) == 1 + 2j


def test_dicts_nested_too_deeply_are_refused():
    """Does each dict count three levels (its list, a pair, the key or value), so dicts
    nested past the limit are refused when received?"""
    tree: object = 1
    for _ in range(wire.MAX_DEPTH // 3 + 1):
        tree = {"__dict__": [["k", tree]]}
    with pytest.raises(WireError, match="too deeply nested or too large"):
        wire.decode(tree, [])
    assert wire.decode({"__dict__": [["k", {"__dict__": [["j", 1]]}]]}, []) == {"k": {"j": 1}}
    empty: object = {"__dict__": []}  # its (empty) list of pairs one level below it
    for _ in range(wire.MAX_DEPTH):
        empty = [empty]
    with pytest.raises(WireError, match="too deeply nested or too large"):
        wire.decode(empty, [])


def frame(head: bytes, *buffers: bytes, count: int | None = None) -> bytes:
    parts = [struct.pack("!QI", len(head), len(buffers) if count is None else count), head]
    return b"".join(parts + [struct.pack("!Q", len(b)) + b for b in buffers])


@pytest.mark.parametrize("data", [
    b"", b"\x00" * 5, frame(b"not json"), frame(b"[1, 2]"), frame(b"{}") + b"extra",
    frame(b"{}", count=2), frame(b'{"a": 1}')[:-1], frame(b"[" * 100_000 + b"]" * 100_000),
    struct.pack("!QI", 2**60, 0) + b"{}", frame(b"{}", count=2) + struct.pack("!Q", 2**63),
])
def test_malformed_frames_are_refused(data):
    """Do truncated, padded, non-JSON, non-dict or absurdly nested frames raise WireError?"""
    with pytest.raises(WireError, match="malformed frame"):
        wire.unpack(data)


def test_a_frame_carries_its_buffers():
    """Does unpack return exactly the header and buffers pack was given?"""
    message = {"op": "call", "args": [1, "x"]}
    assert wire.unpack(wire.pack(message, [b"ab", b""])) == (message, [b"ab", b""])
    assert json.loads(wire.pack(message, [])[12:]) == message


class NoParsing:
    """Stands in for `json` in the wire module: any parse attempt fails the test."""

    dumps = staticmethod(json.dumps)

    @staticmethod
    def loads(*args: object, **kwargs: object) -> object:
        raise AssertionError("the header was parsed before its size was checked")


@pytest.mark.parametrize("data", [
    frame(b"{" + b" " * wire.MAX_HEADER + b"}"),  # a real header one byte too long
    struct.pack("!QI", wire.MAX_HEADER + 1, 0) + b"{}",
    struct.pack("!QI", 2**63, 0),
    frame(b"{}", count=wire.MAX_BUFFERS + 1),
    struct.pack("!QI", 2, 2**32 - 1) + b"{}",
])
def test_oversized_headers_and_buffer_counts_are_refused_before_parsing(monkeypatch, data):
    """Is a header over MAX_HEADER bytes, or more than MAX_BUFFERS buffers, refused from the
    frame's first 12 bytes, without parsing the header?"""
    monkeypatch.setattr(wire, "json", NoParsing)
    with pytest.raises(WireError, match=f"at most {wire.MAX_HEADER} and {wire.MAX_BUFFERS}"):
        wire.unpack(data)


def test_a_header_of_exactly_the_limit_is_read():
    """Is a header of exactly MAX_HEADER bytes accepted?"""
    head = b'{"a":"' + b"x" * (wire.MAX_HEADER - 8) + b'"}'
    assert len(head) == wire.MAX_HEADER
    assert wire.unpack(frame(head))[0]["a"] == "x" * (wire.MAX_HEADER - 8)


def test_buffers_are_views_into_the_frame_never_copies():
    """Are the buffers memoryviews into the very frame given (no copy is made)?"""
    data = bytearray(wire.pack({"op": "reply"}, [b"abcd", b"efgh"]))
    _, buffers = wire.unpack(data)
    assert all(isinstance(b, memoryview) and b.obj is data for b in buffers)
    data[data.index(b"abcd")] = ord("X")
    assert bytes(buffers[0]) == b"Xbcd"


def test_arrays_decoded_from_views_own_their_memory():
    """Does an array decoded from a view into the frame own a copy (the frame can go)?"""
    tree, buffers = wire.encode(np.arange(4.0))
    data = bytearray(wire.pack({"v": tree}, buffers))
    message, views = wire.unpack(data)
    array = wire.decode(message["v"], views)
    data[-8:] = b"\0" * 8
    np.testing.assert_array_equal(array, np.arange(4.0))
    assert array.flags.owndata


def test_a_lone_surrogate_in_a_reply_arrives_as_the_replacement_character():
    """A student's process can make "\\udcff" (or forge the escape): never kept as one."""
    message, _ = wire.unpack(wire.pack({"message": "bad \udcff", "ok": False}, []))
    assert message == {"message": "bad \ufffd", "ok": False}
    assert wire.unpack(wire.pack({"text": "학번 \U0001f600"}, []))[0] == {"text": "학번 \U0001f600"}
