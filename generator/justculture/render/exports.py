"""The whole validated spec as one JSON document, for developers and the browser tools."""

from __future__ import annotations

import json
from typing import Any

from ..model import Spec


def export_data(spec: Spec) -> dict[str, Any]:
    return {
        "spec_version": spec.version,
        "documents": {key: value for key, value in spec.documents.items()},
    }


def export_json(spec: Spec, *, indent: int | None = 2) -> str:
    """The export as JSON text. ``allow_nan=False``: a bare NaN or Infinity is not JSON, and
    every consumer would fail on it, so a non-finite number is a bug here, never an output."""
    return json.dumps(export_data(spec), ensure_ascii=False, indent=indent, allow_nan=False) + "\n"
