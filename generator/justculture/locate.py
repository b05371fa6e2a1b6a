"""Where the spec and the site's sources are: a folder given, $JUSTCULTURE_SPEC, or the package's own.

The package carries the spec, the hand-written pages and mkdocs.yml under ``justculture/_data``
(see "Packaging" in CONTRIBUTING.md). In a clone those are symlinks to the repository's ``spec/``,
``docs/`` and ``mkdocs.yml``, so an editable install reads the live files; a wheel holds copies.
"""

from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path

from .errors import SpecError

SPEC_ENVIRONMENT = "JUSTCULTURE_SPEC"
"""The environment variable that names a spec folder to use instead of the package's own."""
_PACKAGE = "justculture"
_DATA = "_data"


def locate_spec(explicit: Path | str | None = None) -> Path:
    """The spec folder: ``explicit`` if given, else $JUSTCULTURE_SPEC, else the package's own."""
    if explicit is not None:
        return Path(explicit)
    configured = os.environ.get(SPEC_ENVIRONMENT)
    if configured:
        return Path(configured)
    return packaged_spec_dir()


def packaged_spec_dir() -> Path:
    """The spec the package carries (the repository's live spec/ in an editable install)."""
    return _packaged("spec")


def packaged_schema_dir() -> Path:
    """The JSON Schemas the package carries, for a spec folder that has none of its own."""
    return _packaged("spec", "schema")


def packaged_mkdocs_config() -> Path:
    """The site's mkdocs.yml; its ``docs_dir`` and ``watch`` paths are relative to it."""
    return _packaged("mkdocs.yml")


def _packaged(*parts: str) -> Path:
    resource = files(_PACKAGE).joinpath(_DATA, *parts)
    if not isinstance(resource, Path):
        # Only a zipped install gives something else; pip always installs a wheel unpacked.
        message = "justculture is installed as a zip file; install it unpacked (pip does)"
        raise SpecError("JC101", message, str(resource))
    # Resolving follows the clone's symlinks, so messages and `mkdocs serve` name the real files.
    return resource.resolve()
