"""``justculture build --site-url URL``: the address in canonical links, the sitemap and $ids."""

from __future__ import annotations

import json
import os
import queue
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from subprocess import CompletedProcess
from typing import IO

import pytest

from cli_runs import REPO, run_justculture

ADDRESS = "https://example.org/jc/"
BUILD_TIMEOUT = 900
VARIABLE = "JUSTCULTURE_SITE_URL"


@pytest.fixture(scope="module")
def addressed_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, CompletedProcess[str]]:
    out = tmp_path_factory.mktemp("addressed") / "site"
    # The flag wins over the environment: a different address there must not be used.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(VARIABLE, "https://elsewhere.example/")
        done = run_justculture("build", "--out", out, "--site-url", ADDRESS, timeout=BUILD_TIMEOUT)
    assert done.returncode == 0, done.stderr
    return out, done


@pytest.fixture(scope="module")
def addressed_site(addressed_build: tuple[Path, CompletedProcess[str]]) -> Path:
    return addressed_build[0]


def build_without_flag(out: Path, address: str | None) -> CompletedProcess[str]:
    """``justculture build --out OUT``, with the variable set to ``address`` or not set at all."""
    with pytest.MonkeyPatch.context() as patch:
        if address is None:
            patch.delenv(VARIABLE, raising=False)
        else:
            patch.setenv(VARIABLE, address)
        return run_justculture("build", "--out", out, timeout=BUILD_TIMEOUT)


def test_canonical_links_use_the_address(addressed_site: Path) -> None:
    html = (addressed_site / "evidence" / "index.html").read_text("utf-8")
    assert f'<link rel="canonical" href="{ADDRESS}evidence/">' in html
    home = (addressed_site / "index.html").read_text("utf-8")
    assert f'<link rel="canonical" href="{ADDRESS}">' in home
    assert "elsewhere.example" not in html + home
    assert "127.0.0.1" not in html + home


def test_the_sitemap_lists_pages_at_the_address(addressed_site: Path) -> None:
    sitemap = (addressed_site / "sitemap.xml").read_text("utf-8")
    locations = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert f"{ADDRESS}tools/just-culture-guide/" in locations
    assert all(location.startswith(ADDRESS) for location in locations), locations[:5]


def test_the_schemas_ids_are_under_the_address(addressed_site: Path) -> None:
    schemas = sorted((addressed_site / "schema").glob("*.schema.json"))
    assert schemas
    for path in schemas:
        schema_id = json.loads(path.read_text("utf-8"))["$id"]
        assert schema_id.startswith(f"{ADDRESS}schema/"), (path.name, schema_id)


@pytest.mark.parametrize(
    "bad", ["javascript:alert(1)", 'https://example.org/"><script>', "ftp://example.org/", ""]
)
def test_a_bad_address_is_refused_and_the_earlier_site_kept(addressed_site: Path, bad: str) -> None:
    before = {p: p.stat().st_mtime_ns for p in addressed_site.rglob("*") if p.is_file()}
    done = run_justculture("build", "--out", addressed_site, "--site-url", bad)
    assert done.returncode != 0
    assert "JC507" in done.stderr and "--site-url" in done.stderr, done.stderr
    after = {p: p.stat().st_mtime_ns for p in addressed_site.rglob("*") if p.is_file()}
    assert after == before  # not a file touched, added or removed
    assert not list(addressed_site.parent.glob(f".{addressed_site.name}.*"))  # nothing staged


def test_the_flag_is_in_the_help() -> None:
    done = run_justculture("build", "--help")
    assert "--site-url URL" in done.stdout


# No address given: the site is built for the local preview, and the build says so ---------------


def test_a_build_given_no_address_warns_that_it_points_at_the_preview(tmp_path: Path) -> None:
    out = tmp_path / "site"
    done = build_without_flag(out, None)
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"The site is in {out}/\n"
    [warning] = [line for line in done.stderr.splitlines() if line.startswith("warning[")]
    assert warning.startswith("warning[JC802]: no site address was given"), warning
    assert "canonical links" in warning and "sitemap" in warning
    assert "--site-url" in warning and warning.endswith(".")
    # What it says is true: the address it names is where the built site points.
    [preview] = re.findall(r"the local preview, (http://\S+/)\.", warning)
    home = (out / "index.html").read_text("utf-8")
    assert f'<link rel="canonical" href="{preview}">' in home
    sitemap = (out / "sitemap.xml").read_text("utf-8")
    assert all(loc.startswith(preview) for loc in re.findall(r"<loc>([^<]+)</loc>", sitemap))


def test_no_warning_when_the_flag_gives_the_address(
    addressed_build: tuple[Path, CompletedProcess[str]],
) -> None:
    done = addressed_build[1]
    assert "warning" not in done.stderr and "JC802" not in done.stderr, done.stderr


def test_no_warning_when_the_variable_gives_the_address(tmp_path: Path) -> None:
    done = build_without_flag(tmp_path / "site", ADDRESS)
    assert done.returncode == 0, done.stderr
    assert "warning" not in done.stderr and "JC802" not in done.stderr, done.stderr
    home = (tmp_path / "site" / "index.html").read_text("utf-8")
    assert f'<link rel="canonical" href="{ADDRESS}">' in home


def test_mkdocs_serve_gives_no_such_warning() -> None:
    """``make serve`` runs ``mkdocs serve --strict``: the preview is what it is for."""
    port = _free_port()
    environment = {**os.environ, "PYTHONPATH": str(REPO / "generator")}
    environment.pop(VARIABLE, None)
    command = [sys.executable, "-m", "mkdocs", "serve", "--strict", "--no-livereload"]
    server = subprocess.Popen(
        [*command, "--dev-addr", f"127.0.0.1:{port}"],
        cwd=REPO,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        said = _until_serving(server)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30) as response:
            assert response.status == 200
    finally:
        server.terminate()
        server.wait(timeout=60)
    assert "JC802" not in said and "warning[" not in said, said


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _until_serving(server: subprocess.Popen[str]) -> str:
    """Everything the server printed until it said it is serving; fails if it stopped first or
    took longer than a build may (read in a thread, so a silent server cannot hang the test)."""
    assert server.stdout is not None
    lines: queue.Queue[str | None] = queue.Queue()

    def read(stream: IO[str]) -> None:
        for line in stream:
            lines.put(line)
        lines.put(None)

    threading.Thread(target=read, args=(server.stdout,), daemon=True).start()
    said: list[str] = []
    deadline = time.monotonic() + BUILD_TIMEOUT
    while (line := lines.get(timeout=max(deadline - time.monotonic(), 0.1))) is not None:
        said.append(line)
        if "Serving on" in line:
            return "".join(said)
    pytest.fail("mkdocs serve stopped:\n" + "".join(said))
