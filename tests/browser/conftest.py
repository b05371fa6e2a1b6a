"""Real-browser fixtures: Debian's Chromium driven by Playwright, a local server, axe-core.

Never ``playwright install``: it downloads a browser and fails here. We drive /usr/bin/chromium.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browsing import WatchedPage

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

pytestmark = pytest.mark.browser


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """The built site served on 127.0.0.1 on a free port."""
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.fail(
            "Chromium is not installed: run scripts/bootstrap as root, or apt-get install chromium"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield launched
        launched.close()


@pytest.fixture
def watched(browser: Any) -> Iterator[WatchedPage]:
    context = browser.new_context()
    page = context.new_page()
    watched_page = WatchedPage(page)
    page.on("request", lambda request: watched_page.requests.append(request.url))
    page.on(
        "console",
        lambda message: (
            message.type == "error" and watched_page.console_errors.append(message.text)
        ),
    )
    page.on("pageerror", lambda error: watched_page.console_errors.append(str(error)))
    yield watched_page
    context.close()
