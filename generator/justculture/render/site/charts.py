"""The evidence page's bar charts: only where the figures can fairly be set side by side.

A chart puts numbers on one scale, so it says "compare these". That is only fair when every bar
counts the same thing in the same unit from the same base. In the evidence document two kinds
of item promise that: a table column (one measure across its rows, such as claims by year) and a
breakdown with numbers (the parts of one whole). A statistic's figures are separate facts from
the paper, in different units or from different bases (232 trusts that reported beside 235
trusts in England; a 64% fall beside a 50% share of investigations), so they stay in the table
only.

Every chart comes with its numbers as a CSV file, made from the same data as the bars.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from ...exports.formats import table_csv
from ...exports.tables import Table
from ...model import Spec
from .links import page_of, page_url
from .svg import BarChart, Datum, bar_chart, format_number

# Where a page's chart CSV files go, under the page's own address (so the link is relative).
CHART_FOLDER = "data/"
# Units with a natural scale: a share is drawn against 100%, not against the largest share.
_UNIT_SCALES = {"percent": 100.0}


@dataclass(frozen=True)
class EvidenceChart:
    """One chart: the drawing, and its numbers as a table for the CSV download."""

    drawing: BarChart
    label_heading: str
    value_heading: str
    data: tuple[Datum, ...]

    @property
    def csv_name(self) -> str:
        return f"{CHART_FOLDER}{self.drawing.id}.csv"

    def table(self) -> Table:
        rows = tuple((datum.label, _plain(datum.value)) for datum in self.data)
        return Table(
            self.drawing.id, self.drawing.title, (self.label_heading, self.value_heading), rows
        )

    def csv(self) -> bytes:
        return table_csv(self.table())


def evidence_charts(item: Mapping[str, Any]) -> Iterator[EvidenceChart]:
    """The charts for one evidence item: one per table column, one for a breakdown, else none."""
    item_id = str(item["id"])
    if item["kind"] == "table":
        for column in item["columns"]:
            data = [
                Datum(
                    str(row["label"]),
                    float(row["values"][column["id"]]),
                    format_number(row["values"][column["id"]], column["unit"]),
                )
                for row in item["rows"]
                if column["id"] in row["values"]
            ]
            if len(data) > 1:
                title = str(column["title"])
                yield _chart(f"chart-{item_id}-{column['id']}", title, "Category", title, data)
    elif item["kind"] == "breakdown":
        unit = str(item.get("unit", ""))
        data = [
            Datum(str(part["label"]), float(part["value"]), format_number(part["value"], unit))
            for part in item.get("parts", [])
            if "value" in part
        ]
        if len(data) > 1:
            title = str(item["title"])
            yield _chart(f"chart-{item_id}", title, "Part", "Number", data, _UNIT_SCALES.get(unit))


def chart_files(spec: Spec) -> dict[str, bytes]:
    """Every evidence chart's CSV, by site path: beside the page that shows the chart."""
    files: dict[str, bytes] = {}
    for doc in spec.documents.values():
        page = page_of(doc) if doc["kind"] == "evidence" else None
        if page is None:
            continue
        for item in doc["items"]:
            for chart in evidence_charts(item):
                files[page_url(page) + chart.csv_name] = chart.csv()
    return files


def _chart(
    chart_id: str,
    title: str,
    label_heading: str,
    value_heading: str,
    data: list[Datum],
    scale: float | None = None,
) -> EvidenceChart:
    return EvidenceChart(
        bar_chart(chart_id, title, data, scale), label_heading, value_heading, tuple(data)
    )


def _plain(value: float) -> int | float:
    """The number as the spec holds it: 67, not 67.0."""
    return int(value) if float(value).is_integer() else value
