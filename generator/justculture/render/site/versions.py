"""Every version's downloads, and the "changes between versions" page's data.

The site serves each released version (kept in ``spec/releases/``) and the current spec under
its own version, so building a new version never takes an old one away:

- ``spec/<version>/justculture.json``: the whole spec; ``spec/<version>/documents/<id>.json``:
  one document each; ``spec/<version>/csv/<table>.csv`` and ``justculture-csv.zip``: the flat
  tables; ``spec/<version>/justculture.xlsx``: the same tables as a workbook;
- ``schema/<version>/<name>.schema.json``, each ``$id`` its own address on the site, and
  ``schema/<version>/bundled/<name>.schema.json``, single files with nothing to fetch;
- ``spec/latest/`` and ``schema/latest/``: copies of the newest version; ``spec/latest.json``
  names it (the browser tools read it), and ``schema/<name>.schema.json`` keeps the newest
  schemas where earlier builds served them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ...exports import CSV_ZIP, XLSX, csv_files, csv_zip, dumps, tables, workbook
from ...exports.data import export_data
from ...model import Spec
from ...published import bundles, published, schema_path
from ...published import dumps as schema_dumps
from ...releases import Release, history, load_releases, version_key
from ...schemas import SchemaSet

LATEST = "latest"
LATEST_INDEX = "spec/latest.json"
SPEC_FOLDER = "spec/{version}/"
EXPORT = "justculture.json"
COMMON = "common"

Content = str | bytes


@dataclass(frozen=True)
class Version:
    """One version the site serves: its export and its schemas (source ``$id``s)."""

    version: str
    export: Mapping[str, Any]
    schemas: Mapping[str, Mapping[str, Any]]
    current: bool


def versions(spec: Spec, schemas: SchemaSet) -> list[Version]:
    """Every released version and the current spec, newest first; the current spec wins over
    a release of the same version (the release policy keeps the two equal)."""
    kept = _releases(spec)
    served = {
        release.version: Version(release.version, release.export, release.schemas, False)
        for release in kept
    }
    served[spec.version] = Version(spec.version, export_data(spec), schemas.schemas, True)
    return sorted(served.values(), key=lambda item: version_key(item.version), reverse=True)


def site_downloads(spec: Spec, schemas: SchemaSet, site_url: str | None) -> dict[str, Content]:
    """Every download of every version, by path on the site."""
    served = versions(spec, schemas)
    files: dict[str, Content] = {}
    made = {
        version.version: version_files(version, site_url, version.version) for version in served
    }
    for found in made.values():
        files.update(found)
    newest = served[0]
    # Copies of the newest version; their $ids keep the versioned address, the canonical one.
    for path, content in made[newest.version].items():
        files[_as_latest(path, newest.version)] = content
    for name in newest.schemas:
        files[f"schema/{name}.schema.json"] = files[schema_path(newest.version, name)]
    latest = {
        "spec_version": newest.version,
        "export": f"{newest.version}/{EXPORT}",
        "versions": [version.version for version in served],
    }
    files[LATEST_INDEX] = json.dumps(latest, indent=2) + "\n"
    return files


def version_files(version: Version, site_url: str | None, number: str) -> dict[str, Content]:
    folder = SPEC_FOLDER.format(version=number)
    export = version.export
    files: dict[str, Content] = {folder + EXPORT: dumps(export)}
    for doc_id in sorted(export["documents"]):
        files[f"{folder}documents/{doc_id}.json"] = dumps(export["documents"][doc_id])
    flat = tables(export, version.schemas.get(COMMON, {}))
    files.update((f"{folder}csv/{name}", data) for name, data in csv_files(flat))
    files[folder + CSV_ZIP] = csv_zip(flat)
    files[folder + XLSX] = workbook(flat, title=f"justculture {number}")
    for name, schema in published(version.schemas, site_url, number).items():
        files[schema_path(number, name)] = schema_dumps(schema)
    for name, schema in bundles(version.schemas, site_url, number).items():
        files[schema_path(number, name, bundled=True)] = schema_dumps(schema)
    return files


def _as_latest(path: str, number: str) -> str:
    for prefix in ("spec/", "schema/"):
        versioned = f"{prefix}{number}/"
        if path.startswith(versioned):
            return f"{prefix}{LATEST}/" + path.removeprefix(versioned)
    return path


def _releases(spec: Spec) -> list[Release]:
    return load_releases(spec.origin) if spec.origin is not None else []


# The changes page ------------------------------------------------------------------------------


def changes_context(spec: Spec, schemas: SchemaSet) -> dict[str, Any]:
    """What the "changes between versions" page shows: each version's changes and downloads."""
    served = versions(spec, schemas)
    released = {release.version for release in _releases(spec)}
    return {
        "changes": history(_releases(spec), export_data(spec)),
        "versions": [
            {
                "version": version.version,
                "released": version.version in released,
                "folder": SPEC_FOLDER.format(version=version.version),
                "schema_folder": schema_path(version.version, COMMON).rsplit("/", 1)[0] + "/",
                "documents": sorted(version.export["documents"]),
            }
            for version in served
        ],
        "current_version": spec.version,
        "export_name": EXPORT,
        "csv_zip": CSV_ZIP,
        "xlsx": XLSX,
        "kinds": _change_kinds(),
    }


def _change_kinds() -> list[tuple[str, str]]:
    return [
        ("added", "Added"),
        ("changed", "Changed"),
        ("deprecated", "Deprecated"),
        ("removed", "Removed"),
    ]
