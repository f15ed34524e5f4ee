"""Plain data across the sandbox boundary: a JSON header plus raw array buffers.

Only plain values cross: None, bool, int, float, complex, str, base-class NumPy arrays of
numeric or bool dtype, and lists/tuples/sets/dicts of these. The grader-side decoder rebuilds
fresh objects from bytes and validates every field, so nothing a student's process sends can
be an object that fools a comparison. SymPy results cross as their `srepr` text (`Expr`),
which the grader never evaluates.
"""

from __future__ import annotations

import functools
import json
import math
import re
import struct
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from autograder.student import wellformed

# Made once (json.dumps makes one a call), without the cycle check: the encoder makes every
# tree of plain values it builds itself, and a cycle would still fail (RecursionError)
_compact = json.JSONEncoder(separators=(",", ":"), check_circular=False).encode
MAX_DEPTH = 32
MAX_ITEMS = 1_000_000
MAX_COLLISIONS = 64  # keys of one dict, or members of one set, sharing a hash with another
MAX_HEADER = 2**20  # bytes of a frame's JSON header: values other than arrays live there
MAX_BUFFERS = 4096
ALLOWED_KINDS = frozenset("biufc")


class WireError(ValueError):
    """A value cannot cross the boundary, or a received frame is malformed."""


@dataclass(frozen=True)
class Expr:
    """A SymPy expression as the student's process printed it (`sympy.srepr`)."""

    srepr: str

    def __str__(self) -> str:
        return self.srepr if len(self.srepr) <= 120 else self.srepr[:117] + "..."


@dataclass(frozen=True)
class Unsupported:
    """Stands for a returned value of a type that cannot cross (named, never rebuilt)."""

    type_name: str


class _Encoder:
    """Turns a value into a JSON-able tree and a list of raw buffers."""

    def __init__(self, extension: Any = None) -> None:
        self.buffers: list[bytes] = []
        self.extension = extension

    def encode(self, value: Any, depth: int = 0) -> Any:
        if depth > MAX_DEPTH:
            raise WireError(f"value nested deeper than {MAX_DEPTH} levels")
        kind = type(value)  # the usual values first, by exact type; subclasses below
        if kind is float or kind is str or kind is bool or value is None:
            return value
        if kind is np.ndarray:
            return self._array(value)
        if kind is list:
            return [self.encode(v, depth + 1) for v in value]
        if kind is int:
            return self._int(value)
        if kind is tuple:
            return {"__tuple__": [self.encode(v, depth + 1) for v in value]}
        if kind is dict:
            return self._dict(value, depth)
        return self._other(value, depth)

    def _other(self, value: Any, depth: int) -> Any:
        if isinstance(value, int | str):  # a subclass (exact ints and strings came first)
            return value
        if isinstance(value, float):
            return float(value)
        if isinstance(value, complex):  # the parts as stored: a subclass's own `real` is not read
            return {"__complex__": [complex.real.__get__(value), complex.imag.__get__(value)]}
        if isinstance(value, np.generic) and value.dtype.kind in ALLOWED_KINDS:
            item = value.item()
            if isinstance(item, np.generic):  # a long double's item is itself: as a float
                item = complex(item) if value.dtype.kind == "c" else float(item)
            return self.encode(item, depth + 1)
        if isinstance(value, np.ndarray):
            return self._array(value)
        if isinstance(value, list | tuple):
            items = [self.encode(v, depth + 1) for v in value]
            return items if isinstance(value, list) else {"__tuple__": items}
        if isinstance(value, set | frozenset):
            return {"__set__": [self.encode(v, depth + 1) for v in value]}
        if isinstance(value, dict):
            return self._dict(value, depth)
        if self.extension is not None:
            return self.extension(value, self, depth)
        return {"__unsupported__": type(value).__name__}

    def _dict(self, value: dict, depth: int) -> Any:
        return {"__dict__": [[self.encode(k, depth + 1), self.encode(v, depth + 1)]
                             for k, v in value.items()]}

    @staticmethod
    def _int(value: int) -> Any:
        return value if -(2**63) <= value < 2**63 else {"__bigint__": str(value)}

    def _array(self, value: np.ndarray) -> Any:
        arr = np.asarray(value, order="C")  # not ascontiguousarray: it makes 0-d arrays 1-d
        dtype = arr.dtype
        if dtype.kind not in ALLOWED_KINDS:
            return {"__unsupported__": f"ndarray of dtype {dtype}"}
        if not dtype.isnative:
            arr = arr.astype(dtype.newbyteorder("="))
            dtype = arr.dtype
        self.buffers.append(arr.tobytes())
        return {"__nd__": len(self.buffers) - 1, "dtype": dtype.str, "shape": list(arr.shape)}


