"""Exports for every kind of team: the whole spec or one document as JSON, flat tables as CSV
(one file per table, or a zip) and as one XLSX workbook.

Everything here is made from export data (the JSON export as plain data) and the common schema,
so a published release and the live spec give the same tables. The command (``justculture
export``) and the site only call these functions.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from ..errors import UsageError
from ..model import Spec
from .data import export_data
from .formats import csv_files, csv_zip, read_csv, read_csv_zip, read_workbook, workbook
from .tables import TABLE_NAMES, Table, for_document, items_with_ids, tables

Format = Literal["json", "csv", "xlsx"]
FORMATS: tuple[Format, ...] = ("json", "csv", "xlsx")
COMMON_SCHEMA = "common"
ZIP_SUFFIX = ".zip"
CSV_ZIP = "justculture-csv.zip"
XLSX = "justculture.xlsx"

__all__ = [
    "CSV_ZIP",
    "FORMATS",
    "TABLE_NAMES",
    "XLSX",
    "Table",
    "csv_files",
    "csv_zip",
    "document_json",
    "export_output",
    "items_with_ids",
    "planned_targets",
    "read_csv",
    "read_csv_zip",
    "read_workbook",
    "spec_tables",
    "tables",
    "workbook",
]


def spec_tables(spec: Spec) -> list[Table]:
    """The flat tables of a validated spec."""
    return tables(export_data(spec), common_schema(spec))


def common_schema(spec: Spec) -> Mapping[str, Any]:
    if spec.schemas is None or COMMON_SCHEMA not in spec.schemas.schemas:
        return {}
    return spec.schemas.schemas[COMMON_SCHEMA]


def document_json(export: Mapping[str, Any], doc_id: str) -> str:
    """One document of an export as JSON: valid against the schema its ``kind`` names."""
    documents: Mapping[str, Any] = export["documents"]
    if doc_id not in documents:
        known = ", ".join(sorted(documents))
        raise UsageError(
            "JC410", f"there is no document with the id {doc_id!r}; use one of: {known}"
        )
    return dumps(documents[doc_id])


def dumps(data: Any) -> str:
    """JSON as every export writes it. ``allow_nan=False``: NaN is not JSON."""
    return json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False) + "\n"


@dataclass(frozen=True)
class ExportOutput:
    """What one export makes: text for standard output, or files to write into ``folder``."""

    text: str | None = None
    folder: Path | None = None
    files: tuple[tuple[str, bytes], ...] = ()


def planned_targets(fmt: Format, out: Path | None) -> list[Path]:
    """The paths an export will write, known before the spec is read (for the output guard).

    CSV goes into a folder, one file per table, or into one zip file when ``out`` ends in .zip.
    """
    if out is None:
        if fmt != "json":
            raise UsageError(
                "JC411",
                f"--format {fmt} writes files, not text: add --out PATH (a folder or a .zip "
                "file for CSV, a .xlsx file for a workbook)",
            )
        return []
    if fmt == "csv" and out.suffix.lower() != ZIP_SUFFIX:
        return [out / f"{name}.csv" for name in TABLE_NAMES]
    return [out]


def export_output(
    spec: Spec, fmt: Format, *, document: str | None = None, out: Path | None = None
) -> ExportOutput:
    """The export of ``spec`` (or of one document) in ``fmt``, for standard output or ``out``."""
    targets = planned_targets(fmt, out)
    data = export_data(spec)
    if document is not None:
        document_json(data, document)  # an unknown id is a JC410, whatever the format
    if fmt == "json":
        text = document_json(data, document) if document is not None else dumps(data)
        return _single(out, text.encode("utf-8")) if out is not None else ExportOutput(text=text)
    found = tables(data, common_schema(spec))
    if document is not None:
        found = for_document(found, document)
    assert out is not None  # planned_targets refused a missing --out
    if fmt == "xlsx":
        return _single(out, workbook(found, title=f"justculture {spec.version}"))
    if len(targets) == 1:
        return _single(out, csv_zip(found))
    return ExportOutput(folder=out, files=tuple(csv_files(found)))


def _single(out: Path, data: bytes) -> ExportOutput:
    return ExportOutput(folder=out.parent, files=((out.name, data),))
