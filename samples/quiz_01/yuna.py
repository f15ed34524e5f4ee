"""Blank apart from two answers, and one answer that tries to fool the comparison."""
class Always:
    def __eq__(self, other):
        return True

q1 = Always()
q2 = 10
q5 = "__import__('os').system('echo hacked')"
