"""The one way templates become text: a ``Renderer`` with its own Jinja environment.

A renderer looks for each template first in an optional override folder (a trust's own page
layouts, say), then in the package's ``render/templates``. Each renderer owns its environment, so
two renderers in one process (the base edition and a trust's) never share cached templates.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PackageLoader,
    StrictUndefined,
    select_autoescape,
)

PACKAGE_TEMPLATES = "render/templates"
"""Where the package's own templates are, inside the package."""


class Renderer:
    """Renders the package's templates, or same-named ones from ``override_dir`` when given."""

    def __init__(self, override_dir: Path | None = None) -> None:
        self.override_dir = Path(override_dir).resolve() if override_dir is not None else None
        """The folder searched before the package's templates, or ``None``."""
        loaders: list[BaseLoader] = []
        if self.override_dir is not None:
            loaders.append(FileSystemLoader(str(self.override_dir)))
        loaders.append(PackageLoader("justculture", PACKAGE_TEMPLATES))
        self.environment = Environment(
            loader=ChoiceLoader(loaders),
            # HTML and SVG escape every value; Markdown templates escape through their helpers.
            autoescape=select_autoescape(
                enabled_extensions=("html", "html.j2", "svg.j2"), default=False
            ),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        """The Jinja environment: undefined values fail, HTML and SVG are escaped."""

    def render(self, template: str, **context: Any) -> str:
        """The named template filled in with ``context``."""
        return self.environment.get_template(template).render(**context)

    def __reduce__(self) -> tuple[Any, ...]:
        # Worker processes (parallel PDFs) rebuild the renderer from its override folder.
        return (Renderer, (self.override_dir,))
