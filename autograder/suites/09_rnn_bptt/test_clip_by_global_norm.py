import numpy as np

from autograder.grading.suite import assert_close, assert_unchanged, edge, points
from reference import rnn_bptt as ref

SEPARATE = "each gradient was clipped on its own: use ONE norm over all gradients together"


def make_grads(rng, scale):
    """Gradients of several shapes, one of them much larger than the others."""
    return {"dWx": scale * rng.normal(size=(3, 4)), "dWh": 10 * scale * rng.normal(size=(4, 4)),
            "db": scale * rng.normal(size=4)}


def separately(grads, max_norm):
    """What clipping each gradient by its own norm returns."""
    return {k: g * min(1.0, max_norm / np.linalg.norm(g)) for k, g in grads.items()}


def always(grads, max_norm):
    """What rescaling to max_norm without comparing first returns."""
    total = np.sqrt(sum(np.sum(g**2) for g in grads.values()))
    return {k: g * max_norm / total for k, g in grads.items()}


@points(2)
def test_clip_by_global_norm_large_gradients(student, rng):
    """clip_by_global_norm: gradients above the threshold are scaled together"""
    for max_norm in (1.0, 5.0):
        grads = make_grads(rng, 3.0)
        assert_close(student.clip_by_global_norm(grads, max_norm),
                     ref.clip_by_global_norm(grads, max_norm),
                     call=f"clip_by_global_norm(grads, {max_norm})", args=grads,
                     mistakes={SEPARATE: separately(grads, max_norm)},
                     hint="global_norm = sqrt(sum of every squared entry of every gradient)")


@edge
@points(1)
def test_clip_by_global_norm_small_gradients(student, rng):
    """clip_by_global_norm: gradients below the threshold are returned unchanged"""
    grads = make_grads(rng, 0.01)
    assert_close(student.clip_by_global_norm(grads, 100.0), grads,
                 call="clip_by_global_norm(grads, 100.0)", args=grads,
                 mistakes={"rescaled although the norm was below max_norm":
                           always(grads, 100.0)},
                 hint="scale only when the global norm exceeds max_norm")


@points(1)
def test_clip_by_global_norm_single_gradient(student):
    """clip_by_global_norm: a single gradient [3, 4] clipped to norm 1 is [0.6, 0.8]"""
    grads = {"g": np.array([3.0, 4.0])}
    assert_close(student.clip_by_global_norm(grads, 1.0), {"g": np.array([0.6, 0.8])},
                 call="clip_by_global_norm({'g': [3, 4]}, 1.0)")


@edge
@points(1)
def test_clip_by_global_norm_inputs_unchanged(student, rng):
    """clip_by_global_norm: the gradients passed in are not modified"""
    grads = make_grads(rng, 2.0)
    assert_unchanged(student, "clip_by_global_norm", grads, 1.0)
