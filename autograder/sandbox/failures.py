"""What can go wrong when the grader calls a student's code, as exceptions carrying a `Message`.

Raised on the grader's side (by the sandbox client and the proxy), seen by hidden tests and
turned into a test's failure by `autograder.grading.outcomes`. Text the student's code produced
(an exception message, a traceback) travels in the `said` and `where` values, capped on
arrival: it is data, shown as it is, never interpreted.
"""

from __future__ import annotations

from autograder.message import Message, capped, msg

SAID_CAP = 2000  # characters of a student's exception message kept at all
TYPE_CAP = 100  # characters of an exception's class name


class StudentFailure(Exception):
    """The student's code did not produce a value; `message` says why, for the student."""

    def __init__(self, message: Message) -> None:
        self.message = message
        super().__init__(f"{message.key}: {dict(message.params)}")


class StudentError(StudentFailure):
    """The student's function raised an exception (its class names are in `mro_names`)."""

    def __init__(self, type_name: str, mro_names: list[str], said: str, where: str = "") -> None:
        self.type_name = capped(type_name, TYPE_CAP)
        self.mro_names = [capped(name, TYPE_CAP) for name in mro_names[:12]]
        self.said = capped(said, SAID_CAP)
        self.where = capped(where, SAID_CAP)
        key = "student.not_written" if self.type_name == "NotImplementedError" else \
            "student.raised"  # a stub: said as the kit's check says it
        super().__init__(msg(key, type=self.type_name, said=self.said, where=self.where))


class StudentTimeout(StudentFailure):
    """A call ran past its wall-clock limit and the student's process was killed."""


class ShareSpent(StudentTimeout):
    """A function used up its share of the submission's time: only its own later calls are
    refused (not a strike against it: it never hung)."""


class StudentCrashed(StudentFailure):
    """The student's process died during a call (exit, signal, memory limit)."""


class OutputLimit(StudentCrashed):
    """The call printed more than the limit; its process was stopped."""


class MissingFunction(StudentFailure):
    """The submission does not define the name the test asked for."""


class BadReturn(StudentFailure):
    """The student returned something that is not plain data, or too much of it; `type_name`
    names an object that could not be sent (empty otherwise)."""

    def __init__(self, message: Message, type_name: str = "") -> None:
        super().__init__(message)
        self.type_name = capped(type_name, TYPE_CAP)
