"""Evidence charts: only figures that share a unit and a base, each with a CSV of its own numbers."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest

from justculture.exports.formats import read_csv
from justculture.render.site.charts import CHART_FOLDER, chart_files, evidence_charts
from justculture.render.site.svg import CHART_W, VALUE_CHAR_WIDTH


def _items(documents: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return list(documents["evidence"]["items"])


def _units(item: Mapping[str, Any], chart_id: str) -> set[str]:
    """The units of the figures a chart draws, read from the spec, not from the chart."""
    if item["kind"] == "table":
        return {
            str(column["unit"])
            for column in item["columns"]
            if chart_id == f"chart-{item['id']}-{column['id']}"
        }
    return {str(item.get("unit", ""))}


def test_no_chart_mixes_units_or_sets_separate_statistics_side_by_side(
    documents: Mapping[str, Any],
) -> None:
    charted = 0
    for item in _items(documents):
        charts = list(evidence_charts(item))
        if item["kind"] == "statistic":
            # 232 trusts that reported beside 235 trusts in England; a 64% fall beside a 50%
            # share: separate facts with different bases stay in the table.
            assert charts == [], item["id"]
        for chart in charts:
            units = _units(item, chart.drawing.id)
            assert len(units) == 1 and "text" not in units, (chart.drawing.id, units)
            assert len(chart.data) >= 2, chart.drawing.id  # one bar compares nothing
            charted += 1
    assert charted >= 6  # claims by year and by organisation (number and value), gender, status


def test_the_statistics_that_were_charted_side_by_side_are_not() -> None:
    trusts = {
        "id": "entry",
        "kind": "statistic",
        "title": "Trusts",
        "figures": [
            {"name": "a", "label": "Trusts that reported", "value": 232, "unit": "trusts"},
            {"name": "b", "label": "NHS trusts in England", "value": 235, "unit": "trusts"},
        ],
    }
    assert list(evidence_charts(trusts)) == []


def test_each_charts_csv_holds_exactly_its_data(documents: Mapping[str, Any]) -> None:
    files = chart_files_for(documents)
    for item in _items(documents):
        for chart in evidence_charts(item):
            rows = read_csv(files["evidence/" + chart.csv_name])
            expected = _spec_rows(item, chart.drawing.id)
            got = [(row[chart.label_heading], float(row[chart.value_heading])) for row in rows]
            assert got == expected, chart.drawing.id
            # The bars draw the same numbers, in the same order.
            assert [bar.value for bar in chart.drawing.bars] == [d.text for d in chart.data]


def chart_files_for(documents: Mapping[str, Any]) -> dict[str, bytes]:
    from justculture.validation import load_spec

    files = chart_files(load_spec())
    assert all(path.startswith("evidence/" + CHART_FOLDER) for path in files)
    return files


def _spec_rows(item: Mapping[str, Any], chart_id: str) -> list[tuple[str, float]]:
    if item["kind"] == "table":
        column = next(c for c in item["columns"] if chart_id.endswith(f"-{c['id']}"))
        return [
            (str(row["label"]), float(row["values"][column["id"]]))
            for row in item["rows"]
            if column["id"] in row["values"]
        ]
    return [(str(p["label"]), float(p["value"])) for p in item["parts"] if "value" in p]


@pytest.mark.parametrize("risky", ['=HYPERLINK("x")', "+1", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_a_label_that_a_spreadsheet_would_run_is_escaped(risky: str) -> None:
    item = {
        "id": "hostile",
        "kind": "breakdown",
        "title": "Parts",
        "unit": "claims",
        "parts": [{"label": risky, "value": 1}, {"label": "Plain", "value": 2}],
    }
    (chart,) = evidence_charts(item)
    text = chart.csv().decode("utf-8-sig")
    assert ("'" + risky.replace('"', '""')) in text
    assert read_csv(chart.csv())[0]["Part"] == risky  # and it reads back as the spec has it


def test_every_value_fits_inside_its_chart(documents: Mapping[str, Any]) -> None:
    for item in _items(documents):
        for chart in evidence_charts(item):
            for bar in chart.drawing.bars:
                right = bar.value_x + len(bar.value) * VALUE_CHAR_WIDTH
                assert right <= CHART_W, (chart.drawing.id, bar.value)
