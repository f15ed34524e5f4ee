"""Python code as a normalised token stream: what is left after renaming and reformatting.

Python's own `tokenize` reads the code, so the tokens are exactly Python's (an f-string is one
string, `**=` one operator). Identifiers (builtins included) become `V`, numbers `N`, strings
`S` (adjacent strings merge into one); keywords and operators stay. Comments, layout (line
breaks, indentation) and every statement that is only a string (docstrings) are dropped.
"""

from __future__ import annotations

import functools
import keyword
import tokenize
from collections.abc import Iterator
from dataclasses import dataclass

IDENTIFIER, NUMBER, STRING = "V", "N", "S"
_LAYOUT = {tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT, tokenize.ENDMARKER}
_SKIP = {tokenize.COMMENT, tokenize.NL, tokenize.ENCODING}
_FSTRING = getattr(tokenize, "FSTRING_START", None), getattr(tokenize, "FSTRING_END", None)
_STATEMENT_START = {"", "\n", ";"}  # what precedes a bare-string statement (layout or `;`)
READ_BUDGET = 4  # lines the tokenizer may read, across its restarts, per line of a cell


@dataclass(frozen=True, slots=True)
class Token:
    """One normalised token and the lines it came from, in the student's line numbering."""

    text: str
    line: int
    end_line: int


@functools.lru_cache(maxsize=4096)
def normalise(code: str, first_line: int = 1) -> tuple[Token, ...]:
    """The normalised tokens of `code`, whose first line is numbered `first_line`; a cell
    many students share (given code, the same one-line answer) is tokenised once."""
    raw = list(_raw_tokens(code, first_line))
    tokens: list[Token] = []
    for index, (text, line, end_line) in enumerate(raw):
        if text in ("", "\n"):
            continue
        if text == STRING and _bare_string(raw, index):
            continue
        if text == STRING and tokens and tokens[-1].text == STRING and raw[index - 1][0] == STRING:
            tokens[-1] = Token(STRING, tokens[-1].line, end_line)
            continue
        tokens.append(Token(text, line, end_line))
    return tuple(tokens)


def _bare_string(raw: list[tuple[str, int, int]], index: int) -> bool:
    """Is the string at `index` part of a statement made only of strings (a docstring)?"""
    before = index
    while before > 0 and raw[before - 1][0] == STRING:
        before -= 1
    after = index
    while after + 1 < len(raw) and raw[after + 1][0] == STRING:
        after += 1
    previous = raw[before - 1][0] if before > 0 else ""
    following = raw[after + 1][0] if after + 1 < len(raw) else ""
    return previous in _STATEMENT_START and following in _STATEMENT_START


def _raw_tokens(code: str, first_line: int) -> Iterator[tuple[str, int, int]]:
    """`(text, line, end_line)` with layout kept as "" or "\\n"; code that does not tokenise
    (an unclosed bracket, a bad dedent) keeps what came before and restarts after the line.
    The restarts read at most `READ_BUDGET` times the cell's lines in all (what is left then
    is not compared): a cell of bad dedents, each a restart, cannot take quadratic time."""
    lines = code.splitlines(keepends=True)
    reader = _Lines(lines, READ_BUDGET * len(lines) + 100)
    start = 0
    while start < len(lines):
        reader.position = start
        try:
            yield from _mapped(tokenize.generate_tokens(reader.readline), first_line + start - 1)
            return
        except (tokenize.TokenError, SyntaxError) as exc:
            failed = exc.args[1][0] if isinstance(exc, tokenize.TokenError) else exc.lineno
            start += max(int(failed or 1), 1)
        except _Spent:
            return


class _Spent(Exception):
    """The tokenizer has read all the lines it may."""


class _Lines:
    """`readline` over a cell's lines from `position`, counting every line read."""

    def __init__(self, lines: list[str], budget: int) -> None:
        self.lines, self.left, self.position = lines, budget, 0

    def readline(self) -> str:
        if self.position >= len(self.lines):
            return ""
        if self.left <= 0:
            raise _Spent
        self.left -= 1
        self.position += 1
        return self.lines[self.position - 1]


def _mapped(stream: Iterator[tokenize.TokenInfo], offset: int) -> Iterator[tuple[str, int, int]]:
    """Each Python token as its normalised text; f-string parts (Python 3.12+) as one `S`."""
    depth = 0
    for token in stream:
        if token.type in _FSTRING:
            depth += 1 if token.type == _FSTRING[0] else -1
            if depth == 0:
                yield STRING, token.start[0] + offset, token.end[0] + offset
        elif not depth and token.type not in _SKIP:
            yield _normal_text(token), token.start[0] + offset, token.end[0] + offset


def _normal_text(token: tokenize.TokenInfo) -> str:
    if token.type in _LAYOUT:
        return "\n" if token.type == tokenize.NEWLINE else ""
    if token.type == tokenize.NAME:
        return token.string if keyword.iskeyword(token.string) else IDENTIFIER
    if token.type == tokenize.NUMBER:
        return NUMBER
    if token.type == tokenize.STRING:
        return STRING
    return token.string
