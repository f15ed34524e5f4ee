"""The `student` object hidden tests use: each call runs in the student's process.

Arguments are encoded as plain data (plus SymPy text, named functions and generator
states); replies are rebuilt as plain data by `autograder.sandbox.wire`, so a test only ever
compares fresh NumPy arrays and Python scalars.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from autograder.sandbox import wire
from autograder.sandbox.callables import NamedFunction


class StudentFailure(Exception):
    """The student's code did not produce a value; the message says why, for the student."""


class StudentError(StudentFailure):
    """The student's function raised an exception."""

    def __init__(self, type_name: str, mro_names: list[str], message: str, tb: str = "") -> None:
        self.type_name, self.mro_names, self.message, self.traceback = (
            type_name, mro_names, message, tb)
        where = f"\n{tb.rstrip()}" if tb else ""
        super().__init__(f"raised {type_name}: {message}{where}")


class StudentTimeout(StudentFailure):
    """A call ran past its wall-clock limit and the student's process was killed."""


class StudentCrashed(StudentFailure):
    """The student's process died during a call (exit, signal, memory limit)."""


class MissingFunction(StudentFailure):
    """The submission does not define the name the test asked for."""


class BadReturn(StudentFailure):
    """The student returned something that is not plain data."""


class Transport(Protocol):
    """Carries one request to the student's process and brings back its reply."""

    def request(self, message: dict, buffers: list[bytes]) -> tuple[dict, list[bytes]]: ...


@dataclass(frozen=True)
class CallResult:
    """A call's result and its arguments as the student's function left them."""

    result: Any
    args_after: tuple
    kwargs_after: dict


def _encode_argument(value: Any, encoder: Any, depth: int) -> Any:
    """Rich arguments the grader may send: SymPy objects, named functions, generators."""
    import sympy

    if isinstance(value, sympy.Basic):
        return {"__sympy__": sympy.srepr(value)}
    if isinstance(value, NamedFunction):
        return {"__fn__": value.name}
    if isinstance(value, np.random.Generator):
        return {"__rng__": encoder.encode(value.bit_generator.state, depth + 1)}
    raise wire.WireError(f"a {type(value).__name__} cannot be sent to the student's code")


def _check_plain(value: Any, what: str) -> Any:
    """Raise BadReturn if any part of a decoded value stands for an unsupported object."""
    if isinstance(value, wire.Unsupported):
        article = "an" if value.type_name[:1].lower() in "aeiou" else "a"
        verb = "returned" if what.endswith("()") else "is"  # a call, or a variable (quiz)
        raise BadReturn(f"{what} {verb} {article} {value.type_name}, expected plain data "
                        "(a number, an array, or a list/tuple/dict of them)")
    if isinstance(value, list | tuple):
        for item in value:
            _check_plain(item, what)
    elif isinstance(value, dict):
        for item in value.values():
            _check_plain(item, what)
    return value


def _raise_failure(reply: dict, what: str) -> None:
    kind = reply.get("kind")
    message = str(reply.get("message", ""))
    if kind == "error":
        mro = [str(m) for m in reply.get("mro", [])] or ["Exception"]
        raise StudentError(str(reply.get("type", mro[0])), mro, message,
                           str(reply.get("traceback", "")))
    if kind == "missing":
        raise MissingFunction(message)
    if kind == "bad_return":
        raise BadReturn(f"{what} returned a value that cannot be checked: {message}")
    raise StudentCrashed(f"{what}: {message or 'the student process sent a malformed reply'}")


class Student:
    """Forwards attribute calls to the student's process: `student.softmax(z)`."""

    def __init__(self, transport: Transport) -> None:
        self._transport = transport

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return lambda *args, **kwargs: self.call(name, *args, **kwargs).result

    def call(self, name: str, *args: Any, **kwargs: Any) -> CallResult:
        """Call `name` and also return the arguments as the function left them."""
        tree, buffers = wire.encode((list(args), kwargs), _encode_argument)
        message = {"op": "call", "name": name, "args": tree, "want_args": True}
        value = self._exchange(message, buffers, f"{name}()")
        after: tuple[Any, Any] = value.get("args_after") or ((), {})
        return CallResult(value["result"], tuple(after[0]), dict(after[1]))

    def value(self, name: str) -> Any:
        """The value of a module-level variable (a quiz answer such as `q1`)."""
        return self._exchange({"op": "value", "name": name}, [], name)["result"]

    def _reset(self) -> None:
        """A malformed reply was forged: what the process sends next cannot be trusted to
        answer the next request, so a transport that can restart it does."""
        reset = getattr(self._transport, "reset", None)
        if reset is not None:
            reset()

    def _exchange(self, message: dict, buffers: list[bytes], what: str) -> dict:
        reply, reply_buffers = self._transport.request(message, buffers)
        if not reply.get("ok"):
            _raise_failure(reply, what)
        try:
            value = wire.decode(reply.get("value"), reply_buffers)
        except wire.WireError as exc:
            self._reset()
            raise BadReturn(f"{what} sent a value that cannot be read: {exc}") from None
        if not isinstance(value, dict) or "result" not in value:
            self._reset()
            raise StudentCrashed(f"{what}: the student process sent a malformed reply")
        _check_plain(value["result"], what)
        return value
