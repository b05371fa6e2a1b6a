"""How much `justculture build` costs over a bare `mkdocs build` of the same pages, in one run.

The bare build gets the generated pages, downloads, abbreviations and the scenarios' nav entries
already written to disk and runs mkdocs with only the search plugin, so the difference is what the
justculture plugin adds: validating the spec, generating pages and writing the printable PDFs.
`justculture build` runs cold (an empty cache of printables, so all four PDFs are rendered) and
warm (the cache from the run before, so none is). Prints times, ratios and where a build's time
goes; never asserts (the machines are shared and noisy). Each build runs three times, in turn;
the fastest counts.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config

import justculture.build as build_module
import justculture.mkdocs_plugin as plugin_module
import justculture.render.pdf as pdf_module
from justculture import load_spec
from justculture.build import MKDOCS_CONFIG, build_site
from justculture.model import Spec
from justculture.render.renderer import Renderer
from justculture.render.site import (
    SECTION_TITLE,
    abbreviations,
    downloads,
    generate_pages,
    training_nav,
)
from justculture.schemas import load_schemas

REPO = MKDOCS_CONFIG.parent
RUNS = 3
SPEC = "spec"
SCHEMAS = "schemas"
PAGES = "page generation"
MKDOCS = "mkdocs"
PRINTABLES = "printables"
Run = tuple[float, dict[str, float]]


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
    add_training_nav(settings["nav"], spec)
    settings.pop("watch", None)
    for extension in settings["markdown_extensions"]:
        if isinstance(extension, dict) and "pymdownx.snippets" in extension:
            extension["pymdownx.snippets"]["base_path"] = [str(folder)]
    config = folder / "mkdocs.yml"
    config.write_text(yaml.safe_dump(settings), encoding="utf-8")
    return config


class Stopwatch:
    """Adds up the time spent in chosen functions, by wrapping them where the build looks them up."""

    def __init__(self) -> None:
        self.spent: dict[str, float] = {}

    def wrap(self, module: ModuleType, name: str, part: str) -> None:
        original = getattr(module, name)

        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.spent[part] = self.spent.get(part, 0.0) + time.perf_counter() - started

        setattr(module, name, timed)

    def reset(self) -> None:
        self.spent.clear()


def stopwatch() -> Stopwatch:
    watch = Stopwatch()
    watch.wrap(build_module, "load_spec", SPEC)
    watch.wrap(plugin_module, "_load_schemas", SCHEMAS)
    for name in ("generate_pages", "downloads", "abbreviations"):
        watch.wrap(plugin_module, name, PAGES)
    watch.wrap(build_module, "build", MKDOCS)
    watch.wrap(pdf_module, "write_printables", PRINTABLES)
    return watch


def add_training_nav(nav: list[Any], spec: Spec) -> None:
    """The scenario pages in the nav, as the plugin puts them: mkdocs renders the nav on every page."""
    for entry in nav:
        if isinstance(entry, dict) and isinstance(entry.get(SECTION_TITLE), list):
            entry[SECTION_TITLE].extend(training_nav(spec))
            return


def timed(action: Callable[[], None], watch: Stopwatch) -> Run:
    watch.reset()
    started = time.perf_counter()
    action()
    return time.perf_counter() - started, dict(watch.spent)


def fastest(actions: dict[str, Callable[[], None]], watch: Stopwatch) -> dict[str, Run]:
    """The fastest of RUNS rounds for each action, with its breakdown. Each round runs every
    action once, so a busy spell on a shared machine slows all of them, not just one."""
    runs: dict[str, list[Run]] = {name: [] for name in actions}
    for _ in range(RUNS):
        for name, action in actions.items():
            runs[name].append(timed(action, watch))
    return {name: min(times, key=lambda run: run[0]) for name, times in runs.items()}


def breakdown(total: float, spent: dict[str, float]) -> str:
    # mkdocs' build calls the plugin, which loads the schemas, generates pages and writes PDFs.
    inside = [spent.get(part, 0.0) for part in (SCHEMAS, PAGES, PRINTABLES)]
    parts = {
        "spec load + validate": spent.get(SPEC, 0.0) + spent.get(SCHEMAS, 0.0),
        PAGES: spent.get(PAGES, 0.0),
        MKDOCS: spent.get(MKDOCS, 0.0) - sum(inside),
        PRINTABLES: spent.get(PRINTABLES, 0.0),
    }
    parts["the rest (staging, swap)"] = total - sum(parts.values())
    return ", ".join(f"{part} {seconds:,.2f} s" for part, seconds in parts.items())


def main() -> None:
    logging.getLogger("mkdocs").setLevel(logging.ERROR)  # keep the output to the numbers
    watch = stopwatch()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        config_file = bare_project(folder / "bare")
        caches = iter(range(1_000_000))

        def bare() -> None:
            config = load_config(str(config_file), site_dir=str(folder / "bare-site"), strict=True)
            build(config)

        def cold() -> None:
            os.environ[pdf_module.CACHE_ENV] = str(folder / f"cache-{next(caches)}")
            build_site(folder / "site")

        def warm() -> None:
            os.environ[pdf_module.CACHE_ENV] = str(folder / "warm-cache")
            build_site(folder / "site")

        warm()  # fills the warm cache
        best = fastest({"bare": bare, "cold": cold, "warm": warm}, watch)
    (bare_time, _), (cold_time, cold_parts), (warm_time, warm_parts) = best.values()
    print(f"bare mkdocs build of the generated pages: {bare_time:,.2f} s")
    print(f"justculture build, cold (empty cache of printables): {cold_time:,.2f} s")
    print(f"  {breakdown(cold_time, cold_parts)}")
    print(f"justculture build, warm (every printable from the cache): {warm_time:,.2f} s")
    print(f"  {breakdown(warm_time, warm_parts)}")
    print(f"ratio justculture build cold / bare mkdocs build: {cold_time / bare_time:,.2f}")
    print(f"ratio justculture build warm / bare mkdocs build: {warm_time / bare_time:,.2f}")


if __name__ == "__main__":
    main()
