"""Every sentence the self-check prints, in English and Korean.

The language is the caller's `lang`, else `$AIMATH_LANG`, else English.
"""

from __future__ import annotations

import os

LANGUAGES = ("en", "ko")
LANG_VARIABLE = "AIMATH_LANG"

MESSAGES: dict[str, dict[str, str]] = {
    "title": {"en": "{file}: {assignment} public tests",
              "ko": "{file}: {assignment} 공개 테스트"},
    "title_quiz": {"en": "{file}: {assignment} answer forms",
                   "ko": "{file}: {assignment} 답안 형식"},
    "pass": {"en": "PASS", "ko": "통과"},
    "fail": {"en": "FAIL", "ko": "실패"},
    "cell": {"en": "CELL", "ko": "셀"},
    "skipped": {"en": "NOTE", "ko": "참고"},
    "summary": {"en": "{passed}/{total} public tests passed. The hidden tests check more "
                      "cases: passing these is necessary, not sufficient.",
                "ko": "공개 테스트 {total}개 중 {passed}개 통과. 채점은 더 많은 경우를 "
                      "검사하는 숨겨진 테스트로 합니다: 공개 테스트 통과는 필요조건이지 "
                      "충분조건이 아닙니다."},
    "summary_quiz": {"en": "{passed}/{total} answers in a form the grader accepts. Only the "
                           "form is checked here, never whether an answer is right.",
                     "ko": "답안 {total}개 중 {passed}개가 채점 가능한 형식입니다. 여기서는 형식만 "
                           "확인하며, 정답 여부는 확인하지 않습니다."},
    "limits": {"en": "Limits: {timeout:g} s per call (a cell is one call), {memory}.",
               "ko": "제한: 호출마다 {timeout:g}초 (셀 하나가 호출 하나), {memory}."},
    "memory_on": {"en": "{mb} MB of memory", "ko": "메모리 {mb} MB"},
    "memory_off": {"en": "memory not limited on this system",
                   "ko": "이 시스템에서는 메모리 제한 없음"},
    "in_process": {"en": "Limits do not apply here: this Python cannot start a process, so "
                         "your code ran inside the check (an endless loop hangs it).",
                   "ko": "여기서는 제한이 적용되지 않습니다: 이 Python은 프로세스를 시작할 수 "
                         "없어 코드가 검사 안에서 실행됩니다 (무한 루프는 검사를 멈춥니다)."},
    "timed_out": {"en": "timed out after {timeout:g} s (in {where})",
                  "ko": "{timeout:g}초 후 시간 초과 ({where} 실행 중)"},
    "printed_too_much": {"en": "printed more than {mb} MB (in {where}); the call was stopped",
                         "ko": "{mb} MB 넘게 출력하여 중단했습니다 ({where} 실행 중)"},
    "crashed": {"en": "your code stopped the check's process (exit code {code}, in {where})",
                "ko": "코드가 검사 프로세스를 종료시켰습니다 (종료 코드 {code}, {where} 실행 중)"},
    "over_budget": {"en": "not run: all calls together took over {seconds:g} s",
                    "ko": "실행 안 함: 전체 실행 시간이 {seconds:g}초를 넘었습니다"},
    "broken": {"en": "the check stopped before finishing: {detail}",
               "ko": "검사가 끝나기 전에 멈췄습니다: {detail}"},
    "no_tests": {"en": "no public test ran", "ko": "실행된 공개 테스트가 없습니다"},
    "unwritten": {"en": "cells that stopped at a function not written yet: {cells}",
                  "ko": "아직 작성하지 않은 함수에서 멈춘 셀: {cells}"},
    "not_written": {"en": "not written yet (the function still raises NotImplementedError)",
                    "ko": "아직 작성하지 않았습니다 (함수가 NotImplementedError를 발생시킵니다)"},
    "missing": {"en": "{name} is not defined in your code",
                "ko": "코드에 {name}이(가) 정의되어 있지 않습니다"},
    "missing_in": {"en": "{name} is not defined because {cell} did not load: {error}",
                   "ko": "{cell}이(가) 실행되지 않아 {name}이(가) 정의되지 않았습니다: {error}"},
    "missing_failed": {"en": "{name} is not defined in your code (cells that did not load: "
                             "{cells})",
                       "ko": "코드에 {name}이(가) 정의되어 있지 않습니다 (실행되지 않은 셀: "
                             "{cells})"},
}


def language(lang: str | None = None) -> str:
    """`lang` if given, else `$AIMATH_LANG`, else English; anything unknown is English."""
    chosen = (lang or os.environ.get(LANG_VARIABLE) or "en").lower()[:2]
    return chosen if chosen in LANGUAGES else "en"


def say(lang: str, key: str, **values: object) -> str:
    """The sentence `key` in `lang`, filled with `values`."""
    return MESSAGES[key][language(lang)].format(**values)
