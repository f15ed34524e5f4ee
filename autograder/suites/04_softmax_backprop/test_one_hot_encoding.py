import numpy as np

from autograder.grading.suite import assert_close, assert_unchanged, edge, points
from reference import softmax_backprop as ref


@points(1)
def test_one_hot_encoding_rows(student):
    """one_hot_encoding: the argmax of every row becomes a one-hot row"""
    scores = np.array([[0.1, 3.0, 2.0], [5.0, 1.0, -2.0], [-1.0, -3.0, -0.5]])
    expected = np.array([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 1.0]])
    assert_close(student.one_hot_encoding(scores), expected, call="one_hot_encoding(scores)",
                 args={"scores": scores}, hint="take np.argmax along axis=-1")


@points(1)
def test_one_hot_encoding_random_scores(student, rng):
    """one_hot_encoding: random 2-D scores and a 1-D vector"""
    for shape in [(8, 4), (1, 5), (6,)]:
        scores = rng.normal(size=shape)
        assert_close(student.one_hot_encoding(scores), ref.one_hot_encoding(scores),
                     call="one_hot_encoding(scores)", args={"scores": scores})


@edge
@points(1)
def test_one_hot_encoding_input_unchanged(student, rng):
    """one_hot_encoding: the scores are not modified"""
    scores = rng.normal(size=(3, 4))
    assert_unchanged(student, "one_hot_encoding", scores)
