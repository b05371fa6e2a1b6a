"""Geometry for the monitor's trend chart: one measure's ratio over the periods, with its interval.

Like the evidence page's charts (``render/site/svg.py``, whose text measures and line helpers
this uses), Python only works out where things go; the markup is in
``templates/monitor/trend-chart.svg.j2``. The y axis is logarithmic, so a ratio of 2 sits as far
above 1 as 0.5 sits below it. ``docs/assets/js/monitor.js`` draws the same chart in the browser
with the same numbers.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..render.site.svg import CHAR_WIDTH, LINE_HEIGHT, Line, wrap

WIDTH, HEIGHT = 680.0, 300.0
LEFT, RIGHT, TOP, BOTTOM = 64.0, 664.0, 16.0, 236.0
TICKS = (0.1, 0.25, 0.5, 1.0, 2.0, 4.0, 10.0)
LOWEST, HIGHEST = 0.05, 20.0
TICK_GAP = 14.0  # pixels: closer ticks would print over each other


@dataclass(frozen=True)
class Point:
    x: float
    label: str
    y: float | None = None  # None: not shown (no ratio, or small numbers)
    low: float | None = None
    high: float | None = None
    text: str = ""


@dataclass(frozen=True)
class Tick:
    y: float
    text: str


@dataclass(frozen=True)
class TrendChart:
    id: str
    title: str
    description: str
    points: tuple[Point, ...]
    ticks: tuple[Tick, ...]
    labels: tuple[Line, ...]
    band_top: float
    band_bottom: float
    one: float
    width: float = WIDTH
    height: float = HEIGHT
    left: float = LEFT
    right: float = RIGHT
    top: float = TOP
    bottom: float = BOTTOM

    @property
    def path(self) -> str:
        return " ".join(f"{p.x:g},{p.y:g}" for p in self.points if p.y is not None)


@dataclass(frozen=True)
class Value:
    """One period's figure to plot: ``shown`` is False for small numbers or no ratio."""

    label: str
    ratio: float | None
    low: float | None
    high: float | None
    text: str
    shown: bool


def scale(values: Sequence[Value], band: tuple[float, float]) -> tuple[float, float]:
    """The axis's lowest and highest ratio: room for 0.5 to 2, the band and every interval."""
    lows = [band[0], 0.5, *(v.low for v in values if v.shown and v.low is not None)]
    highs = [band[1], 2.0, *(v.high for v in values if v.shown and v.high is not None)]
    # A tenth more room each way, so an interval's cap never sits on the chart's edge.
    return max(min(lows) / 1.1, LOWEST), min(max(highs) * 1.1, HIGHEST)


def trend_chart(
    chart_id: str,
    title: str,
    description: str,
    values: Sequence[Value],
    band: tuple[float, float],
    band_texts: tuple[str, str],
) -> TrendChart:
    low, high = scale(values, band)
    span = math.log(high) - math.log(low)

    def y(ratio: float) -> float:
        clipped = min(max(ratio, low), high)
        return round(BOTTOM - (math.log(clipped) - math.log(low)) / span * (BOTTOM - TOP), 2)

    step = (RIGHT - LEFT) / max(len(values), 1)
    points = []
    labels: list[Line] = []
    for index, value in enumerate(values):
        x = round(LEFT + step * (index + 0.5), 2)
        if (
            value.shown
            and value.ratio is not None
            and value.low is not None
            and value.high is not None
        ):
            points.append(
                Point(x, value.label, y(value.ratio), y(value.low), y(value.high), value.text)
            )
        else:
            points.append(Point(x, value.label, text=value.text))
        for row, text in enumerate(wrap(value.label, max(step, 8 * CHAR_WIDTH))[:2]):
            labels.append(Line(x, BOTTOM + 18 + LINE_HEIGHT * row, text))
    ticks = _ticks(y, low, high, band, band_texts)
    return TrendChart(
        chart_id, title, description, tuple(points), ticks, tuple(labels),
        band_top=y(band[1]), band_bottom=y(band[0]), one=y(1.0),
    )  # fmt: skip


def _ticks(
    y: Callable[[float], float],
    low: float,
    high: float,
    band: tuple[float, float],
    band_texts: tuple[str, str],
) -> tuple[Tick, ...]:
    wanted = [(band[0], band_texts[0]), (1.0, "1"), (band[1], band_texts[1])]
    wanted += [(t, f"{t:g}") for t in TICKS if low <= t <= high and t != 1.0]
    chosen: list[Tick] = []
    for ratio, text in wanted:  # the band's edges and 1 first: they always print
        position = y(ratio)
        if all(abs(position - tick.y) >= TICK_GAP for tick in chosen):
            chosen.append(Tick(position, text))
    return tuple(sorted(chosen, key=lambda tick: -tick.y))
