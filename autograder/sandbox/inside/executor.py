"""Runs a submission's cells and serves calls to its functions, inside the student's process.

This is the only code that touches student objects. It answers with plain data encoded by
`autograder.sandbox.wire`; it imports nothing secret, because it runs where the student can read it.
"""

from __future__ import annotations

import ast
import contextlib
import linecache
import sys
import traceback
import types
from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import Any, overload

import numpy as np

from autograder.sandbox import callables, wire
from autograder.student import namespace
from autograder.student.exact import fraction_srepr
from autograder.student.forbidden import forbidden

MESSAGE_CAP = 2000
TYPE_CAP = 100  # a courtesy: the grader caps again what it receives
FORMATTED_KEEP = 256  # tracebacks remembered by their chain of frames
_FORMATTED: dict[tuple, tuple[str, list[types.CodeType]]] = {}


Callback = Callable[[int, list, dict], Any]  # (index, args, kwargs) -> the test function's result


def _decoder(callback: Callback | None) -> Callable[[dict, Any, int], Any]:
    """The decoder of the rich arguments the grader sends: SymPy, named functions, generators,
    and the test's own functions (a lambda), which run in the grader through `callback`."""

    def decode(node: dict, decoder: Any, depth: int) -> Any:
        if "__sympy__" in node:
            import sympy

            return sympy.sympify(node["__sympy__"])
        if "__fn__" in node:
            return callables.REGISTRY[node["__fn__"]]
        if "__rng__" in node:
            rng = np.random.Generator(np.random.PCG64())
            rng.bit_generator.state = decoder.decode(node["__rng__"], depth + 1)
            return rng
        if "__callback__" in node and callback is not None:
            index = int(node["__callback__"])
            return lambda *args, **kwargs: callback(index, list(args), kwargs)
        raise wire.WireError(f"unknown argument tag {sorted(node)[:3]}")

    return decode


def decode_value(tree: Any, buffers: Sequence[bytes | memoryview]) -> Any:
    """A plain value the grader sent back (a callback's result)."""
    return wire.decode(tree, buffers, _decoder(None))


def encode_value(value: Any) -> tuple[Any, list[bytes]]:
    """A value the student's code produced, as plain data (SymPy as its text)."""
    return wire.encode(value, _encode_extension)


def _encode_extension(value: Any, encoder: Any, depth: int) -> Any:
    """SymPy objects and fractions leave as their srepr text; anything else is named, not
    sent."""
    sympy = sys.modules.get("sympy")
    if sympy is not None and isinstance(value, sympy.Basic):
        return {"__expr__": sympy.srepr(value)}
    if isinstance(value, Fraction):  # an exact number, as its SymPy Rational crosses
        return {"__expr__": fraction_srepr(value)}
    return {"__unsupported__": _type_name(value)}


def _mutable(value: Any) -> Any:
    """What a call could have changed in place travels back after it; the rest as None."""
    return value if wire.is_mutable_plain(value) else None


def _type_name(value: Any) -> str:
    try:
        return str(type(value).__name__)[:80]
    except Exception:
        return "object"


def _safe_str(exc: BaseException) -> str:
    try:
        text = str(exc)
    except BaseException:
        text = "<the exception's message could not be printed>"
    return text[:MESSAGE_CAP]


def _student_traceback(exc: BaseException) -> str:
    """The traceback limited to the student's own frames (cells or the submission file, whose
    lines linecache holds): the other frames are dropped before any line is looked up, as a
    library's lookup would search the disk and every folder on the path for its file. A chain
    of frames seen before is formatted once: a function that raises the same way at every
    call costs its carets' parsing only the first time."""
    kept = []
    entry = exc.__traceback__
    while entry is not None:
        if entry.tb_frame.f_code.co_filename.startswith("<"):
            kept.append(entry)
        entry = entry.tb_next
    kept = kept[-6:]
    key = tuple((id(e.tb_frame.f_code), e.tb_lasti, e.tb_lineno) for e in kept)
    if key in _FORMATTED:
        return _FORMATTED[key][0]
    chain = None
    for entry in reversed(kept):
        chain = types.TracebackType(chain, entry.tb_frame, entry.tb_lasti, entry.tb_lineno)
    text = "".join(traceback.format_tb(chain))[-MESSAGE_CAP:]
    if len(_FORMATTED) < FORMATTED_KEEP:  # the codes are kept too: their ids stay theirs
        _FORMATTED[key] = (text, [e.tb_frame.f_code for e in kept])
    return text


def _compiled(code: str, filename: str, line: int) -> types.CodeType:
    """`code` compiled with its lines numbered from `line` (a `.py` file's statement keeps
    the file's numbers), by moving its syntax tree, not by blank lines in front of it: a
    file of many statements would cost the square of its length."""
    if line == 1:
        return compile(code, filename, "exec")
    try:
        tree = ast.parse(code, filename)
    except SyntaxError as exc:
        exc.lineno = None if exc.lineno is None else exc.lineno + line - 1
        exc.end_lineno = None if exc.end_lineno is None else exc.end_lineno + line - 1
        raise
    return compile(ast.increment_lineno(tree, line - 1), filename, "exec")


