"""Text from the spec is only ever text: hostile strings in every free-text field of every
document, built once, every page loaded in Chromium.

The strings (tests/fixtures/hostile/site-strings.yaml) try script tags, a broken <title>, event
handler attributes, remote images and frames, javascript: links, Markdown links and images,
admonitions, snippet lines, abbreviation and link definitions and Jinja syntax. The test asserts
that none of them runs (each calls window.jcPwned, which counts), that no element on any page comes
from them, that nothing is requested from a host but the site's own, and that each reads back as
the text it is.
"""

from __future__ import annotations

import functools
import http.server
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from hostile_spec import MARKER, PAYLOADS, HostileSpec, hostile_spec

pytestmark = pytest.mark.browser

SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
LOCAL_HOST = "127.0.0.1"

# Everything on a page that the payloads could have made, as readable descriptions.
FIND_INJECTED = """
() => {
  const found = [];
  const here = location.origin;
  const foreign = (url) => { try { return new URL(url, location.href).origin !== here; }
                             catch (e) { return true; } };
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.getAttributeNames()) {
      if (attr.toLowerCase().startsWith('on')) found.push(`${el.tagName} with ${attr}`);
    }
  }
  for (const el of document.querySelectorAll('script')) {
    const type = el.getAttribute('type') || '';
    if (!el.src && type !== 'application/json') found.push('an inline script');
    if (el.src && foreign(el.src)) found.push(`a script from ${el.src}`);
  }
  for (const el of document.querySelectorAll('img, iframe, frame, object, embed, audio, video, source')) {
    const src = el.getAttribute('src') || el.getAttribute('data') || '';
    if (src === 'x' || foreign(src) || el.tagName !== 'IMG') found.push(`${el.tagName} ${src}`);
  }
  for (const el of document.querySelectorAll('a[href]')) {
    const href = el.getAttribute('href');
    if (/^\\s*javascript:/i.test(href) || href.includes('evil.example')) found.push(`a link to ${href}`);
  }
  for (const el of document.querySelectorAll('style, base, meta[http-equiv="refresh"]')) {
    found.push(el.tagName);
  }
  // The site's own admonitions, code and abbreviations may show spec text; these are the ones
  // a payload would make.
  const made = '.admonition.danger, pre, abbr[title="Hostile abbreviation"], [markdown]';
  // Except the site's own alerts (facilitator copies): titled "Stop" from the schema's
  // codelist, which no spec text can change, and holding only paragraphs of escaped text.
  const ownAlert = (el) => el.classList.contains('jc-alert')
    && [...el.children].every((child) => child.tagName === 'P')
    && (el.querySelector('.admonition-title') || {}).textContent === 'Stop';
  for (const el of document.querySelectorAll(made)) {
    if (ownAlert(el)) continue;
    if (el.textContent.includes('Hostile') || (el.title || '').includes('Hostile')) {
      found.push(`${el.tagName}.${el.className} made from hostile text`);
    }
  }
  for (const el of document.querySelectorAll('.admonition-title')) {
    if (el.textContent.includes('Hostile admonition')) found.push('an admonition from hostile text');
  }
  const text = document.body.innerText;
  if (text.includes('6666666')) found.push('Jinja syntax was evaluated');
  if (text.includes('root:x:0:0')) found.push('a snippet line included a file');
  return found;
}
"""


@dataclass
class Visit:
    """What loading every page of the hostile site showed."""

    pages: list[str] = field(default_factory=list)
    fired: list[str] = field(default_factory=list)
    injected: dict[str, list[str]] = field(default_factory=dict)
    foreign_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    text: dict[str, str] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> HostileSpec:
    # A scenario's title is its pages' <title> (the plugin names them in the nav from the spec).
    pinned = {"scenarios/fall-at-home.yaml:/title": "title-break"}
    return hostile_spec(tmp_path_factory.mktemp("hostile") / "spec", pinned=pinned)


