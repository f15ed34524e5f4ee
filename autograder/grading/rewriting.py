"""pytest's assertion rewriting in a grading session: the released public tests only.

A public test's bare `assert` then fails in the grader as it does under `aimath check` and the
kit (`assert 3.5 == 2.9166666666666665 ± 2.9e-06`, the value the student's code returned
included), so results.json and the feedback page say what the student saw. A hidden suite is
never rewritten: its failed asserts would print its locals, the hidden inputs.
"""

from __future__ import annotations

import os
from typing import Any

import pytest
from _pytest.assertion.rewrite import AssertionRewritingHook, assertstate_key


class RewritingError(RuntimeError):
    """pytest's rewriting hook cannot be limited: grading would print hidden inputs."""


def limit_to(config: pytest.Config, public: str | None) -> None:
    """Let the session's rewriting import hook rewrite the file `public` and nothing else
    (nothing at all when `public` is None); nothing to do under `--assert=plain`."""
    state = config.stash.get(assertstate_key, None)
    hook = getattr(state, "hook", None)
    if hook is None:
        return
    if not isinstance(hook, AssertionRewritingHook) or not callable(
            getattr(type(hook), "_should_rewrite", None)):
        raise RewritingError("this pytest decides what to rewrite differently: grading would "
                             "rewrite the hidden suites' asserts (pin pytest, or --assert=plain)")
    target = os.path.abspath(public) if public else None

    def only_public(name: str, fn: str, state: Any) -> bool:
        return target is not None and os.path.abspath(fn) == target

    hook._should_rewrite = only_public  # type: ignore[method-assign]
