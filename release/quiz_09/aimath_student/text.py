"""Every sentence the self-check prints, in English and Korean, and the words of the quiz
answer forms, which the grader says too.

The language is the caller's `lang`, else `$AIMATH_LANG`, else English. The form words
(`form_*`) are said by the kit's quiz self-check and, through `autograder/quiz/items`, in the
grader's quiz details: they exist here only, as `Phrase`s that `autograder/student/forms.py`
builds and `words` says in either language.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

LANGUAGES = ("en", "ko")
LANG_VARIABLE = "AIMATH_LANG"

MESSAGES: dict[str, dict[str, str]] = {
    "title": {"en": "{file}: {assignment} public tests",
              "ko": "{file}: {assignment} 공개 테스트"},
    "title_quiz": {"en": "{file}: {assignment} answer forms",
                   "ko": "{file}: {assignment} 답안 형식"},
    "code_cell": {"en": "code cell {n}", "ko": "코드 셀 {n}"},
    "line_n": {"en": "line {n}", "ko": "{n}번째 줄"},
    "quiz_title": {"en": "{item}: is the answer in a form the grader accepts?",
                   "ko": "{item}: 채점 가능한 형식으로 답했는지"},
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
    "returned_none": {"en": "Hint: {name} returned None: is its `return` missing, or does it "
                            "print the result instead of returning it?",
                      "ko": "힌트: {name} 이(가) None 을 반환했습니다: `return` 이 빠졌거나, "
                            "결과를 반환하지 않고 출력(print)하지는 않았나요?"},
    "given_up": {"en": "not run: {name} already crashed or timed out {count} times on other "
                       "tests",
                 "ko": "실행되지 않음: {name} 이(가) 다른 테스트에서 이미 {count}번 충돌하거나 "
                       "시간을 넘겼습니다"},
    "over_budget": {"en": "not run: all calls together took over {seconds:g} s",
                    "ko": "실행 안 함: 전체 실행 시간이 {seconds:g}초를 넘었습니다"},
    "broken": {"en": "the check stopped before finishing: {detail}",
               "ko": "검사가 끝나기 전에 멈췄습니다: {detail}"},
    "no_tests": {"en": "no public test ran", "ko": "실행된 공개 테스트가 없습니다"},
    "submit_anyway": {"en": "Some public tests fail. Submit anyway?",
                      "ko": "통과하지 못한 공개 테스트가 있습니다. 그래도 제출할까요?"},
    "not_submitted": {"en": "Not submitted: fix the failing tests, or submit with --force.",
                      "ko": "제출하지 않았습니다: 실패한 테스트를 고치거나 --force로 제출하세요."},
    "wrote": {"en": "wrote {path}", "ko": "{path}에 저장했습니다"},
    "other_student": {"en": "note: the notebook's STUDENT_ID is {declared!r}, but you hand it "
                            "in as {student!r}: it is graded with the values of {student!r}",
                      "ko": "주의: 노트북의 STUDENT_ID 는 {declared!r} 인데 {student!r} 로 "
                            "제출합니다: {student!r} 의 값으로 채점됩니다"},
    "new_folder": {"en": " (a new folder: {folder})", "ko": " (새 폴더: {folder})"},
    "unwritten": {"en": "cells that stopped at a function not written yet: {cells}",
                  "ko": "아직 작성하지 않은 함수에서 멈춘 셀: {cells}"},
    "not_written": {"en": "not written yet (the function still raises NotImplementedError)",
                    "ko": "아직 작성하지 않았습니다 (함수가 NotImplementedError를 발생시킵니다)"},
    "missing": {"en": "{name} is not defined in your code (write it, or run the cell that "
                      "defines it)",
                "ko": "코드에 {name}이(가) 정의되어 있지 않습니다 (함수를 작성하거나, 정의한 셀을 "
                      "실행하세요)"},
    "missing_in": {"en": "{name} is not defined because {cell} did not load: {error}",
                   "ko": "{cell}이(가) 실행되지 않아 {name}이(가) 정의되지 않았습니다: {error}"},
}

# Quiz answer forms: what an item takes, what was given, and why it is not of the form.
FORM_WORDS: dict[str, dict[str, str]] = {
    "kernel_only": {"en": "NOTE  defined in this kernel but not in the saved {file}: {names}. "
                          "The grader reads the saved file: save it, restart the kernel, run "
                          "all cells and check again.",
                    "ko": "참고  이 커널에는 정의되어 있지만 저장된 {file}에는 없는 이름: {names}. "
                          "채점은 저장된 파일을 읽습니다: 저장한 뒤 커널을 다시 시작하고 모든 "
                          "셀을 실행한 다음 다시 확인하세요."},
    "kernel_differs": {"en": "NOTE  defined otherwise in this kernel than in the saved {file}: "
                             "{names}. The grader reads the saved file: save it, restart the "
                             "kernel, run all cells and check again.",
                       "ko": "참고  이 커널과 저장된 {file}에서 다르게 정의된 이름: {names}. "
                             "채점은 저장된 파일을 읽습니다: 저장한 뒤 커널을 다시 시작하고 "
                             "모든 셀을 실행한 다음 다시 확인하세요."},
    "form_problem": {"en": "expected {expected}, got {given}",
                     "ko": "기대한 형식은 {expected}, 받은 값은 {given}"},
    "form_problem_because": {"en": "expected {expected}, got {given} ({reason})",
                             "ko": "기대한 형식은 {expected}, 받은 값은 {given} ({reason})"},
    "form_not_answered": {"en": "not answered yet", "ko": "아직 답하지 않았습니다"},
    "form_expect_choice": {"en": 'one of the letters {letters} as a string, such as "B"',
                           "ko": '보기 문자 {letters} 중 하나를 담은 문자열 (예: "B")'},
    "form_expect_multi": {"en": 'a list of option letters, such as ["A", "C"]',
                          "ko": '보기 문자의 리스트 (예: ["A", "C"])'},
    "form_expect_bool": {"en": "True or False", "ko": "True 또는 False"},
    "form_expect_numeric": {"en": "a number such as 3.5", "ko": "숫자 (예: 3.5)"},
    "form_expect_array": {"en": "a nested list of numbers of shape {shape}, such as {example}",
                          "ko": "shape 가 {shape} 인 숫자의 중첩 리스트(nested list) "
                                "(예: {example})"},
    "form_expect_formula": {"en": 'a formula in {names} as a string, such as "2*x**2 + 1"',
                            "ko": '{names} 로 쓴 수식 하나를 담은 문자열 (예: "2*x**2 + 1")'},
    "form_expect_formulas": {"en": "{count} comma-separated formulas in {names} as one string, "
                                   'such as "2*x, 3*y**2, -1"',
                             "ko": "{names} 로 쓴 수식 {count}개를 쉼표로 구분해 담은 문자열 "
                                   '하나 (예: "2*x, 3*y**2, -1")'},
    "form_given_none": {"en": "None (no answer)", "ko": "None (답 없음)"},
    "form_given_string": {"en": "the string {text}", "ko": "문자열 {text}"},
    "form_answer_too_large": {"en": "it is too large for an answer (at most {limit} characters or "
                                    "entries)",
                              "ko": "답으로는 너무 큽니다 (문자 또는 원소 최대 {limit}개)"},
    "form_given_sympy": {"en": "a SymPy expression", "ko": "SymPy 수식"},
    "form_given_array": {"en": "an array of shape {shape}",
                         "ko": "shape 가 {shape} 인 배열(array)"},
    "form_given_number": {"en": "{type} {text}", "ko": "{type} 값 {text}"},
    "form_given_sequence": {"en": "a {type} {text}", "ko": "{type} 값 {text}"},
    "form_given_object": {"en": "a {type}", "ko": "{type} 객체"},
    "form_not_option": {"en": "{text} is not one of the options",
                        "ko": "{text} 는 보기에 없습니다"},
    "form_not_options": {"en": "not options: {texts}", "ko": "보기에 없는 문자: {texts}"},
    "form_ambiguous": {"en": "1 and 0 are ambiguous here: write True or False",
                       "ko": "여기서 1 과 0 은 모호합니다: True 또는 False 로 쓰세요"},
    "form_too_large": {"en": "too large", "ko": "너무 큽니다"},
    "form_not_finite": {"en": "not a finite number", "ko": "유한한 숫자(finite number)가 아닙니다"},
    "form_formula": {"en": "{said}", "ko": "수식을 읽을 수 없습니다: {said}"},
    "form_not_one_number": {"en": "a list, not one number",
                            "ko": "숫자 하나가 아니라 리스트입니다"},
    "form_decimal_comma": {"en": "a list, not one number: write a decimal with a point, "
                                 "as in {number}",
                           "ko": "숫자 하나가 아니라 리스트입니다: 소수는 점으로 쓰세요 "
                                 "(예: {number})"},
    "form_dtype": {"en": "an array of {dtype} values, expected numbers",
                   "ko": "{dtype} 값의 배열(array)입니다; 숫자여야 합니다"},
    "form_ragged": {"en": "rows of different lengths", "ko": "행(row)의 길이가 서로 다릅니다"},
    "form_shape": {"en": "shape {shape}", "ko": "shape 가 {shape} 입니다"},
    "form_too_large_to_compare": {"en": "a number too large to compare",
                                  "ko": "비교하기에 너무 큰 숫자입니다"},
    "form_contains": {"en": "contains {given}, expected only numbers",
                      "ko": "{given} 가 들어 있습니다; 숫자만 있어야 합니다"},
    "form_nested_list": {"en": "a list inside a list", "ko": "리스트 안에 리스트가 있습니다"},
    "form_count": {"en": "{count} formula(s), expected {expected}",
                   "ko": "수식이 {count}개입니다; {expected}개여야 합니다"},
}
MESSAGES.update(FORM_WORDS)


@dataclass(frozen=True)
class Phrase:
    """Words as data: a key of `MESSAGES` and its values, each a text or a phrase said in the
    same language (what was given, inside a reason)."""

    key: str
    values: tuple[tuple[str, str | Phrase], ...] = ()


def phrase(key: str, /, **values: str | Phrase) -> Phrase:
    """`phrase("form_shape", shape="(1, 4)")`."""
    return Phrase(key, tuple(values.items()))


def language(lang: str | None = None) -> str:
    """`lang` if given, else `$AIMATH_LANG`, else English; anything unknown is English."""
    chosen = (lang or os.environ.get(LANG_VARIABLE) or "en").lower()[:2]
    return chosen if chosen in LANGUAGES else "en"


def say(lang: str, key: str, **values: object) -> str:
    """The sentence `key` in `lang`, filled with `values`."""
    return MESSAGES[key][language(lang)].format(**values)


CODE_CELL, LINE = re.compile(r"code cell (\d+)"), re.compile(r"line (\d+)")


def cell_label(label: str, lang: str) -> str:
    """The reader's label of a cell ("code cell 3", "line 12") in `lang`; anything else (a
    function's name, "In [4]", the same in every language) as it is."""
    if found := CODE_CELL.fullmatch(label):
        return say(lang, "code_cell", n=int(found.group(1)))
    if found := LINE.fullmatch(label):
        return say(lang, "line_n", n=int(found.group(1)))
    return label


def words(lang: str, said: Phrase) -> str:
    """A phrase in `lang`, its inner phrases said in the same language."""
    return say(lang, said.key, **{name: words(lang, value) if isinstance(value, Phrase)
                                  else value for name, value in said.values})
