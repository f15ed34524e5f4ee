"""pytest in a released folder stops a call into the notebook at the course's limit, and
leaves SIGALRM as it found it (another plugin's handler and timer go on)."""

import signal
import time

import pytest

from autograder.student.alarm import AlarmSink, TimedOut

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGALRM"), reason="no SIGALRM")


@pytest.fixture
def clean_alarm():
    yield
    signal.setitimer(signal.ITIMER_REAL, 0)
    signal.signal(signal.SIGALRM, signal.SIG_DFL)


def test_a_call_past_the_limit_is_stopped(clean_alarm):
    """Does a call that would sleep 5 s stop after the 0.2 s limit with TimedOut?"""
    sink = AlarmSink(0.2, "en")
    started = time.monotonic()
    with pytest.raises(TimedOut, match=r"0\.2"):
        sink.start("code cell 3")
        try:
            time.sleep(5)
        finally:
            sink.end()
    assert time.monotonic() - started < 2


def test_the_handler_and_timer_before_a_call_come_back(clean_alarm):
    """Does a plugin's own SIGALRM handler, and its timer less the call's time, survive?"""
    def theirs(signum, frame):
        raise AssertionError("their alarm")

    signal.signal(signal.SIGALRM, theirs)
    signal.setitimer(signal.ITIMER_REAL, 30.0)
    sink = AlarmSink(5.0, "en")
    sink.start("code cell 1")
    time.sleep(0.05)
    sink.end()
    assert signal.getsignal(signal.SIGALRM) is theirs
    assert 29.0 < signal.getitimer(signal.ITIMER_REAL)[0] < 29.96