def encode(value: Any, extension: Any = None) -> tuple[Any, list[bytes]]:
    """Encode `value` as (tree, buffers); `extension(value, encoder, depth)` handles the rest."""
    enc = _Encoder(extension)
    return enc.encode(value), enc.buffers


class _Decoder:
    """Rebuilds plain values from a tree and buffers, validating everything it reads."""

    def __init__(self, buffers: Sequence[bytes | memoryview], extension: Any = None) -> None:
        self.buffers = buffers
        self.extension = extension
        self.items = 0

    def decode(self, node: Any, depth: int = 0) -> Any:
        self.items += 1
        if depth > MAX_DEPTH or self.items > MAX_ITEMS:
            raise WireError("value too deeply nested or too large")
        kind = type(node)
        if kind is float or kind is str or kind is int or kind is bool or node is None:
            return node
        if kind is list:
            return [self.decode(v, depth + 1) for v in node]
        if kind is dict and node:
            return self._tagged(node, depth)
        raise WireError(f"malformed value of type {kind.__name__}")

    def _tagged(self, node: dict, depth: int) -> Any:
        """An array's header (its three keys), or exactly one tag: a node with two tags is
        refused, never read as whichever is looked for first."""
        if "__nd__" in node:
            if len(node) != 3:
                raise WireError(f"malformed array header: keys {sorted(node)[:5]}")
            return self._array(node)
        if len(node) != 1:
            raise WireError(f"malformed value: one tag expected, got {sorted(node)[:3]}")
        ((tag, body),) = node.items()
        if tag == "__dict__":
            return self._dict(_list(body), depth)
        if tag == "__tuple__":
            return tuple(self.decode(_list(body), depth + 1))
        if tag == "__set__":
            members = [_hashable(v) for v in self.decode(_list(body), depth + 1)]
            return frozenset(_few_collisions(members))
        if tag == "__complex__":
            return _complex(_list(body))
        if tag == "__bigint__":
            return _bigint(str(body))
        if tag == "__expr__":
            return Expr(str(body))
        if tag == "__unsupported__":
            return Unsupported(str(body)[:100])
        if self.extension is not None:
            return self.extension(node, self, depth)
        raise WireError(f"unknown tag {sorted(node)[:3]}")

    def _dict(self, pairs: list, depth: int) -> dict:
        """The `[key, value]` pairs of a dict, each part at the depth the pair's list puts it."""
        if depth + 1 > MAX_DEPTH:
            raise WireError("value too deeply nested or too large")
        self.items += 1 + len(pairs)  # the list and its pairs, as nodes of the tree
        if not pairs:  # every call's keyword arguments, most of the time
            return {}
        keys, values = [], []
        for pair in pairs:
            if type(pair) is not list or len(pair) != 2:
                raise WireError("malformed dict: expected [key, value] pairs")
            keys.append(_hashable(self.decode(pair[0], depth + 3)))
            values.append(self.decode(pair[1], depth + 3))
        return dict(zip(_few_collisions(keys), values, strict=True))

    def _array(self, node: dict) -> np.ndarray:
        try:
            dtype = _dtype(str(node["dtype"]))
            dims = node["shape"]
            if type(dims) is not list or not all(type(s) is int for s in dims):
                raise TypeError("the shape must be a list of integers")
            shape = tuple(dims)
            raw = self.buffers[int(node["__nd__"])]
        except (KeyError, TypeError, ValueError, IndexError) as exc:
            raise WireError(f"malformed array header: {exc}") from None
        if dtype.kind not in ALLOWED_KINDS or dtype.hasobject or any(s < 0 for s in shape):
            raise WireError(f"array of dtype {dtype} or shape {shape} cannot cross")
        if math.prod(shape) * dtype.itemsize != len(raw):
            raise WireError("array buffer does not match its shape")
        return np.frombuffer(raw, dtype=dtype).reshape(shape).copy()


@functools.lru_cache(maxsize=64)
def _dtype(name: str) -> np.dtype:
    """`np.dtype(name)`, parsed once per name (every array of a call says its dtype)."""
    return np.dtype(name)


