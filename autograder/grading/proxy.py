"""The `student` object hidden tests use: each call runs in the student's process.

Arguments are encoded as plain data (plus SymPy text, named functions and generator
states); replies are rebuilt as plain data by `autograder.sandbox.wire`, so a test only ever
compares fresh NumPy arrays and Python scalars.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from autograder.message import msg
from autograder.sandbox import wire
from autograder.sandbox.callables import NamedFunction
from autograder.sandbox.failures import (
    BadReturn,
    MissingFunction,
    StudentCrashed,
    StudentError,
    StudentFailure,
    StudentTimeout,
)
from autograder.sandbox.host.exchange import OnCallback
from autograder.student.notebook import Cell, defines

VALUE_CAP = 2**20  # bytes of a module-level variable (a quiz answer) the grader will read

__all__ = ["BadReturn", "CallResult", "MissingFunction", "Student", "StudentCrashed",
           "StudentError", "StudentFailure", "StudentTimeout", "Transport"]


class Transport(Protocol):
    """Carries one request to the student's process and brings back its reply."""

    def request(self, message: dict, buffers: list[bytes], limit: int | None = None,
                on_callback: OnCallback | None = None) -> tuple[dict, list[memoryview]]: ...


@dataclass(frozen=True)
class CallResult:
    """A call's result and its arguments as the student's function left them."""

    result: Any
    args_after: tuple
    kwargs_after: dict


def _argument_encoder(callbacks: list[Callable[..., Any]]) -> Callable[[Any, Any, int], Any]:
    """Rich arguments the grader may send: SymPy objects, named functions, generators, and a
    test's own functions (a lambda), which stay here and are run for the student on request."""

    def encode(value: Any, encoder: Any, depth: int) -> Any:
        import sympy

        if isinstance(value, sympy.Basic):
            return {"__sympy__": sympy.srepr(value)}
        if isinstance(value, NamedFunction):
            return {"__fn__": value.name}
        if isinstance(value, np.random.Generator):
            return {"__rng__": encoder.encode(value.bit_generator.state, depth + 1)}
        if callable(value):
            callbacks.append(value)
            return {"__callback__": len(callbacks) - 1}
        raise wire.WireError(f"a {type(value).__name__} cannot be sent to the student's code")

    return encode


def _callback_server(callbacks: list[Callable[..., Any]]) -> OnCallback:
    """Answers the student's process when its code calls one of the test's functions: the
    arguments arrive as plain data, the function runs here, its result goes back."""

    def serve(message: dict, buffers: list[memoryview]) -> tuple[dict, list[bytes]]:
        try:
            function = callbacks[int(message["id"])]
            args, kwargs = wire.decode(message["args"], buffers)
            tree, out = wire.encode(function(*args, **kwargs), _argument_encoder([]))
        except Exception as exc:  # the test's function failed on what the student passed
            return {"ok": False, "message": f"{type(exc).__name__}: {exc}"[:300]}, []
        return {"ok": True, "value": tree}, out

    return serve


def _unsupported(value: Any) -> wire.Unsupported | None:
    """The first part of a decoded value that stands for an object that could not cross."""
    if isinstance(value, wire.Unsupported):
        return value
    items = value.values() if isinstance(value, dict) else value \
        if isinstance(value, list | tuple | frozenset) else ()
    return next((found for item in items if (found := _unsupported(item))), None)


def _raise_failure(reply: dict, what: str, unloaded: tuple[Cell, ...] = ()) -> None:
    kind = reply.get("kind")
    said = str(reply.get("message", ""))
    if kind == "error":
        mro = [str(m) for m in reply.get("mro", [])[:12]] or ["Exception"]
        raise StudentError(str(reply.get("type", mro[0])), mro, said,
                           str(reply.get("traceback", "")))
    if kind == "missing":  # the name is ours: `what` was asked for, whatever the reply says
        found = str(reply.get("found", ""))[:80]
        name = what.removesuffix("()")
        if found:
            raise MissingFunction(msg("student.not_a_function", name=name, type=found))
        definer = next((cell.label for cell in unloaded if defines(cell.code, name)), None)
        if definer:  # defined in a cell that did not load: that cell, not every failed one
            raise MissingFunction(msg("student.not_defined_in", name=name, cell=definer))
        raise MissingFunction(msg("student.not_defined", name=name))  # the others call it
    if kind == "bad_return":
        raise BadReturn(msg("student.unreadable_value", what=what, said=said[:300]))
    raise StudentCrashed(msg("sandbox.malformed_reply", said=said[:300]))


class Student:
    """Forwards attribute calls to the student's process: `student.softmax(z)`."""

    def __init__(self, transport: Transport, unloaded: tuple[Cell, ...] = (),
                 forbid: tuple[str, ...] = ()) -> None:
        """`unloaded`: the submission's cells that did not load; `forbid`: functions that
        raise while its calls run (`sandbox.inside.forbidden`)."""
        self._transport = transport
        self._unloaded = unloaded
        self._forbid = forbid

    def forbidding(self, *names: str) -> Student:
        """The same submission, its calls made with the functions `names` forbidden."""
        return Student(self._transport, self._unloaded, (*self._forbid, *names))

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return lambda *args, **kwargs: self.call(name, *args, want_args=False,
                                                 **kwargs).result

    def call(self, name: str, *args: Any, want_args: bool = True, **kwargs: Any) -> CallResult:
        """Call `name` and also return the arguments as the function left them (unless
        `want_args` is False: a plain call needs only the result)."""
        callbacks: list[Callable[..., Any]] = []
        tree, buffers = wire.encode((list(args), kwargs), _argument_encoder(callbacks))
        message = {"op": "call", "name": name, "args": tree, "want_args": want_args}
        if self._forbid:
            message["forbid"] = list(self._forbid)
        result, after = self._exchange(message, buffers, f"{name}()", None,
                                       _callback_server(callbacks) if callbacks else None)
        args_after, kwargs_after = after or ((), {})
        return CallResult(result, tuple(args_after), dict(kwargs_after))

    def value(self, name: str, limit: int = VALUE_CAP) -> Any:
        """The value of a module-level variable (a quiz answer such as `q1`), at most `limit`
        bytes on the wire: an answer is small, and a huge one is refused unread."""
        return self._exchange({"op": "value", "name": name}, [], name, limit)[0]

    def _reset(self) -> None:
        """A malformed reply was forged: what the process sends next cannot be trusted to
        answer the next request, so a transport that can restart it does."""
        reset = getattr(self._transport, "reset", None)
        if reset is not None:
            reset()

    def _exchange(self, message: dict, buffers: list[bytes], what: str, limit: int | None,
                  on_callback: OnCallback | None = None) -> list:
        """The reply's value: `[result, arguments after the call (or None)]`."""
        reply, reply_buffers = self._transport.request(message, buffers, limit, on_callback)
        if not reply.get("ok"):
            _raise_failure(reply, what, self._unloaded)
        try:
            value = wire.decode(reply.get("value"), reply_buffers)
        except wire.WireError as exc:
            self._reset()
            raise BadReturn(msg("student.unreadable_value", what=what,
                                said=str(exc)[:300])) from None
        if type(value) is not list or len(value) != 2:
            self._reset()
            raise StudentCrashed(msg("sandbox.malformed_reply", said=what))
        bad = _unsupported(value[0])
        if bad is not None:
            key = "student.returned_object" if what.endswith("()") else "student.object_value"
            raise BadReturn(msg(key, what=what, type=bad.type_name), bad.type_name)
        return value
