"""The monitor's statistics: the paper's figures, the published worked example, zeros and
small numbers, and properties any relative likelihood must have."""

from __future__ import annotations

import math

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from justculture.monitor.report import percent_text, ratio_text
from justculture.monitor.stats import (
    CORRECTION,
    CountRow,
    CountTable,
    Settings,
    figures,
    position,
    relative_likelihood,
)


def test_the_papers_2016_17_figures_give_a_pooled_ratio_of_1_31() -> None:
    # Being fair (2019): 1.3% of white staff (n = 11,857) and 1.7% of BAME staff (n = 3,854)
    # entered the formal disciplinary process. The n are entrants, so the headcounts follow.
    bame = relative_likelihood(3854, round(3854 / 0.017), 11857, round(11857 / 0.013))
    assert ratio_text(bame.ratio) == "1.31"
    assert bame.ratio == pytest.approx(1.7 / 1.3, rel=1e-4)
    # Sixteen thousand entrants leave little room for chance.
    assert position(bame) == "above"
    assert bame.low is not None and bame.low > 1.25


def test_the_pooled_ratio_is_not_the_papers_average_of_trust_ratios() -> None:
    # Two trusts: pooling their counts gives one figure, averaging their own ratios another.
    rows = (
        CountRow("2016-17", "White", 9000, (90,), organisation="A"),
        CountRow("2016-17", "BAME", 1000, (30,), organisation="A"),
        CountRow("2016-17", "White", 1000, (20,), organisation="B"),
        CountRow("2016-17", "BAME", 3000, (45,), organisation="B"),
    )
    data = figures(CountTable(("entered",), rows), Settings({"": "White"}))
    dimension = data["dimensions"][0]
    pooled = dimension["cells"][1]["measures"][0]["ratio"]
    spread = dimension["spread"][0]
    assert pooled == pytest.approx((75 / 4000) / (110 / 10000))
    assert spread["mean"] == pytest.approx((3.0 + 0.75) / 2)
    assert spread["median"] == spread["mean"]
    assert (spread["min"], spread["max"]) == pytest.approx((0.75, 3.0))
    assert spread["organisations"] == spread["with_ratio"] == 2


def test_the_published_trust_example_is_1_7_on_small_numbers() -> None:
    # Kent and Medway NHS and Social Care Partnership Trust, WRES indicator 3: white 0.7%
    # (17 staff) against BAME 1.2% (9 staff), reported as "1.7 times".
    white_headcount, bame_headcount = round(17 / 0.007), round(9 / 0.012)
    rows = (
        CountRow("2020-22", "White", white_headcount, (17,)),
        CountRow("2020-22", "BAME", bame_headcount, (9,)),
    )
    data = figures(CountTable(("entered",), rows), Settings({"": "White"}))
    measure = data["dimensions"][0]["cells"][1]["measures"][0]
    assert f"{measure['ratio']:.1f}" == "1.7"
    assert percent_text(measure["rate"]) == "1.2%"
    assert percent_text(measure["reference_rate"]) == "0.7%"
    # Nine people: below the threshold of 10, so not a finding, and the interval spans 1.
    assert measure["small"] is True
    assert measure["position"] == "across"
    assert measure["low"] < 1 < measure["high"]


def test_the_interval_is_the_katz_log_interval() -> None:
    result = relative_likelihood(30, 1000, 20, 1000)
    error = math.sqrt(1 / 30 - 1 / 1000 + 1 / 20 - 1 / 1000)
    assert result.ratio == pytest.approx(1.5)
    assert result.low == pytest.approx(1.5 * math.exp(-1.959964 * error))
    assert result.high == pytest.approx(1.5 * math.exp(1.959964 * error))
    assert result.corrected is False


def test_a_zero_count_adds_one_half_to_each_cell_for_the_interval_only() -> None:
    result = relative_likelihood(0, 200, 12, 1000)
    assert result.ratio == 0.0  # the ratio shown is the plain one
    assert result.corrected is True
    a, n1, c, n2 = 0 + CORRECTION, 200 + 2 * CORRECTION, 12 + CORRECTION, 1000 + 2 * CORRECTION
    centre = math.log((a / n1) / (c / n2))
    error = math.sqrt(1 / a - 1 / n1 + 1 / c - 1 / n2)
    assert result.low == pytest.approx(math.exp(centre - 1.959964 * error))
    assert result.high == pytest.approx(math.exp(centre + 1.959964 * error))
    # The reference group with none has no ratio, but still an interval.
    none_in_reference = relative_likelihood(5, 200, 0, 1000)
    assert none_in_reference.ratio is None
    assert none_in_reference.low is not None and none_in_reference.low > 1


