"""The fairness monitor's statistics: pure functions from counts to figures, with no I/O or words.

Every figure is computed the same way in the browser (``docs/assets/js/monitor.js``); a parity
test holds the two together, so each step here is written as plain arithmetic in a fixed order
(no ``sum()``, whose float rounding differs between Python versions and from JavaScript).

- Rate: the number at a stage divided by its base (the headcount for the first stage, the stage
  before for each later one).
- Relative likelihood (WRES indicator 3): the group's rate divided by the reference group's rate.
- Its 95% confidence interval by the Katz log method: ``exp(ln RL ± 1.96 * SE)`` with
  ``SE = sqrt(1/a - 1/n1 + 1/c - 1/n2)``. When either count is 0 the log is undefined, so 0.5 is
  added to each of the four cells of the 2-by-2 table (entered and not entered, in both groups) —
  the Haldane-Anscombe correction — for the interval only; the ratio shown stays the plain one.
- Small numbers: a ratio resting on any count below the threshold is marked ``small``: it is not
  a finding, and a report shows its counts as "fewer than" the threshold.
- The band (0.80 to 1.25 by default) is a target range, not a test: ``in_band`` only says whether the
  ratio lies inside it. ``position`` says whether the interval lies above, below or across 1.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

Z95 = 1.959963984540054  # the standard normal quantile for a two-sided 95% interval
CORRECTION = 0.5
DEFAULT_THRESHOLD = 10
DEFAULT_BAND = (0.8, 1.25)


@dataclass(frozen=True)
class CountRow:
    """One row of counts: a group of staff in one period (and organisation, and dimension)."""

    period: str
    group: str
    headcount: int
    counts: tuple[int, ...]  # one per stage, in the stages' order
    dimension: str = ""
    organisation: str = ""
    line: int = 0  # where the row was read, for located errors


@dataclass(frozen=True)
class CountTable:
    stages: tuple[str, ...]
    rows: tuple[CountRow, ...]


@dataclass(frozen=True)
class Settings:
    references: Mapping[str, str]  # dimension -> reference group
    threshold: int = DEFAULT_THRESHOLD
    band: tuple[float, float] = DEFAULT_BAND


@dataclass(frozen=True)
class Interval:
    ratio: float | None
    low: float | None
    high: float | None
    corrected: bool = False


def rate(count: int, base: int) -> float | None:
    return count / base if base > 0 else None


def relative_likelihood(a: int, n1: int, c: int, n2: int) -> Interval:
    """(a / n1) ÷ (c / n2) with its Katz log 95% interval; see the module's note on zeros."""
    if n1 <= 0 or n2 <= 0:
        return Interval(None, None, None)
    ratio = (a / n1) / (c / n2) if c > 0 else None
    corrected = a == 0 or c == 0
    x, m, y, k = float(a), float(n1), float(c), float(n2)
    if corrected:
        x, y = x + CORRECTION, y + CORRECTION
        m, k = m + 2 * CORRECTION, k + 2 * CORRECTION
    centre = math.log((x / m) / (y / k))
    error = math.sqrt(1 / x - 1 / m + 1 / y - 1 / k)
    low, high = math.exp(centre - Z95 * error), math.exp(centre + Z95 * error)
    return Interval(ratio, low, high, corrected)


def position(interval: Interval) -> str | None:
    """Where the interval lies against 1: 'above', 'below' or 'across' (None if there is none)."""
    if interval.low is None or interval.high is None:
        return None
    if interval.low > 1:
        return "above"
    if interval.high < 1:
        return "below"
    return "across"


def in_band(ratio: float | None, band: tuple[float, float]) -> bool | None:
    return None if ratio is None else band[0] <= ratio <= band[1]


