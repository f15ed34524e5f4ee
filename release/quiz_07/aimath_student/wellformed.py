"""Text that UTF-8 can hold: each lone surrogate becomes U+FFFD.

A Python string may hold a surrogate code point on its own (U+D800 to U+DFFF): a notebook's
JSON can escape one (`"\\ud800"`), a file name's undecodable byte becomes one
(`os.listdir`), and student code can make one (`"\\udcff"`). No UTF-8 file, page or console
takes it: a student's file name, cell or error message would stop every write it reaches.
Made well-formed where such text comes in (the notebook reader, the grader's side of the
sandbox's wire, the messages that quote it), it is shown as "\N{REPLACEMENT CHARACTER}" instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

_SURROGATE = re.compile("[\ud800-\udfff]")
REPLACEMENT = "\ufffd"


def text(value: str) -> str:
    """`value` with each surrogate code point replaced (itself when there is none)."""
    if value.isascii():
        return value
    return _SURROGATE.sub(REPLACEMENT, value)


def data(value: Any, each: Callable[[str], str] = text) -> Any:
    """Parsed JSON (dicts, lists, strings, numbers) with `each` applied to every string,
    keys included (by default: made well-formed); anything else as it is."""
    if isinstance(value, str):
        return each(value)
    if isinstance(value, list):
        return [data(item, each) for item in value]
    if isinstance(value, dict):
        return {data(key, each): data(item, each) for key, item in value.items()}
    return value
