"""Printable PDFs (checklist, guide poster, charter, restorative card) and decision records.

Python here only picks a template, gathers the spec data it shows and hands the HTML to
WeasyPrint. Every element is in ``templates/print/*.html.j2`` and every style in
``templates/print/print.css``. Each PDF is written to a temporary name in the target folder and
renamed into place (``justculture.outputs``), so a failure never leaves a half-written file.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import weasyprint
from weasyprint.urls import FatalURLFetchingError

from ..engine import Result
from ..errors import BuildError, UsageError
from ..model import Checklist, Flow, Spec, answer_text
from ..outputs import write_all, write_one
from .renderer import Renderer

CHECKLIST_ID = "pre-disciplinary-checklist"
GUIDE_ID = "just-culture-guide"
CHARTER_ID = "charter"
RESTORATIVE_ID = "restorative"
REFERENCES_ID = "references"
MANIFEST_KIND = "manifest"
# Only local files and inline data: a printable must never reach out to the network.
LOCAL_SCHEMES = ("file", "data")
# PDF/UA-1 turns on tagging (structure tree, reading order) and writes XMP metadata.
PDF_OPTIONS: dict[str, Any] = {"pdf_variant": "pdf/ua-1"}


@dataclass(frozen=True)
class Printable:
    filename: str
    template: str
    document: str


PRINTABLES: tuple[Printable, ...] = (
    Printable("pre-disciplinary-checklist.pdf", "print/checklist.html.j2", CHECKLIST_ID),
    Printable("just-culture-guide-poster.pdf", "print/guide_poster.html.j2", GUIDE_ID),
    Printable("charter.pdf", "print/charter.html.j2", CHARTER_ID),
    Printable("restorative-questions-card.pdf", "print/restorative_card.html.j2", RESTORATIVE_ID),
)


# Public API -------------------------------------------------------------------------------


def write_printables(spec: Spec, out_dir: Path, renderer: Renderer) -> list[Path]:
    """Write every printable into ``out_dir``; all are staged first, then renamed into place."""
    files = [
        (
            printable.filename,
            pdf_bytes(
                renderer.render(printable.template, **_printable_context(spec, printable.document))
            ),
        )
        for printable in PRINTABLES
    ]
    return write_all(out_dir, files)


def write_record_pdf(
    spec: Spec,
    result: Result,
    fields: Mapping[str, str],
    out: Path,
    renderer: Renderer,
    *,
    today: datetime.date | None = None,
) -> Path:
    """Write a decision record for one evaluation, filling in the free-text ``fields`` given."""
    unknown = [name for name in fields if name not in record_field_ids(spec)]
    if unknown:
        known = ", ".join(record_field_ids(spec))
        message = f"'{unknown[0]}' is not a record field; use one of: {known}"
        raise UsageError("JC406", message)
    html = renderer.render("print/record.html.j2", **_record_context(spec, result, fields, today))
    return write_one(out, pdf_bytes(html))


def record_field_ids(spec: Spec) -> list[str]:
    """The names ``--field NAME=TEXT`` accepts: each field, and each field's details box."""
    ids: list[str] = []
    for item in spec.decision_record().get("fields", []):
        ids.append(item["id"])
        if "details" in item:
            ids.append(details_id(item["id"]))
    return ids


def details_id(field_id: str) -> str:
    return f"{field_id}-details"


# Contexts ---------------------------------------------------------------------------------


def _common_context(spec: Spec, doc_id: str) -> dict[str, Any]:
    doc = spec.documents[doc_id]
    return {
        "doc": doc,
        "spec_version": spec.version,
        "refs": _references(spec),
        "publisher": _publisher(spec),
    }


def _publisher(spec: Spec) -> str:
    manifests = spec.ids_of_kind(MANIFEST_KIND)
    manifest = spec.documents[manifests[0]] if manifests else {}
    return str(manifest.get("publisher", "The justculture project"))


def _printable_context(spec: Spec, doc_id: str) -> dict[str, Any]:
    context = _common_context(spec, doc_id)
    tool = spec.tools.get(doc_id)
    if isinstance(tool, Checklist):
        context["groups"] = _checklist_groups(spec.documents[doc_id])
    if isinstance(tool, Flow):
        context.update(_guide_context(spec.documents[doc_id]))
    return context


