"""The JSON Schemas of the spec, and schema errors turned into located SpecErrors."""

from __future__ import annotations

import heapq
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError, ValidationError, relevance
from referencing import Registry, Resource
from referencing.exceptions import Unresolvable
from referencing.jsonschema import DRAFT202012

from .errors import ErrorCodeId, SpecError, SpecErrors, escape_pointer_token
from .frozen import FrozenDict, freeze
from .loading import SourceFile, display_path
from .regex_safety import backtracking_risk

SCHEMA_SUFFIX = ".schema.json"
COMMON = "common"

_CODES_BY_KEYWORD: dict[str, ErrorCodeId] = {
    "required": "JC202",
    "additionalProperties": "JC203",
    "unevaluatedProperties": "JC203",
    "type": "JC204",
    "enum": "JC205",
    "const": "JC205",
    "pattern": "JC206",
    "minLength": "JC206",
    "maxLength": "JC206",
    "minimum": "JC206",
    "maximum": "JC206",
    "minItems": "JC206",
    "maxItems": "JC206",
    "uniqueItems": "JC206",
    "format": "JC206",
}
_TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a mapping of keys to values",
    "null": "nothing",
}


@dataclass(frozen=True)
class SchemaSet:
    """Every schema, by name (``charter`` for ``charter.schema.json``), and their registry."""

    schemas: Mapping[str, dict[str, Any]]
    registry: Registry[Any]
    files: Mapping[str, Path]

    def kinds(self) -> list[str]:
        """The document kinds: schemas whose ``kind`` property is their own name. The others
        (common, export, answers, result, scenario-run) describe shared parts or other files."""
        return sorted(name for name, schema in self.schemas.items() if _kind_of(schema) == name)

    def validator(self, kind: str) -> Draft202012Validator:
        return Draft202012Validator(self.schemas[kind], registry=self.registry)


def _kind_of(schema: Mapping[str, Any]) -> Any:
    properties = schema.get("properties")
    kind = properties.get("kind") if isinstance(properties, Mapping) else None
    return kind.get("const") if isinstance(kind, Mapping) else None


def load_schemas(schema_dir: Path, base: Path | None = None) -> SchemaSet:
    """Read every schema; errors name the file relative to ``base``, as spec files are named."""
    schemas: dict[str, dict[str, Any]] = {}
    files: dict[str, Path] = {}
    errors: list[SpecError] = []
    shown: dict[str, str] = {}
    for path in sorted(schema_dir.glob(f"*{SCHEMA_SUFFIX}")):
        name = path.name.removesuffix(SCHEMA_SUFFIX)
        shown[name] = display_path(path, base) if base else str(path)
        try:
            schemas[name] = _read_schema(path, shown[name])
            files[name] = path
        except SpecError as error:
            errors.append(error)
    SpecErrors.raise_if_any(errors)
    schemas = {name: freeze(schema) for name, schema in schemas.items()}
    resources = [
        (schema["$id"], Resource.from_contents(schema, default_specification=DRAFT202012))
        for schema in schemas.values()
    ]
    registry: Registry[Any] = Registry().with_resources(resources)
    # A $ref to nothing would otherwise surface as a traceback in the middle of validation.
    for name, schema in schemas.items():
        errors.extend(_broken_refs(schema, schema["$id"], registry, shown[name]))
    SpecErrors.raise_if_any(errors)
    # Read-only like the Spec that carries them: one process shares them with every edition.
    return SchemaSet(FrozenDict(schemas), registry, FrozenDict(files))


def _broken_refs(
    node: Any, base_uri: str, registry: Registry[Any], shown: str
) -> Iterator[SpecError]:
    if isinstance(node, list):
        for child in node:
            yield from _broken_refs(child, base_uri, registry, shown)
    if not isinstance(node, dict):
        return
    if isinstance(node.get("$id"), str):
        base_uri = urljoin(base_uri, node["$id"])
    reference = node.get("$ref")
    if isinstance(reference, str):
        try:
            registry.resolver(base_uri=base_uri).lookup(reference)
        except Unresolvable:
            message = f"the $ref '{reference}' points at nothing; fix its file name or #/$defs path"
            yield SpecError("JC208", message, shown)
    for child in node.values():
        yield from _broken_refs(child, base_uri, registry, shown)


