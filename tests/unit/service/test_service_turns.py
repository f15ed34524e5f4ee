"""Each student's uploads are read one at a time, with at most one waiting its turn."""

from __future__ import annotations

import threading

import pytest

from autograder.service.errors import ServiceError
from autograder.service.turns import UploadTurns


def test_a_flood_of_one_students_uploads_is_refused_and_nobody_else_waits() -> None:
    """While alice's upload is read and a second waits (a double click), is a third refused
    with 429 at once (an outside reviewer's three 11 MB uploads at once held the service for
    minutes), the waiting one read after the first, and bob never kept waiting?"""
    turns, reading, release = UploadTurns(), threading.Event(), threading.Event()
    order: list[str] = []

    def upload(name: str, hold: bool) -> None:
        with turns.turn("alice"):
            order.append(name)
            if hold:
                reading.set()
                release.wait(5)

    first = threading.Thread(target=upload, args=("first", True))
    first.start()
    assert reading.wait(5)
    second = threading.Thread(target=upload, args=("second", False))
    second.start()
    while turns._count["alice"] < 2:  # the second is waiting its turn
        pass
    with pytest.raises(ServiceError) as refused, turns.turn("alice"):
        pass
    assert refused.value.status == 429
    with turns.turn("bob"):
        order.append("bob")
    release.set()
    first.join(5)
    second.join(5)
    assert order == ["first", "bob", "second"]
    with turns.turn("alice"):  # all done: alice's turns start afresh
        assert turns._count["alice"] == 1
