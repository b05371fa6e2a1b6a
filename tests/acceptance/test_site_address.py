"""``justculture build --site-url URL``: the address in canonical links, the sitemap and $ids."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from cli_runs import run_justculture

ADDRESS = "https://example.org/jc/"
BUILD_TIMEOUT = 900


@pytest.fixture(scope="module")
def addressed_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("addressed") / "site"
    # The flag wins over the environment: a different address there must not be used.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("JUSTCULTURE_SITE_URL", "https://elsewhere.example/")
        done = run_justculture("build", "--out", out, "--site-url", ADDRESS, timeout=BUILD_TIMEOUT)
    assert done.returncode == 0, done.stderr
    return out


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
