"""Slices of the export: for each browser tool and each training scenario, only the documents
it needs, so a page fetches a few kilobytes instead of the whole spec.

A slice has the export's own shape, ``{"spec_version": ..., "documents": {...}}`` (valid against
``export.schema.json``), so the JavaScript engine reads it as it reads the export. The site
serves each at ``spec/<version>/slices/<document id>.json``, beside the export.

- a guide or checklist: the tool, the restorative approach (its decision record's fields and
  its questions), the manifest and, when a tool has been replaced, the few reference entries a
  page needs to name the edition used and link what replaced it (the references document with
  only those entries);
- a scenario: the scenario, and the same for every tool its stages run.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..model import CHECKLIST_KIND, FLOW_KIND, MANIFEST_KIND, Spec
from . import dumps

SLICE_PATH = "spec/{version}/slices/{doc_id}.json"
SCENARIO_KIND = "scenario"
# The decision record's fields and the restorative questions the tools show.
RESTORATIVE_ID = "restorative"
REFERENCES_ID = "references"
# The paper, which a record names when the edition it used is another work the paper describes.
PAPER_REF = "being-fair-2019"


def slices(spec: Spec) -> dict[str, dict[str, Any]]:
    """Every tool's and every scenario's slice, by the document id it serves."""
    served = spec.ids_of_kind(FLOW_KIND) + spec.ids_of_kind(CHECKLIST_KIND)
    served += spec.ids_of_kind(SCENARIO_KIND)
    return {doc_id: slice_of(spec, doc_id) for doc_id in served}


def slice_of(spec: Spec, doc_id: str) -> dict[str, Any]:
    """The partial export the page for ``doc_id`` needs, documents in the spec's order."""
    wanted = set(_needed(spec, doc_id))
    references = _replaced_tool_references(spec) if doc_id in spec.tools else None
    if references is not None:
        wanted.add(REFERENCES_ID)
    return {
        "spec_version": spec.version,
        "documents": {
            key: references if key == REFERENCES_ID else doc
            for key, doc in spec.documents.items()
            if key in wanted
        },
    }


def slice_files(spec: Spec) -> dict[str, str]:
    """Every slice as JSON, by its path on the site."""
    return {
        SLICE_PATH.format(version=spec.version, doc_id=doc_id): dumps(data)
        for doc_id, data in slices(spec).items()
    }


def _needed(spec: Spec, doc_id: str) -> Iterable[str]:
    yield doc_id
    doc = spec.documents[doc_id]
    tools = _tools_run(doc) if doc.get("kind") == SCENARIO_KIND else [doc_id]
    yield from (tool for tool in tools if tool in spec.tools)
    if tools and RESTORATIVE_ID in spec.documents:
        yield RESTORATIVE_ID
    yield from spec.ids_of_kind(MANIFEST_KIND)


def _replaced_tool_references(spec: Spec) -> dict[str, Any] | None:
    """The references document with only the entries the tool pages need about a replaced tool:
    its source, what replaced it (``status.superseded_by_ref``, with its address) and the paper.
    Both tool pages need them: the guide names its edition, and the checklist points to the guide.
    None when no tool has been replaced."""
    keys: set[str] = set()
    for tool_id in spec.tools:
        status = spec.documents[tool_id].get("status", {})
        if status.get("state") == "superseded" and status.get("superseded_by_ref"):
            keys |= {str(status["superseded_by_ref"]), PAPER_REF}
            keys.add(str(spec.documents[tool_id].get("source", {}).get("ref", "")))
    document = spec.documents.get(REFERENCES_ID)
    if document is None:
        return None
    entries = [entry for entry in document["entries"] if entry["id"] in keys]
    return {**document, "entries": entries} if entries else None


def _tools_run(scenario: Mapping[str, Any]) -> list[str]:
    """The tools a scenario's stages run, in the order they first appear."""
    found: list[str] = []
    for stage in scenario.get("stages", []):
        for run in stage.get("answers", []):
            if str(run["tool"]) not in found:
                found.append(str(run["tool"]))
    return found
