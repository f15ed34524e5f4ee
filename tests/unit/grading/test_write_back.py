"""A public test's arguments become what the student's function left them, as they would in
the kit's single process; what cannot be changed in place stays as it was."""

from __future__ import annotations

import numpy as np

from autograder.grading.public import write_back


def test_arrays_lists_and_dicts_take_what_the_function_left():
    array, items, table = np.arange(3.0), [1, 2], {"a": 1}
    write_back(array, np.zeros(3))
    write_back(items, [9])
    write_back(table, {"b": 2})
    assert array.tolist() == [0.0, 0.0, 0.0] and items == [9] and table == {"b": 2}


def test_what_cannot_change_in_place_is_left_alone():
    frozen = np.arange(3.0)
    frozen.flags.writeable = False
    reshaped = np.arange(4.0)
    write_back(frozen, np.zeros(3))
    write_back(reshaped, np.zeros((2, 2)))
    write_back((1, 2), [0, 0])  # a tuple: nothing to write into
    write_back(np.arange(2.0), None)  # not sent back (not plain data)
    assert frozen.tolist() == [0.0, 1.0, 2.0] and reshaped.tolist() == [0.0, 1.0, 2.0, 3.0]
