"""The pipeline from a folder of YAML to a validated ``Spec``.

read (line-aware) -> schema -> semantic checks -> Spec -> consistency (scenario replay, which
uses the engine, so it runs only on a Spec whose tools are sound). Nothing downstream reads YAML
again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .checks import run_checks
from .consistency import check_consistency
from .errors import SpecError, SpecErrors
from .loading import SourceFile, discover, read_all
from .locate import locate_spec, packaged_schema_dir
from .model import Spec
from .schemas import SchemaSet, load_schemas, validate_file

MANIFEST_KIND = "manifest"
"""The ``kind`` of the document that gives the spec its version."""


default_spec_dir = locate_spec  # the spec folder: $JUSTCULTURE_SPEC, or the package's own
"""The spec folder to use: the one given, else ``$JUSTCULTURE_SPEC``, else the package's own
(the same function as `justculture.locate.locate_spec`).
"""


@dataclass
class Report:
    """What validation found: errors (the most useful first) and how many more each file had."""

    errors: list[SpecError] = field(default_factory=list)
    """The problems found: the first schema error in each file, then any later problems."""
    others: list[SpecError] = field(default_factory=list)
    """Each file's further schema errors, shown only when asked for (``justculture validate --verbose``)."""
    spec: Spec | None = None
    """The validated `Spec`, when there were no errors."""

    @property
    def ok(self) -> bool:
        """``True`` when validation found no errors."""
        return not self.errors


def validate_dir(spec_dir: Path | str | None = None) -> Report:
    """Validate the spec folder ``spec_dir`` and report every problem, without raising.

    Args:
        spec_dir: The spec folder. By default, ``$JUSTCULTURE_SPEC`` or the spec the package carries.

    Returns:
        A `Report`: its ``errors`` (empty when the spec is valid) and, when valid, the ``spec``.
    """
    spec_dir = locate_spec(spec_dir)
    if not spec_dir.exists():
        return Report([SpecError("JC101", "the spec folder does not exist", str(spec_dir))])
    if not spec_dir.is_dir():
        return Report(
            [SpecError("JC101", "this is a file; give the spec folder instead", str(spec_dir))]
        )
    try:
        schemas = load_schemas(_schema_dir(spec_dir), spec_dir.parent)
        sources = list(read_all(discover(spec_dir, spec_dir.parent), spec_dir.parent))
    except SpecErrors as errors:
        return Report(list(errors))
    except SpecError as error:
        return Report([error])
    return _validate_sources(sources, schemas, spec_dir)


def _schema_dir(spec_dir: Path) -> Path:
    own = spec_dir / "schema"
    return own if own.is_dir() else packaged_schema_dir()


def _validate_sources(sources: list[SourceFile], schemas: SchemaSet, spec_dir: Path) -> Report:
    report = Report()
    valid: list[SourceFile] = []
    for source in sources:
        found = validate_file(source, schemas)
        if found.errors:
            report.errors.append(found.errors[0])
            report.others.extend(found.errors[1:])
        else:
            valid.append(source)
    if not sources:
        report.errors.append(
            SpecError("JC303", "the spec folder holds no YAML documents", str(spec_dir))
        )
    if report.errors:
        return report
    by_id, duplicates = _index(valid)
    report.errors.extend(duplicates)
    report.errors.extend(run_checks(by_id))
    if not report.errors:
        spec = _build(by_id, schemas, spec_dir)
        # The consistency stage replays the scenarios, so it needs the whole, sound Spec.
        report.errors.extend(check_consistency(spec))
        report.spec = None if report.errors else spec
    return report


def _index(sources: list[SourceFile]) -> tuple[dict[str, SourceFile], list[SpecError]]:
    by_id: dict[str, SourceFile] = {}
    errors: list[SpecError] = []
    for source in sources:
        doc_id = source.data["id"]
        if doc_id in by_id:
            message = f"the document id '{doc_id}' is also used by {by_id[doc_id].display}"
            errors.append(source.error("JC302", message, "/id"))
        else:
            by_id[doc_id] = source
    return by_id, errors


def _build(by_id: dict[str, SourceFile], schemas: SchemaSet, spec_dir: Path) -> Spec:
    manifest = next(
        source.data for source in by_id.values() if source.data["kind"] == MANIFEST_KIND
    )
    documents = {doc_id: source.data for doc_id, source in by_id.items()}
    return Spec.from_documents(
        manifest["spec_version"],
        documents,
        schemas=schemas,
        origin=spec_dir.resolve(),
        locators={doc_id: source.locator for doc_id, source in by_id.items()},
    )


def load_spec(spec_dir: Path | str | None = None) -> Spec:
    """Load and validate a spec folder (the shipped spec by default), or raise SpecErrors."""
    report = validate_dir(Path(spec_dir) if spec_dir is not None else None)
    if report.spec is None:
        raise SpecErrors(tuple(report.errors))
    return report.spec
