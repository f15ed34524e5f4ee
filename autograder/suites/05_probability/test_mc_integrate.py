import numpy as np

from autograder.grading.suite import (
    CheckFailure,
    assert_close,
    default_rng_is_seed,
    msg,
    named,
    points,
)
from reference import probability as ref

EXP_NEG_SQ = 1.493648265624854
DEFAULT_HINT = "use rng = np.random.default_rng(0) when rng is None"
DDOF_HINT = "np.std(estimates) uses ddof=0, the population standard deviation"
LOOP_HINT = ("for each repeat draw x = rng.uniform(low, high, size=sample_size) and estimate "
             "abs(high - low) * mean(f(x)); return the mean and np.std (ddof=0) of the estimates")


MEAN, SPREAD = 0, 1  # the parts of mc_integrate's (mean, std)


def _part(got: object, expected: tuple[float, float],
          index: int = MEAN) -> tuple[object, object]:
    """One part of the (mean, std) pairs: a test of the mean leaves the spread to its own
    test. When the student's is not a pair, both whole, so the message says what came back."""
    if isinstance(got, tuple | list) and len(got) == 2:
        return got[index], expected[index]
    return got, expected


def _close(got: object, expected: object) -> bool:
    """Does the student's number match (anything else, a list or None, does not)?"""
    try:
        return bool(np.isclose(got, expected))
    except (TypeError, ValueError):
        return False


@points(2)
def test_mc_integrate_lecture_integral(student):
    """mc_integrate: exp(-x**2) on [-1, 1] with a given rng matches the reference draw for draw"""
    f = named("exp_neg_sq")
    got = student.mc_integrate(f, -1, 1, sample_size=1000, repeat=100,
                               rng=np.random.default_rng(2024))
    expected = ref.mc_integrate(f, -1, 1, sample_size=1000, repeat=100,
                                rng=np.random.default_rng(2024))
    assert_close(*_part(got, expected),
                 call="the mean of mc_integrate(exp(-x**2), -1, 1, 1000, 100, rng=...)",
                 rtol=1e-6, mistakes={"forgot the (high - low) factor": EXP_NEG_SQ / 2},
                 hint=LOOP_HINT)
    mean = got[0]
    if not abs(mean - EXP_NEG_SQ) < 4 * expected[1] / np.sqrt(100) + 1e-12:
        raise CheckFailure([msg("check.far_from", call="mc_integrate(exp(-x**2), -1, 1, ...)",
                                got=f"{mean:.6g}", count=4, expected=str(EXP_NEG_SQ))])


@points(2)
def test_mc_integrate_other_intervals(student, rng):
    """mc_integrate: the mean for x**3 on [1, 3] and sin on [0, pi], with seeded generators"""
    for name, low, high in [("cube", 1.0, 3.0), ("sin", 0.0, np.pi)]:
        seed = int(rng.integers(1_000_000))
        expected = ref.mc_integrate(named(name), low, high, sample_size=50, repeat=8,
                                    rng=np.random.default_rng(seed))
        got = student.mc_integrate(named(name), low, high, sample_size=50, repeat=8,
                                   rng=np.random.default_rng(seed))
        assert_close(*_part(got, expected),
                     call=f"the mean of mc_integrate({name}, {low:g}, {high:.4g}, 50, 8)",
                     mistakes={"forgot the (high - low) factor": expected[0] / (high - low)},
                     hint=LOOP_HINT)


@points(1)
def test_mc_integrate_population_std(student):
    """mc_integrate: the spread is np.std of the repeats with ddof=0"""
    f = named("square")
    expected = ref.mc_integrate(f, 0, 2, sample_size=20, repeat=5, rng=np.random.default_rng(9))
    got = student.mc_integrate(f, 0, 2, sample_size=20, repeat=5, rng=np.random.default_rng(9))
    mean, spread = _part(got, expected), _part(got, expected, SPREAD)
    assert_close(*spread, call="the spread of mc_integrate(x**2, 0, 2, 20, 5, rng=...)",
                 mistakes={"std with ddof=1": expected[1] * np.sqrt(5 / 4)},
                 hint=DDOF_HINT if _close(*mean) else LOOP_HINT)


@points(1)
def test_mc_integrate_default_rng(student):
    """mc_integrate: without rng the generator is default_rng(0)"""
    f = named("quarter_circle")
    got = student.mc_integrate(f, 0, 1)
    default_right = default_rng_is_seed(student.mc_integrate, got, f, 0, 1)
    assert_close(*_part(got, ref.mc_integrate(f, 0, 1)),
                 call="the mean of mc_integrate(sqrt(1 - x**2), 0, 1)",
                 hint=LOOP_HINT if default_right else DEFAULT_HINT)
