"""The whole validated spec as one JSON-ready mapping: what the export, the downloads, the
browser tools and every table are made from."""

from __future__ import annotations

from typing import Any

from ..model import Spec


def export_data(spec: Spec) -> dict[str, Any]:
    """``{"spec_version": ..., "documents": {id: document}}``, the JSON export's shape
    (``export.schema.json``). The documents stay frozen; ``json.dumps`` writes them as they are."""
    return {
        "spec_version": spec.version,
        "documents": {key: value for key, value in spec.documents.items()},
    }
