"""A sentence for people as data: a catalogue key and its values, rendered in the reader's
language only when it is shown (`autograder.reports.i18n.render`).

Every layer that tells a student or instructor something (the loader, the sandbox, the checks,
the batch) records a `Message`; nothing is flattened into text and parsed back. Values are
plain strings and numbers; student text (an exception message, a printed line) is a value,
never a key, so it is shown as it is and never translated or interpreted.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from autograder.student import wellformed

Value = str | int | float
FREE_TEXT = "text"  # key of a message whose only value is free text (a suite's own sentence)


@dataclass(frozen=True)
class Message:
    """`key` names a sentence in the catalogue; `params` fill its `{placeholders}`."""

    key: str
    params: Mapping[str, Value] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # a value may quote a student's text (a file name, an error): kept writable as UTF-8
        if any(isinstance(v, str) and not v.isascii() for v in self.params.values()):
            object.__setattr__(self, "params", {k: wellformed.text(v) if isinstance(v, str)
                                                else v for k, v in self.params.items()})

    def to_json(self) -> dict[str, Any]:
        return {"key": self.key, "params": dict(self.params)}

    @classmethod
    def from_json(cls, data: Any) -> Message:
        """Rebuild a message written by `to_json`; anything else is a ValueError."""
        if not isinstance(data, dict) or not isinstance(data.get("key"), str):
            raise ValueError(f"not a message: {str(data)[:80]}")
        params = data.get("params", {})
        if not isinstance(params, dict) or not all(
                isinstance(k, str) and isinstance(v, str | int | float) for k, v in params.items()):
            raise ValueError(f"message {data['key']!r} has malformed values")
        return cls(data["key"], params)


def msg(key: str, /, **params: Value) -> Message:
    """Shorthand: `msg("check.shape", expected="(3,)", got="(4,)")`."""
    return Message(key, params)


def text(sentence: str) -> Message:
    """A sentence that is not in the catalogue (a suite's own words), kept as it is."""
    return Message(FREE_TEXT, {"text": sentence})


CUT = " … (cut)"  # ends a student string that was longer than its cap


def capped(value: str, limit: int) -> str:
    """`value` cut to `limit` characters, saying so: every stored student string has a cap."""
    if len(value) <= limit:
        return value
    return value[: max(0, limit - 15)] + CUT