def test_no_base_gives_no_ratio_and_no_interval() -> None:
    assert relative_likelihood(0, 0, 5, 100).low is None


def test_small_numbers_follow_the_configured_threshold() -> None:
    rows = (CountRow("p", "White", 1000, (12,)), CountRow("p", "Black", 500, (12,)))
    table = CountTable(("entered",), rows)
    assert (
        figures(table, Settings({"": "White"}))["dimensions"][0]["cells"][1]["measures"][0]["small"]
        is False
    )
    assert (
        figures(table, Settings({"": "White"}, threshold=20))["dimensions"][0]["cells"][1][
            "measures"
        ][0]["small"]
        is True
    )


def test_the_range_is_configurable_and_only_says_inside_or_outside() -> None:
    rows = (CountRow("p", "White", 1000, (100,)), CountRow("p", "Black", 1000, (115,)))
    table = CountTable(("entered",), rows)
    measure = figures(table, Settings({"": "White"}))["dimensions"][0]["cells"][1]["measures"][0]
    assert measure["in_band"] is True
    narrow = Settings({"": "White"}, band=(0.9, 1.1))
    assert figures(table, narrow)["dimensions"][0]["cells"][1]["measures"][0]["in_band"] is False


def test_later_stages_compare_those_at_the_stage_before() -> None:
    rows = (
        CountRow("p", "White", 1000, (100, 10)),
        CountRow("p", "Black", 500, (100, 30)),
    )
    data = figures(CountTable(("entered", "suspended"), rows), Settings({"": "White"}))
    entered, suspended = data["dimensions"][0]["cells"][1]["measures"]
    assert entered["ratio"] == pytest.approx(2.0)
    assert suspended["base"] == 100 and suspended["reference_base"] == 100
    assert suspended["ratio"] == pytest.approx(3.0)


def test_numbers_are_rounded_half_away_from_zero_like_the_browser() -> None:
    assert ratio_text(1.125) == "1.13"  # exactly 1.125 in binary: JavaScript's toFixed gives 1.13
    assert ratio_text(1.3076917) == "1.31"
    assert percent_text(0.0004) == "less than 0.1%"
    assert percent_text(0.0) == "0.0%"


# Properties ---------------------------------------------------------------------------------

counts = st.integers(min_value=1, max_value=5000)


@st.composite
def two_groups(draw: st.DrawFn) -> tuple[int, int, int, int]:
    n1, n2 = draw(counts), draw(counts)
    return draw(st.integers(1, n1)), n1, draw(st.integers(1, n2)), n2


@settings(max_examples=300, deadline=None)
@given(two_groups())
def test_swapping_the_groups_inverts_the_ratio_and_its_interval(
    groups: tuple[int, int, int, int],
) -> None:
    a, n1, c, n2 = groups
    forward, back = relative_likelihood(a, n1, c, n2), relative_likelihood(c, n2, a, n1)
    assert forward.ratio is not None and back.ratio is not None
    assert forward.ratio * back.ratio == pytest.approx(1.0)
    assert forward.low is not None and back.high is not None
    assert forward.low * back.high == pytest.approx(1.0)


@settings(max_examples=300, deadline=None)
@given(two_groups(), st.integers(min_value=2, max_value=50))
def test_scaling_every_count_up_narrows_the_interval(
    groups: tuple[int, int, int, int], factor: int
) -> None:
    a, n1, c, n2 = groups
    assume(a < n1 or c < n2)  # everyone entering in both groups has no spread to narrow
    small, large = (
        relative_likelihood(a, n1, c, n2),
        relative_likelihood(a * factor, n1 * factor, c * factor, n2 * factor),
    )
    assert large.ratio == pytest.approx(small.ratio)
    assert small.low is not None and small.high is not None
    assert large.low is not None and large.high is not None
    assert math.log(large.high / large.low) < math.log(small.high / small.low)


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 500), st.integers(1, 500), st.integers(1, 40))
def test_equal_rates_give_a_ratio_of_one(count: int, extra: int, multiple: int) -> None:
    base = count + extra
    result = relative_likelihood(count * multiple, base * multiple, count, base)
    if count:
        assert result.ratio == pytest.approx(1.0)
    assert result.low is not None and result.high is not None
    assert result.low <= 1.0 <= result.high or count == 0
