"""What is current, and print and download, in the real built site: the "Which tool should I
use?" page links the paper and the documents that replaced parts of it; the home page and the
superseded banners point there; the "Print and download" page lists every file the build writes,
each link resolves, and each printable's stated paper size is the size of its PDF."""

from __future__ import annotations

import json
import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from pypdf import PdfReader

from justculture.render.pdf import PRINTABLES
from justculture.render.session_packs import site_pack_files
from justculture.render.site.current import reference_url

pytestmark = pytest.mark.site

WHICH_TOOL = "which-tool/index.html"
DOWNLOADS = "print-and-download/index.html"
# The three later documents the "Which tool" page must link to, by their id in the references.
LATER = ("nhse-2025-being-fair-tool", "nhsr-2023-charter", "nhse-2022-psirf")
# Paper sizes in PostScript points (width, height), as the page names them.
PAPER = {
    "A4": (595.3, 841.9),
    "A3, landscape": (1190.6, 841.9),
    "A6, one card": (297.6, 419.5),
    "A4, four A6 cards": (595.3, 841.9),
}


class _Links(HTMLParser):
    """The links in a page's main content, with their text, in document order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.links: list[tuple[str, str]] = []
        self._href: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "article":
            self.depth += 1
        if tag == "a" and self.depth and "headerlink" not in (values.get("class") or ""):
            self._href, self._text = values.get("href") or "", []

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self.depth -= 1
        if tag == "a" and self._href is not None:
            self.links.append((self._href, " ".join("".join(self._text).split())))
            self._href = None

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            self._text.append(data)


def _links(built_site: Path, page: str) -> list[tuple[str, str]]:
    parser = _Links()
    parser.feed((built_site / page).read_text(encoding="utf-8"))
    return parser.links


def _site_file(built_site: Path, page: str, href: str) -> Path:
    """The file an internal link from ``page`` opens (a folder's index.html for a folder)."""
    path = urlsplit(urljoin("/" + page, urldefrag(href)[0])).path.lstrip("/")
    target = built_site / path
    return target / "index.html" if path.endswith("/") or not path else target


def _export(built_site: Path) -> dict[str, Any]:
    latest = json.loads((built_site / "spec" / "latest.json").read_text(encoding="utf-8"))
    export = built_site / "spec" / latest["export"]
    return dict(json.loads(export.read_text(encoding="utf-8")))


def _references(built_site: Path) -> dict[str, dict[str, Any]]:
    documents = _export(built_site)["documents"]
    return {entry["id"]: entry for entry in documents["references"]["entries"]}


# Which tool should I use? ------------------------------------------------------------------------


def test_the_later_documents_have_plain_https_addresses_in_the_references(spec: Any) -> None:
    entries = spec.documents["references"]["entries"]
    addresses = {str(entry["id"]): str(entry["url"]) for entry in entries if "url" in entry}
    for key in LATER:
        assert addresses.get(key, "").startswith("https://"), f"{key} has no https address"
    for entry in spec.documents["references"]["entries"]:
        if "url" in entry:
            assert reference_url(entry) == entry["url"]


@pytest.mark.parametrize(
    "bad", ["javascript:alert(1)", "http://example.org/", 'https://x.org/"><b>']
)
def test_a_bad_address_is_refused_by_the_page_helper(bad: str) -> None:
    with pytest.raises(ValueError):
        reference_url({"id": "x", "url": bad})


@pytest.mark.parametrize(
    "bad", ["javascript:alert(1)", "http://example.org/", 'https://x.org/"><b>']
)
def test_a_bad_address_is_refused_by_the_schema(spec: Any, bad: str) -> None:
    from jsonschema import Draft202012Validator

    schema = spec.schemas.schemas["references"]
    assert not Draft202012Validator(dict(schema["$defs"]["entry"]["properties"]["url"])).is_valid(
        bad
    )


def test_which_tool_links_the_paper_and_the_three_later_documents(built_site: Path) -> None:
    links = _links(built_site, WHICH_TOOL)
    hrefs = {href for href, _ in links}
    references = _references(built_site)
    for key in LATER:
        url = references[key]["url"]
        assert url in hrefs, key
        label = f"{references[key]['title']} ({references[key]['year']})"
        assert (url, label) in links, f"no link named {label!r}"
    paper = [href for href, _ in links if href.endswith("#ref-being-fair-2019")]
    assert paper, "no link to Being fair (2019)"
    assert _site_file(built_site, WHICH_TOOL, paper[0]).is_file()


def test_which_tool_says_what_replaced_what_in_plain_words(built_site: Path) -> None:
    text = _visible_text(built_site / WHICH_TOOL)
    assert (
        "In England, NHS England's being fair tool replaced the just culture guide (2018) in May 2025"
        in text
    )
    assert "learning response" in text
    assert "April 2023" in text and "10 headings" in text
    # Its content is not in our sources: the page links to it and does not describe it.
    assert "We do not describe the being fair tool" in text
    for raw in ("nhse-2025", "superseded_by", "{{", "{%"):
        assert raw not in text


def test_the_home_page_sends_managers_to_which_tool_before_the_guide(built_site: Path) -> None:
    hrefs = [href for href, _ in _links(built_site, "index.html")]
    which = [i for i, href in enumerate(hrefs) if href.rstrip("/").endswith("which-tool")]
    guide = [i for i, href in enumerate(hrefs) if "tools/just-culture-guide" in href]
    assert which and guide
    assert which[0] < guide[0], "the home page links the guide before 'Which tool should I use?'"
    assert any(href.rstrip("/").endswith("print-and-download") for href in hrefs)
    text = _visible_text(built_site / "index.html")
    assert "go through the pre-disciplinary checklist and the just culture guide" not in text


def test_every_superseded_banner_links_what_replaced_it_and_which_tool(built_site: Path) -> None:
    documents = _export(built_site)["documents"]
    pages = {
        "charter": "charter/index.html",
        "just-culture-guide": "tools/just-culture-guide/index.html",
    }
    superseded = [doc for doc in documents.values() if doc["status"]["state"] == "superseded"]
    assert {doc["id"] for doc in superseded} >= set(pages)
    for doc in superseded:
        if doc["id"] not in pages:
            continue
        html = (built_site / pages[doc["id"]]).read_text(encoding="utf-8")
        banner = re.search(r'<div class="admonition warning">.*?</div>', html, re.DOTALL)
        assert banner, f"{doc['id']}: no banner"
        key = doc["status"]["superseded_by_ref"]
        assert f'href="{_references(built_site)[key]["url"]}"' in banner.group(0), doc["id"]
        assert re.search(r'href="[./]*which-tool/"', banner.group(0)), doc["id"]


def test_about_lists_the_replacements_with_links(built_site: Path) -> None:
    hrefs = {href for href, _ in _links(built_site, "about/index.html")}
    assert {
        _references(built_site)["nhse-2025-being-fair-tool"]["url"],
        _references(built_site)["nhsr-2023-charter"]["url"],
    } <= hrefs
    assert any(href.rstrip("/").endswith("which-tool") for href in hrefs)


# Print and download ------------------------------------------------------------------------------


def test_every_link_on_print_and_download_opens_a_file_of_the_site(built_site: Path) -> None:
    links = _links(built_site, DOWNLOADS)
    missing = [
        href
        for href, _ in links
        if not urlsplit(href).scheme
        and not href.startswith("#")
        and not _site_file(built_site, DOWNLOADS, href).is_file()
    ]
    assert links and not missing, missing


def test_print_and_download_lists_every_printable_pack_and_data_file(built_site: Path) -> None:
    opened = {
        _site_file(built_site, DOWNLOADS, href).relative_to(built_site).as_posix()
        for href, _ in _links(built_site, DOWNLOADS)
        if not urlsplit(href).scheme
    }
    version = _export(built_site)["spec_version"]
    expected = {f"printables/{item.filename}" for item in PRINTABLES}
    from justculture import load_spec

    for pack in site_pack_files(load_spec()):
        expected |= {pack.pack, pack.handout}
    expected |= {
        f"spec/{version}/justculture.json",
        f"spec/{version}/justculture-csv.zip",
        f"spec/{version}/justculture.xlsx",
        f"schema/{version}/common.schema.json",
    }
    assert expected <= opened, sorted(expected - opened)


def test_print_and_download_links_every_chart_csv_the_site_ships(built_site: Path) -> None:
    from justculture import load_spec
    from justculture.render.site.charts import chart_files

    opened = {
        _site_file(built_site, DOWNLOADS, href).relative_to(built_site).as_posix()
        for href, _ in _links(built_site, DOWNLOADS)
        if not urlsplit(href).scheme
    }
    shipped = set(chart_files(load_spec()))
    assert shipped and shipped <= opened, sorted(shipped - opened)


def test_each_printable_says_what_it_is_who_it_is_for_and_its_true_paper_size(
    built_site: Path,
) -> None:
    html = (built_site / DOWNLOADS).read_text(encoding="utf-8")
    sections = re.split(r"<h3\b", html)
    for item in PRINTABLES:
        section = next((s for s in sections if f"printables/{item.filename}" in s), "")
        assert "Who it is for:" in section, f"{item.filename} has no description on the page"
        paper = re.search(r"Paper size:</strong>\s*([^<]+)</li>", section)
        assert paper, f"{item.filename}: no paper size"
        width, height = PAPER[paper.group(1).strip()]
        page = PdfReader(built_site / "printables" / item.filename).pages[0]
        assert float(page.mediabox.width) == pytest.approx(width, abs=2), item.filename
        assert float(page.mediabox.height) == pytest.approx(height, abs=2), item.filename


def test_a_trust_edition_lists_its_report_and_word_documents(northshire_edition: Path) -> None:
    links = _links(northshire_edition, DOWNLOADS)
    opened = {
        _site_file(northshire_edition, DOWNLOADS, href).relative_to(northshire_edition).as_posix()
        for href, _ in links
        if not urlsplit(href).scheme and not href.startswith("#")
    }
    assert {
        "printables/tailoring-report.pdf",
        "downloads/charter.docx",
        "downloads/pre-disciplinary-checklist.docx",
    } <= opened
    missing = [path for path in opened if not (northshire_edition / path).is_file()]
    assert not missing, missing


def test_print_and_download_is_in_the_navigation(built_site: Path) -> None:
    html = (built_site / "index.html").read_text(encoding="utf-8")
    nav = html[html.find('<nav class="md-nav md-nav--primary"') :]
    assert "Print and download" in nav and "Which tool should I use?" in nav


def _visible_text(path: Path) -> str:
    html = path.read_text(encoding="utf-8")
    article = html[html.find("<article") : html.find("</article>")]
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", article)).split())
