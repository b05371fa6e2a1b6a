"""The site's generated pages: {src_uri: Markdown}, each rendered from ``templates/site``.

Python gathers data and link helpers; every word of Markdown and HTML is in the templates. Links
between items go through :class:`~justculture.render.site.links.SiteIndex`, the one place that
knows which page and anchor an item has.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from itertools import groupby
from typing import Any

from ...errors import CATALOGUE, ErrorCode
from ...exports.slices import slice_files
from ...model import Checklist, Flow, Spec
from ...schemas import SchemaSet
from ...views import items_by_parent, nodes_by_test
from ..renderer import Renderer
from .charts import chart_files, evidence_charts
from .context import SiteContext, render_page
from .current import WHICH_TOOL_PAGE, which_tool_context
from .links import Target, page_collision, reference_label
from .print_downloads import DOWNLOADS_PAGE, print_download_context
from .schema_reference import schema_section
from .svg import flow_diagram
from .training import training_pages
from .versions import changes_context, site_downloads

JSON_EXPORT = "spec/{version}/justculture.json"
# The newest version, for the browser tools and for developers who always want the latest.
LATEST_INDEX = "spec/latest.json"
SCHEMA_DOWNLOAD = "schema/{name}.schema.json"
CHANGES_PAGE = "developers/changes.md"
_TEMPLATES = {
    "charter": "site/charter.md.j2",
    "flow": "site/flow.md.j2",
    "checklist": "site/checklist.md.j2",
    "restorative": "site/restorative.md.j2",
    "behaviours": "site/behaviours.md.j2",
    "guidance": "site/guidance.md.j2",
    "evidence": "site/evidence.md.j2",
    "glossary": "site/glossary.md.j2",
    "references": "site/references.md.j2",
}
_FIXED_PAGES = {
    "about/index.md": "site/about.md.j2",
    "developers/index.md": "site/developers.md.j2",
    "developers/schema.md": "site/schema.md.j2",
    "developers/errors.md": "site/errors.md.j2",
    WHICH_TOOL_PAGE: "site/which-tool.md.j2",
    DOWNLOADS_PAGE: "site/print-and-download.md.j2",
}


def generate_pages(
    spec: Spec,
    schemas: SchemaSet,
    renderer: Renderer,
    *,
    available: Collection[str] = (),
    printables: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """Every generated page as {src_uri: Markdown}.

    ``available`` is the set of src_uris already in the site (so a page links to the interactive
    tools only once they exist); ``printables`` maps a document id to its PDF's file name.
    """
    site = SiteContext(spec, schemas, renderer, available, printables or {})
    pages: dict[str, str] = {}
    for doc_id, page in site.index.pages.items():
        if page in available or page in _FIXED_PAGES:
            raise page_collision(spec, doc_id, page, "a page of the site's own")
        doc = spec.documents[doc_id]
        extra = _DOCUMENT_CONTEXT.get(str(doc["kind"]), _no_extra)(site, doc)
        pages[page] = render_page(_TEMPLATES[str(doc["kind"])], site, page, doc=doc, **extra)
    for page, template in _FIXED_PAGES.items():
        pages[page] = render_page(template, site, page, **_fixed_context(site, page))
    pages[CHANGES_PAGE] = render_page(
        "site/changes.md.j2", site, CHANGES_PAGE, **changes_context(spec, schemas)
    )
    pages.update(training_pages(site))
    return pages


def downloads(
    spec: Spec, schemas: SchemaSet, site_url: str | None = None
) -> dict[str, str | bytes]:
    """The files developers download, by site path, for every released version and the current
    one: JSON, CSV, XLSX and the schemas (``$id``s under ``site_url``). See ``versions.py``.
    Beside the current export, each browser tool's and scenario's slice (``exports/slices.py``),
    and each evidence chart's numbers as CSV (``charts.py``)."""
    return {**site_downloads(spec, schemas, site_url), **slice_files(spec), **chart_files(spec)}


def abbreviations(spec: Spec) -> dict[str, str]:
    """The glossary's abbreviations, {abbreviation: term}, for Markdown's abbr extension."""
    return {
        str(term["abbreviation"]).strip(): str(term["term"]).strip()
        for doc in spec.documents.values()
        if doc["kind"] == "glossary"
        for term in doc["terms"]
        if str(term.get("abbreviation", "")).strip() and str(term["term"]).strip()
    }


def _no_extra(site: SiteContext, doc: Mapping[str, Any]) -> dict[str, Any]:
    return {}


# Per-kind context ------------------------------------------------------------------------------


