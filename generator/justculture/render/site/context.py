"""What every generated page is rendered with: the site's data and a page's link helpers."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from ...model import Spec
from ...schemas import SchemaSet
from ..renderer import Renderer, html_text, markdown_text
from .current import WHICH_TOOL_PAGE, LaterDocument, replacement
from .links import SiteIndex, Target, page_url, relative_md, relative_url, scenario_pages
from .svg import format_number

MANIFEST_KIND = "manifest"
INTERACTIVE = {
    "just-culture-guide": "tools/guide-walkthrough.md",
    "pre-disciplinary-checklist": "tools/checklist-form.md",
}


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
        """Spec text as one line of Markdown text (see ``renderer.markdown_text``)."""
        return markdown_text(text)

    @staticmethod
    def text(value: object) -> str:
        """Spec text for raw HTML inside a Markdown page (see ``renderer.html_text``)."""
        return html_text(value)

    def theme_title(self, theme: str) -> str:
        """A theme's title from the common schema's codelist."""
        return self.site.spec.label("theme", theme)

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

    @staticmethod
    def scenario_pages(scenario_id: str) -> dict[str, str]:
        """The src_uris of a scenario's participant, facilitator and run pages."""
        return scenario_pages(scenario_id)

    def which_tool(self) -> str:
        """The Markdown link to the "Which tool should I use?" page."""
        return relative_md(WHICH_TOOL_PAGE, self.page)

    def replacement(self, status: Mapping[str, Any]) -> LaterDocument | None:
        """What replaced a superseded document, with its address (see ``current.py``)."""
        return replacement(self.site.spec, status)

    def printable(self, doc_id: str) -> str:
        """A URL (for raw HTML) to the tool's printable PDF, or '' when there is none."""
        name = self.site.printables.get(doc_id)
        return relative_url(f"printables/{name}", self.page) if name else ""


def render_page(template: str, site: SiteContext, page: str, **context: Any) -> str:
    """One page's Markdown: the template with the spec, the manifest and the page's helpers."""
    helpers = PageHelpers(site, page)
    return site.renderer.render(
        template, h=helpers, spec=site.spec, manifest=site.manifest, page=page, **context
    )
