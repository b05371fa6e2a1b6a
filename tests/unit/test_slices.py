"""The export's slices: each tool and scenario page gets only the documents it needs, in the
export's own shape, from the one function the site's downloads use."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from justculture.exports.slices import SLICE_PATH, slice_files, slice_of, slices
from justculture.published import bundle

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "spec" / "schema"


@pytest.fixture(scope="module")
def export_validator() -> Draft202012Validator:
    schemas = {
        path.name.removesuffix(".schema.json"): json.loads(path.read_text(encoding="utf-8"))
        for path in SCHEMA_DIR.glob("*.schema.json")
    }
    return Draft202012Validator(bundle(schemas, "export", "https://example.test/export.json"))


def test_a_tool_gets_itself_the_decision_record_and_the_manifest(spec: Any) -> None:
    for tool in ("just-culture-guide", "pre-disciplinary-checklist"):
        data = slice_of(spec, tool)
        assert data["spec_version"] == spec.version
        assert set(data["documents"]) == {tool, "restorative", "justculture", "references"}
        fields = data["documents"]["restorative"]["decision_record"][0]["fields"]
        assert fields == spec.decision_record_fields()


def test_a_tool_gets_what_replaced_the_guide_and_the_edition_it_names(spec: Any) -> None:
    """Only the reference entries a page needs to name the edition a record used and to link what
    replaced it (with its address), not the whole references document."""
    status = spec.documents["just-culture-guide"]["status"]
    later = status["superseded_by_ref"]
    source = spec.documents["just-culture-guide"]["source"]["ref"]
    whole = {entry["id"]: entry for entry in spec.documents["references"]["entries"]}
    for tool in ("just-culture-guide", "pre-disciplinary-checklist"):
        entries = slice_of(spec, tool)["documents"]["references"]["entries"]
        assert {entry["id"] for entry in entries} == {later, source, "being-fair-2019"}
        assert [entry for entry in entries if entry["id"] == later] == [whole[later]]
        assert whole[later]["url"].startswith("https://")
    assert len(entries) < len(whole) / 5


def test_a_scenario_gets_the_tools_its_stages_run(spec: Any) -> None:
    scenarios = spec.ids_of_kind("scenario")
    assert scenarios
    for scenario_id in scenarios:
        runs = {
            str(run["tool"])
            for stage in spec.documents[scenario_id]["stages"]
            for run in stage.get("answers", [])
        }
        documents = set(slice_of(spec, scenario_id)["documents"])
        assert documents == {scenario_id, "justculture", "restorative"} | runs
        assert "charter" not in documents and "glossary" not in documents


def test_every_tool_and_scenario_has_a_slice_valid_as_an_export(
    spec: Any, export_validator: Draft202012Validator
) -> None:
    made = slices(spec)
    kinds = {"flow", "checklist", "scenario"}
    assert set(made) == {key for key, doc in spec.documents.items() if doc["kind"] in kinds}
    for data in made.values():
        assert list(export_validator.iter_errors(json.loads(json.dumps(data)))) == []


def test_the_slices_are_written_beside_the_export_and_are_much_smaller(spec: Any) -> None:
    from justculture.exports import dumps
    from justculture.exports.data import export_data

    files = slice_files(spec)
    whole = len(dumps(export_data(spec)))
    guide = SLICE_PATH.format(version=spec.version, doc_id="just-culture-guide")
    assert guide == f"spec/{spec.version}/slices/just-culture-guide.json"
    assert json.loads(files[guide]) == json.loads(json.dumps(slice_of(spec, "just-culture-guide")))
    # A tool's slice is a small part of the whole; a scenario's carries one or both tools too.
    tools = [SLICE_PATH.format(version=spec.version, doc_id=tool) for tool in spec.tools]
    assert all(len(files[path]) < whole / 5 for path in tools)
    assert all(len(text) < whole / 2 for text in files.values())


def test_the_site_downloads_carry_the_slices(spec: Any) -> None:
    from justculture.render.site.pages import downloads
    from justculture.schemas import load_schemas

    files = downloads(spec, load_schemas(SCHEMA_DIR))
    assert set(slice_files(spec)) <= set(files)
    assert f"spec/{spec.version}/justculture.json" in files