def _list(node: Any) -> list:
    if type(node) is not list:
        raise WireError(f"malformed value: expected a list, got {type(node).__name__}")
    return node


def _hashable(key: Any) -> Any:
    try:
        hash(key)
    except TypeError:
        raise WireError("dict keys must be scalars or strings") from None
    return key


def _few_collisions(keys: list) -> list:
    """`keys`, unless many different ones share a hash. Numbers hash to fixed values (strings
    do not), so a forged reply could make building its dict or set quadratic: 37,000 such
    keys, within the header's limit, took the grader 13 s."""
    if len(keys) > MAX_COLLISIONS and len(keys) - len(set(map(hash, keys))) > MAX_COLLISIONS:
        raise WireError("malformed value: too many keys share a hash")
    return keys


def _complex(parts: list) -> complex:
    if len(parts) != 2 or not all(type(p) in (int, float) for p in parts):
        raise WireError("malformed complex number")
    return complex(float(parts[0]), float(parts[1]))


def _bigint(digits: str) -> int:
    if not re.fullmatch(r"-?[0-9]{1,4000}", digits):
        raise WireError("malformed or oversized integer")
    return int(digits)


def decode(tree: Any, buffers: Sequence[bytes | memoryview], extension: Any = None) -> Any:
    """Rebuild the value `encode` produced; raise WireError on anything malformed."""
    try:
        return _Decoder(buffers, extension).decode(tree)
    except WireError:
        raise
    except (TypeError, ValueError, OverflowError, RecursionError) as exc:
        raise WireError(f"malformed value: {type(exc).__name__}: {exc}"[:300]) from None


def is_mutable_plain(value: Any) -> bool:
    """An array, list or dict of plain data: an argument a call could change in place, and
    that can travel back after it to show whether it did."""
    return isinstance(value, np.ndarray | list | dict) and _plain(value)


def _plain(value: Any, depth: int = 0) -> bool:
    if isinstance(value, list | tuple):
        return depth < 8 and all(_plain(v, depth + 1) for v in value)
    if isinstance(value, dict):
        return depth < 8 and all(_plain(v, depth + 1) for v in value.values())
    return value is None or isinstance(value, bool | int | float | complex | str | np.ndarray
                                       | np.generic)


def pack(message: dict, buffers: list[bytes], prefix: bool = False) -> bytes:
    """One frame: header length, buffer count, JSON header, then each buffer with its length;
    with `prefix`, the frame's own length first (as it goes down a pipe), in the same copy."""
    head = _compact(message).encode()
    parts = [b"", struct.pack("!QI", len(head), len(buffers)), head]
    for buf in buffers:
        parts += [struct.pack("!Q", len(buf)), buf]
    if prefix:
        parts[0] = struct.pack("!Q", sum(map(len, parts)))
    return b"".join(parts)


def unpack(frame: bytes | bytearray | memoryview,
           max_header: int = MAX_HEADER) -> tuple[dict, list[memoryview]]:
    """Split a frame made by `pack`, checking every size before using it.

    The JSON header is at most `max_header` bytes and the buffers at most MAX_BUFFERS, so a
    forged frame costs the grader no more than its own length to refuse; buffers are views
    into `frame`, never copies.
    """
    view = memoryview(frame)
    try:
        head_len, count = struct.unpack_from("!QI", view, 0)
        if head_len > max_header or count > MAX_BUFFERS or 12 + head_len > len(view):
            raise WireError(f"malformed frame: a header of {head_len} bytes and {count} "
                            f"buffers (at most {max_header} and {MAX_BUFFERS})")
        head = str(view[12 : 12 + head_len], "utf-8")
        message = json.loads(head)  # no copy, no sniffing
        if "\\u" in head:  # an escape, maybe of a lone surrogate: never kept as one
            message = wellformed.data(message)
        pos, buffers = 12 + head_len, []
        for _ in range(count):
            (size,) = struct.unpack_from("!Q", view, pos)
            if size > len(view) - pos - 8:
                raise WireError("malformed frame: a buffer runs past the end")
            buffers.append(view[pos + 8 : pos + 8 + size])
            pos += 8 + size
    except (struct.error, ValueError, OverflowError, RecursionError) as exc:
        if isinstance(exc, WireError):
            raise
        raise WireError(f"malformed frame: {exc}"[:300]) from None
    if not isinstance(message, dict) or pos != len(view):
        raise WireError("malformed frame: trailing or missing bytes")
    return message, buffers
