"""The message catalogue (English and Korean) and the template environment that uses it.

Every word a page prints comes from `messages/<lang>.yaml`, so the two languages can be
checked against each other and against the templates by a test.
"""

from __future__ import annotations

import functools
import math
from pathlib import Path
from typing import Any

import jinja2
import yaml

LANGUAGES = ("en", "ko")
MESSAGES = Path(__file__).resolve().parent / "messages"
TEMPLATES = Path(__file__).resolve().parent / "templates"


@functools.cache
def catalogue(lang: str) -> dict[str, str]:
    """All messages of one language, keyed by dotted names such as `feedback.score`."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; valid: {', '.join(LANGUAGES)}")
    with open(MESSAGES / f"{lang}.yaml", encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    return {str(key): str(text) for key, text in data.items()}


def t(key: str, lang: str = "en", **params: Any) -> str:
    """The text for `key` in `lang`, with `{name}` placeholders filled from `params`."""
    text = catalogue(lang)[key]
    return text.format(**params) if params else text


def label(prefix: str, value: str, lang: str) -> str:
    """A translated name for a value from the data (a status), or the value itself if unknown.

    The engine may add a status this page does not know yet; it should still render.
    """
    return catalogue(lang).get(f"{prefix}.{value}", value)


def num(value: float | None, digits: int = 2) -> str:
    """A score for people: at most `digits` decimals, no trailing zeros, a dash for nothing."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    text = f"{value:.{digits}f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def pct(value: float | None) -> str:
    """A fraction in [0, 1] as a percentage with at most one decimal."""
    return "—" if value is None else num(100 * value, 1) + "%"


@functools.cache
def _environment() -> jinja2.Environment:
    # autoescape=True rather than select_autoescape: our names end in .j2, not .html.
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(num=num, pct=pct)
    return env


def render_template(name: str, lang: str, **context: Any) -> str:
    """Render a template with `t(key, **params)` and `label(prefix, value)` bound to `lang`."""
    catalogue(lang)  # fail early on an unknown language
    return _environment().get_template(name).render(
        lang=lang,
        t=functools.partial(t, lang=lang),
        label=functools.partial(label, lang=lang),
        **context,
    )
