"""The hidden suites' hints and known-mistake names in the page's language.

Suites write them in English, and results.json keeps that English (it is canonical). A page in
another language translates them as it renders, through `messages/hints.<lang>.yaml`: one
entry per English text, exactly as the suite writes it. Text without an entry stays English.
"""

from __future__ import annotations

import functools
import re

import yaml

from autograder.grading.checks import KNOWN_MISTAKE
from autograder.reports.i18n import LANGUAGES, MESSAGES

_BEFORE, _AFTER = KNOWN_MISTAKE.split("{name}")
KNOWN_LINE = re.compile(f"^{re.escape(_BEFORE)}(?P<name>.*){re.escape(_AFTER)}$")


@functools.cache
def catalogue(lang: str) -> dict[str, str]:
    """English text -> its version in `lang`; empty for English, the suites' own language."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; valid: {', '.join(LANGUAGES)}")
    if lang == "en":
        return {}
    with open(MESSAGES / f"hints.{lang}.yaml", encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    return {str(english): str(text) for english, text in data.items()}


def translate(text: str, lang: str) -> str:
    """A hint or mistake name in `lang`, or as it is when the catalogue has no entry for it."""
    return catalogue(lang).get(text, text)


def translate_message(message: str, lang: str) -> str:
    """A test's message with its known-mistake line in `lang`; every other line is kept."""
    if lang == "en":
        return message
    lines = []
    for line in message.split("\n"):
        match = KNOWN_LINE.match(line)
        if match:
            name = translate(match.group("name"), lang)
            line = translate(KNOWN_MISTAKE, lang).format(name=name)
        lines.append(line)
    return "\n".join(lines)