def _read_schema(path: Path, shown: str) -> dict[str, Any]:
    try:
        schema: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise SpecError("JC101", f"cannot read the schema: {exc.strerror or exc}", shown) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        line, column = (exc.lineno, exc.colno) if isinstance(exc, json.JSONDecodeError) else (0, 0)
        raise SpecError(
            "JC208", f"the schema is not valid JSON: {exc}", shown, line, column
        ) from None
    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError as exc:
        raise SpecError(
            "JC208", f"not a valid draft 2020-12 schema at {exc.json_path}: {exc.message}", shown
        ) from None
    if not isinstance(schema.get("$id"), str):
        raise SpecError("JC208", "the schema needs an '$id'", shown)
    _refuse_slow_patterns(schema, shown)
    return schema


# Keywords whose values are data, not schemas: a "pattern" key inside them is not a regex.
_DATA_KEYWORDS = frozenset({"const", "enum", "examples", "default"})


def _refuse_slow_patterns(schema: Any, shown: str) -> None:
    """JC208, at the JSON pointer, for a regex that can backtrack for ever (regex_safety).

    Walks with a stack, not recursion: a schema is a file a fork may change."""
    stack: list[tuple[Any, str]] = [(schema, "")]
    while stack:
        node, pointer = stack.pop()
        if isinstance(node, list):
            stack.extend((child, f"{pointer}/{i}") for i, child in enumerate(node))
            continue
        if not isinstance(node, dict):
            continue
        regexes = [("pattern", node["pattern"])] if isinstance(node.get("pattern"), str) else []
        if isinstance(node.get("patternProperties"), dict):
            regexes += [
                (f"patternProperties/{escape_pointer_token(k)}", k)
                for k in node["patternProperties"]
            ]
        for where, regex in regexes:
            risk = backtracking_risk(regex)
            if risk:
                message = (
                    f"the pattern {regex!r} is refused: {risk}; write it without nested repeats"
                )
                raise SpecError("JC208", message, shown, pointer=f"{pointer}/{where}")
        stack.extend(
            (child, f"{pointer}/{escape_pointer_token(key)}")
            for key, child in node.items()
            if key not in _DATA_KEYWORDS
        )


@dataclass(frozen=True)
class SchemaReport:
    """The problems in one file: the most relevant first."""

    errors: tuple[SpecError, ...]


def validate_file(source: SourceFile, schemas: SchemaSet) -> SchemaReport:
    data = source.data
    if not isinstance(data, dict):
        return SchemaReport(
            (source.error("JC109", "the document must be a mapping of keys to values"),)
        )
    kind = data.get("kind")
    if kind is None:
        return SchemaReport((source.error("JC202", "missing property 'kind'"),))
    if not isinstance(kind, str) or kind not in schemas.kinds():
        known = ", ".join(schemas.kinds())
        return SchemaReport(
            (source.error("JC201", f"no schema for kind {kind!r}; use one of: {known}", "/kind"),)
        )
    found = sorted(schemas.validator(kind).iter_errors(data), key=relevance, reverse=True)
    return SchemaReport(tuple(_to_spec_error(source, error) for error in found))


def codelist(schema: Any) -> dict[str, str] | None:
    """A codelist's codes and titles, when ``schema`` is one: a oneOf of ``{const, title}``."""
    if not isinstance(schema, Mapping) or not isinstance(schema.get("oneOf"), list):
        return None
    branches = schema["oneOf"]
    if not branches or not all(
        isinstance(branch, Mapping)
        and set(branch) <= {"const", "title", "description", "deprecated"}
        and "const" in branch
        and "title" in branch
        for branch in branches
    ):
        return None
    return {str(branch["const"]): str(branch["title"]) for branch in branches}


def _to_spec_error(source: SourceFile, error: ValidationError) -> SpecError:
    error = _deepest(error)
    codes = codelist(error.schema) if error.validator == "oneOf" else None
    if codes is not None:
        pointer = "".join(f"/{escape_pointer_token(part)}" for part in error.absolute_path)
        message = f"{_short(error.instance)} is not allowed here; use one of: {', '.join(codes)}"
        return source.error("JC205", message, pointer)
    pointer = "".join(f"/{escape_pointer_token(part)}" for part in error.absolute_path)
    code = _CODES_BY_KEYWORD.get(str(error.validator), "JC207")
    if error.validator in {"additionalProperties", "unevaluatedProperties"}:
        extra = _unexpected_key(error)
        if extra is not None:
            key_pointer = f"{pointer}/{escape_pointer_token(extra)}"
            allowed = (
                ", ".join(sorted(error.schema.get("properties", {})))
                if isinstance(error.schema, dict)
                else ""
            )
            message = f"unknown property '{extra}'" + (
                f"; allowed here: {allowed}" if allowed else ""
            )
            return source.error(code, message, key_pointer, key=True)
    return source.error(code, _message(error), pointer)


