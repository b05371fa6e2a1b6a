"""The mkdocs plugin: a thin shell that adds the spec's pages and downloads to the site.

``on_config`` loads the spec once and gives Markdown the glossary's abbreviations; ``on_files``
adds the generated pages and downloads (so mkdocs checks every link to them); ``on_post_build``
writes the printable PDFs. Page content comes from
:mod:`justculture.render.site`, never from this module.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from .errors import BuildError, SpecError, SpecErrors
from .extras import require
from .locate import locate_spec, packaged_schema_dir
from .model import Spec
from .published import check_site_url
from .render.edition_site import (
    SiteEdition,
    configure,
    edition_files,
    use_edition,
    write_edition_pdfs,
)
from .render.renderer import Renderer
from .render.site import abbreviations, downloads, generate_pages
from .render.site.search import searched
from .schemas import SchemaSet, load_schemas
from .validation import load_spec

ABBR = "abbr"
# Theme overrides: the Content-Security-Policy, an escaped <title>, Material's inline scripts as
# files. Inside the package, so a wheel's `justculture build` has them too.
THEME_OVERRIDES = ("render", "templates", "site", "theme")
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
        self.renderer = Renderer()
        self.edition: SiteEdition | None = None

    def preload(self, spec: Spec, spec_dir: Path, edition: SiteEdition | None = None) -> None:
        """Use a spec the caller has already validated, so a build reads the YAML only once.

        ``edition`` builds a trust's edition: ``spec`` is then the tailored one.
        """
        self.spec, self.spec_dir = spec, spec_dir.resolve()
        self.edition = edition
        use_edition(self.renderer, edition.edition if edition else None)

    # mkdocs events ------------------------------------------------------------------------
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        try:  # the printables need WeasyPrint; say so before building, not after
            require("pdf", "the justculture mkdocs plugin (for the site's printables)")
        except BuildError as missing:
            raise PluginError(str(missing)) from None
        try:
            check_site_url(config.site_url)
        except BuildError as bad:
            raise PluginError(str(bad)) from None
        spec_dir = self._configured_spec_dir(config)
        if self.spec is None or self.spec_dir != spec_dir:
            self.spec, self.spec_dir = _load(spec_dir), spec_dir
        # A loaded Spec carries the schemas it was validated with: read them once, not twice.
        self.schemas = self.spec.schemas or _load_schemas(spec_dir)
        _add_abbreviations(config, self.spec)
        _add_theme_overrides(config)
        if self.edition is not None:
            configure(config, self.edition)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        spec, schemas = self._loaded()
        available = {file.src_uri for file in files}
        pages = generate_pages(
            spec, schemas, self.renderer, available=available, printables=_printable_names()
        )
        generated: dict[str, str | bytes] = {**pages, **downloads(spec, schemas, config.site_url)}
        if self.edition is not None:
            generated.update(edition_files(self.edition, self.renderer))
        for src_uri, content in generated.items():
            if src_uri in available:
                raise PluginError(
                    f"docs/{src_uri} clashes with a page generated from the spec; rename it"
                )
            files.append(File.generated(config, src_uri, content=content))
        return files

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        # Before the search plugin reads the page (on_page_context): leave generated bulk out.
        if not searched(page.file.src_uri):
            page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
        return markdown

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        # `mkdocs serve` rebuilds when the spec changes, wherever the spec folder is.
        if self.spec_dir is not None:
            server.watch(str(self.spec_dir))
        server.watch(str(Path(__file__).resolve().parent))  # the templates, wherever installed
        return server

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        from .render.pdf import write_printables  # WeasyPrint is slow to import
        from .render.session_packs import write_site_packs

        spec, _ = self._loaded()
        write_printables(spec, Path(config.site_dir) / PRINTABLES_DIR, self.renderer)
        # Each scenario's facilitator pack and handout, which its pages link to.
        write_site_packs(spec, Path(config.site_dir), self.renderer)
        if self.edition is not None:
            write_edition_pdfs(self.edition, Path(config.site_dir), self.renderer)

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


def _add_abbreviations(config: MkDocsConfig, spec: Spec) -> None:
    """Give the glossary's abbreviations to Markdown's abbr extension as data.

    They are never written as Markdown lines (``*[NHS]: ...``) appended to pages: a line built
    from spec text could then define links or run a directive. The extension escapes both the
    abbreviation and its title as it writes the ``<abbr>`` element.
    """
    if ABBR not in config.markdown_extensions:
        return
    options = config.mdx_configs.setdefault(ABBR, {})
    options["glossary"] = {**options.get("glossary", {}), **abbreviations(spec)}


def _add_theme_overrides(config: MkDocsConfig) -> None:
    """Put the package's theme overrides before the theme's own templates."""
    folder = str(Path(str(resources.files("justculture").joinpath(*THEME_OVERRIDES))))
    if folder not in config.theme.dirs:
        config.theme.dirs.insert(0, folder)


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
