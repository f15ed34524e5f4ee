"""Every word a student or instructor reads, in English or Korean, from one catalogue.

`messages/<lang>.yaml` holds the sentences the code names by key (`Message`); the suites' own
English (hints, mistake names, custom messages) is translated by exact text through
`messages/hints.<lang>.yaml`, and test titles by the test's key through
`messages/titles.<lang>.yaml`. results.json keeps English; pages and the console translate
when they show.
"""

from __future__ import annotations

import functools
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from autograder.grading.model import PUBLIC_MODULE, Failure, SubmissionResult, TestResult
from autograder.message import FREE_TEXT, Message
from autograder.student.text import cell_label

if TYPE_CHECKING:
    import jinja2

LANGUAGES = ("en", "ko")
PACKAGE = Path(__file__).resolve().parent.parent
MESSAGES = Path(__file__).resolve().parent / "messages"
TEMPLATES = Path(__file__).resolve().parent / "templates"
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: ten times faster


def check_language(lang: str) -> str:
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; valid: {', '.join(LANGUAGES)}")
    return lang


@functools.cache
def _yaml(name: str) -> dict[str, str]:
    path = MESSAGES / name
    if not path.is_file():
        return {}
    with open(path, encoding="utf-8") as handle:
        data = yaml.load(handle, Loader=SAFE_LOADER) or {}
    return {str(key): str(text) for key, text in data.items()}


def catalogue(lang: str) -> dict[str, str]:
    """All keyed sentences of one language, e.g. `feedback.score`."""
    return _yaml(f"{check_language(lang)}.yaml")


def t(key: str, /, lang: str = "en", **params: Any) -> str:
    """The sentence for `key` in `lang`, with `{name}` placeholders filled from `params`
    (`key` is positional-only: a sentence may have a `{key}` placeholder of its own)."""
    text = catalogue(lang)[key]
    return (text.format(**params) if params else text).rstrip()


def translate(text: str, lang: str) -> str:
    """A suite's own English sentence (hint, mistake name) in `lang`, or as it is."""
    return text if lang == "en" else _yaml(f"hints.{check_language(lang)}.yaml").get(text, text)


def render(message: Message, lang: str) -> str:
    """A message in `lang`: free text is translated by its words, keys through the catalogue."""
    if message.key == FREE_TEXT:
        return translate(str(message.params.get("text", "")), lang)
    params = dict(message.params)
    if isinstance(params.get("cell"), str):  # a `cell` value is always a reader's cell label
        params["cell"] = cell_label(str(params["cell"]), lang)
    if isinstance(params.get("kind"), str):  # a kind of value (`number`), in `lang`'s words
        params["kind"] = label("kind", str(params["kind"]), lang)
    late = params.get("late")  # seconds; results of earlier versions hold English text
    if isinstance(late, int | float) and not isinstance(late, bool):
        params["late"] = duration(late, lang)
    return t(message.key, lang, **params)


def duration(seconds: float, lang: str = "en") -> str:
    """How long, as a person says it in `lang`: `2 s`, `31 min`, `3 h 5 min`, `6 d 2 h`
    (`6일 2시간`), rounded up to the second."""
    whole = max(1, math.ceil(seconds))
    minutes, hours, days = whole // 60, whole // 3600, whole // 86400
    if whole < 60:
        return t("time.seconds", lang, s=whole)
    if minutes < 60:
        return t("time.minutes", lang, m=minutes)
    if hours < 24:
        return t("time.hours", lang, h=hours, m=minutes % 60)
    return t("time.days", lang, d=days, h=hours % 24)


def title(test: TestResult, lang: str) -> str:
    """A test's title in `lang` (results.json keeps the contract's English name)."""
    if lang == "en":
        return test.name
    return _yaml(f"titles.{check_language(lang)}.yaml").get(test.key, test.name)


def public_titles(assignment_id: str) -> dict[str, dict[str, str]]:
    """The translated titles of an assignment's public tests, by language and test function
    name: what the student kit shows (English is the tests' own docstrings)."""
    prefix = f"{PUBLIC_MODULE.format(id=assignment_id)}::"
    return {lang: {key.removeprefix(prefix): text
                   for key, text in _yaml(f"titles.{lang}.yaml").items()
                   if key.startswith(prefix)} for lang in LANGUAGES if lang != "en"}


def label(prefix: str, value: str, lang: str) -> str:
    """A translated name for a value from the data (a status), or the value itself if unknown."""
    return catalogue(lang).get(f"{prefix}.{value}", value)


def test_lines(test: TestResult, lang: str) -> list[str]:
    """A test's message as lines: what went wrong, the known mistake, then the hints."""
    lines = [render(m, lang) for m in test.details]
    if test.mistake:
        lines.append(t("check.known_mistake", lang, name=translate(test.mistake, lang)))
    return lines + [t("check.hint", lang, hint=translate(h, lang)) for h in test.hints]


def submission_lines(result: SubmissionResult, lang: str) -> list[str]:
    """The submission-level message: why it was not graded, failed cells, notes, warnings."""
    lines = [] if result.problem is None else [render(result.problem, lang)]
    lines += [t("submission.cell_not_run" if c.failure is Failure.NOT_RUN
                else "submission.cell_failed", lang, cell=_capital(cell_label(c.cell, lang)),
                error=render(c.message, lang)) for c in result.cells]
    lines += [render(n, lang) for n in result.notes]
    lines += [t("submission.warning", lang, layer=w.layer) for w in result.warnings]
    if result.printed:  # last: the grader's own lines never read as what the code printed
        lines.append(t("submission.printed", lang) + "\n" + result.printed.rstrip("\n"))
    return lines


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


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
    import jinja2  # here, not above: the kit's and `aimath check`'s titles never render pages

    from autograder.reports.compiled import bytecode_cache

    # autoescape=True rather than select_autoescape: our names end in .j2, not .html;
    # auto_reload=False: the templates ship with the package, so no page checks their files
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([TEMPLATES, PACKAGE / "integrity" / "templates"]),
        autoescape=True, auto_reload=False, bytecode_cache=bytecode_cache("pages"),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(num=num, pct=pct)
    return env


def load_template(name: str) -> jinja2.Template:
    """The compiled template `name` (compiled once, then cached)."""
    return _environment().get_template(name)


def render_template(name: str, lang: str, **context: Any) -> str:
    """Render a template with `t`, `label`, `render` and `translate` bound to `lang`."""
    check_language(lang)
    return load_template(name).render(
        lang=lang,
        t=functools.partial(t, lang=lang),
        label=functools.partial(label, lang=lang),
        render=functools.partial(render, lang=lang),
        translate=functools.partial(translate, lang=lang),
        **context,
    )