def _deepest(error: ValidationError) -> ValidationError:
    """For oneOf/anyOf, report the branch that came closest instead of the umbrella message.

    The closest branch is the one with the fewest errors: a condition whose only fault is a
    wrong value beats the branches whose property names are all wrong. When branches tie,
    jsonschema's relevance picks the deepest error, or keeps the umbrella if that ties too.
    """
    while error.context and codelist(error.schema) is None:
        branches: dict[Any, list[ValidationError]] = {}
        for child in error.context:
            branches.setdefault(child.relative_schema_path[0], []).append(child)
        fewest = min(len(found) for found in branches.values())
        closest = [found for found in branches.values() if len(found) == fewest]
        if len(closest) == 1:
            error = min(closest[0], key=relevance)
            continue
        smallest = heapq.nsmallest(2, error.context, key=relevance)
        if len(smallest) == 2 and relevance(smallest[0]) == relevance(smallest[1]):
            return error
        error = smallest[0]
    return error


def _unexpected_key(error: ValidationError) -> str | None:
    if not isinstance(error.instance, dict) or not isinstance(error.schema, dict):
        return None
    allowed = set(error.schema.get("properties", {}))
    extras = [key for key in error.instance if key not in allowed]
    return extras[0] if extras else None


def _message(error: ValidationError) -> str:
    keyword = str(error.validator)
    expected: Any = error.validator_value
    instance: Any = error.instance
    if keyword == "required":
        # jsonschema raises one error per missing property; its message names which one.
        missing = [name for name in expected if name not in instance]
        named = [name for name in missing if error.message.startswith(f"{name!r} ")]
        return f"missing property '{(named or missing or [expected])[0]}'"
    if keyword == "type":
        wanted = [expected] if isinstance(expected, str) else list(expected)
        words = " or ".join(_TYPE_WORDS.get(name, name) for name in wanted)
        return f"expected {words}, found {_describe(instance)}"
    if keyword == "enum":
        return (
            f"{_short(instance)} is not allowed here; use one of: {', '.join(map(str, expected))}"
        )
    if keyword == "const":
        return f"{_short(instance)} is not allowed here; it must be {expected!r}"
    if keyword == "pattern":
        hint = error.schema.get("description") if isinstance(error.schema, dict) else None
        return f"{_short(instance)} is not in the required form" + (
            f": {hint}" if hint else f" ({expected})"
        )
    if keyword in {"oneOf", "anyOf"}:
        return _alternatives(error)
    return str(error.message)


def _alternatives(error: ValidationError) -> str:
    """A plain message for a oneOf/anyOf that no single branch explains."""
    several = error.validator == "oneOf" and not error.context
    branches: list[Any] = (
        list(error.validator_value) if isinstance(error.validator_value, list) else []
    )
    names = [branch["required"][0] for branch in branches if _requires_one(branch)]
    if names and len(names) == len(branches):
        listed = " or ".join(f"'{name}'" for name in names)
        return f"give only one of {listed}, not more" if several else f"give one of {listed}"
    if several:
        return "this matches more than one of the allowed forms; it must match exactly one"
    return "this matches none of the allowed forms; see the schema reference for this property"


def _requires_one(branch: Any) -> bool:
    """A branch that only requires one property (Ajv's strict mode wants it named in
    ``properties`` too, as ``{"name": true}``)."""
    if not isinstance(branch, dict) or set(branch) - {"required", "properties"}:
        return False
    required = branch.get("required")
    if not isinstance(required, list) or len(required) != 1:
        return False
    properties = branch.get("properties", {})
    return isinstance(properties, dict) and all(value is True for value in properties.values())


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"{str(value).lower()} (quote it if you meant the word)"
    names = {
        str: "text",
        int: "a whole number",
        float: "a number",
        list: "a list",
        dict: "a mapping",
    }
    if value is None:
        return "nothing (an empty value)"
    return f"{names.get(type(value), type(value).__name__)} {_short(value)}"


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


def schema_errors(sources: list[SourceFile], schemas: SchemaSet) -> Iterator[tuple[SpecError, int]]:
    """Each invalid file's most relevant error and how many others it has."""
    for source in sources:
        report = validate_file(source, schemas)
        if report.errors:
            yield report.errors[0], len(report.errors) - 1
