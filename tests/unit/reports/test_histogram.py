"""The class's score histogram: bins that fit the scores, a PNG for any class."""

from __future__ import annotations

import base64

import pytest

from autograder.reports.histogram import histogram_edges, histogram_png


def test_whole_scores_get_one_bar_each():
    """With whole scores up to 30, is every score the centre of its own bar?"""
    assert histogram_edges([0, 3, 10], 10) == [k - 0.5 for k in range(12)]


def test_fractional_or_large_scores_get_twenty_bins():
    """With partial credit or large maxima, are there 20 equal bins from 0 to the maximum?"""
    assert histogram_edges([0.5, 2.0], 4) == [4 * k / 20 for k in range(21)]
    assert len(histogram_edges([10, 90], 100)) == 21


def test_scores_above_the_maximum_stay_inside():
    """Does a score above max_score (a bonus) still fall inside the last bin?"""
    assert histogram_edges([12.5], 10)[-1] == 12.5


@pytest.mark.parametrize(("scores", "max_score"), [([0.0], 0.0), ([5.0] * 40, 5.0),
                                                    ([0.25, 99.75, 50.0], 100.0)])
def test_any_class_gives_a_png(scores, max_score):
    """Does a single student, a class all on one score or a spread class give a PNG?"""
    data = base64.b64decode(histogram_png(scores, max_score))
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
