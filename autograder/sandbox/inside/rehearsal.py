"""The zygote rehearses a child's work before it forks: each kind of request, from its frame
to its reply's frame, through the child's own code for it (`wire.unpack`, `child.requests`
and `child.answer`; not the pipes), on made-up code. Every child then starts with that
path already run (its bytecode specialised, what it loads on first use loaded) instead of
warming it up again, on pages it must copy first, once per submission.

The made-up cell is the only student-like code run, in a namespace that is never registered
(`Executor()`, as in the grader's own process); the sources its tracebacks put in
`linecache` are taken out again, and the rest is garbage the zygote collects before it
freezes what it keeps.
"""

from __future__ import annotations

import linecache

import numpy as np

from autograder.sandbox import wire
from autograder.sandbox.inside import child
from autograder.sandbox.inside.executor import Executor

ROUNDS = 16  # runs of each request: past the interpreter's warm-up, so its path is specialised
LABEL = "rehearsal"
CELL = '''import numpy as np

def scale(x, factor=2.0):
    return np.asarray(x, dtype=float) * factor

def total(values):
    return float(np.sum(values))

def refuse(x):
    raise ValueError("not this one")

rehearsed = {"value": [1, 2.5, (3, "four")]}
'''


def _call(name: str, args: list, want_args: bool = False) -> tuple[dict, list[bytes]]:
    tree, buffers = wire.encode((args, {}))
    return {"op": "call", "name": name, "args": tree, "want_args": want_args}, buffers


def _frames() -> list[bytes]:
    """One request of each kind a grader sends (the cells, calls that return, raise or name
    a missing function, a variable), framed as it sends them."""
    cells = {"op": "cells", "cells": [{"op": "cell", "index": 0, "label": LABEL, "code": CELL}]}
    requests = [(cells, []), _call("scale", [np.arange(6.0).reshape(2, 3)], want_args=True),
                _call("total", [[1.0, 2.0, 3.0]]), _call("refuse", [1.5]),
                _call("absent", [1]), ({"op": "value", "name": "rehearsed"}, [])]
    return [wire.pack(message, buffers) for message, buffers in requests]


def rehearse(rounds: int = ROUNDS) -> list[str]:
    """Answer each request `rounds` times, each round in a fresh namespace; return how the
    last round's replies went ("ok" or the failure's kind)."""
    frames, cached = _frames(), set(linecache.cache)
    outcomes: list[str] = []
    try:
        for _ in range(rounds):
            executor, outcomes = Executor(), []
            for message, buffers in map(wire.unpack, frames):
                for request, given in child.requests(message, buffers):
                    reply, _ = wire.unpack(child.answer(executor, request, given))
                    outcomes.append("ok" if reply["ok"] else str(reply["kind"]))
    finally:
        for name in set(linecache.cache) - cached:
            del linecache.cache[name]
    return outcomes
