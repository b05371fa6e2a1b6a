"""Fixtures shared by every test: the shipped spec, the paper's text, paths."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent
SPEC_DIR = REPO / "spec"
PAPER_CANDIDATES = (
    os.environ.get("JUSTCULTURE_PAPER", ""),
    str(REPO.parent / "shared" / "sources" / "being-fair-2019.txt"),
)

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-"})


def normalise(text: str) -> str:
    """Fold the PDF's line breaks, curly quotes and spacing so quoted text can be compared."""
    text = text.translate(_QUOTES)
    text = re.sub(r"\s+", " ", text)
    return text.strip()


class Paper:
    """The paper's text, normalised, with a containment test for quoted passages."""

    def __init__(self, raw: str) -> None:
        self.text = normalise(raw)

    def contains(self, quoted: str) -> bool:
        return normalise(quoted) in self.text


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
