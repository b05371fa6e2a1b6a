"""The mkdocs plugin: a thin shell that adds the spec's pages and downloads to the site.

``on_config`` loads the spec once and adds the training scenarios to the nav; ``on_files`` adds the generated pages and downloads (so mkdocs
checks every link to them); ``on_post_build`` writes the printable PDFs. Page content comes from
:mod:`justculture.render.site`, never from this module.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from .errors import BuildError, SpecError, SpecErrors
from .extras import require
from .locate import locate_spec, packaged_schema_dir
from .model import Spec
from .render.renderer import Renderer
from .render.site import SECTION_TITLE, abbreviations, downloads, generate_pages, training_nav
from .schemas import SchemaSet, load_schemas
from .validation import load_spec

SNIPPETS = "pymdownx.snippets"
ABBREVIATIONS_FILE = "abbreviations.md"
PRINTABLES_DIR = "printables"


# mkdocs leaves Config.__init_subclass__ untyped, hence the ignores on the two class lines.
class JustCulturePluginConfig(Config):  # type: ignore[no-untyped-call]
    spec_dir = c.Optional(c.Type(str))
    """The spec folder, relative to mkdocs.yml; by default $JUSTCULTURE_SPEC or the shipped spec."""


class JustCulturePlugin(BasePlugin[JustCulturePluginConfig]):  # type: ignore[no-untyped-call]
    def __init__(self) -> None:
        self.spec: Spec | None = None
        self.spec_dir: Path | None = None
        self.schemas: SchemaSet | None = None
        self._snippets: tempfile.TemporaryDirectory[str] | None = None
        self.renderer = Renderer()

    def preload(self, spec: Spec, spec_dir: Path) -> None:
        """Use a spec the caller has already validated, so a build reads the YAML only once."""
        self.spec, self.spec_dir = spec, spec_dir.resolve()

    # mkdocs events ------------------------------------------------------------------------
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        try:  # the printables need WeasyPrint; say so before building, not after
            require("pdf", "the justculture mkdocs plugin (for the site's printables)")
        except BuildError as missing:
            raise PluginError(str(missing)) from None
        spec_dir = self._configured_spec_dir(config)
        if self.spec is None or self.spec_dir != spec_dir:
            self.spec, self.spec_dir = _load(spec_dir), spec_dir
        self.schemas = _load_schemas(spec_dir)
        self._write_abbreviations(config, self.spec)
        _add_training_nav(config, self.spec)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        spec, schemas = self._loaded()
        available = {file.src_uri for file in files}
        pages = generate_pages(
            spec, schemas, self.renderer, available=available, printables=_printable_names()
        )
        generated = {**pages, **downloads(spec, schemas)}
        for src_uri, content in generated.items():
            if src_uri in available:
                raise PluginError(
                    f"docs/{src_uri} clashes with a page generated from the spec; rename it"
                )
            files.append(File.generated(config, src_uri, content=content))
        return files

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        # `mkdocs serve` rebuilds when the spec changes, wherever the spec folder is.
        if self.spec_dir is not None:
            server.watch(str(self.spec_dir))
        server.watch(str(Path(__file__).resolve().parent))  # the templates, wherever installed
        return server

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self._cleanup()
        from .render.pdf import write_printables  # WeasyPrint is slow to import

        spec, _ = self._loaded()
        write_printables(spec, Path(config.site_dir) / PRINTABLES_DIR, self.renderer)

    def on_build_error(self, *, error: Exception) -> None:
        self._cleanup()

    def on_shutdown(self) -> None:
        self._cleanup()

    # helpers ------------------------------------------------------------------------------
    def _configured_spec_dir(self, config: MkDocsConfig) -> Path:
        configured = self.config.spec_dir
        if configured is None:
            return locate_spec().resolve()
        return (Path(config.config_file_path).parent / configured).resolve()

    def _loaded(self) -> tuple[Spec, SchemaSet]:
        if self.spec is None or self.schemas is None:
            raise PluginError(
                "the justculture plugin has not loaded the spec (on_config did not run)"
            )
        return self.spec, self.schemas

    def _write_abbreviations(self, config: MkDocsConfig, spec: Spec) -> None:
        """Write the glossary's abbreviations where pymdownx.snippets appends them to every page."""
        if SNIPPETS not in config.markdown_extensions:
            return
        self._cleanup()
        self._snippets = tempfile.TemporaryDirectory(prefix="justculture-snippets-")
        folder = Path(self._snippets.name)
        (folder / ABBREVIATIONS_FILE).write_text(
            abbreviations(spec, self.renderer), encoding="utf-8"
        )
        options = config.mdx_configs.setdefault(SNIPPETS, {})
        options["base_path"] = [str(folder)]
        appended = list(options.get("auto_append", []))
        if ABBREVIATIONS_FILE not in appended:
            appended.append(ABBREVIATIONS_FILE)
        options["auto_append"] = appended

    def _cleanup(self) -> None:
        if self._snippets is not None:
            self._snippets.cleanup()
            self._snippets = None


def _add_training_nav(config: MkDocsConfig, spec: Spec) -> None:
    """Put each scenario's pages under the nav's Training section, after what mkdocs.yml lists."""
    for entry in config.nav or []:
        if isinstance(entry, dict) and isinstance(entry.get(SECTION_TITLE), list):
            section: list[Any] = entry[SECTION_TITLE]
            listed = {str(item) for item in section}
            section.extend(item for item in training_nav(spec) if str(item) not in listed)
            return


def _load(spec_dir: Path) -> Spec:
    try:
        return load_spec(spec_dir)
    except SpecErrors as errors:
        raise PluginError(f"the spec is not valid:\n{errors}") from None


def _load_schemas(spec_dir: Path) -> SchemaSet:
    own = spec_dir / "schema"
    try:
        return load_schemas(own if own.is_dir() else packaged_schema_dir())
    except (SpecError, SpecErrors) as problem:
        raise PluginError(f"the schemas are not valid:\n{problem}") from None


def _printable_names() -> dict[str, str]:
    """Document id -> PDF file name, for the pages' download links."""
    from .render.pdf import PRINTABLES

    return {item.document: item.filename for item in PRINTABLES}
