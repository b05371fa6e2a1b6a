"""A decision record, as the PDF (``justculture record``) and the Markdown (``walk --record``)
both show it: the case at the top, alerts above the outcome, the decision, then the sign-off.

The record's fields have one definition, in data: ``Spec.decision_record()``. This view only
sorts them into the three places a record shows them, fills in the values given, and gathers
what the record says about the edition of the tool it used.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..model import Spec

# The fields that say which case this is; a record shows them first, in the data's order.
CASE_FIELDS = ("case-reference", "staff-member", "people-involved")
# Who decided, who agreed and when: a record keeps them together with the signatures.
SIGN_OFF_TYPES = ("person", "date")
# The codelist that titles each alert's severity ("Stop", "Check your answers").
SEVERITY_CODELIST = "severity"
REFERENCES_ID = "references"
PAPER_ID = "being-fair-2019"


@dataclass(frozen=True)
class RecordField:
    """One field of the record, with the value given for it (empty when left to fill in)."""

    id: str
    """The field's id, the NAME of ``--field NAME=TEXT``."""
    label: str
    """The field's name as people read it."""
    help: str
    """What to write in the field."""
    type: str
    """``text``, ``yes-no``, ``person`` or ``date``."""
    value: str
    """The value given, or ``""``."""
    details: RecordField | None = None
    """A yes-no field's box for more detail, or ``None``."""


@dataclass(frozen=True)
class AlertGroup:
    """The alerts of one severity, under that severity's title."""

    severity: str
    """``stop`` or ``check``."""
    title: str
    """The severity as people read it, such as "Stop"."""
    texts: tuple[str, ...]
    """What each alert says to do first."""


@dataclass(frozen=True)
class EditionNote:
    """Which edition of the tool the record used, and what has replaced it since."""

    source: Mapping[str, Any]
    """The reference entry of the tool's own source."""
    described_in: Mapping[str, Any] | None
    """Being fair's reference entry, when the tool is another work that the paper describes."""
    note: str
    """The spec's note on the tool's status."""
    replaced_by: str
    """What replaced the tool, in words; may be empty."""
    reference: Mapping[str, Any] | None
    """The reference entry of what replaced it, when the spec names one."""


@dataclass(frozen=True)
class RecordView:
    """Everything a decision record shows besides the answers and the outcome."""

    title: str
    """The record's heading."""
    description: str
    """What the record is for."""
    case: tuple[RecordField, ...]
    """The fields that say which case this is."""
    decision: tuple[RecordField, ...]
    """The fields about the decision and its reasons."""
    sign_off: tuple[RecordField, ...]
    """Who made the decision, who agreed to it, and when."""
    alerts: tuple[AlertGroup, ...]
    """The result's alerts by severity, the most serious first."""
    edition: EditionNote | None
    """Which edition was used, when the tool has since been replaced; else ``None``."""


def record_date(day: datetime.date) -> str:
    """The date a record was made, as every record writes it: "1 December 2026"."""
    return f"{day.day} {day:%B %Y}"


def details_id(field_id: str) -> str:
    """The NAME of a yes-no field's details box, such as ``able-to-contribute-details``."""
    return f"{field_id}-details"


def record_field_ids(spec: Spec) -> list[str]:
    """The names ``--field NAME=TEXT`` accepts: each field, and each field's details box."""
    ids: list[str] = []
    for item in spec.decision_record_fields():
        ids.append(item["id"])
        if "details" in item:
            ids.append(details_id(item["id"]))
    return ids


def yes_no_field_ids(spec: Spec) -> list[str]:
    """The fields that take only yes or no, such as ``able-to-contribute``."""
    return [
        str(item["id"]) for item in spec.decision_record_fields() if item.get("type") == "yes-no"
    ]


def record_view(
    spec: Spec,
    tool_id: str,
    alerts: Sequence[Mapping[str, Any]],
    values: Mapping[str, str],
) -> RecordView:
    """The record of one use of ``tool_id``, with ``values`` filled in (by field NAME)."""
    record = spec.decision_record()
    fields = [_field(item, values) for item in spec.decision_record_fields()]
    case = tuple(field for field in fields if field.id in CASE_FIELDS)
    rest = [field for field in fields if field.id not in CASE_FIELDS]
    return RecordView(
        title=str(record.get("title", "Your decision")),
        description=str(record.get("description", "")),
        case=case,
        decision=tuple(field for field in rest if field.type not in SIGN_OFF_TYPES),
        sign_off=tuple(field for field in rest if field.type in SIGN_OFF_TYPES),
        alerts=alert_groups(spec, alerts),
        edition=_edition_note(spec, tool_id),
    )


def _field(item: Mapping[str, Any], values: Mapping[str, str]) -> RecordField:
    details = item.get("details")
    return RecordField(
        id=str(item["id"]),
        label=str(item["label"]),
        help=str(item.get("help", "")),
        type=str(item.get("type", "text")),
        value=values.get(item["id"], "").strip(),
        details=None
        if details is None
        else RecordField(
            id=details_id(item["id"]),
            label=str(details["label"]),
            help=str(details.get("help", "")),
            type="text",
            value=values.get(details_id(item["id"]), "").strip(),
        ),
    )


def alert_groups(spec: Spec, alerts: Sequence[Mapping[str, Any]]) -> tuple[AlertGroup, ...]:
    """A result's alerts grouped by severity, each group titled from the severity codelist
    ("Stop", "Check your answers"), for a record or a scenario run to show above the outcome."""
    # The engine orders alerts most serious first; keep that order for the groups too.
    severities = list(dict.fromkeys(str(alert["severity"]) for alert in alerts))
    return tuple(
        AlertGroup(
            severity=severity,
            title=spec.label(SEVERITY_CODELIST, severity),
            texts=tuple(str(a["text"]) for a in alerts if a["severity"] == severity),
        )
        for severity in severities
    )


def _edition_note(spec: Spec, tool_id: str) -> EditionNote | None:
    doc = spec.documents[tool_id]
    status = doc.get("status", {})
    if status.get("state") != "superseded":
        return None
    references = {
        entry["id"]: entry for entry in spec.documents.get(REFERENCES_ID, {}).get("entries", [])
    }
    source = doc.get("source", {}).get("ref", "")
    return EditionNote(
        source=references.get(source, {}),
        described_in=references.get(PAPER_ID) if source != PAPER_ID else None,
        note=str(status.get("note", "")),
        replaced_by=str(status.get("superseded_by", "")),
        reference=references.get(status.get("superseded_by_ref", "")),
    )
