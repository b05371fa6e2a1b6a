"""The tailoring report as Markdown (a file, or a page of the edition's site) and as a PDF.

Every string in a report is the trust's own, untrusted text: the Markdown template escapes it
through ``md`` (running text) and ``html`` (inside raw HTML), the PDF's HTML template autoescapes.
"""

from __future__ import annotations

import html as html_module
import re
from collections.abc import Mapping
from typing import Any

from ..model import Checklist, Spec
from ..tailor.profile import parameters
from ..tailor.report import PolicyLink, TailoringReport
from .renderer import Renderer

MARKDOWN_TEMPLATE = "tailor/report.md.j2"
PDF_TEMPLATE = "tailor/report.html.j2"
CHECKLIST_ID = "pre-disciplinary-checklist"
KINDS = {
    "altered": "Altered",
    "excluded": "Excluded",
    "added": "Added",
    "scenario-excluded": "Training scenario left out",
    "scenario-added": "Local training scenario",
}
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]#|<>!])")
# What would start a block at the beginning of a line (a list, quote, heading, admonition, snippet).
_BLOCK_START = re.compile(r"^([ \t]*)([!?=+\-:>~;%]|\d+[.)])", re.MULTILINE)


def md(text: object) -> str:
    """Untrusted text for one line of Markdown: HTML escaped, Markdown syntax neutralised."""
    one_line = " ".join(str(text).split())
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", html_module.escape(one_line, quote=False))
    return _BLOCK_START.sub(
        lambda m: f"{m.group(1)}{m.group(2)[:-1]}&#{ord(m.group(2)[-1])};", escaped
    )


def html(text: object) -> str:
    """Untrusted text for raw HTML inside Markdown: on one line, every special character escaped."""
    return html_module.escape(" ".join(str(text).split()), quote=True)


def report_context(spec: Spec, report: TailoringReport) -> dict[str, Any]:
    """What both report templates read: the report, and the source's names for what it changed."""
    edition = report.edition
    places: dict[str, list[str]] = {}
    policies: dict[str, PolicyLink] = {}
    for target, links in edition.policy_links.items():
        tool_id, outcome_id = target.split("#")
        tool = spec.tools.get(tool_id)
        title = tool.outcomes[outcome_id].title if tool and outcome_id in tool.outcomes else target
        for link in links:
            policies.setdefault(link.policy, link)
            places.setdefault(link.policy, []).append(title)
    order = list(parameters().policies)
    return {
        "report": report,
        "e": edition,
        "kinds": KINDS,
        "md": md,
        "html": html,
        "policies": sorted(policies.values(), key=lambda p: order.index(p.policy)),
        "policy_places": places,
        "base_roles": _base_roles(spec),
        "group_titles": _group_titles(spec),
        "spec_version": spec.version,
        "publisher": edition.name,
    }


def _base_roles(spec: Spec) -> Mapping[str, str]:
    """The source's titles of the triumvirate, by staff group."""
    checklist = spec.tools.get(CHECKLIST_ID)
    if not isinstance(checklist, Checklist):
        return {}
    return {group: str(row["role"]) for group, row in checklist.approvers.items()}


def _group_titles(spec: Spec) -> Mapping[str, str]:
    checklist = spec.tools.get(CHECKLIST_ID)
    if not isinstance(checklist, Checklist):
        return {}
    return {group: str(row["applies_to"]) for group, row in checklist.approvers.items()}


def report_markdown(base: Spec, report: TailoringReport, renderer: Renderer) -> str:
    """The report as Markdown. ``base`` is the spec the edition was tailored from."""
    return renderer.render(MARKDOWN_TEMPLATE, **report_context(base, report))


def report_html(base: Spec, report: TailoringReport, renderer: Renderer) -> str:
    """The report as print HTML, for WeasyPrint."""
    return renderer.render(PDF_TEMPLATE, **report_context(base, report))
