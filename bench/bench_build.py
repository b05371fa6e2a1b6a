"""How much `justculture build` costs over a bare `mkdocs build` of the same pages, in one run.

The bare build is mkdocs building the same mkdocs.yml with the justculture plugin's work done in
advance: a stand-in plugin makes the same changes to the config and adds the same generated pages
and downloads, computed once beforehand. So the difference is what the plugin adds: loading and
validating the spec, generating pages and writing the printable PDFs. `justculture build` runs
cold (an empty cache of printables, so all four PDFs are rendered) and warm (the cache from the
run before, so none is). Prints times, ratios and where a build's time goes; never asserts (the
machines are shared and noisy). Each build runs three times, in turn; the fastest counts.
"""

from __future__ import annotations

import copy
import itertools
import logging
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, PluginCollection
from mkdocs.structure.files import File, Files, get_files

import justculture.build as build_module
import justculture.mkdocs_plugin as plugin_module
import justculture.render.pdf as pdf_module
from justculture.build import MKDOCS_CONFIG, PLUGIN_NAME, build_site
from justculture.cache import CACHE_ENV

RUNS = 3
SPEC = "spec"
SCHEMAS = "schemas"
PAGES = "page generation"
MKDOCS = "mkdocs"
PRINTABLES = "printables"
# What the plugin may change in the config; the stand-in sets each to what the plugin made it.
CONFIG_KEYS = ("markdown_extensions", "mdx_configs", "nav", "extra_css", "extra_javascript")
Run = tuple[float, dict[str, float]]


class Replay(BasePlugin):
    """Stands in for the justculture plugin: its config changes and generated files, made once."""

    def __init__(self, site_dir: Path) -> None:
        super().__init__()
        config = load_config(str(MKDOCS_CONFIG), site_dir=str(site_dir), strict=True)
        config = config.plugins.on_config(config)
        files = get_files(config)
        before = {file.src_uri for file in files}
        files = config.plugins.on_files(files, config=config)
        self.files = {f.src_uri: f.content_bytes for f in files if f.src_uri not in before}
        self.settings = {key: copy.copy(config[key]) for key in CONFIG_KEYS}
        self.theme_dirs = list(config.theme.dirs)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        for key, value in self.settings.items():
            config[key] = copy.copy(value)
        config.theme.dirs[:] = self.theme_dirs
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        for src_uri, content in self.files.items():
            files.append(File.generated(config, src_uri, content=content))
        return files


def bare_config(site_dir: Path, replay: Replay) -> MkDocsConfig:
    """mkdocs.yml as mkdocs loads it, with the stand-in in the justculture plugin's place."""
    config = load_config(str(MKDOCS_CONFIG), site_dir=str(site_dir), strict=True)
    plugins = PluginCollection()
    for name, plugin in config.plugins.items():
        plugins[name] = replay if name == PLUGIN_NAME else plugin
    config.plugins = plugins
    return config


class Stopwatch:
    """Adds up the time spent in chosen functions, by wrapping them where the build looks them up."""

    def __init__(self) -> None:
        self.spent: dict[str, float] = {}

    def wrap(self, module: ModuleType, name: str, part: str) -> None:
        original = getattr(module, name, None)
        if original is None:  # moved or renamed: that part is simply not broken out
            return

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
        replay = Replay(folder / "replay-site")
        caches = itertools.count()

        def bare() -> None:
            build(bare_config(folder / "bare-site", replay))

        def cold() -> None:
            os.environ[CACHE_ENV] = str(folder / f"cache-{next(caches)}")
            build_site(folder / "site")

        def warm() -> None:
            os.environ[CACHE_ENV] = str(folder / "warm-cache")
            build_site(folder / "site")

        warm()  # fills the warm cache
        best = fastest({"bare": bare, "cold": cold, "warm": warm}, watch)
    (bare_time, _), (cold_time, cold_parts), (warm_time, warm_parts) = best.values()
    print(f"bare mkdocs build of the generated pages: {bare_time:,.2f} s")
    print(
        f"justculture build, cold (empty caches: printables and compiled templates): {cold_time:,.2f} s"
    )
    print(f"  {breakdown(cold_time, cold_parts)}")
    print(f"justculture build, warm (printables and templates from the caches): {warm_time:,.2f} s")
    print(f"  {breakdown(warm_time, warm_parts)}")
    print(f"ratio justculture build cold / bare mkdocs build: {cold_time / bare_time:,.2f}")
    print(f"ratio justculture build warm / bare mkdocs build: {warm_time / bare_time:,.2f}")


if __name__ == "__main__":
    main()
