"""The site's generated pages: {src_uri: Markdown}, each rendered from ``templates/site``.

Python gathers data and link helpers; every word of Markdown and HTML is in the templates. Links
between items go through :class:`~justculture.render.links.SiteIndex`, the one place that knows
which page and anchor an item has.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any

from ..errors import CATALOGUE, ErrorCode
from ..model import Flow, Spec
from ..schemas import SchemaSet
from .exports import export_json
from .links import SiteIndex, Target, page_url, reference_label, relative_md, relative_url
from .renderer import Renderer
from .svg import BarChart, Datum, bar_chart, flow_diagram, format_number
from .training_pages import training_pages

MANIFEST_KIND = "manifest"
JSON_EXPORT = "spec/{version}/justculture.json"
# The newest version, for the browser tools and for developers who always want the latest.
LATEST_INDEX = "spec/latest.json"
SCHEMA_DOWNLOAD = "schema/{name}.schema.json"
INTERACTIVE = {
    "just-culture-guide": "tools/guide-walkthrough.md",
    "pre-disciplinary-checklist": "tools/checklist-form.md",
}
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
}
# Characters that would otherwise start Markdown syntax inside running text.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]#|])")
_CHART_UNITS = {"percent": 100.0}


@dataclass
class SiteContext:
    """What every page needs: the spec, the link index, and which optional pages exist."""

    spec: Spec
    schemas: SchemaSet
    renderer: Renderer
    available: Collection[str] = ()
    printables: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.index = SiteIndex(self.spec)

    @property
    def manifest(self) -> Mapping[str, Any]:
        return next(d for d in self.spec.documents.values() if d["kind"] == MANIFEST_KIND)


@dataclass
class PageHelpers:
    """Link and text helpers bound to one page, for the templates."""

    site: SiteContext
    page: str

    # Text ---------------------------------------------------------------------------------
    @staticmethod
    def esc(text: object) -> str:
        """Running text made safe for Markdown: HTML escaped, Markdown syntax backslashed."""
        return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(str(text).strip(), quote=False))

    @staticmethod
    def theme_title(theme: str) -> str:
        return theme.replace("-", " ").capitalize()

    @staticmethod
    def number(value: float, unit: str = "", qualifier: str = "") -> str:
        return format_number(value, unit, qualifier)

    # Links --------------------------------------------------------------------------------
    def target(self, ref: str) -> Target:
        return self.site.index.target(ref)

    def href(self, ref: str) -> str:
        """A Markdown link destination for ``DOCUMENT#ITEM`` (mkdocs checks it)."""
        return self.target_href(self.target(ref))

    def url(self, ref: str) -> str:
        """A URL for raw HTML: same-page items become a bare fragment."""
        target = self.target(ref)
        if target.page == self.page:
            return f"#{target.anchor}"
        anchor = f"#{target.anchor}" if target.anchor else ""
        return f"{relative_url(page_url(target.page), self.page)}{anchor}"

    def known(self, ref: str) -> bool:
        return self.site.index.has(ref)

    def link_text(self, ref: str) -> str:
        """How a link to ``DOCUMENT#ITEM`` reads: its label, with the document's title when the
        item is on another page ("Glossary: Duty of candour")."""
        target = self.target(ref)
        return (
            target.label if target.page == self.page else f"{target.document_title}: {target.label}"
        )

    def target_href(self, target: Target) -> str:
        anchor = f"#{target.anchor}" if target.anchor else ""
        return f"{relative_md(target.page, self.page)}{anchor}" or "#"

    def site_url(self, ref: str) -> str:
        """The site-relative URL of an item, such as ``charter/#P04``, for showing to readers."""
        return self.target(ref).url

    def reference_name(self, key: str) -> str:
        """``Being fair (2019)``: how an entry of the references is named in text."""
        return self.target(f"references#{key}").label

    def page_link(self, src_uri: str) -> str:
        return relative_md(src_uri, self.page)

    def page_href(self, src_uri: str) -> str:
        """A URL for raw HTML to another page, such as ``fall-at-home/``."""
        return relative_url(page_url(src_uri), self.page) if src_uri != self.page else "./"

    @staticmethod
    def locator_parts(source: Mapping[str, Any]) -> list[str]:
        """Where in a work a source points: its section, locator and page, as given."""
        parts = [str(source[part]) for part in ("section", "locator") if part in source]
        return parts + ([f"page {source['page']}"] if "page" in source else [])

    def download(self, site_path: str) -> str:
        """A Markdown link to a download that the build registers as a site file."""
        return relative_md(site_path, self.page)

    def interactive(self, doc_id: str) -> str:
        """The Markdown link to a tool's interactive page, or '' until that page exists."""
        src = INTERACTIVE.get(doc_id, "")
        return relative_md(src, self.page) if src in self.site.available else ""

    def printable(self, doc_id: str) -> str:
        """A URL (for raw HTML) to the tool's printable PDF, or '' when there is none."""
        name = self.site.printables.get(doc_id)
        return relative_url(f"printables/{name}", self.page) if name else ""


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
        doc = spec.documents[doc_id]
        extra = _DOCUMENT_CONTEXT.get(str(doc["kind"]), _no_extra)(site, doc)
        pages[page] = _render(_TEMPLATES[str(doc["kind"])], site, page, doc=doc, **extra)
    for page, template in _FIXED_PAGES.items():
        pages[page] = _render(template, site, page, **_fixed_context(site))
    pages.update(training_pages(site, _render))
    return pages


