"""The class's score histogram as an embedded PNG (numbers only: the labels live in the page)."""

from __future__ import annotations

import base64
import io
import math
import statistics

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator


def histogram_edges(scores: list[float], max_score: float) -> list[float]:
    """Bin edges: one bar centred on each whole score when there are few, else 20 equal bins."""
    top = max(max_score, max(scores, default=0.0)) or 1.0
    if top <= 30 and all(float(score).is_integer() for score in scores):
        return [k - 0.5 for k in range(math.ceil(top) + 2)]
    return [top * k / 20 for k in range(21)]


def histogram_png(scores: list[float], max_score: float) -> str:
    """The score histogram as a base64 PNG, the mean as a dashed line."""
    edges = histogram_edges(scores, max_score)
    figure = Figure(figsize=(7.2, 2.6), dpi=130)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    axes.hist(scores, bins=edges, color="#4263eb", edgecolor="white")
    axes.axvline(statistics.fmean(scores), color="#212529", linestyle="--", linewidth=1.2)
    axes.set_xlim(edges[0], edges[-1])
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return base64.b64encode(buffer.getvalue()).decode("ascii")
