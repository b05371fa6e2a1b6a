"""Exports for every kind of team: JSON, CSV and XLSX from `justculture export`, the same files on
the site, and `justculture validate FILE.json` for a team that received only the JSON."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from engine_cases import (
    CHECKLIST,
    GUIDE,
    checklist_alert_cases,
    guide_complete_cases,
    guide_random_partial_cases,
)
from justculture.cli import main
from justculture.engine import evaluate
from justculture.exports import (
    TABLE_NAMES,
    items_with_ids,
    read_csv,
    read_csv_zip,
    read_workbook,
    tables,
)
from justculture.exports.formats import table_csv
from justculture.exports.tables import TEXT_FIELDS

REPO = Path(__file__).resolve().parents[2]
COMMON = json.loads((REPO / "spec" / "schema" / "common.schema.json").read_text("utf-8"))


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["export", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def export() -> dict[str, Any]:
    from justculture import load_spec
    from justculture.exports.data import export_data

    data: dict[str, Any] = json.loads(json.dumps(export_data(load_spec())))
    return data


# JSON -------------------------------------------------------------------------------------------


def test_json_export_is_the_whole_spec(capsys: pytest.CaptureFixture[str], export: Any) -> None:
    code, out, _ = run(capsys)
    assert code == 0
    assert json.loads(out) == export


def test_one_document_as_json(capsys: pytest.CaptureFixture[str], export: Any) -> None:
    code, out, _ = run(capsys, "--document", "charter")
    assert code == 0
    assert json.loads(out) == export["documents"]["charter"]


def test_an_unknown_document_is_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run(
        capsys, "--format", "csv", "--document", "chart", "--out", str(tmp_path / "t")
    )
    assert code == 1
    assert "JC410" in out + err and "charter" in out + err
    assert not (tmp_path / "t").exists()


# CSV --------------------------------------------------------------------------------------------


def test_csv_needs_somewhere_to_go(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--format", "csv")
    assert code == 1 and out == ""
    assert "error[JC411]" in err and "--out" in err and "Traceback" not in err


def test_csv_tables_in_a_folder_rebuild_every_id_and_text(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, export: Any
) -> None:
    code, _, _ = run(capsys, "--format", "csv", "--out", str(tmp_path / "tables"))
    assert code == 0
    written = sorted(path.name for path in (tmp_path / "tables").glob("*.csv"))
    assert written == sorted(f"{name}.csv" for name in TABLE_NAMES)
    items = read_csv((tmp_path / "tables" / "items.csv").read_bytes())
    rebuilt = {(row["document"], row["id"]): row for row in items}
    expected = {
        (doc_id, str(item.data["id"])): item.data
        for doc_id, document in export["documents"].items()
        for item in items_with_ids(document)
    }
    assert rebuilt.keys() == expected.keys()
    for key, data in expected.items():
        row = rebuilt[key]
        field = next((name for name in TEXT_FIELDS if isinstance(data.get(name), str)), "")
        assert row["text_field"] == field, key
        assert row["text"] == (data[field] if field else ""), key
    # The guide's questions: every yes and no leads where the JSON says.
    flow = export["documents"]["just-culture-guide"]
    nodes = {
        row["id"]: row for row in read_csv((tmp_path / "tables" / "guide_nodes.csv").read_bytes())
    }
    for node in flow["nodes"]:
        row = nodes[node["id"]]
        assert row["question"] == node["question"]
        assert (row["yes_node"] or row["yes_outcome"]) in node["on_yes"].values()
        assert (row["no_node"] or row["no_outcome"]) in node["on_no"].values()


def test_codelists_carry_codes_titles_and_deprecation(tmp_path: Path) -> None:
    found = {table.name: table for table in tables({"documents": {}}, COMMON)}
    rows = found["codelists"].records()
    porter = next(row for row in rows if row["code"] == "porter-estates")
    assert porter == {
        "codelist": "staff_role",
        "code": "porter-estates",
        "title": "Portering and estates",
        "description": "",
        "deprecated": False,
    }


def test_a_csv_zip_holds_the_same_tables(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert run(capsys, "--format", "csv", "--out", str(tmp_path / "t.zip"))[0] == 0
    assert run(capsys, "--format", "csv", "--out", str(tmp_path / "folder"))[0] == 0
    zipped = read_csv_zip((tmp_path / "t.zip").read_bytes())
    for name in TABLE_NAMES:
        assert zipped[name] == read_csv((tmp_path / "folder" / f"{name}.csv").read_bytes())


def test_one_document_as_tables(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = tmp_path / "charter.zip"
    assert run(capsys, "--format", "csv", "--document", "charter", "--out", str(out))[0] == 0
    zipped = read_csv_zip(out.read_bytes())
    assert {row["document"] for row in zipped["items"]} == {"charter"}
    assert len(zipped["items"]) == 20
    assert zipped["guide_nodes"] == [] and zipped["codelists"]


def test_spreadsheet_formulas_in_spec_text_are_never_run(export: Any) -> None:
    hostile = json.loads(json.dumps(export))
    terms = hostile["documents"]["glossary"]["terms"]
    attacks = ['=HYPERLINK("https://evil.example","x")', "+1+1", "-2+3", "@SUM(A1)", "'quoted"]
    for term, attack in zip(terms, attacks, strict=False):
        term["definition"] = attack
    items = next(table for table in tables(hostile, COMMON) if table.name == "items")
    cells = {
        cell
        for row in csv.reader(io.StringIO(table_csv(items).decode("utf-8-sig")))
        for cell in row
    }
    for attack in attacks:
        assert f"'{attack}" in cells and attack not in cells  # as a spreadsheet opens it
    texts = {row["text"] for row in read_csv(table_csv(items))}
    assert set(attacks) <= texts  # taking the apostrophe off gives the spec's text back
    from justculture.exports import workbook

    book = load_workbook(io.BytesIO(workbook([items])))
    cells = [cell for row in book["items"].iter_rows(min_row=2) for cell in row]
    formulas = [cell for cell in cells if cell.data_type == "f"]
    assert formulas == []
    assert set(attacks) <= {cell.value for cell in cells}


# Alerts -----------------------------------------------------------------------------------------

SEVERITY_ORDER = ("stop", "check")  # results show every stop alert first, then every check alert


def _alerts_in_table(rows: list[dict[str, str]]) -> dict[tuple[str, str], dict[str, Any]]:
    """The ``alerts`` table's rows (one per condition) back as alerts in the spec's shape."""
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for row in rows:
        alert = found.setdefault(
            (row["document"], row["alert"]),
            {
                "id": row["alert"],
                "order": int(row["order"]),
                "severity": row["severity"],
                "text": row["text"],
                "related": row["related"].split("; ") if row["related"] else [],
                "when": [],
            },
        )
        assert int(row["condition"]) == len(alert["when"]) + 1, row
        items = row["items"].split("; ")
        mode = row["mode"]
        alert["when"].append({mode: items[0] if mode == "item" else items, "equals": row["equals"]})
    return found


def _tables_zip(capsys: pytest.CaptureFixture[str], out: Path, *more: str) -> dict[str, Any]:
    assert run(capsys, "--format", "csv", *more, "--out", str(out))[0] == 0
    return read_csv_zip(out.read_bytes())


def test_every_alert_is_in_the_tables_with_its_severity_and_conditions(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, export: Any
) -> None:
    zipped = _tables_zip(capsys, tmp_path / "t.zip")
    found = _alerts_in_table(zipped["alerts"])
    expected = {
        (doc_id, alert["id"]): {
            "id": alert["id"],
            "order": order,
            "severity": alert["severity"],
            "text": alert["text"],
            "related": list(alert.get("related", [])),
            "when": alert["when"],
        }
        for doc_id, document in export["documents"].items()
        for order, alert in enumerate(document.get("alerts", ()), start=1)
    }
    assert {doc_id for doc_id, _ in expected} == {GUIDE, CHECKLIST}
    assert found == expected
    severities = {row["code"] for row in zipped["codelists"] if row["codelist"] == "severity"}
    assert {alert["severity"] for alert in found.values()} <= severities
    # One tool's tables hold its own alerts only.
    guide_only = _tables_zip(capsys, tmp_path / "g.zip", "--document", GUIDE)["alerts"]
    assert guide_only and {row["document"] for row in guide_only} == {GUIDE}


def test_the_tables_alone_give_the_alerts_every_result_shows(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, spec: Any
) -> None:
    """A developer with only the CSV files works out the same alerts as the engine, in order."""
    zipped = _tables_zip(capsys, tmp_path / "t.zip")
    alerts = _alerts_in_table(zipped["alerts"])
    nodes = {row["id"]: row for row in zipped["guide_nodes"] if row["document"] == GUIDE}
    cases = [
        *guide_complete_cases(spec),
        *[case for case in guide_random_partial_cases(spec) if case[2] is None],
        *checklist_alert_cases(spec),
    ]
    shown = {GUIDE: 0, CHECKLIST: 0}
    for tool, pairs, _ in cases:
        answers = dict(pairs)
        counted = _on_the_path(nodes, answers) if tool == GUIDE else answers
        from_tables = sorted(
            (
                alert
                for (doc_id, _), alert in alerts.items()
                if doc_id == tool and all(_holds(c, counted) for c in alert["when"])
            ),
            key=lambda alert: (SEVERITY_ORDER.index(alert["severity"]), alert["order"]),
        )
        engine = evaluate(spec, tool, answers).to_dict()["alerts"]
        assert engine == [
            {key: alert[key] for key in ("id", "severity", "text", "related")}
            for alert in from_tables
        ], (tool, answers)
        shown[tool] += bool(engine)
    assert all(shown.values()), shown  # each tool raised alerts, so the check could fail


def _on_the_path(nodes: dict[str, dict[str, str]], answers: dict[str, str]) -> dict[str, str]:
    """The guide's answers that count: those on the path from the question no other leads to."""
    targets = {row[side] for row in nodes.values() for side in ("yes_node", "no_node")}
    [start] = [node for node in nodes if node not in targets]
    counted: dict[str, str] = {}
    node = start
    while node in answers:
        counted[node] = answers[node]
        node = nodes[node]["yes_node" if answers[node] == "yes" else "no_node"]
    return counted


