"""How much `justculture build` costs over a bare `mkdocs build` of the same pages, in one run.

The bare build gets the generated pages, downloads and abbreviations already written to disk and
runs mkdocs with only the search plugin, so the difference is what the justculture plugin adds:
validating the spec, generating pages and writing the printable PDFs. Prints times and their
ratio; never asserts (the machines are shared and noisy). Each build runs twice; the faster counts.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config

from justculture import load_spec
from justculture.build import MKDOCS_CONFIG, build_site
from justculture.render.pages import abbreviations, downloads, generate_pages
from justculture.render.renderer import Renderer
from justculture.schemas import load_schemas

REPO = MKDOCS_CONFIG.parent
RUNS = 2


def bare_project(folder: Path) -> Path:
    """A plain mkdocs project holding the same pages as the real build, already generated."""
    docs = folder / "docs"
    shutil.copytree(REPO / "docs", docs)
    spec = load_spec()
    schemas = load_schemas(REPO / "spec" / "schema")
    available = {path.relative_to(docs).as_posix() for path in docs.rglob("*") if path.is_file()}
    files = {
        **generate_pages(spec, schemas, Renderer(), available=available),
        **downloads(spec, schemas),
    }
    for src_uri, content in files.items():
        target = docs / src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")
    (folder / "abbreviations.md").write_text(abbreviations(spec, Renderer()), encoding="utf-8")
    settings: dict[str, Any] = yaml.safe_load(MKDOCS_CONFIG.read_text(encoding="utf-8"))
    settings["docs_dir"] = str(docs)
    settings["plugins"] = ["search"]
    settings.pop("watch", None)
    for extension in settings["markdown_extensions"]:
        if isinstance(extension, dict) and "pymdownx.snippets" in extension:
            extension["pymdownx.snippets"]["base_path"] = [str(folder)]
    config = folder / "mkdocs.yml"
    config.write_text(yaml.safe_dump(settings), encoding="utf-8")
    return config


def fastest(action: Callable[[], None]) -> float:
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    logging.getLogger("mkdocs").setLevel(logging.ERROR)  # keep the output to the numbers
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        config_file = bare_project(folder / "bare")

        def bare() -> None:
            config = load_config(str(config_file), site_dir=str(folder / "bare-site"), strict=True)
            build(config)

        def justculture() -> None:
            build_site(folder / "site")

        bare_time = fastest(bare)
        full_time = fastest(justculture)
    print(f"bare mkdocs build of the generated pages: {bare_time:,.2f} s")
    print(f"justculture build (validate, generate, mkdocs, PDFs, swap): {full_time:,.2f} s")
    print(f"ratio justculture build / bare mkdocs build: {full_time / bare_time:,.2f}")


if __name__ == "__main__":
    main()
