"""The class's score histogram: bins that fit the scores, an SVG for any class."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from autograder.reports.histogram import counts, histogram_edges, histogram_svg, ticks


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


def test_each_score_counts_once_and_the_top_score_is_in_the_last_bin():
    """Do the bars count every score once, a score on the last edge included?"""
    edges = histogram_edges([0.5, 2.0, 4.0, 4.0], 4)
    found = counts([0.5, 2.0, 4.0, 4.0], edges)
    assert sum(found) == 4 and found[-1] == 2 and found[2] == 1


def test_ticks_are_whole_and_few():
    """Are the axis ticks whole numbers, at most ten, spaced 1, 2 or 5 times ten to a power?"""
    assert ticks(-0.5, 10.5) == [0, 2, 4, 6, 8, 10]
    assert ticks(0, 100) == list(range(0, 101, 10))
    assert ticks(0, 3, 5) == [0, 1, 2, 3]


@pytest.mark.parametrize(("scores", "max_score"), [([0.0], 0.0), ([5.0] * 40, 5.0),
                                                    ([0.25, 99.75, 50.0], 100.0)])
def test_any_class_gives_a_well_formed_svg(scores, max_score):
    """Does a single student, a class all on one score or a spread class give an SVG whose
    bars hold every student, the tallest reaching the top?"""
    svg = ET.fromstring(str(histogram_svg(scores, max_score, "Scores")))
    bars = svg.findall("{*}rect") or svg.findall("rect")
    heights = sorted(float(bar.get("height")) for bar in bars)
    found = counts(scores, histogram_edges(scores, max_score))
    assert len(bars) == sum(1 for n in found if n)
    assert heights[-1] / heights[0] == pytest.approx(max(found) / min(n for n in found if n))
    assert svg.get("aria-label") == "Scores"


def test_the_mean_line_stands_at_the_mean():
    """Is the dashed line at the mean's place on the axis (here exactly half way)?"""
    svg = str(histogram_svg([0.0, 10.0], 10.0, "Scores"))
    dashed = re.search(r'<line x1="([0-9.]+)"[^>]*stroke-dasharray', svg)
    first, last = (float(x) for x in re.findall(r'<text x="([0-9.]+)"[^>]*>(?:0|10)<', svg)[:2])
    assert float(dashed.group(1)) == pytest.approx((first + last) / 2, abs=0.1)


def test_the_label_is_escaped():
    """Can a translated label with quotes or markup break out of the attribute?"""
    assert '"<b>' not in str(histogram_svg([1.0], 2.0, '"<b>'))
