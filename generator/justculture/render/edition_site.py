"""A trust's edition on the site: the header, footer and colour, the report page and downloads.

The mkdocs plugin calls three functions when it builds an edition: :func:`configure` (the
header's name and logo, the footer's attribution, the accent colour), :func:`edition_files`
(the tailoring report page, the logo, the colour's CSS, the Word documents) and
:func:`write_edition_pdfs` (the report as a PDF beside the printables). The pages' own templates
read the edition through the renderer's globals (:func:`use_edition`).

mkdocs' theme templates do not escape ``site_name`` or ``copyright``, so both are given as
already-escaped :class:`markupsafe.Markup`: printed as they are, and never escaped twice.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from ..model import Spec
from ..outputs import write_all
from ..tailor.report import Edition, TailoringReport
from .renderer import Renderer
from .tailoring import html, md, report_context, report_html

REPORT_PAGE = "tailoring-report.md"
REPORT_PDF = "tailoring-report.pdf"
TRUST_CSS = "assets/css/trust.css"
DOWNLOADS = "downloads"
PRINTABLES = "printables"
NAV_TITLE = "Tailoring report"


@dataclass(frozen=True)
class SiteEdition:
    """What the plugin needs to build a trust's edition: the base, the edition and its report."""

    base: Spec
    spec: Spec
    report: TailoringReport

    @property
    def edition(self) -> Edition:
        return self.report.edition


def use_edition(renderer: Renderer, edition: Edition | None) -> None:
    """Let every template of ``renderer`` see the edition (``edition``, or None on the base)."""
    renderer.environment.globals.update(edition=edition, edition_md=md, edition_html=html)


def configure(config: Any, site: SiteEdition) -> None:
    """The header's name and logo, the footer's attribution and the accent colour."""
    edition = site.edition
    config["site_name"] = Markup(escape(f"{edition.short_name}: just and learning culture"))
    config["copyright"] = Markup(escape(f"{edition.adapted_from}."))
    if edition.logo is not None:
        config.theme["logo"] = edition.logo_filename()
    if edition.accent_colour:
        config["extra_css"] = [*config["extra_css"], TRUST_CSS]
    nav = config.get("nav")
    if isinstance(nav, list) and not any(_names(entry, REPORT_PAGE) for entry in nav):
        nav.append({NAV_TITLE: REPORT_PAGE})


def _names(entry: Any, page: str) -> bool:
    return isinstance(entry, Mapping) and page in entry.values()


def edition_files(site: SiteEdition, renderer: Renderer) -> dict[str, str | bytes]:
    """The edition's own files by site path: the report page, logo, CSS and Word documents."""
    from .docx import CHARTER_FILE, CHECKLIST_FILE, charter_docx, checklist_docx
    from .site.links import relative_url

    edition = site.edition
    hrefs = {
        "report_pdf": relative_url(f"{PRINTABLES}/{REPORT_PDF}", REPORT_PAGE),
        "charter_docx": relative_url(f"{DOWNLOADS}/{CHARTER_FILE}", REPORT_PAGE),
        "checklist_docx": relative_url(f"{DOWNLOADS}/{CHECKLIST_FILE}", REPORT_PAGE),
    }
    context = report_context(site.base, site.report)
    files: dict[str, str | bytes] = {
        REPORT_PAGE: renderer.render("tailor/report-page.md.j2", hrefs=hrefs, **context),
        f"{DOWNLOADS}/{CHARTER_FILE}": charter_docx(site.spec, edition),
        f"{DOWNLOADS}/{CHECKLIST_FILE}": checklist_docx(site.spec, edition),
    }
    if edition.logo is not None:
        files[edition.logo_filename()] = edition.logo.data
    if edition.accent_colour:
        files[TRUST_CSS] = renderer.render("tailor/trust.css.j2", colour=edition.accent_colour)
    return files


def write_edition_pdfs(site: SiteEdition, site_dir: Path, renderer: Renderer) -> list[Path]:
    """The tailoring report as a PDF, beside the printables."""
    from .pdf import pdf_bytes  # WeasyPrint is slow to import

    data = pdf_bytes(report_html(site.base, site.report, renderer))
    return write_all(site_dir / PRINTABLES, [(REPORT_PDF, data)])


def site_edition(base: Spec, profile: Path, *, strict: bool = False) -> SiteEdition:
    """Read ``profile`` and tailor ``base`` with it (ProfileErrors if it cannot be)."""
    from ..tailor import read_profile, tailor

    spec, report = tailor(base, read_profile(profile), strict=strict)
    return SiteEdition(base, spec, report)
