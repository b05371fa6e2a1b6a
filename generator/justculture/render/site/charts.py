"""The evidence page's bar charts: which figures can share a chart, and on what scale."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from .svg import BarChart, Datum, bar_chart, format_number

_CHART_UNITS = {"percent": 100.0}


def evidence_charts(item: Mapping[str, Any]) -> Iterator[BarChart]:
    """The bar charts for one evidence item: one per table column, per unit of figures, or one."""
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
            yield bar_chart(f"chart-{item_id}-{column['id']}", str(column["title"]), data)
    elif item["kind"] == "breakdown":
        parts = [part for part in item.get("parts", []) if "value" in part]
        if parts:
            unit = str(item.get("unit", ""))
            data = [
                Datum(str(p["label"]), float(p["value"]), format_number(p["value"], unit))
                for p in parts
            ]
            yield bar_chart(f"chart-{item_id}", str(item["title"]), data, _CHART_UNITS.get(unit))
    else:
        yield from _statistic_charts(item)


def _statistic_charts(item: Mapping[str, Any]) -> Iterator[BarChart]:
    item_id = str(item["id"])
    figures = list(item.get("figures", []))
    if "value" in item:
        figures = [
            {
                "label": item["title"],
                "value": item["value"],
                "unit": item.get("unit", ""),
                "qualifier": item.get("qualifier", ""),
            }
        ]
    units = sorted(
        {str(figure["unit"]) for figure in figures}, key=[str(f["unit"]) for f in figures].index
    )
    for unit in units:
        group = [figure for figure in figures if figure["unit"] == unit]
        if len(group) < 2 and unit not in _CHART_UNITS:
            continue  # one bar on its own scale says nothing the table does not
        data = [
            Datum(
                str(f["label"]),
                float(f["value"]),
                format_number(f["value"], unit, f.get("qualifier", "")),
            )
            for f in group
        ]
        yield bar_chart(
            f"chart-{item_id}-{unit.lower()}",
            _UNIT_TITLES.get(unit, unit),
            data,
            _CHART_UNITS.get(unit),
        )


_UNIT_TITLES = {
    "percent": "Percentages (the scale runs from 0 to 100%)",
    "GBP": "Amounts in pounds",
    "staff": "Numbers of staff",
    "trusts": "Numbers of trusts",
    "weeks": "Weeks",
    "ratio": "Relative likelihood (1 means equally likely)",
    "claims": "Numbers of claims",
    "organisations": "Numbers of organisations",
    "cases": "Numbers of cases",
}
