"""The course's assignments and quizzes: ids, titles and the functions each one defines."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent
ROOT = PACKAGE.parent
SUITES = PACKAGE / "suites"
QUIZBANK = PACKAGE / "quiz" / "banks"


@dataclass(frozen=True)
class Assignment:
    """One gradable unit: an exercise notebook or a lecture quiz."""

    id: str
    title: str
    lecture: int
    functions: tuple[str, ...] = ()
    reference: str | None = None
    preload: tuple[str, ...] = ()

    @property
    def is_quiz(self) -> bool:
        return self.id.startswith("quiz_")

    @property
    def suite_dir(self) -> Path:
        """Where the hidden suite lives (one shared suite for every quiz)."""
        return SUITES / ("quiz" if self.is_quiz else self.id)


EXERCISES = (
    Assignment("01_vectors", "Vectors: norms, products, angles", 1,
               ("l1_norm", "l2_norm", "hadamard", "angle"), "vectors"),
    Assignment("02_matrices", "Matrices: inner products, pseudo-inverse, regression", 2,
               ("row_inner", "moore_penrose", "pinv_regression", "predict"), "matrices"),
    Assignment("03_gradient_descent",
               "Gradient descent (advanced assignment 1: gradient descent)", 3,
               ("derivative", "gradient_descent_1d", "gradient", "gradient_descent_nd",
                "linreg_gd", "linreg_sgd"), "gradient_descent", ("sympy",)),
    Assignment("04_softmax_backprop",
               "Softmax, MLP and backpropagation (advanced assignment 2: backpropagation)", 5,
               ("softmax", "one_hot", "one_hot_encoding", "cross_entropy", "relu",
                "relu_grad", "mlp_forward", "mlp_backward", "numerical_gradient"),
               "softmax_backprop"),
    Assignment("05_probability", "Probability and Monte Carlo", 6,
               ("expectation", "variance", "mc_integrate", "mc_pi"), "probability"),
    Assignment("06_mle",
               "Statistics and maximum likelihood (advanced assignment 3: maximum likelihood)", 7,
               ("normal_mle", "normal_log_likelihood", "categorical_mle", "kl_divergence",
                "cross_entropy_dist"), "mle"),
    Assignment("07_bayes", "Bayes' rule and classification metrics", 8,
               ("posterior", "sequential_posterior", "confusion_metrics"), "bayes"),
    Assignment("08_conv2d", "Convolution and CNN layers", 9,
               ("conv_output_size", "conv1d", "conv2d_forward", "conv2d_backward"), "conv2d"),
    Assignment("09_rnn_bptt",
               "RNN and backpropagation through time (advanced assignment 2: backpropagation)", 10,
               ("rnn_forward", "rnn_backward", "rnn_backward_truncated", "clip_by_global_norm",
                "linear_rnn_forward", "linear_rnn_backward"), "rnn_bptt"),
)

QUIZ_TITLES = (
    "Vectors", "Matrices", "Gradient descent I", "Gradient descent II", "Neural networks",
    "Probability", "Statistics and MLE", "Bayes", "CNN", "RNN",
)

QUIZZES = tuple(
    Assignment(f"quiz_{n:02d}", f"Quiz {n}: {title}", n)
    for n, title in enumerate(QUIZ_TITLES, start=1)
)

ALL = {a.id: a for a in EXERCISES + QUIZZES}


def get(assignment_id: str) -> Assignment:
    """Look an assignment up by id, with a message that lists the valid ids."""
    try:
        return ALL[assignment_id]
    except KeyError:
        valid = ", ".join(ALL)
        raise KeyError(f"unknown assignment {assignment_id!r}; valid ids: {valid}") from None