def downloads(spec: Spec, schemas: SchemaSet) -> dict[str, str]:
    """The files developers download, by site path: the JSON export and every schema."""
    export = JSON_EXPORT.format(version=spec.version)
    latest = {"spec_version": spec.version, "export": export.removeprefix("spec/")}
    files = {export: export_json(spec), LATEST_INDEX: json.dumps(latest, indent=2) + "\n"}
    for name, schema in sorted(schemas.schemas.items()):
        files[SCHEMA_DOWNLOAD.format(name=name)] = (
            json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
        )
    return files


def abbreviations(spec: Spec, renderer: Renderer) -> str:
    """Markdown abbreviation definitions from the glossary, appended to every page."""
    terms = [
        term
        for doc in spec.documents.values()
        if doc["kind"] == "glossary"
        for term in doc["terms"]
        if "abbreviation" in term
    ]
    return renderer.render("site/abbreviations.md.j2", terms=terms)


def _render(template: str, site: SiteContext, page: str, **context: Any) -> str:
    helpers = PageHelpers(site, page)
    return site.renderer.render(
        template, h=helpers, spec=site.spec, manifest=site.manifest, page=page, **context
    )


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
    nodes_by_test = {
        test_id: [node for node in doc["nodes"] if node["test"] == test_id] for test_id in tests
    }
    return {
        "diagram": flow_diagram(flow, tests),
        "test_titles": tests,
        "nodes_by_test": nodes_by_test,
        "outcomes": {str(o["id"]): o for o in doc["outcomes"]},
        "obligations": {str(o["id"]): o for o in doc["obligations"]},
    }


def _checklist_context(site: SiteContext, doc: Mapping[str, Any]) -> dict[str, Any]:
    items = list(doc["items"])
    children = {
        str(item["id"]): [child for child in items if child.get("parent") == item["id"]]
        for item in items
    }
    return {
        "top_items": [item for item in items if "parent" not in item],
        "children": children,
        "footnotes": {str(note["id"]): note for note in doc.get("footnotes", [])},
        "outcomes": {str(o["id"]): o for o in doc["outcomes"]},
        "items_by_id": {str(item["id"]): item for item in items},
    }


def _evidence_context(site: SiteContext, doc: Mapping[str, Any]) -> dict[str, Any]:
    return {"charts": {str(item["id"]): list(_charts(item)) for item in doc["items"]}}


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


