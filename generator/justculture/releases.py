"""Published releases and the id policy that keeps them usable.

Every published version is kept in the repository, in ``spec/releases/<version>/``: the JSON
export as it was published (``justculture.json``) and the schemas it was valid against
(``schema/*.schema.json``). The site serves every one of them, so building a new version never
takes an old one away, and the id policy is checked against them:

- an id is never reused: once a release has removed it, no later version may use it again;
- removing or renaming an id needs a new major version; before that, keep the item with
  ``deprecated: true`` (and ``replaced_by`` naming the item that takes its place);
- new or deprecated ids need at least a minor release, and a change of wording a patch release;
- a version that is published never changes: the spec at that version equals its release.

Record a release with ``python -m justculture.releases record`` (``make release``), after
raising ``spec_version`` in manifest.yaml and adding the changes to CHANGELOG.md.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any, Literal

from .errors import BuildError, ErrorCodeId, JustCultureError, SpecError, SpecErrors
from .exports.data import export_data
from .exports.tables import items_with_ids
from .frozen import thaw
from .locate import locate_spec
from .model import Spec
from .outputs import write_all

RELEASES = "releases"
EXPORT_FILE = "justculture.json"
SCHEMA_FOLDER = "schema"
SCHEMA_SUFFIX = ".schema.json"
MANIFEST_KIND = "manifest"

Bump = Literal["none", "patch", "minor", "major"]
_BUMP_ORDER: tuple[Bump, ...] = ("none", "patch", "minor", "major")
_SEMVER = re.compile(r"^(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?$")


# Versions --------------------------------------------------------------------------------------


def version_key(version: str) -> tuple[int, int, int, int, str]:
    """Sort key for a SemVer version: 1.0.0-rc.1 comes before 1.0.0."""
    match = _SEMVER.match(version)
    if match is None:
        return (-1, -1, -1, 0, version)
    major, minor, patch, pre = match.groups()
    return (int(major), int(minor), int(patch), 0 if pre else 1, pre or "")


def bump_between(old: str, new: str) -> Bump:
    """The kind of release ``new`` is after ``old``."""
    before, after = version_key(old)[:3], version_key(new)[:3]
    if after[0] > before[0]:
        return "major"
    if after[:2] > before[:2]:
        return "minor"
    if after > before or (after == before and version_key(new) > version_key(old)):
        return "patch"
    return "none"


def next_version(old: str, bump: Bump) -> str:
    major, minor, patch = version_key(old)[:3]
    if bump == "major":
        return f"{major + 1}.0.0"
    if bump == "minor":
        return f"{major}.{minor + 1}.0"
    if bump == "patch":
        return f"{major}.{minor}.{patch + 1}"
    return old


# Releases --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Release:
    """One published version: its export and the schemas, as published (source ``$id``s)."""

    version: str
    export: Mapping[str, Any]
    schemas: Mapping[str, Mapping[str, Any]]
    folder: Path


def releases_dir(spec_dir: Path) -> Path:
    return spec_dir / RELEASES


def load_releases(spec_dir: Path | str | None = None) -> list[Release]:
    """Every release kept under ``spec_dir/releases``, oldest first."""
    folder = releases_dir(locate_spec(spec_dir))
    if not folder.is_dir():
        return []
    found = [
        _read_release(path)
        for path in folder.iterdir()
        if path.is_dir() and not path.name.startswith(".")
    ]
    return sorted(found, key=lambda release: version_key(release.version))


def _read_release(folder: Path) -> Release:
    export = _read_json(folder / EXPORT_FILE)
    if not isinstance(export, dict) or export.get("spec_version") != folder.name:
        raise SpecError(
            "JC109",
            f"the release's export must have spec_version {folder.name!r}, its folder's name",
            str(folder / EXPORT_FILE),
        )
    schemas = {
        path.name.removesuffix(SCHEMA_SUFFIX): _read_json(path)
        for path in sorted((folder / SCHEMA_FOLDER).glob(f"*{SCHEMA_SUFFIX}"))
    }
    return Release(folder.name, export, schemas, folder)


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise SpecError(
            "JC101", f"cannot read the file: {exc.strerror or exc}", str(path)
        ) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        line, column = (exc.lineno, exc.colno) if isinstance(exc, json.JSONDecodeError) else (0, 0)
        raise SpecError("JC109", f"not valid JSON: {exc}", str(path), line, column) from None


def release_files(spec: Spec) -> list[tuple[str, bytes]]:
    """What a release of ``spec`` keeps: the export and every schema file, byte for byte."""
    files = [(EXPORT_FILE, _dumps(export_data(spec)).encode("utf-8"))]
    if spec.schemas is not None:
        files.extend(
            (f"{SCHEMA_FOLDER}/{path.name}", path.read_bytes())
            for _, path in sorted(spec.schemas.files.items())
        )
    return files


def record_release(spec: Spec) -> Path:
    """Keep ``spec`` as a release under its version; never change one already recorded."""
    if spec.origin is None:
        raise BuildError("JC502", "this spec was not read from a folder, so it has no releases")
    folder = releases_dir(spec.origin) / spec.version
    files = release_files(spec)
    if folder.exists():
        same = all(
            (folder / name).is_file() and (folder / name).read_bytes() == data
            for name, data in files
        )
        if same:
            return folder
        raise BuildError(
            "JC505",
            f"release {spec.version} is already recorded in {folder} and the spec differs "
            "from it; a published version never changes: raise spec_version in manifest.yaml",
        )
    write_all(folder / SCHEMA_FOLDER, [(name.split("/", 1)[1], data) for name, data in files[1:]])
    write_all(folder, files[:1])
    return folder


def _dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False) + "\n"


# Ids and changes -------------------------------------------------------------------------------


@dataclass(frozen=True)
class IdEntry:
    """One id of an export: a document (``charter``) or an item in one (``charter#P04``)."""

    key: str
    document: str
    pointer: str
    deprecated: bool
    replaced_by: str | None
    content: str  # the item as canonical JSON, its own items replaced by their ids


def id_index(export: Mapping[str, Any]) -> dict[str, IdEntry]:
    """Every id of an export, by key."""
    index: dict[str, IdEntry] = {}
    for doc_id, document in export["documents"].items():
        superseded = document.get("status", {}).get("state") == "superseded"
        index[doc_id] = IdEntry(doc_id, doc_id, "", superseded, None, _shallow(document))
        for item in items_with_ids(document):
            key = f"{doc_id}#{item.data['id']}"
            replaced = item.data.get("replaced_by")
            index[key] = IdEntry(
                key,
                doc_id,
                item.pointer,
                bool(item.data.get("deprecated", False)),
                str(replaced) if replaced is not None else None,
                _shallow(item.data),
            )
    return index


def _shallow(data: Mapping[str, Any]) -> str:
    # An item's own items are ids of their own: adding one changes the list, not the parent.
    def strip(node: Any, top: bool) -> Any:
        if isinstance(node, Mapping):
            return {key: strip(value, False) for key, value in node.items()}
        if isinstance(node, list):
            return [strip(child, False) for child in node if not _has_id(child)]
        return node

    return json.dumps(strip(thaw(data), True), sort_keys=True, ensure_ascii=False)


def _has_id(node: Any) -> bool:
    return isinstance(node, Mapping) and isinstance(node.get("id"), str)


@dataclass(frozen=True)
class Changes:
    """What changed between two versions, by id key."""

    old_version: str
    new_version: str
    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    deprecated: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()

    @property
    def needed(self) -> Bump:
        """The smallest release these changes allow."""
        if self.removed:
            return "major"
        if self.added or self.deprecated:
            return "minor"
        return "patch" if self.changed else "none"

    @property
    def bump(self) -> Bump:
        return bump_between(self.old_version, self.new_version)

    @property
    def empty(self) -> bool:
        return not (self.added or self.changed or self.deprecated or self.removed)


def changes_between(old: Mapping[str, Any], new: Mapping[str, Any]) -> Changes:
    before, after = id_index(old), id_index(new)
    return Changes(
        str(old["spec_version"]),
        str(new["spec_version"]),
        added=tuple(key for key in after if key not in before),
        changed=tuple(
            key for key in after if key in before and after[key].content != before[key].content
        ),
        deprecated=tuple(
            key
            for key in after
            if after[key].deprecated and (key not in before or not before[key].deprecated)
        ),
        removed=tuple(key for key in before if key not in after),
    )


def history(releases: Sequence[Release], current: Mapping[str, Any] | None) -> list[Changes]:
    """The changes of each release from the one before, newest first, with the current spec
    first when it is a version not yet released."""
    exports = [release.export for release in releases]
    if current is not None and all(
        release.version != current["spec_version"] for release in releases
    ):
        exports.append(current)
    pairs = pairwise(exports)
    return [changes_between(old, new) for old, new in reversed(list(pairs))]


# The policy ------------------------------------------------------------------------------------


@dataclass
class _Findings:
    spec: Spec
    errors: list[SpecError] = field(default_factory=list)

    def add(self, code: ErrorCodeId, message: str, document: str | None, pointer: str = "") -> None:
        locator = self.spec.locators.get(document) if document else None
        if locator is None:
            locator = self.spec.locators.get(_manifest_id(self.spec))
            pointer = "/spec_version"
        if locator is None:
            self.errors.append(SpecError(code, message, str(self.spec.origin)))
        else:
            self.errors.append(locator.error(code, message, pointer))


def check_release_policy(spec: Spec, releases: Sequence[Release] | None = None) -> list[SpecError]:
    """Every way ``spec`` breaks the id policy against the kept releases (none: it keeps it)."""
    if releases is not None:
        kept = list(releases)
    else:
        kept = load_releases(spec.origin) if spec.origin is not None else []
    findings = _Findings(spec)
    current = export_data(spec)
    index = id_index(current)
    _check_replacements(index, findings)
    _check_reuse(kept, index, findings)
    same = next((release for release in kept if release.version == spec.version), None)
    if same is not None:
        _check_published(changes_between(same.export, current), same, findings)
        _check_published_schemas(spec, same, findings)
        return findings.errors
    earlier = [
        release for release in kept if version_key(release.version) < version_key(spec.version)
    ]
    if earlier:
        _check_release(changes_between(earlier[-1].export, current), findings)
    return findings.errors


def _check_release(changes: Changes, findings: _Findings) -> None:
    """A new version against the release before it: removals need a major version, and the
    version must be at least the kind of release the changes need."""
    base = changes.old_version
    if changes.bump != "major":
        for key in changes.removed:
            findings.add(
                "JC317",
                f"'{key}' is in release {base} but not in the spec; keep it with "
                "deprecated: true, or make this a major release",
                None,
            )
    if _BUMP_ORDER.index(changes.bump) < _BUMP_ORDER.index(changes.needed):
        wanted = next_version(base, changes.needed)
        findings.add(
            "JC319",
            f"since release {base} the spec {_summary(changes)}, which needs a "
            f"{changes.needed} release: set spec_version to {wanted} or later",
            None,
        )


def _check_published(changes: Changes, same: Release, findings: _Findings) -> None:
    if changes.empty:
        return
    wanted = next_version(same.version, changes.needed)
    findings.add(
        "JC319",
        f"version {same.version} is already published and the spec {_summary(changes)} since; "
        f"a published version never changes: set spec_version to {wanted} or later",
        None,
    )


def _check_published_schemas(spec: Spec, same: Release, findings: _Findings) -> None:
    current = {
        name: thaw(schema)
        for name, schema in (spec.schemas.schemas if spec.schemas else {}).items()
    }
    differ = sorted(
        name
        for name in current.keys() | same.schemas.keys()
        if current.get(name) != same.schemas.get(name)
    )
    if differ:
        wanted = next_version(same.version, "patch")
        listed = ", ".join(f"{name}{SCHEMA_SUFFIX}" for name in differ)
        findings.add(
            "JC319",
            f"version {same.version} is already published and these schemas differ from it: "
            f"{listed}; a published version never changes: set spec_version to {wanted} or later",
            None,
        )


def _summary(changes: Changes) -> str:
    parts = [
        f"{label} {', '.join(keys[:5])}{' and more' if len(keys) > 5 else ''}"
        for label, keys in (
            ("removed", changes.removed),
            ("added", changes.added),
            ("deprecated", changes.deprecated),
            ("changed", changes.changed),
        )
        if keys
    ]
    return "; ".join(parts)


def _check_reuse(releases: Sequence[Release], index: Mapping[str, IdEntry], f: _Findings) -> None:
    retired: dict[str, str] = {}
    indexes = [id_index(release.export) for release in releases]
    for release, before, after in zip(releases[1:], indexes, indexes[1:], strict=False):
        for key in before:
            if key not in after:
                retired.setdefault(key, release.version)
        for key in after:
            if key in retired:
                retired.pop(key)  # an old release reused it; that release is already published
    for key, version in retired.items():
        if key in index:
            entry = index[key]
            f.add(
                "JC318",
                f"'{key}' was removed in release {version}; an id is never used again: give "
                "this item a new id",
                entry.document,
                entry.pointer + "/id" if entry.pointer else "/id",
            )


def _check_replacements(index: Mapping[str, IdEntry], f: _Findings) -> None:
    for entry in index.values():
        if entry.replaced_by is None:
            continue
        target = f"{entry.document}#{entry.replaced_by}"
        if target not in index or not entry.deprecated or target == entry.key:
            problem = (
                "add deprecated: true"
                if target in index and target != entry.key
                else f"'{entry.replaced_by}' is not another item of '{entry.document}'"
            )
            f.add(
                "JC320",
                f"'{entry.key}' has replaced_by '{entry.replaced_by}': {problem}",
                entry.document,
                entry.pointer + "/replaced_by",
            )


def _manifest_id(spec: Spec) -> str:
    return next(
        (doc_id for doc_id, doc in spec.documents.items() if doc["kind"] == MANIFEST_KIND), ""
    )


# Command line (make release, make release-check) -----------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m justculture.releases record|check [SPEC_DIR]``."""
    from .validation import load_spec

    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] not in ("record", "check"):
        print("usage: python -m justculture.releases record|check [SPEC_DIR]", file=sys.stderr)
        return 2
    try:
        spec = load_spec(args[1] if len(args) > 1 else None)
        errors = check_release_policy(spec)
        SpecErrors.raise_if_any(errors)
        if args[0] == "record":
            print(f"Release {spec.version} is in {record_release(spec)}")
        else:
            print(
                f"The spec keeps the id policy against {len(load_releases(spec.origin))} releases."
            )
    except SpecErrors as problems:
        print("\n".join(error.format() for error in problems), file=sys.stderr)
        return 1
    except JustCultureError as problem:
        print(problem.format(), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
