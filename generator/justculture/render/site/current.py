"""What is current: the later documents (their addresses from spec/references.yaml) and the "Which tool should I use?" page.

This edition is *Being fair* (2019). Some of what it holds has since been replaced; the site says
so on the pages concerned and links to what replaced them. The words are in the templates
(``site/which-tool.md.j2`` and the ``status`` macro); this module gives them the data.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ...model import Spec
from ...tailor.profile import safe_link
from .links import reference_label

WHICH_TOOL_PAGE = "which-tool.md"
REFERENCES_KIND = "references"

# The entries the "Which tool should I use?" page links to, each under its own heading.
PAPER = "being-fair-2019"
BEING_FAIR_TOOL = "nhse-2025-being-fair-tool"
CHARTER_2023 = "nhsr-2023-charter"
PSIRF = "nhse-2022-psirf"


@dataclass(frozen=True)
class LaterDocument:
    """A document in the references, with its address where the site links to it."""

    key: str
    """Its id in the references, such as ``nhse-2025-being-fair-tool``."""
    label: str
    """How the site names it, such as ``being fair tool (2025)``."""
    publisher: str
    url: str
    """Its address on its publisher's site, or '' when the site has none."""


def reference_url(entry: Mapping[str, Any]) -> str:
    """A references entry's published address (its ``url``), or '' when it has none.

    The schema already allows only a plain ``https:`` address; this checks again, because a page
    puts the address in a link and nothing but a plain link may reach one.

    Raises:
        ValueError: for an address that is not a plain ``https:`` link.
    """
    url = str(entry.get("url", ""))
    problem = safe_link(url) if url else None
    if problem is not None or (url and not url.startswith("https://")):
        raise ValueError(
            f"the address of '{entry.get('id')}' is not a plain https: link: {problem}"
        )
    return url


def later_document(spec: Spec, key: str) -> LaterDocument | None:
    """The reference entry ``key`` with its label and address, or None if the spec has no such
    entry (a trust's edition keeps every reference, but a test spec may not)."""
    entry = _references(spec).get(key)
    if entry is None:
        return None
    publisher = str(entry.get("publisher", ""))
    return LaterDocument(key, reference_label(entry), publisher, reference_url(entry))


def replacement(spec: Spec, status: Mapping[str, Any]) -> LaterDocument | None:
    """What replaced a superseded document (``status.superseded_by_ref``), or None."""
    key = status.get("superseded_by_ref")
    return later_document(spec, str(key)) if key else None


def which_tool_context(spec: Spec) -> dict[str, Any]:
    """The "Which tool should I use?" page's documents: the paper and the three later ones."""
    return {
        "paper": later_document(spec, PAPER),
        "being_fair_tool": later_document(spec, BEING_FAIR_TOOL),
        "charter_2023": later_document(spec, CHARTER_2023),
        "psirf": later_document(spec, PSIRF),
    }


def _references(spec: Spec) -> dict[str, Mapping[str, Any]]:
    return {
        str(entry["id"]): entry
        for doc in spec.documents.values()
        if doc["kind"] == REFERENCES_KIND
        for entry in doc["entries"]
    }
