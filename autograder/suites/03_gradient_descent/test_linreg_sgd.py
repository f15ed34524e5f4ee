import numpy as np

from autograder.grading.suite import assert_close, assert_unchanged, edge, points
from reference import gradient_descent as ref

X_SIX = np.array([[1, 0, 2], [0, 1, 1], [2, 1, 0], [1, 2, 1], [0, 0, 1], [1, 1, 2]], dtype=float)
SHUFFLE_HINT = ("draw idx = rng.permutation(n) at the start of EVERY epoch and take "
                "consecutive batches of idx")


@points(2)
def test_linreg_sgd_single_samples(student, rng):
    """linreg_sgd: batch_size 1 follows rng.permutation every epoch"""
    X, y = rng.normal(size=(10, 2)), rng.normal(size=10)
    expected = ref.linreg_sgd(X, y, lr=0.05, n_epochs=8, rng=np.random.default_rng(11))
    got = student.linreg_sgd(X, y, lr=0.05, n_epochs=8, rng=np.random.default_rng(11))
    assert_close(got, expected, call="linreg_sgd(X, y, lr=0.05, n_epochs=8, "
                 "rng=default_rng(11))", args={"X": X, "y": y}, hint=SHUFFLE_HINT)


@points(2)
def test_linreg_sgd_mini_batches_are_averaged(student, rng):
    """linreg_sgd: mini-batches of 3 use the batch-averaged gradient"""
    X, y = rng.normal(size=(12, 3)), rng.normal(size=12)
    expected = ref.linreg_sgd(X, y, lr=0.02, n_epochs=6, batch_size=3,
                              rng=np.random.default_rng(4))
    summed = ref.linreg_sgd(X, y, lr=0.06, n_epochs=6, batch_size=3,
                            rng=np.random.default_rng(4))
    got = student.linreg_sgd(X, y, lr=0.02, n_epochs=6, batch_size=3,
                             rng=np.random.default_rng(4))
    assert_close(got, expected, call="linreg_sgd(X, y, lr=0.02, n_epochs=6, batch_size=3, "
                 "rng=default_rng(4))", args={"X": X, "y": y},
                 mistakes={"gradient summed over the batch, not averaged": summed},
                 hint="divide the batch gradient by len(batch)")


@points(1)
def test_linreg_sgd_shorter_last_batch(student, rng):
    """linreg_sgd: batch_size 4 on 10 rows ends each epoch with a batch of 2"""
    X, y = rng.normal(size=(10, 2)), rng.normal(size=10)
    beta0 = rng.normal(size=3)
    kwargs = {"lr": 0.05, "n_epochs": 7, "batch_size": 4, "beta0": beta0}
    expected = ref.linreg_sgd(X, y, rng=np.random.default_rng(5), **kwargs)
    got = student.linreg_sgd(X, y, rng=np.random.default_rng(5), **kwargs)
    assert_close(got, expected, call="linreg_sgd(X, y, lr=0.05, n_epochs=7, batch_size=4, "
                 "rng=default_rng(5), beta0)", args={"X": X, "y": y, "beta0": beta0},
                 hint="the last batch of an epoch holds the remaining rows (here 2), and "
                 "each batch's gradient is averaged over its own rows")


@points(1)
def test_linreg_sgd_default_rng_converges(student):
    """linreg_sgd: the default rng is default_rng(0); six rows converge to [1, 3, 5, 7]"""
    y = X_SIX @ np.array([1.0, 3.0, 5.0]) + 7
    got = student.linreg_sgd(X_SIX, y, n_epochs=3000)
    assert_close(got, ref.linreg_sgd(X_SIX, y, n_epochs=3000), call="linreg_sgd(X, y, "
                 "n_epochs=3000)", args={"X": X_SIX, "y": y},
                 hint="use rng = np.random.default_rng(0) when rng is None")
    assert_close(got, np.array([1.0, 3.0, 5.0, 7.0]), call="linreg_sgd(X, y, n_epochs=3000)",
                 atol=1e-5)


@edge
@points(1)
def test_linreg_sgd_inputs_unchanged(student, rng):
    """linreg_sgd: X, y and beta0 are not modified"""
    X, y, beta0 = rng.normal(size=(6, 2)), rng.normal(size=6), rng.normal(size=3)
    assert_unchanged(student, "linreg_sgd", X, y, n_epochs=3, batch_size=2, beta0=beta0)
