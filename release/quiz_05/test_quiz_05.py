"""Public checks for quiz_05: run `pytest` in this folder. Each answer must have a
form the grader accepts; whether it is right is only known after grading."""


def test_q1(student, forms):
    """q1: is the answer in a form the grader accepts?"""
    forms.check(student, "q1")


def test_q2(student, forms):
    """q2: is the answer in a form the grader accepts?"""
    forms.check(student, "q2")


def test_q3(student, forms):
    """q3: is the answer in a form the grader accepts?"""
    forms.check(student, "q3")


def test_q4(student, forms):
    """q4: is the answer in a form the grader accepts?"""
    forms.check(student, "q4")


def test_q5(student, forms):
    """q5: is the answer in a form the grader accepts?"""
    forms.check(student, "q5")


def test_q6(student, forms):
    """q6: is the answer in a form the grader accepts?"""
    forms.check(student, "q6")


def test_q7(student, forms):
    """q7: is the answer in a form the grader accepts?"""
    forms.check(student, "q7")
