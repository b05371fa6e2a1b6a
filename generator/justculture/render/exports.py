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
    return json.dumps(export_data(spec), ensure_ascii=False, indent=indent) + "\n"
