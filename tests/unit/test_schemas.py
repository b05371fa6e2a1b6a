"""Schema errors become plain, located messages that name the property and say what to do."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from justculture.errors import SpecError, SpecErrors
from justculture.loading import parse_yaml
from justculture.schemas import SchemaSet, codelist, load_schemas, schema_errors, validate_file

REPO = Path(__file__).resolve().parents[2]
VALID = REPO / "tests" / "fixtures" / "valid"
TINY_FLOW = (VALID / "tiny-flow" / "spec" / "extra" / "tiny-flow.yaml").read_text(encoding="utf-8")
TINY_CHECKLIST = (VALID / "tiny-checklist" / "spec" / "extra" / "tiny-checklist.yaml").read_text(
    encoding="utf-8"
)
# Signs that a message is jsonschema's own wording rather than ours.
RAW = (
    "{'",
    "is not valid under any of the given schemas",
    "Failed validating",
    "is valid under each",
)


@pytest.fixture(scope="module")
def schemas() -> SchemaSet:
    return load_schemas(REPO / "spec" / "schema")


def errors_of(text: str, schemas: SchemaSet) -> list[SpecError]:
    return list(validate_file(parse_yaml(text, "spec/x.yaml"), schemas).errors)


def changed(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def only_error(text: str, schemas: SchemaSet) -> SpecError:
    found = errors_of(text, schemas)
    assert len(found) == 1, [error.format() for error in found]
    assert not any(raw in found[0].message for raw in RAW), found[0].message
    return found[0]


def test_the_shipped_schemas_load_with_every_kind(schemas: SchemaSet) -> None:
    assert {"charter", "checklist", "flow", "glossary", "manifest", "references"} <= set(
        schemas.kinds()
    )
    assert "common" not in schemas.kinds()


def test_the_tiny_documents_are_valid(schemas: SchemaSet) -> None:
    assert errors_of(TINY_FLOW, schemas) == []
    assert errors_of(TINY_CHECKLIST, schemas) == []


def test_a_missing_property_is_named_where_it_belongs(schemas: SchemaSet) -> None:
    error = only_error(changed(TINY_FLOW, "    help: Answer yes or no.\n", ""), schemas)
    assert (error.code, error.message, error.pointer) == (
        "JC202",
        "missing property 'help'",
        "/nodes/0",
    )
    assert (error.line, error.column) == (23, 5)


def test_an_unknown_property_is_named_at_its_key_with_the_allowed_ones(schemas: SchemaSet) -> None:
    found = errors_of(changed(TINY_FLOW, "  - id: go\n", "  - id: go\n    colour: red\n"), schemas)
    error = found[0]
    assert error.code == "JC203" and error.pointer == "/outcomes/0/colour"
    assert error.message.startswith("unknown property 'colour'; allowed here: ")
    assert "recommendation" in error.message
    assert (error.line, error.column) == (40, 5)


def test_a_typo_reports_the_unknown_key_and_the_missing_one(schemas: SchemaSet) -> None:
    found = errors_of(changed(TINY_FLOW, "    title: Go on\n", "    tittle: Go on\n"), schemas)
    assert sorted((error.code, error.message.split(";")[0]) for error in found) == [
        ("JC202", "missing property 'title'"),
        ("JC203", "unknown property 'tittle'"),
    ]


def test_an_unquoted_number_id_asks_for_text(schemas: SchemaSet) -> None:
    text = changed(changed(TINY_FLOW, "  - id: q1\n", "  - id: 1\n"), "start: q1", 'start: "1"')
    error = only_error(text, schemas)
    assert (error.code, error.pointer) == ("JC204", "/nodes/0/id")
    assert error.message == "expected text, found a whole number 1"


def test_a_boolean_where_an_answer_belongs_says_to_quote_it(schemas: SchemaSet) -> None:
    text = changed(TINY_CHECKLIST, 'equals: "no"', "equals: true")
    error = only_error(text, schemas)
    assert (error.code, error.pointer) == ("JC204", "/rules/0/when/0/equals")
    assert error.message == "expected text, found true (quote it if you meant the word)"


def test_an_unquoted_yes_is_read_as_the_word(schemas: SchemaSet) -> None:
    assert errors_of(changed(TINY_CHECKLIST, 'equals: "no"', "equals: no"), schemas) == []


def test_a_value_outside_a_codelist_lists_the_allowed_ones(schemas: SchemaSet) -> None:
    error = only_error(changed(TINY_FLOW, "{state: current}", "{state: draft}"), schemas)
    assert (error.code, error.pointer) == ("JC205", "/status/state")
    assert error.message == '"draft" is not allowed here; use one of: current, superseded'


def test_a_pattern_error_describes_the_form_not_the_regex(schemas: SchemaSet) -> None:
    error = only_error(changed(TINY_FLOW, "version: 1.0.0", 'version: "1.0"'), schemas)
    assert (error.code, error.pointer, error.line, error.column) == ("JC206", "/version", 3, 10)
    assert "Semantic Versioning" in error.message and "^" not in error.message


def test_an_answer_with_both_a_node_and_an_outcome(schemas: SchemaSet) -> None:
    text = changed(TINY_FLOW, "on_yes: {node: q2}", "on_yes: {node: q2, outcome: go}")
    error = only_error(text, schemas)
    assert (error.code, error.pointer) == ("JC207", "/nodes/0/on_yes")
    assert error.message == "give only one of 'node' or 'outcome', not more"


def test_an_answer_with_neither_a_node_nor_an_outcome(schemas: SchemaSet) -> None:
    error = only_error(changed(TINY_FLOW, "on_yes: {node: q2}", "on_yes: {}"), schemas)
    assert (error.code, error.pointer) == ("JC207", "/nodes/0/on_yes")
    assert error.message == "give one of 'node' or 'outcome'"


def test_a_condition_with_an_extra_key_names_the_key(schemas: SchemaSet) -> None:
    text = changed(TINY_CHECKLIST, '{item: "1", equals: "no"}', '{item: "1", equals: "no", or: x}')
    error = only_error(text, schemas)
    assert (error.code, error.pointer) == ("JC203", "/rules/0/when/0/or")


def test_the_document_level_error_comes_first(schemas: SchemaSet) -> None:
    text = changed(
        TINY_FLOW, "purpose: A two-question flow that the tests break one defect at a time.\n", ""
    )
    text = changed(text, "    test: t1\n", "    test: 5\n")
    found = errors_of(text, schemas)
    assert [error.code for error in found] == ["JC202", "JC204"]
    assert found[0].message == "missing property 'purpose'" and found[0].pointer == ""


def test_a_list_is_not_a_document(schemas: SchemaSet) -> None:
    [error] = errors_of("- kind: flow\n", schemas)
    assert (error.code, error.line, error.column) == ("JC109", 1, 1)


def test_a_document_without_a_kind(schemas: SchemaSet) -> None:
    [error] = errors_of("id: x\n", schemas)
    assert (error.code, error.message) == ("JC202", "missing property 'kind'")


@pytest.mark.parametrize("kind", ["flowchart", "5", "[flow]"])
def test_an_unknown_kind_lists_the_known_ones(kind: str, schemas: SchemaSet) -> None:
    [error] = errors_of(f"id: x\nkind: {kind}\n", schemas)
    assert (error.code, error.line, error.column, error.pointer) == ("JC201", 2, 7, "/kind")
    assert "checklist" in error.message and "flow" in error.message


def test_schema_errors_gives_each_files_first_error_and_how_many_more(schemas: SchemaSet) -> None:
    broken = changed(
        changed(TINY_FLOW, "version: 1.0.0", 'version: "1"'), "{state: current}", "{state: x}"
    )
    sources = [
        parse_yaml(TINY_FLOW, "spec/ok.yaml"),
        parse_yaml(broken, "spec/broken.yaml"),
    ]
    [(first, others)] = schema_errors(sources, schemas)
    assert first.file == "spec/broken.yaml" and others == 1


def write_schema(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.schema.json"
    path.write_text(text, encoding="utf-8")
    return path


def schema_text(**extra: object) -> str:
    schema = {"$id": "https://example.test/schema/thing.schema.json", "type": "object", **extra}
    return json.dumps(schema, indent=2)


def load_refused(folder: Path, base: Path | None = None) -> list[SpecError]:
    with pytest.raises(SpecErrors) as raised:
        load_schemas(folder, base)
    return list(raised.value)


def test_a_schema_that_is_not_json_is_located(tmp_path: Path) -> None:
    write_schema(tmp_path / "spec" / "schema", "thing", '{\n  "type": "object",\n}\n')
    [error] = load_refused(tmp_path / "spec" / "schema", tmp_path)
    assert (error.code, error.file, error.line, error.column) == (
        "JC208",
        "spec/schema/thing.schema.json",
        3,
        1,
    )


def test_a_schema_that_breaks_the_meta_schema_names_the_keyword(tmp_path: Path) -> None:
    write_schema(tmp_path, "thing", schema_text(type=5))
    [error] = load_refused(tmp_path)
    assert error.code == "JC208" and "$.type" in error.message


def test_a_schema_without_an_id(tmp_path: Path) -> None:
    write_schema(tmp_path, "thing", '{"type": "object"}')
    [error] = load_refused(tmp_path)
    assert error.code == "JC208" and "$id" in error.message


def test_a_ref_to_nothing_is_caught_when_the_schemas_load(tmp_path: Path) -> None:
    write_schema(tmp_path, "thing", schema_text(properties={"a": {"$ref": "#/$defs/missing"}}))
    [error] = load_refused(tmp_path)
    assert error.code == "JC208" and "#/$defs/missing" in error.message


def test_refs_across_files_and_inside_a_file_resolve(tmp_path: Path) -> None:
    write_schema(
        tmp_path,
        "common",
        json.dumps({"$id": "https://example.test/schema/common.schema.json", "$defs": {"t": {}}}),
    )
    write_schema(
        tmp_path,
        "thing",
        schema_text(
            properties={
                "kind": {"const": "thing"},
                "a": {"$ref": "common.schema.json#/$defs/t"},
                "b": {"$ref": "#/$defs/u"},
            },
            **{"$defs": {"u": {"type": "string"}}},
        ),
    )
    assert load_schemas(tmp_path).kinds() == ["thing"]


def test_every_broken_schema_is_reported(tmp_path: Path) -> None:
    write_schema(tmp_path, "one", "not json")
    write_schema(tmp_path, "two", '{"type": "object"}')
    assert [error.code for error in load_refused(tmp_path)] == ["JC208", "JC208"]


def test_each_missing_property_is_named_once(schemas: SchemaSet) -> None:
    found = errors_of(changed(TINY_FLOW, "{state: current}", "{state: superseded}"), schemas)
    assert sorted(error.message for error in found) == [
        "missing property 'note'",
        "missing property 'superseded_by'",
    ]


def test_a_code_can_be_deprecated_and_keep_its_title() -> None:
    branches = [
        {"const": "old", "title": "Old name", "deprecated": True},
        {"const": "new", "title": "New name", "description": "Use this one."},
    ]
    assert codelist({"oneOf": branches}) == {"old": "Old name", "new": "New name"}