def median(values: Sequence[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def mean(values: Sequence[float]) -> float:
    total = 0.0
    for value in values:
        total += value
    return total / len(values)


# The figures -------------------------------------------------------------------------------


@dataclass
class _Cell:
    headcount: int
    counts: list[int]


@dataclass
class _Dimension:
    name: str
    periods: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    organisations: list[str] = field(default_factory=list)
    # (organisation, period, group) -> counts; organisation "" holds the pooled sums.
    cells: dict[tuple[str, str, str], _Cell] = field(default_factory=dict)


def figures(table: CountTable, settings: Settings) -> dict[str, Any]:
    """Every figure for every dimension, as plain data (the JSON ``--format json`` prints)."""
    return {
        "stages": list(table.stages),
        "threshold": settings.threshold,
        "band": list(settings.band),
        "confidence": 0.95,
        "correction": CORRECTION,
        "dimensions": [
            _dimension_figures(dimension, settings) for dimension in _gather(table, settings)
        ],
    }


def _gather(table: CountTable, settings: Settings) -> list[_Dimension]:
    dimensions: dict[str, _Dimension] = {}
    for row in table.rows:
        dimension = dimensions.setdefault(row.dimension, _Dimension(row.dimension))
        _add_once(dimension.periods, row.period)
        _add_once(dimension.groups, row.group)
        _add_once(dimension.organisations, row.organisation)
        for organisation in {"", row.organisation}:
            cell = dimension.cells.setdefault(
                (organisation, row.period, row.group), _Cell(0, [0] * len(table.stages))
            )
            cell.headcount += row.headcount
            cell.counts = [
                total + count for total, count in zip(cell.counts, row.counts, strict=True)
            ]
    for dimension in dimensions.values():
        reference = settings.references.get(dimension.name, "")
        if reference in dimension.groups:  # the reference group first
            dimension.groups.remove(reference)
            dimension.groups.insert(0, reference)
    return list(dimensions.values())


def _add_once(items: list[str], item: str) -> None:
    if item not in items:
        items.append(item)


def _dimension_figures(dimension: _Dimension, settings: Settings) -> dict[str, Any]:
    reference = settings.references.get(dimension.name, "")
    cells = [
        _cell_figures(dimension, "", period, group, reference, settings)
        for period in dimension.periods
        for group in dimension.groups
        if ("", period, group) in dimension.cells
    ]
    several = len(dimension.organisations) > 1
    return {
        "dimension": dimension.name,
        "reference": reference,
        "periods": list(dimension.periods),
        "groups": list(dimension.groups),
        "organisations": list(dimension.organisations) if several else [],
        "cells": cells,
        "spread": _spread(dimension, reference, settings) if several else [],
    }


def _cell_figures(
    dimension: _Dimension,
    organisation: str,
    period: str,
    group: str,
    reference: str,
    settings: Settings,
) -> dict[str, Any]:
    cell = dimension.cells[(organisation, period, group)]
    bases = [cell.headcount, *cell.counts[:-1]]
    is_reference = group == reference
    own = dimension.cells.get((organisation, period, reference))
    measures = []
    if not is_reference and own is not None:
        reference_bases = [own.headcount, *own.counts[:-1]]
        measures = [
            _measure(cell.counts[i], bases[i], own.counts[i], reference_bases[i], settings)
            for i in range(len(cell.counts))
        ]
    return {
        "period": period,
        "group": group,
        "reference": is_reference,
        "headcount": cell.headcount,
        "counts": list(cell.counts),
        "rates": [rate(count, base) for count, base in zip(cell.counts, bases, strict=True)],
        "measures": measures,
    }


def _measure(a: int, n1: int, c: int, n2: int, settings: Settings) -> dict[str, Any]:
    interval = relative_likelihood(a, n1, c, n2)
    return {
        "count": a,
        "base": n1,
        "reference_count": c,
        "reference_base": n2,
        "rate": rate(a, n1),
        "reference_rate": rate(c, n2),
        "ratio": interval.ratio,
        "low": interval.low,
        "high": interval.high,
        "corrected": interval.corrected,
        "small": min(a, n1, c, n2) < settings.threshold,
        "position": position(interval),
        "in_band": in_band(interval.ratio, settings.band),
    }


def _spread(dimension: _Dimension, reference: str, settings: Settings) -> list[dict[str, Any]]:
    """Per period, group and stage: the spread of the organisations' own ratios."""
    rows = []
    stages = len(next(iter(dimension.cells.values())).counts)
    for period in dimension.periods:
        for group in dimension.groups:
            if group == reference:
                continue
            own = [
                _cell_figures(dimension, organisation, period, group, reference, settings)
                for organisation in dimension.organisations
                if (organisation, period, group) in dimension.cells
            ]
            for stage in range(stages):
                measures = [cell["measures"][stage] for cell in own if cell["measures"]]
                rows.append(_spread_row(period, group, stage, len(own), measures, settings))
    return rows


def _spread_row(
    period: str,
    group: str,
    stage: int,
    organisations: int,
    measures: list[dict[str, Any]],
    settings: Settings,
) -> dict[str, Any]:
    ratios = [m["ratio"] for m in measures if m["ratio"] is not None]
    inside = 0
    for value in ratios:
        if settings.band[0] <= value <= settings.band[1]:
            inside += 1
    return {
        "period": period,
        "group": group,
        "stage": stage,
        "organisations": organisations,
        "with_ratio": len(ratios),
        "small": len([m for m in measures if m["small"]]),
        "mean": mean(ratios) if ratios else None,
        "median": median(ratios) if ratios else None,
        "min": min(ratios) if ratios else None,
        "max": max(ratios) if ratios else None,
        "in_band": inside,
    }
