import numpy as np

from autograder.grading.suite import assert_close, default_rng_is_seed, points
from reference import probability as ref

DEFAULT_HINT = "use rng = np.random.default_rng(0) when rng is None"
DRAW_HINT = ("draw all points at once with rng.uniform(0, 1, size=(n, 2)) and return 4 times "
             "the fraction with x**2 + y**2 <= 1")


@points(2)
def test_mc_pi_seeded(student, rng):
    """mc_pi: seeded generators give the contract's estimate exactly"""
    for n in (10, 1000, 12345):
        seed = int(rng.integers(1_000_000))
        expected = ref.mc_pi(n, rng=np.random.default_rng(seed))
        assert_close(student.mc_pi(n, rng=np.random.default_rng(seed)), expected,
                     call=f"mc_pi({n}, rng=np.random.default_rng(seed))",
                     mistakes={"forgot the factor 4": expected / 4}, hint=DRAW_HINT)


@points(1)
def test_mc_pi_close_to_pi(student, rng):
    """mc_pi: 200000 points land within 0.02 of pi"""
    got = student.mc_pi(200_000, rng=np.random.default_rng(int(rng.integers(1_000_000))))
    assert_close(got, np.pi, call="mc_pi(200000, rng)", atol=0.02,
                 mistakes={"forgot the factor 4": np.pi / 4},
                 hint="the quarter disc covers pi/4 of the unit square")


@points(1)
def test_mc_pi_default_rng(student):
    """mc_pi: without rng the generator is default_rng(0)"""
    got = student.mc_pi(5000)
    assert_close(got, ref.mc_pi(5000), call="mc_pi(5000)",
                 hint=DRAW_HINT if default_rng_is_seed(student.mc_pi, got, 5000) else DEFAULT_HINT)
