"""The JSON Schemas themselves: valid draft 2020-12, identified, closed, codelists in one place."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

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
    assert schema["$id"].endswith(f"/schema/{path.name}")
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