@pytest.fixture(scope="module")
def hostile_site(hostile: HostileSpec, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from justculture.build import build_site

    out = tmp_path_factory.mktemp("hostile-site") / "site"
    build_site(out, hostile.folder)
    return out


@pytest.fixture(scope="module")
def hostile_url(hostile_site: Path) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(hostile_site))
    server = http.server.ThreadingHTTPServer((LOCAL_HOST, 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://{LOCAL_HOST}:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def visit(browser: Any, hostile_site: Path, hostile_url: str) -> Iterator[Visit]:
    """Every page of the hostile site, and a search for the payloads, in one browser context."""
    seen = Visit()
    context = browser.new_context()
    context.expose_binding("jcPwned", lambda source, *args: seen.fired.append(repr(args)))
    context.route("**/*", functools.partial(_only_local, seen))
    page = context.new_page()
    page.on("console", lambda message: _console(seen, message))
    page.on("pageerror", lambda error: seen.console_errors.append(str(error)))
    for path in _site_paths(hostile_site):
        page.goto(f"{hostile_url}{path}", wait_until="load")
        page.wait_for_load_state("networkidle")
        _record(seen, page, path)
    _search(page, seen)
    yield seen
    context.close()


def test_the_hostile_strings_reach_every_kind_of_document(hostile: HostileSpec) -> None:
    kinds = {
        place.split(":")[0].split("/")[0] for places in hostile.placed.values() for place in places
    }
    assert {"charter.yaml", "glossary.yaml", "references.yaml", "scenarios", "guides"} <= kinds
    assert set(hostile.placed) == {payload.name for payload in PAYLOADS}
    assert hostile.fields() > 1000


def test_every_page_was_loaded(visit: Visit) -> None:
    assert len(visit.pages) > 50
    assert "/training/" in visit.pages


def test_no_script_from_the_spec_runs(visit: Visit) -> None:
    assert visit.fired == []


def test_no_element_comes_from_the_spec(visit: Visit) -> None:
    assert visit.injected == {}


def test_no_request_leaves_the_machine(visit: Visit) -> None:
    assert visit.foreign_requests == []


def test_nothing_is_blocked_or_broken(visit: Visit) -> None:
    # The Content-Security-Policy would report any inline script or style it blocked.
    assert visit.console_errors == []


def test_each_hostile_string_reads_as_text(visit: Visit) -> None:
    site_text = "\n".join(visit.text.values())
    missing = [p.name for p in PAYLOADS if p.as_text and _words(p.text) not in site_text]
    assert missing == []


def test_page_titles_are_text(visit: Visit) -> None:
    hostile_titles = [title for title in visit.titles.values() if MARKER in title]
    assert hostile_titles, "no page title holds a hostile string"
    assert any("</title><script>" in title for title in hostile_titles)


# Helpers -------------------------------------------------------------------------------------


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def _site_paths(site: Path) -> list[str]:
    tree = ET.parse(site / "sitemap.xml")
    paths = [urlsplit(loc.text or "").path or "/" for loc in tree.iterfind(".//sm:loc", SITEMAP_NS)]
    return [path if path.startswith("/") else f"/{path}" for path in paths]


def _only_local(seen: Visit, route: Any) -> None:
    if urlsplit(route.request.url).hostname == LOCAL_HOST:
        route.continue_()
    else:
        seen.foreign_requests.append(route.request.url)
        route.abort()


def _console(seen: Visit, message: Any) -> None:
    if message.type == "error":
        seen.console_errors.append(message.text)


def _record(seen: Visit, page: Any, path: str) -> None:
    seen.pages.append(path)
    injected = page.evaluate(FIND_INJECTED)
    if injected:
        seen.injected[path] = injected
    seen.text[path] = _words(page.inner_text("body"))
    seen.titles[path] = page.title()


def _search(page: Any, seen: Visit) -> None:
    """Search results show titles and text from the index: they must stay text too."""
    page.locator(".md-search__input").first.click()
    page.locator("input.md-search__input").press_sequentially(MARKER, delay=20)
    page.locator(".md-search-result__item").first.wait_for(state="visible", timeout=10_000)
    _record(seen, page, "search results")


def _words(text: str) -> str:
    return " ".join(text.split())