def _fixed_context(site: SiteContext) -> dict[str, Any]:
    spec = site.spec
    return {
        "documents": sorted(spec.documents.values(), key=lambda d: (str(d["kind"]), str(d["id"]))),
        "superseded": [d for d in spec.documents.values() if d["status"]["state"] == "superseded"],
        "export_path": JSON_EXPORT.format(version=spec.version),
        "latest_path": LATEST_INDEX,
        "schema_paths": {
            name: SCHEMA_DOWNLOAD.format(name=name) for name in sorted(site.schemas.schemas)
        },
        "schemas": [
            _schema_section(name, schema) for name, schema in sorted(site.schemas.schemas.items())
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


def _error_groups() -> dict[str, list[ErrorCode]]:
    """The catalogue by hundred: JC1xx reading files, JC2xx schema and so on."""
    groups: dict[str, list[ErrorCode]] = {}
    for code in CATALOGUE.values():
        groups.setdefault(code.code[2], []).append(code)
    return groups


# Evidence charts ------------------------------------------------------------------------------


def _charts(item: Mapping[str, Any]) -> Iterator[BarChart]:
    """The bar charts for one evidence item: one per table column, per unit of figures, or one."""
    item_id = str(item["id"])
    if item["kind"] == "table":
        for column in item["columns"]:
            data = [
                Datum(
                    str(row["label"]),
                    float(row["values"][column["id"]]),
                    format_number(row["values"][column["id"]], column["unit"]),
                )
                for row in item["rows"]
                if column["id"] in row["values"]
            ]
            yield bar_chart(f"chart-{item_id}-{column['id']}", str(column["title"]), data)
    elif item["kind"] == "breakdown":
        parts = [part for part in item.get("parts", []) if "value" in part]
        if parts:
            unit = str(item.get("unit", ""))
            data = [
                Datum(str(p["label"]), float(p["value"]), format_number(p["value"], unit))
                for p in parts
            ]
            yield bar_chart(f"chart-{item_id}", str(item["title"]), data, _CHART_UNITS.get(unit))
    else:
        yield from _statistic_charts(item)


def _statistic_charts(item: Mapping[str, Any]) -> Iterator[BarChart]:
    item_id = str(item["id"])
    figures = list(item.get("figures", []))
    if "value" in item:
        figures = [
            {
                "label": item["title"],
                "value": item["value"],
                "unit": item.get("unit", ""),
                "qualifier": item.get("qualifier", ""),
            }
        ]
    units = sorted(
        {str(figure["unit"]) for figure in figures}, key=[str(f["unit"]) for f in figures].index
    )
    for unit in units:
        group = [figure for figure in figures if figure["unit"] == unit]
        if len(group) < 2 and unit not in _CHART_UNITS:
            continue  # one bar on its own scale says nothing the table does not
        data = [
            Datum(
                str(f["label"]),
                float(f["value"]),
                format_number(f["value"], unit, f.get("qualifier", "")),
            )
            for f in group
        ]
        yield bar_chart(
            f"chart-{item_id}-{unit.lower()}",
            _UNIT_TITLES.get(unit, unit),
            data,
            _CHART_UNITS.get(unit),
        )


_UNIT_TITLES = {
    "percent": "Percentages (the scale runs from 0 to 100%)",
    "GBP": "Amounts in pounds",
    "staff": "Numbers of staff",
    "trusts": "Numbers of trusts",
    "weeks": "Weeks",
    "ratio": "Relative likelihood (1 means equally likely)",
    "claims": "Numbers of claims",
    "organisations": "Numbers of organisations",
    "cases": "Numbers of cases",
}


# Schema reference -----------------------------------------------------------------------------


@dataclass(frozen=True)
class PropertyRow:
    name: str
    type: list[tuple[str, str]]
    required: bool
    description: str


@dataclass(frozen=True)
class SchemaPart:
    anchor: str
    name: str
    description: str
    summary: list[tuple[str, str]]
    rows: tuple[PropertyRow, ...]


@dataclass(frozen=True)
class SchemaSection:
    name: str
    anchor: str
    title: str
    description: str
    top: SchemaPart
    parts: tuple[SchemaPart, ...]


def _schema_section(name: str, schema: Mapping[str, Any]) -> SchemaSection:
    anchor = f"schema-{name}"
    top = _schema_part(name, anchor, str(schema.get("title", name)), schema)
    parts = tuple(
        _schema_part(name, f"{anchor}-{def_name}", def_name, definition)
        for def_name, definition in schema.get("$defs", {}).items()
    )
    return SchemaSection(
        name, anchor, str(schema.get("title", name)), str(schema.get("description", "")), top, parts
    )


def _schema_part(schema_name: str, anchor: str, name: str, schema: Mapping[str, Any]) -> SchemaPart:
    rows = tuple(_property_rows(schema_name, schema))
    summary = [] if rows else describe_type(schema_name, schema)
    return SchemaPart(anchor, name, str(schema.get("description", "")), summary, rows)


def _property_rows(
    schema_name: str, schema: Mapping[str, Any], prefix: str = ""
) -> Iterator[PropertyRow]:
    required = set(schema.get("required", []))
    for prop, sub in schema.get("properties", {}).items():
        if not isinstance(sub, Mapping):
            continue  # `false`: the property is forbidden in this case
        name = f"{prefix}{prop}"
        yield PropertyRow(
            name, describe_type(schema_name, sub), prop in required, str(sub.get("description", ""))
        )
        if sub.get("type") == "object" and "properties" in sub:
            yield from _property_rows(schema_name, sub, f"{name}.")


Segment = tuple[str, str]  # (text, anchor on the schema page, or "")


def describe_type(schema_name: str, schema: Mapping[str, Any]) -> list[Segment]:
    """A short plain description of a schema fragment's type, with links to the definitions."""
    if "$ref" in schema:
        return [_describe_ref(schema_name, str(schema["$ref"]))]
    if "const" in schema:
        return [(f"always {json.dumps(schema['const'])}", "")]
    if "enum" in schema:
        return [("one of: " + ", ".join(json.dumps(value) for value in schema["enum"]), "")]
    for combinator in ("oneOf", "anyOf"):
        if combinator in schema and "type" not in schema:
            options = [describe_type(schema_name, option) for option in schema[combinator]]
            joined: list[Segment] = []
            for option in (option for option in options if option):
                joined += ([(" or ", "")] if joined else []) + option
            return joined
    return _describe_plain(schema_name, schema)


def _describe_plain(schema_name: str, schema: Mapping[str, Any]) -> list[Segment]:
    kind = schema.get("type")
    if kind == "array":
        items = schema.get("items")
        inner = (
            describe_type(schema_name, items) if isinstance(items, Mapping) else [("values", "")]
        )
        return [("list of ", ""), *inner]
    if kind == "object":
        return [("mapping", "")]
    words = {
        "string": "text",
        "integer": "whole number",
        "number": "number",
        "boolean": "true or false",
    }
    text = words.get(str(kind), "") if kind else ""
    if "pattern" in schema:
        text = f"{text or 'text'} matching {schema['pattern']}"
    return [(text, "")] if text else []


def _describe_ref(schema_name: str, ref: str) -> Segment:
    """``common.schema.json#/$defs/text`` -> ("text (common)", "schema-common-text")."""
    file_part, _, pointer = ref.partition("#")
    target_schema = file_part.removesuffix(".schema.json") or schema_name
    definition = pointer.rsplit("/", 1)[-1] if pointer else ""
    anchor = f"schema-{target_schema}-{definition}" if definition else f"schema-{target_schema}"
    label = definition or target_schema
    return (f"{label} ({target_schema})" if target_schema != schema_name else label, anchor)