def _charter_context(site: SiteContext, doc: Mapping[str, Any]) -> dict[str, Any]:
    themes: dict[str, list[Mapping[str, Any]]] = {}
    for principle in doc["principles"]:
        for theme in principle["themes"]:
            themes.setdefault(theme, []).append(principle)
    ordered = sorted(themes.items(), key=lambda pair: pair[0])
    return {"themes": ordered}


def _flow_context(site: SiteContext, doc: Mapping[str, Any]) -> dict[str, Any]:
    flow = site.spec.tool(str(doc["id"]))
    assert isinstance(flow, Flow)
    tests = {str(test["id"]): str(test["title"]) for test in doc["tests"]}
    grouped = nodes_by_test(flow)
    return {
        "diagram": flow_diagram(flow, tests),
        "test_titles": tests,
        "nodes_by_test": {
            test_id: [node.data for node in nodes] for test_id, nodes in grouped.items()
        },
        "outcomes": {str(o["id"]): o for o in doc["outcomes"]},
        "obligations": {str(o["id"]): o for o in doc["obligations"]},
    }


def _checklist_context(site: SiteContext, doc: Mapping[str, Any]) -> dict[str, Any]:
    checklist = site.spec.tool(str(doc["id"]))
    assert isinstance(checklist, Checklist)
    groups = items_by_parent(checklist)
    children: dict[str, list[Mapping[str, Any]]] = {item: [] for item in checklist.items}
    for group in groups:
        children[group.item.id] = [child.data for child in group.children]
    items = list(doc["items"])
    return {
        "top_items": [group.item.data for group in groups],
        "children": children,
        "footnotes": {str(note["id"]): note for note in doc.get("footnotes", [])},
        "outcomes": {str(o["id"]): o for o in doc["outcomes"]},
        "items_by_id": {str(item["id"]): item for item in items},
    }


def _evidence_context(site: SiteContext, doc: Mapping[str, Any]) -> dict[str, Any]:
    return {"charts": {str(item["id"]): list(evidence_charts(item)) for item in doc["items"]}}


def _references_context(site: SiteContext, doc: Mapping[str, Any]) -> dict[str, Any]:
    """For each entry, where the site cites it, grouped by page (the references page itself aside)."""
    own_page = site.index.pages[str(doc["id"])]
    cited: dict[str, list[tuple[str, list[Target]]]] = {}
    for key, targets in site.index.citations.items():
        elsewhere = [target for target in targets if target.page != own_page]
        by_page = groupby(elsewhere, key=lambda target: target.document_title)
        cited[key] = [(title, list(group)) for title, group in by_page]
    return {"cited": cited, "fold_after": 12}


_DOCUMENT_CONTEXT = {
    "charter": _charter_context,
    "flow": _flow_context,
    "checklist": _checklist_context,
    "evidence": _evidence_context,
    "references": _references_context,
}


def _fixed_context(site: SiteContext, page: str) -> dict[str, Any]:
    spec = site.spec
    return {
        **_OWN_CONTEXT.get(page, _no_page_extra)(site, page),
        "documents": sorted(spec.documents.values(), key=lambda d: (str(d["kind"]), str(d["id"]))),
        "superseded": [d for d in spec.documents.values() if d["status"]["state"] == "superseded"],
        "export_path": JSON_EXPORT.format(version=spec.version),
        "latest_path": LATEST_INDEX,
        "schema_paths": {
            name: SCHEMA_DOWNLOAD.format(name=name) for name in sorted(site.schemas.schemas)
        },
        "schemas": [
            schema_section(name, schema) for name, schema in sorted(site.schemas.schemas.items())
        ],
        "error_groups": _error_groups(),
        "references": {
            str(entry["id"]): entry
            for doc in spec.documents.values()
            if doc["kind"] == "references"
            for entry in doc["entries"]
        },
        "reference_label": reference_label,
        "pages": site.index.pages,
    }


def _no_page_extra(site: SiteContext, page: str) -> dict[str, Any]:
    return {}


def _which_tool(site: SiteContext, page: str) -> dict[str, Any]:
    return which_tool_context(site.spec)


# A fixed page's own data, beside what every fixed page gets.
_OWN_CONTEXT = {
    WHICH_TOOL_PAGE: _which_tool,
    DOWNLOADS_PAGE: print_download_context,
}


def _error_groups() -> dict[str, list[ErrorCode]]:
    """The catalogue by hundred: JC1xx reading files, JC2xx schema and so on."""
    groups: dict[str, list[ErrorCode]] = {}
    for code in CATALOGUE.values():
        groups.setdefault(code.code[2], []).append(code)
    return groups