class _Numbered(Sequence[str]):
    """A cell's lines as `linecache` reads them, numbered from the file's line `first`: the
    lines before it read as blank, and are never stored."""

    def __init__(self, lines: list[str], first: int) -> None:
        self.lines, self.before = lines, first - 1

    def __len__(self) -> int:
        return self.before + len(self.lines)

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> list[str]: ...

    def __getitem__(self, index: int | slice) -> str | list[str]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        return self.lines[index - self.before] if index >= self.before else "\n"


def error_reply(exc: BaseException) -> dict:
    """Describe an exception raised by student code as plain data."""
    try:
        mro = [c.__name__[:TYPE_CAP] for c in type(exc).__mro__][:12]
    except BaseException:
        mro = ["BaseException"]
    return {"ok": False, "kind": "error", "type": mro[0], "mro": mro,
            "message": _safe_str(exc), "traceback": _student_traceback(exc)}


class Executor:
    """A submission's namespace: run cells into it, call its functions, read its variables.

    The namespace is a real module, as in Jupyter (`@dataclass` and classes work): in the
    student's own process it is registered for good; in the grader's process (trusted code,
    `own_process=False`) only while a cell runs.
    """

    def __init__(self, own_process: bool = False, callback: Callback | None = None,
                 blank: types.ModuleType | None = None) -> None:
        """`blank`: the module to run in its own process, made by `namespace.new_module`
        before the fork (its builtins copied once, not on pages every child must copy)."""
        self.module = namespace.submission_module(blank) if own_process \
            else namespace.new_module()
        self.own_process = own_process
        self.callback = callback
        self.namespace: dict[str, Any] = self.module.__dict__
        self.decode_arguments = _decoder(callback)

    def run_cell(self, index: int, code: str, label: str = "", line: int = 1) -> dict:
        """Execute one cell, its lines numbered from `line`; report ok or the error, never
        raise."""
        filename = f"<{label or f'code cell {index}'}>"
        lines = _Numbered(code.splitlines(True), line)  # linecache only measures and indexes
        linecache.cache[filename] = (len(code), None, lines, filename)  # type: ignore[assignment]
        with contextlib.nullcontext() if self.own_process else namespace.installed(self.module):
            try:
                exec(_compiled(code, filename, line), self.namespace)
            except BaseException as exc:
                return error_reply(exc)
        return {"ok": True}

    def handle(self, message: dict,
               buffers: Sequence[bytes | memoryview]) -> tuple[dict, list[bytes]]:
        """Answer one request from the grader with a reply and its buffers."""
        op = message.get("op")
        if op == "cell":
            return self.run_cell(int(message["index"]), str(message["code"]),
                                 str(message.get("label", ""))[:40],
                                 max(1, int(message.get("line", 1)))), []
        if op == "call":
            return self._call(message, buffers)
        if op == "value":
            return self._value(str(message["name"]))
        return {"ok": False, "kind": "protocol", "message": f"unknown op {op!r}"}, []

    def _lookup(self, name: str) -> Any:
        if name not in self.namespace:
            raise LookupError(f"`{name}` is not defined in your submission")
        return self.namespace[name]

    def _value(self, name: str) -> tuple[dict, list[bytes]]:
        try:
            value = self._lookup(name)
        except LookupError as exc:
            return {"ok": False, "kind": "missing", "message": str(exc)}, []
        return self._reply(value)

    def _call(self, message: dict,
              buffers: Sequence[bytes | memoryview]) -> tuple[dict, list[bytes]]:
        name = str(message["name"])
        try:
            func = self._lookup(name)
        except LookupError as exc:
            return {"ok": False, "kind": "missing", "message": str(exc)}, []
        if not callable(func):
            text = f"`{name}` is a {_type_name(func)}, not a function"
            return {"ok": False, "kind": "missing", "message": text,
                    "found": _type_name(func)}, []
        args, kwargs = wire.decode(message["args"], buffers, self.decode_arguments)
        forbid = message.get("forbid")
        try:
            with forbidden(forbid, self.namespace) if forbid else contextlib.nullcontext():
                result = func(*args, **kwargs)
        except BaseException as exc:
            return error_reply(exc), []
        after = None
        if message.get("want_args"):  # only what a function could have modified in place
            after = [[_mutable(a) for a in args], {k: _mutable(v) for k, v in kwargs.items()}]
        return self._reply(result, after)

    def _reply(self, result: Any, after: list | None = None) -> tuple[dict, list[bytes]]:
        """The value as `[result, arguments after the call]` (a list: the cheapest shape
        to encode and to check)."""
        try:
            tree, bufs = wire.encode([result, after], _encode_extension)
        except BaseException as exc:  # e.g. MemoryError, whose message is empty
            text = f"{type(exc).__name__}: {_safe_str(exc)}".rstrip(": ")
            return {"ok": False, "kind": "bad_return", "message": text}, []
        return {"ok": True, "value": tree}, bufs