def _holds(condition: dict[str, Any], answers: dict[str, str]) -> bool:
    equals = condition["equals"]
    if "item" in condition:
        return answers.get(condition["item"]) == equals
    test = any if "any_of" in condition else all
    return test(
        answers.get(item) == equals for item in condition.get("any_of", condition.get("all_of"))
    )


# XLSX -------------------------------------------------------------------------------------------


def test_xlsx_has_a_sheet_per_table_with_the_same_rows_as_csv(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert run(capsys, "--format", "xlsx")[0] == 1  # a workbook needs --out
    out = tmp_path / "justculture.xlsx"
    assert run(capsys, "--format", "xlsx", "--out", str(out))[0] == 0
    assert run(capsys, "--format", "csv", "--out", str(tmp_path / "csv"))[0] == 0
    sheets = read_workbook(out.read_bytes())
    assert list(sheets) == list(TABLE_NAMES)
    for name in TABLE_NAMES:
        from_csv = read_csv((tmp_path / "csv" / f"{name}.csv").read_bytes())
        assert len(sheets[name]) == len(from_csv), name
        for row, csv_row in zip(sheets[name], from_csv, strict=True):
            as_text = {key: _as_csv(value) for key, value in row.items()}
            assert as_text == csv_row, name


def _as_csv(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


# Validate what you received ---------------------------------------------------------------------


def validate(capsys: pytest.CaptureFixture[str], path: Path, *more: str) -> tuple[int, str, str]:
    code = main(["validate", str(path), *more])
    out, err = capsys.readouterr()
    return code, out, err


def test_a_received_export_validates(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, export: Any
) -> None:
    path = tmp_path / "justculture.json"
    path.write_text(json.dumps(export, indent=2, ensure_ascii=False), encoding="utf-8")
    code, out, err = validate(capsys, path)
    assert code == 0, err
    assert "The spec is valid" in out


def test_errors_in_a_received_export_are_located_by_pointer_line_and_column(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, export: Any
) -> None:
    broken = json.loads(json.dumps(export))
    broken["documents"]["charter"]["principles"][1]["related"][0] = "glossary#nothing"
    path = tmp_path / "received.json"
    text = json.dumps(broken, indent=2, ensure_ascii=False)
    path.write_text(text, encoding="utf-8")
    code, out, _ = validate(capsys, path, "--format", "json")
    assert code == 1
    [error] = json.loads(out)
    assert error["code"] == "JC304"
    assert error["pointer"] == "/documents/charter/principles/1/related/0"
    line = text.splitlines()[error["line"] - 1]
    assert '"glossary#nothing"' in line and line.index('"glossary#nothing"') + 1 == error["column"]


def test_a_schema_error_in_a_received_export_names_its_place(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, export: Any
) -> None:
    broken = json.loads(json.dumps(export))
    broken["documents"]["glossary"]["terms"][0]["definition"] = 5
    path = tmp_path / "received.json"
    path.write_text(json.dumps(broken, indent=2), encoding="utf-8")
    code, _, err = validate(capsys, path)
    assert code == 1
    assert "error[JC204]" in err and "(at /documents/glossary/terms/0/definition)" in err
    assert err.startswith(f"{path}:") and "Traceback" not in err


@pytest.mark.parametrize(
    ("content", "code"),
    [
        ('{"spec_version": "1.0.0",\n  "documents": ', "JC109"),
        ('{"a": NaN}', "JC114"),
        ("[1, 2]", "JC109"),
        ('{"spec_version": "1.0.0", "documents": {}, "extra": 1}', "JC203"),
    ],
    ids=["truncated", "nan", "a-list", "unknown-key"],
)
def test_a_file_that_is_not_an_export_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: str, code: str
) -> None:
    path = tmp_path / "received.json"
    path.write_text(content, encoding="utf-8")
    status, _, err = validate(capsys, path)
    assert status == 1
    assert f"error[{code}]" in err and "Traceback" not in err


def test_one_exported_document_is_not_an_export(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, export: Any
) -> None:
    path = tmp_path / "charter.json"
    path.write_text(json.dumps(export["documents"]["charter"]), encoding="utf-8")
    code, _, err = validate(capsys, path)
    assert code == 1 and "error[JC321]" in err and "without --document" in err


def test_the_site_serves_the_tables(built_site: Path) -> None:
    version = json.loads((built_site / "spec" / "latest.json").read_text("utf-8"))["spec_version"]
    folder = built_site / "spec" / version
    zipped = read_csv_zip((folder / "justculture-csv.zip").read_bytes())
    assert set(zipped) == set(TABLE_NAMES)
    for name in TABLE_NAMES:
        assert read_csv((folder / "csv" / f"{name}.csv").read_bytes()) == zipped[name]
    with zipfile.ZipFile(folder / "justculture.xlsx") as workbook_zip:
        assert "xl/workbook.xml" in workbook_zip.namelist()
    documents = json.loads((folder / "justculture.json").read_text("utf-8"))["documents"]
    for doc_id, document in documents.items():
        assert json.loads((folder / "documents" / f"{doc_id}.json").read_text("utf-8")) == document
    changes = (built_site / "developers" / "changes" / "index.html").read_text("utf-8")
    described = changes[changes.index('id="the-flat-tables"') :]
    for name in TABLE_NAMES:  # the page says what is in every table
        assert f"<code>{name}</code>" in described, name
    alerts = zipped["alerts"]
    assert {row["severity"] for row in alerts} == {"stop", "check"}
    assert read_workbook((folder / "justculture.xlsx").read_bytes())["alerts"] == [
        {key: _xlsx_cell(key, value) for key, value in row.items()} for row in alerts
    ]


def _xlsx_cell(column: str, text: str) -> object:
    """A CSV cell as the workbook holds it: counts as numbers, nothing for an empty cell."""
    return int(text) if column in ("order", "condition") else (text or None)
