"""Normalised tokens: the same for renamed and reformatted code, with the right line numbers."""

from __future__ import annotations

import zlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from autograder.integrity import tokens
from autograder.integrity.tokens import normalise
from autograder.integrity.winnow import kgram_hashes, winnow


def texts(code: str) -> list[str]:
    return [t.text for t in normalise(code)]


def test_renames_comments_layout_and_docstrings_vanish():
    """Do renamed names, comments, blank lines, indentation width and docstrings leave the
    token stream unchanged?"""
    original = 'def f(x):\n    """Doc."""\n    return x + 1  # add one\n'
    disguised = "def g(value):\n\n  # a comment\n  return value \\\n          + 1\n"
    assert texts(original) == texts(disguised) == [
        "def", "V", "(", "V", ")", ":", "return", "V", "+", "N"]


def test_literals_become_their_kind_and_keywords_and_operators_stay():
    """Are numbers and strings replaced by their kind, while keywords and operators are kept?"""
    assert texts("if a is not None: b **= 2.5; c = f'{a}' 'x'") == [
        "if", "V", "is", "not", "None", ":", "V", "**=", "N", ";", "V", "=", "S"]


def test_a_string_used_as_a_value_is_kept():
    """Is a string that is part of an expression kept (only bare string statements go)?"""
    assert texts('raise ValueError("no")\n"""note"""\n') == ["raise", "V", "(", "S", ")"]


def test_tokens_carry_their_lines_from_the_first_line_given():
    """Does every token know its line, counted from the cell's first line?"""
    tokens = normalise("x = '''a\nb'''\ny = 2\n", first_line=10)
    assert [(t.text, t.line, t.end_line) for t in tokens] == [
        ("V", 10, 10), ("=", 10, 10), ("S", 10, 11), ("V", 12, 12), ("=", 12, 12), ("N", 12, 12)]


def test_code_that_does_not_tokenise_keeps_the_rest():
    """Are the lines after an inconsistent dedent still read, not lost?"""
    code = "def f():\n        a = 1\n    b = 2\nc = 3\n"
    assert texts(code)[-3:] == ["V", "=", "N"]
    assert normalise(code)[-1].line == 4


def test_winnowing_matches_the_paper():
    """Does robust winnowing pick the fingerprints of the paper's worked example?"""
    hashes = [77, 74, 42, 17, 98, 50, 17, 98, 8, 88, 67, 39, 77, 74, 42, 17, 98]
    assert [f.hash for f in winnow(hashes, 4)] == [17, 17, 8, 39, 17]


def paper_winnow(hashes: list[int], window: int) -> list[tuple[int, int]]:
    """Robust winnowing as the paper states it, window by window: (hash, position) pairs."""
    width, chosen = min(window, len(hashes)), []
    for left in range(len(hashes) - width + 1) if hashes else ():
        span = hashes[left : left + width]
        position = left + max(i for i, h in enumerate(span) if h == min(span))
        if chosen and chosen[-1][1] >= left and chosen[-1][0] == min(span):
            continue
        chosen.append((min(span), position))
    return chosen


@given(st.lists(st.integers(0, 6), max_size=40), st.integers(1, 8), st.integers(1, 6))
def test_winnowing_and_kgrams_match_their_definitions(values, window, k):
    """On any text (small values, so ties are common): are the fingerprints the paper's,
    window by window, and each k-gram hash the hash of its k token ids?"""
    assert [(f.hash, f.start) for f in winnow(values, window)] == paper_winnow(values, window)
    texts = [str(v) for v in values]
    ids = [zlib.crc32(t.encode()) for t in texts]
    assert kgram_hashes(texts, k) == [hash(tuple(ids[i : i + k]))
                                      for i in range(len(ids) - k + 1)]


def test_empty_k_grams_and_windows_are_refused():
    """Is a k or a window below one refused (zip would quietly give nothing)?"""
    with pytest.raises(ValueError, match="at least one token"):
        kgram_hashes(["V", "N"], 0)
    with pytest.raises(ValueError, match="at least one k-gram"):
        winnow([1, 2], 0)


def test_a_long_enough_shared_run_always_shares_a_fingerprint():
    """Do two texts sharing k + window - 1 tokens always share a fingerprint (the guarantee)?"""
    k, window = 5, 4
    shared = [f"t{i}" for i in range(k + window - 1)]
    for before in range(6):
        a = [f"a{i}" for i in range(before)] + shared + ["a-end"]
        b = ["b0", *shared, *[f"b{i}" for i in range(before)]]
        prints_a = {f.hash for f in winnow(kgram_hashes(a, k), window)}
        prints_b = {f.hash for f in winnow(kgram_hashes(b, k), window)}
        assert prints_a & prints_b


def test_hashes_do_not_depend_on_the_process():
    """Are k-gram hashes fixed numbers (no per-process string hashing), so runs agree?"""
    assert kgram_hashes(["V", "=", "N"], 3) == kgram_hashes(["V", "=", "N"], 3)
    assert winnow([], 4) == [] and len(winnow([5, 3], 4)) == 1


def test_code_that_keeps_failing_to_tokenise_is_read_in_linear_time(monkeypatch):
    """Does a cell of 3,000 bad dedents (each a restart of the tokenizer) keep its tokens
    while the tokenizer reads at most READ_BUDGET lines per line of the cell, not the rest
    of the cell again at every restart?"""
    read = []
    readline = tokens._Lines.readline
    monkeypatch.setattr(tokens._Lines, "readline", lambda self: read.append(1) or readline(self))
    code = "  a\n b\n" * 3000
    assert [t.text for t in tokens.normalise.__wrapped__(code)] == ["V"] * 3000
    assert len(read) <= tokens.READ_BUDGET * 6000 + 100
