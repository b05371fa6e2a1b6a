"""Fixtures shared by every test: the shipped spec, the paper's text, paths."""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from paper_text import Paper

REPO = Path(__file__).resolve().parent.parent
SPEC_DIR = REPO / "spec"
PAPER_CANDIDATES = (
    os.environ.get("JUSTCULTURE_PAPER", ""),
    str(REPO.parent / "shared" / "sources" / "being-fair-2019.txt"),
)


@pytest.fixture(scope="session", autouse=True)
def printables_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Caches (printable PDFs, compiled templates) for this test session only, never the user's
    own; yields the printables' folder."""
    folder = tmp_path_factory.mktemp("justculture-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("JUSTCULTURE_CACHE_DIR", str(folder))
        yield folder / "printables"


@pytest.fixture(scope="session")
def paper() -> Paper:
    for candidate in PAPER_CANDIDATES:
        if candidate and Path(candidate).is_file():
            return Paper(Path(candidate).read_text(encoding="utf-8"))
    pytest.fail(
        "The paper's text was not found. Put shared/ beside the clone or set JUSTCULTURE_PAPER "
        "to the path of being-fair-2019.txt."
    )


@pytest.fixture(scope="session")
def spec() -> Any:
    from justculture import load_spec

    return load_spec(SPEC_DIR)


@pytest.fixture(scope="session")
def documents(spec: Any) -> Mapping[str, dict[str, Any]]:
    """Every shipped document as plain data, keyed by document id."""
    return spec.documents


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site, built once per test session by ``justculture build`` into a temporary folder."""
    from justculture.build import build_site

    out = tmp_path_factory.mktemp("site") / "site"
    build_site(out)
    return out


@pytest.fixture(scope="session")
def northshire_edition(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The altering example profile's edition, built once per test session with
    ``justculture build --profile`` (tests/acceptance/test_editions.py, tests/browser)."""
    from justculture.cli import main

    out = tmp_path_factory.mktemp("editions") / "northshire"
    profile = REPO / "examples" / "profiles" / "northshire" / "northshire.yaml"
    assert main(["build", "--profile", str(profile), "--out", str(out)]) == 0
    return out