def _checklist_groups(doc: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Top-level items, each with its sub-items, in the paper's order."""
    groups: list[dict[str, Any]] = []
    for item in doc["items"]:
        if "parent" in item:
            next(group for group in groups if group["item"]["id"] == item["parent"])[
                "children"
            ].append(item)
        else:
            groups.append({"item": item, "children": []})
    return groups


def _guide_context(doc: Mapping[str, Any]) -> dict[str, Any]:
    """One column per test: its questions, then the outcomes its questions lead to first.

    Outcomes get letters (A, B, ...) so a question's "Yes -> B" can point at a box by name.
    """
    placed: set[str] = set()
    outcomes = {item["id"]: item for item in doc["outcomes"]}
    columns = []
    for test in doc["tests"]:
        nodes = [node for node in doc["nodes"] if node["test"] == test["id"]]
        reached = [
            target["outcome"]
            for node in nodes
            for target in (node["on_yes"], node["on_no"])
            if "outcome" in target
        ]
        own = [key for key in dict.fromkeys(reached) if key not in placed]
        placed.update(own)
        columns.append({"test": test, "nodes": nodes, "outcomes": [outcomes[key] for key in own]})
    letters = {key: chr(ord("A") + index) for index, key in enumerate(_placed_order(columns))}
    return {"columns": columns, "letters": letters, "outcomes": outcomes}


def _placed_order(columns: list[dict[str, Any]]) -> list[str]:
    return [outcome["id"] for column in columns for outcome in column["outcomes"]]


def _record_context(
    spec: Spec, result: Result, fields: Mapping[str, str], today: datetime.date | None
) -> dict[str, Any]:
    tool = spec.tool(result.tool)
    context = _common_context(spec, result.tool)
    context.update(
        tool=tool,
        result=result.to_dict(),
        asked=_asked(tool, result),
        record=spec.decision_record(),
        values=dict(fields),
        details_id=details_id,
        date=_long_date(today or datetime.date.today()),
    )
    return context


def _asked(tool: Flow | Checklist, result: Result) -> list[dict[str, Any]]:
    """The questions answered, in the tool's order, with the wording of each answer."""
    if isinstance(tool, Flow):
        return [
            {
                "id": node.id,
                "text": node.question,
                "group": tool.tests[node.test]["title"],
                "answer": answer_text(tool, node.id, result.answers[node.id]),
                "used": node.id in result.path,
            }
            for node in tool.nodes.values()
            if node.id in result.answers
        ]
    # Every answer to the checklist belongs on the record; only headings become group rows,
    # because an answerable parent (such as 2) is already a row of its own.
    rows = []
    for item in tool.items.values():
        if item.id not in result.answers:
            continue
        parent = tool.items[item.parent] if item.parent else None
        group = parent.text if parent and not parent.answerable else None
        rows.append(
            {
                "id": item.id,
                "text": item.text,
                "group": group,
                "answer": item.answer_label(result.answers[item.id]),
                "used": item.id not in result.unused,
            }
        )
    return rows


def _references(spec: Spec) -> dict[str, Mapping[str, Any]]:
    entries = spec.documents.get(REFERENCES_ID, {}).get("entries", [])
    return {entry["id"]: entry for entry in entries}


def _long_date(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


# WeasyPrint -------------------------------------------------------------------------------


def url_fetcher() -> weasyprint.URLFetcher:
    """A fetcher that refuses anything but local files and data URLs, and stops the render."""
    return weasyprint.URLFetcher(allowed_protocols=LOCAL_SCHEMES, fail_on_errors=True)


def pdf_bytes(html: str) -> bytes:
    """Render HTML to a tagged PDF with WeasyPrint, fetching nothing from the network (JC502)."""
    # WeasyPrint's layout raises many kinds of error, and a refused URL is a BaseException
    # (FatalURLFetchingError); each must become a JC502 message, never a traceback.
    try:
        document = weasyprint.HTML(string=html, url_fetcher=url_fetcher())
        return bytes(document.write_pdf(**PDF_OPTIONS))
    except (Exception, FatalURLFetchingError) as error:
        raise BuildError("JC502", f"could not render a PDF: {error}") from None
