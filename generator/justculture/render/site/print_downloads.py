"""The "Print and download" page: every PDF and data file the site ships, from the registries
that write them (never a list kept by hand), so the page links only files the build writes.

- the printables: :data:`justculture.render.pdf.PRINTABLES`, written after the build;
- each scenario's facilitator pack and handout: :func:`~justculture.render.session_packs.site_pack_files`;
- a trust's edition: its tailoring report (PDF) and its Word documents;
- each evidence chart's numbers as CSV (``charts.py``);
- the spec as JSON, CSV and XLSX, and the JSON Schemas (``versions.py``).

PDFs are written after mkdocs has checked the pages' links, so the template links them in raw
HTML (``href``); files registered with mkdocs are linked in Markdown, which mkdocs checks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ...exports import CSV_ZIP, XLSX
from ...published import schema_path
from ..edition_site import DOWNLOADS, REPORT_PDF
from ..edition_site import PRINTABLES as PRINTABLES_DIR
from ..pdf import PRINTABLES as REGISTRY
from ..session_packs import site_pack_files
from .charts import evidence_charts
from .context import SiteContext
from .links import page_of, page_url, relative_md, relative_url, scenario_pages
from .versions import EXPORT, SPEC_FOLDER

DOWNLOADS_PAGE = "print-and-download.md"


@dataclass(frozen=True)
class Printable:
    """One printable PDF as the page lists it."""

    filename: str
    """Its file name, which picks its description in the template."""
    title: str
    """The title of the document it prints, from the spec."""
    href: str
    """A URL for raw HTML, from the page to the file."""


@dataclass(frozen=True)
class ChartData:
    """One evidence chart's numbers as a CSV file."""

    figure: str
    """The title of the evidence item the chart belongs to."""
    chart: str
    """The chart's own title (a table has a chart for each column)."""
    path: str
    """Its path on the site, registered with mkdocs (``charts.chart_files``)."""


@dataclass(frozen=True)
class TrainingPack:
    """One scenario's two PDFs, and its page."""

    title: str
    page: str
    """A Markdown link to the scenario's participant page."""
    pack: str
    """A URL for raw HTML to the facilitator pack."""
    handout: str
    """A URL for raw HTML to the participant handout."""


def print_download_context(site: SiteContext, page: str = DOWNLOADS_PAGE) -> dict[str, Any]:
    """What the "Print and download" page lists, with links from ``page``."""
    return {
        "printables": _printables(site, page),
        "packs": _packs(site, page),
        "edition_files": _edition_files(site, page),
        "chart_data": _chart_data(site),
        "data_files": _data_files(site),
    }


def _printables(site: SiteContext, page: str) -> list[Printable]:
    return [
        Printable(
            item.filename,
            str(site.spec.documents[item.document]["title"])
            if item.document in site.spec.documents
            else item.filename,
            relative_url(f"{PRINTABLES_DIR}/{item.filename}", page),
        )
        for item in REGISTRY
    ]


def _packs(site: SiteContext, page: str) -> list[TrainingPack]:
    return [
        TrainingPack(
            pack.title,
            relative_md(scenario_pages(pack.scenario_id)["participant"], page),
            relative_url(pack.pack, page),
            relative_url(pack.handout, page),
        )
        for pack in site_pack_files(site.spec)
    ]


def _chart_data(site: SiteContext) -> list[ChartData]:
    """Every evidence chart's CSV, where ``charts.chart_files`` puts it (a test checks the two
    agree)."""
    return [
        ChartData(str(item["title"]), chart.drawing.title, page_url(page) + chart.csv_name)
        for doc in site.spec.documents.values()
        if doc["kind"] == "evidence" and (page := page_of(doc)) is not None
        for item in doc["items"]
        for chart in evidence_charts(item)
    ]


def _edition_files(site: SiteContext, page: str) -> dict[str, str]:
    """A trust's edition's report (PDF, written after the build) and Word documents (registered
    files); nothing on the base site."""
    if not site.renderer.environment.globals.get("edition"):
        return {}
    from ..docx import CHARTER_FILE, CHECKLIST_FILE  # needs python-docx, as an edition does

    return {
        "report_pdf": relative_url(f"{PRINTABLES_DIR}/{REPORT_PDF}", page),
        "charter_docx": f"{DOWNLOADS}/{CHARTER_FILE}",
        "checklist_docx": f"{DOWNLOADS}/{CHECKLIST_FILE}",
    }


def _data_files(site: SiteContext) -> dict[str, Any]:
    """The current version's data files, by site path (the template links them in Markdown)."""
    version = site.spec.version
    folder = SPEC_FOLDER.format(version=version)
    return {
        "export": folder + EXPORT,
        "csv_zip": folder + CSV_ZIP,
        "xlsx": folder + XLSX,
        "schemas": [schema_path(version, name) for name in sorted(site.schemas.schemas)],
    }
