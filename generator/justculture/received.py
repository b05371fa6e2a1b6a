"""Validate a JSON export someone received: the same schema and cross-reference checks as a spec
folder, with every error located by JSON pointer in the file (and by line and column).

``justculture validate justculture.json`` runs this. The export's documents are checked against
the schemas of the export's own version when that version is a kept release, and against the
package's schemas otherwise. A file holding one document (``export --document``) is refused
with a clear message: the cross-reference checks need every document.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .errors import SpecError, SpecErrors, escape_pointer_token
from .loading import Position, SourceFile, parse_yaml, read_text
from .locate import locate_spec, packaged_schema_dir
from .releases import SCHEMA_FOLDER, releases_dir
from .schemas import SchemaSet, load_schemas
from .validation import Report, _validate_sources

EXPORT_KEYS = ("spec_version", "documents")


def validate_export(path: Path) -> Report:
    """Check a JSON export (or one exported document); never raises for a bad file."""
    shown = str(path)
    try:
        whole = _read(path, shown)
    except SpecError as error:
        return Report([error])
    data = whole.data
    if isinstance(data, dict) and isinstance(data.get("kind"), str) and "documents" not in data:
        return _one_document(whole)
    problems = _outer_problems(whole)
    if problems:
        return Report(problems)
    try:
        schemas = _schemas_for(str(data["spec_version"]))
    except (SpecError, SpecErrors) as error:
        return Report(list(error) if isinstance(error, SpecErrors) else [error])
    sources: list[SourceFile] = [
        _embedded(whole, doc_id, document) for doc_id, document in data["documents"].items()
    ]
    report = _validate_sources(sources, schemas, path)
    if report.spec is not None and report.spec.version != data["spec_version"]:
        message = (
            f"spec_version is {data['spec_version']!r} but the manifest says "
            f"{report.spec.version!r}; they must be the same"
        )
        return Report([whole.error("JC321", message, "/spec_version")])
    return report


def _one_document(whole: SourceFile) -> Report:
    message = (
        f"this file holds one document (kind {whole.data['kind']!r}), not a whole export; the "
        "checks need every document: validate the file from justculture export without --document"
    )
    return Report([whole.error("JC321", message)])


def _outer_problems(whole: SourceFile) -> list[SpecError]:
    data = whole.data
    if not isinstance(data, dict):
        message = "an export must be a JSON object with spec_version and documents"
        return [whole.error("JC109", message)]
    problems = [
        whole.error("JC202", f"missing property '{key}'") for key in EXPORT_KEYS if key not in data
    ]
    problems.extend(
        whole.error(
            "JC203",
            f"unknown property '{key}'; allowed here: {', '.join(EXPORT_KEYS)}",
            f"/{escape_pointer_token(key)}",
            key=True,
        )
        for key in data
        if key not in EXPORT_KEYS
    )
    if problems:
        return problems
    if not isinstance(data["spec_version"], str):
        problems.append(whole.error("JC204", "spec_version must be text", "/spec_version"))
    documents = data["documents"]
    if not isinstance(documents, dict) or not documents:
        message = "documents must be a mapping of document ids to documents, and not empty"
        return [*problems, whole.error("JC204", message, "/documents")]
    for doc_id, document in documents.items():
        pointer = f"/documents/{escape_pointer_token(doc_id)}"
        if not isinstance(document, dict):
            problems.append(whole.error("JC109", "a document must be a JSON object", pointer))
        elif document.get("id") != doc_id:
            message = f"the document under '{doc_id}' has the id {document.get('id')!r}"
            problems.append(whole.error("JC321", message, pointer, key=True))
    return problems


def _embedded(whole: SourceFile, doc_id: str, document: Any) -> SourceFile:
    prefix = f"/documents/{escape_pointer_token(doc_id)}"
    return SourceFile(
        whole.display,
        _under(whole.positions, prefix),
        _under(whole.key_positions, prefix),
        prefix,
        path=whole.path,
        data=document,
    )


def _under(positions: Mapping[str, Position], prefix: str) -> dict[str, Position]:
    inside = {
        pointer.removeprefix(prefix): place
        for pointer, place in positions.items()
        if pointer.startswith(prefix + "/")
    }
    if prefix in positions:
        inside[""] = positions[prefix]
    return inside


def _schemas_for(version: str) -> SchemaSet:
    """The schemas of a kept release of ``version``, or the package's own."""
    kept = releases_dir(locate_spec()) / version / SCHEMA_FOLDER
    return load_schemas(kept if kept.is_dir() else packaged_schema_dir())


def _read(path: Path, shown: str) -> SourceFile:
    """The file as data (read as JSON) with positions (read as YAML, when it can be)."""
    if path.is_dir():
        raise SpecError("JC101", "this is a folder; give a JSON file", shown)
    text = read_text(path, shown).removeprefix("\ufeff")
    try:
        data = json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        message = f"not valid JSON: {exc.msg}"
        raise SpecError("JC109", message, shown, exc.lineno, exc.colno) from None
    except ValueError as exc:
        raise SpecError("JC114", str(exc), shown) from None
    return SourceFile(shown, *_positions(text, shown), path=path, data=data)


def _positions(text: str, shown: str) -> tuple[dict[str, Position], dict[str, Position]]:
    # JSON is YAML, so the line-aware YAML reader finds where each value is. A file it cannot
    # read that way (tabs for indentation, say) is still valid JSON: errors then give pointers.
    try:
        located = parse_yaml(text, shown)
    except (SpecError, SpecErrors):
        return {}, {}
    return dict(located.positions), dict(located.key_positions)


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows; write a finite number")
