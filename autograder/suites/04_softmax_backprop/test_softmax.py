import numpy as np

from autograder.grading.suite import assert_close, assert_unchanged, edge, points
from reference import softmax_backprop as ref


@points(1)
def test_softmax_lecture_example(student):
    """softmax: [1, 2, 0] gives the lecture's [0.24472847, 0.66524096, 0.09003057]"""
    z = np.array([1.0, 2.0, 0.0])
    assert_close(student.softmax(z), np.array([0.24472847, 0.66524096, 0.09003057]),
                 call="softmax(z)", args={"z": z}, atol=1e-8)


@points(2)
def test_softmax_rows_of_a_matrix(student, rng):
    """softmax: a 2-D input is normalised along its last axis, row by row"""
    for shape in [(4, 6), (1, 3), (5, 2)]:
        z = rng.normal(size=shape)
        expected = ref.softmax(z)
        col = np.exp(z) / np.exp(z).sum(axis=0, keepdims=True)
        assert_close(student.softmax(z), expected, call="softmax(z)", args={"z": z},
                     mistakes={"normalised along axis 0 (columns)": col,
                               "normalised over the whole array": np.exp(z) / np.exp(z).sum()},
                     hint="sum with axis=-1, keepdims=True so that every row sums to 1")


@points(2)
def test_softmax_large_inputs(student, rng):
    """softmax: inputs around 1000 stay finite"""
    for z in (np.array([1000.0, 1001.0, 999.0]), 1000 + rng.normal(size=(3, 4)),
              np.array([[-1000.0, 0.0, 1000.0]])):
        assert_close(student.softmax(z), ref.softmax(z), call="softmax(z)", args={"z": z},
                     hint="subtract the row maximum before np.exp: exp(1000) overflows")


@edge
@points(1)
def test_softmax_input_unchanged(student, rng):
    """softmax: the input is not modified"""
    z = rng.normal(size=(3, 4))
    assert_unchanged(student, "softmax", z)
