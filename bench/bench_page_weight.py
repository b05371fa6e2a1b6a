"""What a browser downloads to open each interactive tool, for the current tree.

Builds the site once (``justculture build`` into a temporary folder), serves it on 127.0.0.1
and opens each tool page in Debian's Chromium (Playwright, /usr/bin/chromium), with an empty
cache, until the tool has drawn its first question. Every response's body is counted: the
total, then by kind (page, scripts, styles, fonts and images, the spec data) and the data files
by name. Compare the numbers printed on two trees (before and after a change); nothing here
asserts (the figures depend on the spec and the theme, not on the machine).

Measured for issue 13 on the guide walk-through (same machine, empty cache):
  before (every page loaded all three tool scripts; the tool fetched the whole export):
    1,454.1 KB in all, 807.3 KB without the search index; the export 377.9 KB; tool scripts
    81.7 KB (engine, tools, scenario); the home page 1,082.6 KB.
  after (scripts only where a page names them; the tool fetches its own slice):
    1,120.0 KB in all, 466.1 KB without the search index; the slice 42.0 KB; tool scripts
    73.6 KB (engine, tools); the home page 1,010.6 KB.
  and with the search index trimmed as well (spec 1.1.0): 818.0 KB in all, 474.0 KB without
    the search index (344.0 KB); the slice 45.8 KB; the home page 703.2 KB.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import tempfile
import threading
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from justculture.build import build_site

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
PAGES = {
    "Walk through the guide": "tools/guide-walkthrough/",
    "Fill in the checklist": "tools/checklist-form/",
    "Home (no tool)": "",
}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def served(folder: Path) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def kind_of(url: str) -> str:
    path = url.split("?")[0]
    if path.endswith(".json"):
        return "data"
    if path.endswith(".js"):
        return "scripts"
    if path.endswith(".css"):
        return "styles"
    if path.endswith((".woff", ".woff2", ".ttf", ".svg", ".png", ".ico")):
        return "fonts and images"
    return "page"


def weigh(browser: Any, url: str) -> dict[str, int]:
    """Bytes of every response body the page received, by kind and by data file."""
    sizes: dict[str, int] = defaultdict(int)
    context = browser.new_context()
    page = context.new_page()

    def count(response: Any) -> None:
        try:
            body = response.body()
        except Exception:  # a redirect or an aborted request has no body to count
            return
        sizes[kind_of(response.url)] += len(body)
        if kind_of(response.url) == "data" or "/assets/js/" in response.url:
            sizes["  " + urlparse(response.url).path] += len(body)

    page.on("response", count)
    page.goto(url, wait_until="networkidle")
    if page.locator("[data-jc-tool]").count():
        page.wait_for_selector("[data-jc-tool][data-jc-ready='ready']", timeout=20_000)
    context.close()
    return dict(sizes)


def main() -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="bench-weight-") as tmp:
        os.environ.setdefault("JUSTCULTURE_CACHE_DIR", str(Path(tmp) / "cache"))
        site = Path(tmp) / "site"
        build_site(site)
        with served(site) as root, sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--headless", "--no-sandbox"], headless=True
            )
            for title, path in PAGES.items():
                sizes = weigh(browser, root + path)
                parts = {k: v for k, v in sizes.items() if not k.startswith("  ")}
                total = sum(parts.values())
                search = sum(v for k, v in sizes.items() if k.endswith("search_index.json"))
                print(f"{title}: {total / 1024:,.1f} KB transferred", end="")
                print(f" ({(total - search) / 1024:,.1f} KB without the search index)")
                for kind in sorted(sizes):
                    print(f"  {kind:<52} {sizes[kind] / 1024:>9,.1f} KB")
            browser.close()


if __name__ == "__main__":
    main()
