"""The schema reference page: each JSON Schema described in plain words, with links."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from ...schemas import codelist


@dataclass(frozen=True)
class PropertyRow:
    name: str
    type: list[tuple[str, str]]
    required: bool
    description: str


@dataclass(frozen=True)
class SchemaPart:
    anchor: str
    name: str
    description: str
    summary: list[tuple[str, str]]
    rows: tuple[PropertyRow, ...]


@dataclass(frozen=True)
class SchemaSection:
    name: str
    anchor: str
    title: str
    description: str
    top: SchemaPart
    parts: tuple[SchemaPart, ...]


def schema_section(name: str, schema: Mapping[str, Any]) -> SchemaSection:
    anchor = f"schema-{name}"
    top = _schema_part(name, anchor, str(schema.get("title", name)), schema)
    parts = tuple(
        _schema_part(name, f"{anchor}-{def_name}", def_name, definition)
        for def_name, definition in schema.get("$defs", {}).items()
    )
    return SchemaSection(
        name, anchor, str(schema.get("title", name)), str(schema.get("description", "")), top, parts
    )


def _schema_part(schema_name: str, anchor: str, name: str, schema: Mapping[str, Any]) -> SchemaPart:
    rows = tuple(_property_rows(schema_name, schema))
    summary = [] if rows else describe_type(schema_name, schema)
    return SchemaPart(anchor, name, str(schema.get("description", "")), summary, rows)


def _property_rows(
    schema_name: str, schema: Mapping[str, Any], prefix: str = ""
) -> Iterator[PropertyRow]:
    required = set(schema.get("required", []))
    for prop, sub in schema.get("properties", {}).items():
        if not isinstance(sub, Mapping):
            continue  # `false`: the property is forbidden in this case
        name = f"{prefix}{prop}"
        yield PropertyRow(
            name, describe_type(schema_name, sub), prop in required, str(sub.get("description", ""))
        )
        if sub.get("type") == "object" and "properties" in sub:
            yield from _property_rows(schema_name, sub, f"{name}.")


Segment = tuple[str, str]  # (text, anchor on the schema page, or "")


def describe_type(schema_name: str, schema: Mapping[str, Any]) -> list[Segment]:
    """A short plain description of a schema fragment's type, with links to the definitions."""
    if "$ref" in schema:
        return [_describe_ref(schema_name, str(schema["$ref"]))]
    if "const" in schema:
        return [(f"always {json.dumps(schema['const'])}", "")]
    if "enum" in schema:
        return [("one of: " + ", ".join(json.dumps(value) for value in schema["enum"]), "")]
    codes = codelist(schema)
    if codes is not None:
        return [("one of: " + ", ".join(json.dumps(value) for value in codes), "")]
    for combinator in ("oneOf", "anyOf"):
        if combinator in schema and "type" not in schema:
            options = [describe_type(schema_name, option) for option in schema[combinator]]
            joined: list[Segment] = []
            for option in (option for option in options if option):
                joined += ([(" or ", "")] if joined else []) + option
            return joined
    return _describe_plain(schema_name, schema)


def _describe_plain(schema_name: str, schema: Mapping[str, Any]) -> list[Segment]:
    kind = schema.get("type")
    if kind == "array":
        items = schema.get("items")
        inner = (
            describe_type(schema_name, items) if isinstance(items, Mapping) else [("values", "")]
        )
        return [("list of ", ""), *inner]
    if kind == "object":
        return [("mapping", "")]
    words = {
        "string": "text",
        "integer": "whole number",
        "number": "number",
        "boolean": "true or false",
    }
    text = words.get(str(kind), "") if kind else ""
    if "pattern" in schema:
        text = f"{text or 'text'} matching {schema['pattern']}"
    return [(text, "")] if text else []


def _describe_ref(schema_name: str, ref: str) -> Segment:
    """``common.schema.json#/$defs/text`` -> ("text (common)", "schema-common-text")."""
    file_part, _, pointer = ref.partition("#")
    target_schema = file_part.removesuffix(".schema.json") or schema_name
    definition = pointer.rsplit("/", 1)[-1] if pointer else ""
    anchor = f"schema-{target_schema}-{definition}" if definition else f"schema-{target_schema}"
    label = definition or target_schema
    return (f"{label} ({target_schema})" if target_schema != schema_name else label, anchor)
