"""The board report: the figures shaped for reading, then written as HTML and PDF.

:func:`report_view` turns :func:`~justculture.monitor.stats.figures` into what the templates in
``templates/monitor`` show: numbers as text (small counts as "fewer than 10"), one trend chart per
group and measure, the stage-by-stage pipeline and the spread across organisations. Every word of
the report is in the templates; the numbers are formatted here, by the same rules as
``docs/assets/js/monitor.js``.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from ..render.renderer import Renderer
from ..render.site.svg import BarChart, Datum, bar_chart
from .chart import TrendChart, Value, trend_chart
from .config import MonitorConfig

REPORT_NAME = "fairness-monitor"
HTML_TEMPLATE = "monitor/report.html.j2"


# Numbers as text: the same rules as monitor.js (round half away from zero, on the exact value).


def fixed(value: float, places: int) -> str:
    return str(Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def ratio_text(value: float | None) -> str:
    return "" if value is None else fixed(value, 2)


def percent_text(value: float | None) -> str:
    if value is None:
        return ""
    percent = value * 100
    if 0 < percent < 0.05:
        return "less than 0.1%"
    return fixed(percent, 1) + "%"


def count_text(value: int, threshold: int) -> str:
    return f"fewer than {threshold}" if value < threshold else f"{value:,}"


# The view -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Shown:
    """One measure (a group against the reference group, at one stage, in one period) as text."""

    period: str
    group: str
    stage: str
    label: str  # the stage's words
    base_label: str  # what the rate is out of
    count: str
    base: str
    rate: str
    reference_rate: str
    ratio: str
    low: str
    high: str
    finding: bool  # False when small numbers (or no ratio) keep it from being a finding
    small: bool
    position: str  # "above", "below", "across" or ""
    in_band: bool | None
    corrected: bool


@dataclass(frozen=True)
class CellRow:
    period: str
    group: str
    reference: bool
    headcount: str
    stages: tuple[tuple[str, str], ...]  # (count, rate) per stage
    measures: tuple[Shown, ...]


@dataclass(frozen=True)
class SpreadRow:
    period: str
    group: str
    label: str
    organisations: int
    with_ratio: int
    small: int
    mean: str
    median: str
    low: str
    high: str
    in_band: int


@dataclass(frozen=True)
class ChartView:
    chart: TrendChart
    rows: tuple[Shown, ...]


@dataclass(frozen=True)
class DimensionView:
    name: str
    reference: str
    periods: tuple[str, ...]
    latest: str
    summary: tuple[Shown, ...]
    rows: tuple[CellRow, ...]
    charts: tuple[ChartView, ...]
    pipeline: tuple[tuple[str, tuple[Shown, ...], BarChart | None], ...]
    spread: tuple[SpreadRow, ...]
    organisations: tuple[str, ...]


@dataclass(frozen=True)
class ReportView:
    config: MonitorConfig
    source: str
    stages: tuple[str, ...]
    labels: Mapping[str, str]
    band: tuple[str, str]
    dimensions: tuple[DimensionView, ...]
    today: str
    has_later_stages: bool


def report_view(
    data: Mapping[str, Any], config: MonitorConfig, source: str, today: datetime.date | None = None
) -> ReportView:
    stages = tuple(str(s) for s in data["stages"])
    labels = {stage: config.stage_label(stage) for stage in stages}
    band = (ratio_text(config.band[0]), ratio_text(config.band[1]))
    day = today or datetime.date.today()
    return ReportView(
        config=config,
        source=source,
        stages=stages,
        labels=labels,
        band=band,
        dimensions=tuple(_dimension(d, stages, labels, config, band) for d in data["dimensions"]),
        today=f"{day.day} {day:%B %Y}",
        has_later_stages=len(stages) > 1,
    )


def _dimension(
    data: Mapping[str, Any],
    stages: tuple[str, ...],
    labels: Mapping[str, str],
    config: MonitorConfig,
    band: tuple[str, str],
) -> DimensionView:
    threshold = config.threshold
    rows = tuple(_cell_row(cell, stages, labels, threshold) for cell in data["cells"])
    latest = str(data["periods"][-1])
    reference = str(data["reference"])
    others = [group for group in data["groups"] if group != reference]
    summary = tuple(r.measures[0] for r in rows if r.period == latest and r.measures)
    charts = tuple(
        _chart(str(data["dimension"]), group, index, rows, reference, labels, config, band)
        for group in others
        for index in range(len(stages))
    )
    pipeline = tuple(
        (group, row.measures, _pipeline_chart(data["dimension"], group, row.measures))
        for group in others
        for row in rows
        if row.period == latest and row.group == group and row.measures
    )
    spread = tuple(_spread_row(row, stages, labels) for row in data["spread"])
    return DimensionView(
        name=str(data["dimension"]),
        reference=reference,
        periods=tuple(data["periods"]),
        latest=latest,
        summary=summary,
        rows=rows,
        charts=tuple(chart for chart in charts if chart is not None),
        pipeline=pipeline,
        spread=spread,
        organisations=tuple(data["organisations"]),
    )


def _cell_row(
    cell: Mapping[str, Any], stages: tuple[str, ...], labels: Mapping[str, str], threshold: int
) -> CellRow:
    bases = [cell["headcount"], *cell["counts"][:-1]]
    shown_stages = tuple(
        (
            count_text(count, threshold),
            percent_text(rate) if min(count, base) >= threshold else "",
        )
        for count, base, rate in zip(cell["counts"], bases, cell["rates"], strict=True)
    )
    measures = tuple(
        _shown(cell, index, stages, labels, measure, threshold)
        for index, measure in enumerate(cell["measures"])
    )
    return CellRow(
        period=str(cell["period"]),
        group=str(cell["group"]),
        reference=bool(cell["reference"]),
        headcount=count_text(cell["headcount"], threshold),
        stages=shown_stages,
        measures=measures,
    )


def _shown(
    cell: Mapping[str, Any],
    index: int,
    stages: tuple[str, ...],
    labels: Mapping[str, str],
    m: Mapping[str, Any],
    threshold: int,
) -> Shown:
    finding = not m["small"] and m["ratio"] is not None
    own_rate = min(m["count"], m["base"]) >= threshold
    their_rate = min(m["reference_count"], m["reference_base"]) >= threshold
    return Shown(
        period=str(cell["period"]),
        group=str(cell["group"]),
        stage=stages[index],
        label=labels[stages[index]],
        base_label="headcount" if index == 0 else labels[stages[index - 1]],
        count=count_text(m["count"], threshold),
        base=count_text(m["base"], threshold),
        rate=percent_text(m["rate"]) if own_rate else "",
        reference_rate=percent_text(m["reference_rate"]) if their_rate else "",
        ratio=ratio_text(m["ratio"]) if finding else "",
        low=ratio_text(m["low"]) if finding else "",
        high=ratio_text(m["high"]) if finding else "",
        finding=finding,
        small=bool(m["small"]),
        position=str(m["position"] or "") if finding else "",
        in_band=m["in_band"] if finding else None,
        corrected=bool(m["corrected"]),
    )


def _chart(
    dimension: str,
    group: str,
    index: int,
    rows: Sequence[CellRow],
    reference: str,
    labels: Mapping[str, str],
    config: MonitorConfig,
    band: tuple[str, str],
) -> ChartView | None:
    shown = tuple(row.measures[index] for row in rows if row.group == group and row.measures)
    if not any(item.finding for item in shown):
        return None
    values = [
        Value(
            item.period,
            float(item.ratio) if item.finding else None,
            float(item.low) if item.finding else None,
            float(item.high) if item.finding else None,
            item.ratio,
            item.finding,
        )
        for item in shown
    ]
    stage = list(labels)[index]
    title = f"{group} staff compared with {reference} staff: {labels[stage].lower()}"
    description = "; ".join(
        f"{item.period}: {item.ratio} (95% interval {item.low} to {item.high})"
        if item.finding
        else f"{item.period}: not shown (small numbers)"
        for item in shown
    )
    chart_id = _slug(f"trend-{dimension}-{group}-{stage}")
    return ChartView(trend_chart(chart_id, title, description, values, config.band, band), shown)


def _pipeline_chart(dimension: str, group: str, measures: Sequence[Shown]) -> BarChart | None:
    data = [Datum(m.label, float(m.ratio), m.ratio) for m in measures if m.finding]
    if len(data) < 2:
        return None
    return bar_chart(
        _slug(f"pipeline-{dimension}-{group}"),
        f"{group} staff: relative likelihood at each stage",
        data,
    )


def _spread_row(
    row: Mapping[str, Any], stages: tuple[str, ...], labels: Mapping[str, str]
) -> SpreadRow:
    return SpreadRow(
        period=str(row["period"]),
        group=str(row["group"]),
        label=labels[stages[row["stage"]]],
        organisations=int(row["organisations"]),
        with_ratio=int(row["with_ratio"]),
        small=int(row["small"]),
        mean=ratio_text(row["mean"]),
        median=ratio_text(row["median"]),
        low=ratio_text(row["min"]),
        high=ratio_text(row["max"]),
        in_band=int(row["in_band"]),
    )


def _slug(text: str) -> str:
    kept = "".join(char if char.isalnum() else "-" for char in text.casefold())
    return "-".join(part for part in kept.split("-") if part)


# Writing -----------------------------------------------------------------------------------


def render_report(view: ReportView, renderer: Renderer, *, for_print: bool) -> str:
    return renderer.render(HTML_TEMPLATE, report=view, for_print=for_print)


def write_report(view: ReportView, out_dir: Path, renderer: Renderer) -> list[Path]:
    """Write the report as HTML and PDF into ``out_dir``: both, or neither."""
    from ..outputs import write_all
    from ..render.pdf import pdf_bytes  # WeasyPrint is slow to import

    html = render_report(view, renderer, for_print=False)
    pdf = pdf_bytes(render_report(view, renderer, for_print=True))
    return write_all(
        out_dir, [(f"{REPORT_NAME}.html", html.encode("utf-8")), (f"{REPORT_NAME}.pdf", pdf)]
    )
