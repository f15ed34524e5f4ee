import numpy as np

from autograder.grading.suite import assert_close, assert_unchanged, edge, points
from reference import bayes as ref


def wrong_answers(y_true, y_pred):
    """The known mistakes, as the dicts they would return."""
    right = ref.confusion_metrics(y_true, y_pred)
    tp, fp = right["tp"], right["fp"]
    return {
        "false_alarm is fp / (fp + tn), the share of negatives flagged, not fp / (fp + tp)":
            {**right, "false_alarm": fp / (fp + tp) if fp + tp else 0.0},
        "precision and recall swapped":
            {**right, "precision": right["recall"], "recall": right["precision"]},
    }


@points(1)
def test_confusion_metrics_small_example(student):
    """confusion_metrics: a hand-counted example with 3 tp, 1 fp, 2 fn and 4 tn"""
    y_true = np.array([1, 1, 1, 1, 1, 0, 0, 0, 0, 0])
    y_pred = np.array([1, 1, 1, 0, 0, 1, 0, 0, 0, 0])
    expected = {"tp": 3, "fp": 1, "fn": 2, "tn": 4, "precision": 0.75, "recall": 0.6,
                "false_alarm": 0.2}
    assert_close(student.confusion_metrics(y_true, y_pred), expected,
                 call="confusion_metrics(y_true, y_pred)",
                 args={"y_true": y_true, "y_pred": y_pred},
                 mistakes=wrong_answers(y_true, y_pred))


@points(2)
def test_confusion_metrics_random_labels(student, rng):
    """confusion_metrics: random labels of lengths 20, 100 and 1000"""
    for n in (20, 100, 1000):
        y_true, y_pred = rng.integers(0, 2, size=n), rng.integers(0, 2, size=n)
        assert_close(student.confusion_metrics(y_true, y_pred),
                     ref.confusion_metrics(y_true, y_pred),
                     call="confusion_metrics(y_true, y_pred)",
                     args={"y_true": y_true, "y_pred": y_pred},
                     mistakes=wrong_answers(y_true, y_pred))


@points(2)
def test_confusion_metrics_empty_denominators(student):
    """confusion_metrics: ratios with a zero denominator are 0.0, never nan"""
    for y_true, y_pred in (([0, 0, 0], [0, 0, 0]), ([1, 1], [1, 1]), ([1, 0, 1], [0, 0, 0])):
        y_true, y_pred = np.array(y_true), np.array(y_pred)
        assert_close(student.confusion_metrics(y_true, y_pred),
                     ref.confusion_metrics(y_true, y_pred),
                     call="confusion_metrics(y_true, y_pred)",
                     args={"y_true": y_true, "y_pred": y_pred},
                     hint="when a denominator such as tp + fp is 0, the contract says 0.0")


@points(1)
def test_confusion_metrics_single_sample(student):
    """confusion_metrics: one false positive"""
    y_true, y_pred = np.array([0]), np.array([1])
    assert_close(student.confusion_metrics(y_true, y_pred),
                 ref.confusion_metrics(y_true, y_pred), call="confusion_metrics([0], [1])",
                 mistakes=wrong_answers(y_true, y_pred))


@edge
@points(1)
def test_confusion_metrics_inputs_unchanged(student, rng):
    """confusion_metrics: y_true and y_pred are not modified"""
    y_true, y_pred = rng.integers(0, 2, size=15), rng.integers(0, 2, size=15)
    assert_unchanged(student, "confusion_metrics", y_true, y_pred)
