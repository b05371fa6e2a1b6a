"""What a tailoring produced: the edition's presentation data and the report of every deviation.

Plain, frozen data. Renderers (site, PDF, Markdown, DOCX) word it in templates; nothing here is
markup, and every string in it is untrusted profile text that the templates escape.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from ..errors import ProfileError
from .profile import Logo

DiffOp = Literal["same", "removed", "added"]


@dataclass(frozen=True)
class PrincipleMark:
    """How a principle of the edition differs from the base: altered (with the base text) or local."""

    status: Literal["altered", "local"]
    base_text: str
    base_number: int | None


@dataclass(frozen=True)
class PolicyLink:
    policy: str
    title: str
    link: str


@dataclass(frozen=True)
class ContactRow:
    id: str
    role: str
    name: str
    phone: str
    email: str
    link: str


@dataclass(frozen=True)
class Edition:
    """What pages, PDFs and records show of the trust: passed to templates as ``edition``."""

    id: str
    name: str
    short_name: str
    website: str
    accent_colour: str
    logo: Logo | None
    roles: Mapping[str, str]
    local_roles: Mapping[str, str]
    contacts: tuple[ContactRow, ...]
    policy_links: Mapping[str, tuple[PolicyLink, ...]]
    marks: Mapping[str, PrincipleMark]
    base_title: str

    @property
    def adapted_from(self) -> str:
        return f"Adapted from {self.base_title} by {self.name}"

    def policies_for(self, tool_id: str, outcome_id: str) -> tuple[PolicyLink, ...]:
        return self.policy_links.get(f"{tool_id}#{outcome_id}", ())

    def mark(self, item_id: str) -> PrincipleMark | None:
        return self.marks.get(item_id)

    def logo_filename(self) -> str:
        """The logo's name inside a built site (a fixed name: the trust's name is not a path)."""
        if self.logo is None:
            return ""
        return "assets/trust-logo" + (".svg" if self.logo.media_type == "image/svg+xml" else ".png")


@dataclass(frozen=True)
class Deviation:
    """One way the edition departs from the base, with the trust's reason."""

    kind: Literal["altered", "excluded", "added", "scenario-excluded", "scenario-added"]
    id: str
    label: str
    reason: str
    base_text: str
    local_text: str
    diff: tuple[tuple[DiffOp, str], ...]


@dataclass(frozen=True)
class TailoringReport:
    """Everything the board reads: the summary, each deviation, the parameters set and not set."""

    edition: Edition
    base_version: str
    profile_base: str
    base_principles: int
    deviations: tuple[Deviation, ...]
    unset: tuple[str, ...]
    warnings: tuple[ProfileError, ...] = field(default=())

    def count(self, kind: str) -> int:
        return sum(1 for deviation in self.deviations if deviation.kind == kind)

    @property
    def adopted_unchanged(self) -> int:
        return self.base_principles - self._changed_principles()

    def _changed_principles(self) -> int:
        return sum(
            1 for d in self.deviations if d.kind in ("altered", "excluded") and d.id != "preamble"
        )

    @property
    def in_full(self) -> bool:
        return not self.deviations

    def summary(self) -> str:
        """One sentence a board can read in a minute."""
        if self.in_full:
            return f"{self.edition.name} adopts the charter in full."
        altered = sum(1 for d in self.deviations if d.kind == "altered" and d.id != "preamble")
        parts = [
            f"adopts {self.adopted_unchanged} of {self.base_principles} principles unchanged",
            f"alters {altered}",
            f"excludes {self.count('excluded')}",
            f"adds {self.count('added')} local principle{'s' if self.count('added') != 1 else ''}",
        ]
        sentence = f"{self.edition.name} " + "; ".join(parts) + "."
        if any(d.id == "preamble" for d in self.deviations):
            sentence += " It alters the preamble."
        left_out, added = self.count("scenario-excluded"), self.count("scenario-added")
        changes = [
            *([f"leaves out {_scenarios(left_out)}"] if left_out else []),
            *([f"adds {_scenarios(added, 'local ')}"] if added else []),
        ]
        if changes:
            sentence += " It " + " and ".join(changes) + "."
        return sentence

    def to_dict(self) -> dict[str, Any]:
        return {
            "organisation": self.edition.name,
            "edition": self.edition.id,
            "base_version": self.base_version,
            "profile_base": self.profile_base,
            "summary": self.summary(),
            "deviations": [
                {
                    "kind": d.kind,
                    "id": d.id,
                    "label": d.label,
                    "reason": d.reason,
                    "base_text": d.base_text,
                    "local_text": d.local_text,
                }
                for d in self.deviations
            ],
            "roles": dict(self.edition.local_roles),
            "contacts": [c.role for c in self.edition.contacts],
            "policies": sorted({p.title for ps in self.edition.policy_links.values() for p in ps}),
            "left_at_defaults": list(self.unset),
            "warnings": [w.to_dict() for w in self.warnings],
        }


def _scenarios(count: int, kind: str = "") -> str:
    return f"{count} {kind}training scenario{'s' if count != 1 else ''}"


def word_diff(before: str, after: str) -> tuple[tuple[DiffOp, str], ...]:
    """The two texts word by word: runs that stay, that were removed and that were added."""
    old, new = before.split(), after.split()
    runs: list[tuple[DiffOp, str]] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            runs.append(("same", " ".join(old[i1:i2])))
            continue
        if i2 > i1:
            runs.append(("removed", " ".join(old[i1:i2])))
        if j2 > j1:
            runs.append(("added", " ".join(new[j1:j2])))
    return tuple(runs)
