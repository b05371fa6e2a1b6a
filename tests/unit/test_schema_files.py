"""The JSON Schemas themselves: valid draft 2020-12, identified, closed, codelists in one place."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from justculture.published import SOURCE_BASE, bundle

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "spec" / "schema"
SCHEMA_FILES = sorted(SCHEMA_DIR.glob("*.schema.json"))
COMMON = SCHEMA_DIR / "common.schema.json"
CONDITION = re.compile(r"/(if|then|else|not|allOf/\d+|anyOf/\d+|oneOf/\d+)(/|$)")


def load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def subschemas(node: Any, pointer: str = "#") -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(node, dict):
        yield pointer, node
        for key, value in node.items():
            yield from subschemas(value, f"{pointer}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from subschemas(value, f"{pointer}/{index}")


def test_there_is_a_schema_for_every_kind_of_document() -> None:
    names = {path.name.removesuffix(".schema.json") for path in SCHEMA_FILES}
    assert names >= {
        "common", "manifest", "charter", "checklist", "flow", "restorative", "behaviours",
        "guidance", "evidence", "glossary", "references", "scenario",
    }  # fmt: skip


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=lambda path: path.name)
def test_each_schema_is_valid_against_the_2020_12_meta_schema(path: Path) -> None:
    schema = load(path)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)
    # The source base is fixed and never fetched; the site rewrites it (justculture.published).
    assert schema["$id"] == f"{SOURCE_BASE}{path.name}"
    assert schema.get("title") and schema.get("description")


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=lambda path: path.name)
def test_every_object_with_properties_is_closed(path: Path) -> None:
    # Conditions (if/then/else, allOf/anyOf/oneOf branches, not) constrain an object defined
    # elsewhere; only the definitions themselves must forbid unknown properties.
    open_objects = [
        pointer
        for pointer, node in subschemas(load(path))
        if not CONDITION.search(pointer)
        and "properties" in node
        and node.get("additionalProperties") is not False
        and "unevaluatedProperties" not in node
    ]
    assert not open_objects, f"{path.name}: objects that allow unknown properties: {open_objects}"


@pytest.mark.parametrize(
    "path", [path for path in SCHEMA_FILES if path != COMMON], ids=lambda path: path.name
)
def test_codelists_live_only_in_the_common_schema(path: Path) -> None:
    enums = [pointer for pointer, node in subschemas(load(path)) if "enum" in node]
    assert not enums, (
        f"{path.name} defines codelists of its own at {enums}; move them to common.schema.json"
    )


STRING_KEYWORDS = {"pattern", "minLength", "maxLength", "format"}
OBJECT_KEYWORDS = {"properties", "required", "additionalProperties", "propertyNames"}


def definitions(node: Any, pointer: str = "#") -> Iterator[tuple[str, Any]]:
    for pointer_, child in subschemas(node, pointer):
        for name, definition in child.get("$defs", {}).items():
            if pointer_.endswith("/$defs") or not isinstance(definition, dict):
                continue
            yield f"{pointer_}/$defs/{name}", definition


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=lambda path: path.name)
def test_every_definition_has_a_title_so_generated_types_get_good_names(path: Path) -> None:
    untitled = [
        pointer for pointer, definition in definitions(load(path)) if not definition.get("title")
    ]
    assert not untitled, f"{path.name}: give these $defs a title: {untitled}"


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=lambda path: path.name)
def test_keywords_name_their_type_as_ajv_strict_mode_asks(path: Path) -> None:
    """strictTypes: a string keyword sits beside "type": "string" (a $ref does not count)."""
    untyped = [
        pointer
        for pointer, node in subschemas(load(path))
        if not pointer.endswith(("/properties", "/$defs"))
        and node.keys() & STRING_KEYWORDS
        and node.get("type") != "string"
    ]
    assert not untyped, f'{path.name}: add "type": "string" at {untyped}'


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=lambda path: path.name)
def test_required_names_are_defined_beside_them_as_ajv_strict_mode_asks(path: Path) -> None:
    """strictRequired: a condition's required names are in its own properties."""
    undefined = [
        f"{pointer}: {name}"
        for pointer, node in subschemas(load(path))
        if CONDITION.search(pointer) and isinstance(node.get("required"), list)
        for name in node["required"]
        if name not in node.get("properties", {})
    ]
    assert not undefined, f"{path.name}: define these in the same properties: {undefined}"


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=lambda path: path.name)
def test_every_item_with_an_id_can_be_deprecated_and_replaced(path: Path) -> None:
    missing = [
        pointer
        for pointer, node in subschemas(load(path))
        if pointer != "#"
        and not CONDITION.search(pointer)
        and "id" in node.get("properties", {})
        and not {"deprecated", "replaced_by"} <= node["properties"].keys()
    ]
    if path.name in {"result.schema.json"}:
        return  # an evaluation result repeats ids; it does not define items
    assert not missing, f"{path.name}: add deprecated and replaced_by at {missing}"


def test_the_export_schema_names_every_kind_of_document() -> None:
    kinds = {
        path.name
        for path in SCHEMA_FILES
        if load(path).get("properties", {}).get("kind", {}).get("const")
        == path.name.removesuffix(".schema.json")
    }
    listed = {
        branch["$ref"]
        for branch in load(SCHEMA_DIR / "export.schema.json")["$defs"]["document"]["oneOf"]
    }
    assert listed == kinds


def test_a_bundled_schema_needs_no_other_file() -> None:
    schemas = {path.name.removesuffix(".schema.json"): load(path) for path in SCHEMA_FILES}
    single = bundle(schemas, "export", "https://example.test/export.schema.json")
    refs = [node["$ref"] for _, node in subschemas(single) if "$ref" in node]
    assert refs and all(ref.startswith("#/") for ref in refs)
    validator = Draft202012Validator(single)
    from justculture import load_spec
    from justculture.exports.data import export_data

    errors = list(validator.iter_errors(json.loads(json.dumps(export_data(load_spec())))))
    assert errors == []
    broken = {"spec_version": "1.0.0", "documents": {"charter": {"kind": "charter"}}}
    assert list(validator.iter_errors(broken))
