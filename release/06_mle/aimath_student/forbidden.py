"""Library functions a test forbids for the length of one call into the submission.

An exercise that asks for the lecture's formula (`moore_penrose` by `np.linalg.inv`) says
so in its tests: `forbids("numpy.linalg.pinv")` (a mark). During the test's calls the
function raises `ForbiddenFunction` wherever the submission can reach it by name: the
attribute of its module (so `np.linalg.pinv` and `import numpy.linalg as la`) and any name of
the submission bound to it (`from numpy.linalg import pinv`); and where the function is
Python code (NumPy's dispatchers wrap such a function) that code itself is swapped, so a
reference kept anywhere else (`keep = [np.linalg.pinv]`) raises too. The grader's sandbox and
the kit both call this, so a check and a grade agree. Only modules already imported are
looked at; nothing is imported here.
"""

from __future__ import annotations

import contextlib
import functools
import sys
import types
from collections.abc import Iterator, MutableMapping, Sequence
from typing import Any

MAX_NAMES = 16
HOOK = "__aimath_forbidden_"  # + the name's index: where a swapped function finds its stub
_ABSENT = object()


class ForbiddenFunction(RuntimeError):
    """The submission called a function its exercise asks it not to use."""


@contextlib.contextmanager
def forbidden(names: Sequence[str], namespace: MutableMapping[str, Any]) -> Iterator[None]:
    """Within the block, each function `names` (dotted, `numpy.linalg.pinv`) raises."""
    swaps: list[tuple[MutableMapping[str, Any], str, Any]] = []
    bodies: list[tuple[types.FunctionType, types.CodeType]] = []
    try:
        for index, name in enumerate(list(names)[:MAX_NAMES]):
            target = _resolve(str(name)[:200])
            if target is None:
                continue
            stub = _stub(str(name)[:200])
            for holder in _holders(target, str(name), namespace):
                for key, value in list(holder.items()):
                    if value is target:
                        swaps.append((holder, key, value))
                        holder[key] = stub
            hook = f"{HOOK}{index}__"
            for body in _bodies(target):
                swaps.append((body.__globals__, hook, body.__globals__.get(hook, _ABSENT)))
                body.__globals__[hook] = stub
                bodies.append((body, body.__code__))
                body.__code__ = _redirect(hook)
        yield
    finally:
        for body, code in reversed(bodies):
            body.__code__ = code
        for holder, key, value in reversed(swaps):
            if value is _ABSENT:
                del holder[key]
            else:
                holder[key] = value


def _bodies(target: Any) -> list[types.FunctionType]:
    """The Python functions whose code runs when `target` is called: itself, or the one a
    NumPy dispatcher wraps (without closures: their code cannot be swapped)."""
    found = (target, getattr(target, "_implementation", None),
             getattr(target, "__wrapped__", None))
    unique = {id(f): f for f in found
              if isinstance(f, types.FunctionType) and not f.__code__.co_freevars}
    return list(unique.values())


@functools.lru_cache(maxsize=MAX_NAMES)
def _redirect(hook: str) -> types.CodeType:
    """Code that calls the global `hook` (the stub, put in the function's own globals)."""
    space: dict[str, Any] = {}
    exec(f"def redirect(*args, **kwargs):\n    return {hook}(*args, **kwargs)\n", space)
    return space["redirect"].__code__


def _resolve(name: str) -> Any:
    """The object `name` names, through modules already imported; None if there is none."""
    parts = name.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        module = sys.modules.get(".".join(parts[:cut]))
        if module is not None:
            value: Any = module
            for attribute in parts[cut:]:
                value = getattr(value, attribute, None)
            return value
    return None


def _holders(target: Any, name: str,
             namespace: MutableMapping[str, Any]) -> list[MutableMapping[str, Any]]:
    """Where the submission finds `target` by name: its module, the module that defines it,
    and the submission's own namespace."""
    modules = {name.rsplit(".", 1)[0], str(getattr(target, "__module__", "") or "")}
    found = [vars(sys.modules[m]) for m in sorted(modules) if m in sys.modules]
    return [*found, namespace]


def _stub(name: str) -> Any:
    def forbidden_function(*args: Any, **kwargs: Any) -> Any:
        raise ForbiddenFunction(f"{name}() is not allowed in this exercise: "
                                "write the computation it stands for yourself")

    return forbidden_function
