"""The one way templates become text: a ``Renderer`` with its own Jinja environment.

A renderer looks for each template first in an optional override folder (a trust's own page
layouts, say), then in the package's ``render/templates``. Each renderer owns its environment, so
two renderers in one process (the base edition and a trust's) never share cached templates.
"""

from __future__ import annotations

import html
import re
from contextlib import suppress
from pathlib import Path
from typing import Any

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    PackageLoader,
    StrictUndefined,
    select_autoescape,
)
from jinja2.bccache import Bucket
from markupsafe import Markup

from ..cache import cache_dir
from ..loading import BIDI_CONTROLS

PACKAGE_TEMPLATES = "render/templates"
"""Where the package's own templates are, inside the package."""


# The bidirectional controls: embeddings and overrides (U+202A-U+202E), isolates (U+2066-U+2069)
# and the marks (U+200E, U+200F, U+061C). Text from the spec, a profile or a user that holds one
# could show reversed or reordered ("x \u202eevil" reads "x live"), so no output keeps them.
_BIDI = re.compile(f"[{BIDI_CONTROLS}]")
# C0 and C1 control characters but tab and newline, bidi controls and ESC-led sequences: printed
# raw, they would move the cursor, recolour or retitle the user's terminal, or reorder its text.
_CONTROLS = re.compile(
    r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?)?"
    f"|[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f{BIDI_CONTROLS}]"
)


# Characters that would start Markdown syntax inside running text.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]#|])")
# What starts a block at the beginning of a line (an admonition `!!!`, a snippet `--8<--`, a list,
# a quote, a definition, a setext underline, a fence, an ordered list "1."). Spec text is text, so
# such a character becomes a character reference: it looks the same and starts nothing.
_BLOCK_START = re.compile(r"^([ \t]*)([!?=+\-:>~;%]|\d+[.)])", re.MULTILINE)


def markdown_text(value: Any) -> str:
    """Spec text as one line of Markdown text, the one rule for every Markdown output: line
    breaks become spaces (a heading, a link or a table cell stays whole), HTML is escaped, inline
    Markdown backslashed, and nothing at its start begins a block (an admonition, a snippet, a
    list). So no raw HTML, link, image or directive can come from the spec, and, as the file may
    be read in a terminal, no control character or escape sequence. Templates split paragraphs
    first."""
    plain = one_line(terminal_text(value))
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(plain, quote=False))
    return neutral_line_starts(escaped)


def html_text(value: Any) -> str:
    """Spec text for raw HTML inside a Markdown page (a table cell): one line, HTML escaped,
    quotes too, and nothing at its start that Markdown would act on."""
    return neutral_line_starts(html.escape(one_line(value), quote=True))


def neutral_line_starts(text: str) -> str:
    """``text`` with the block-starting character of each line as a character reference."""
    return _BLOCK_START.sub(_as_reference, text)


def _as_reference(match: re.Match[str]) -> str:
    start = match.group(2)
    return f"{match.group(1)}{start[:-1]}&#{ord(start[-1])};"


def one_line(value: Any) -> Any:
    """Text as one line: an HTML template's text inside a Markdown page must not start a Markdown
    line of its own (a code fence, say). Markup stays Markup."""
    joined = " ".join(str(value).split())
    return Markup(joined) if isinstance(value, Markup) else joined


def terminal_text(value: Any) -> str:
    """Text for a terminal: control characters and escape sequences removed."""
    return _CONTROLS.sub("", str(value))


def print_text(html: str) -> str:
    """An HTML document for print with every bidirectional control removed: the one filter
    every PDF passes through (``render.pdf.pdf_bytes``), the same rule as `terminal_text`."""
    return _BIDI.sub("", html)


class _QuietBytecodeCache(FileSystemBytecodeCache):
    """Compiled templates kept between runs, which saves most of a build's template time.

    Jinja checks each entry against the template's source and its own version, so an edited
    or overriding template is compiled afresh. A folder that cannot be read or written is
    simply not used: a cache may save time, never stop a build.
    """

    @classmethod
    def for_templates(cls) -> _QuietBytecodeCache | None:
        folder = cache_dir("templates")
        return None if folder is None else cls(str(folder))

    def load_bytecode(self, bucket: Bucket) -> None:
        with suppress(OSError, EOFError, ValueError, TypeError):
            super().load_bytecode(bucket)

    def dump_bytecode(self, bucket: Bucket) -> None:
        with suppress(OSError):
            Path(self.directory).mkdir(parents=True, exist_ok=True)
            super().dump_bytecode(bucket)


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
            bytecode_cache=_QuietBytecodeCache.for_templates(),
        )
        """The Jinja environment: undefined values fail, HTML and SVG are escaped."""
        self.environment.filters["line"] = one_line
        self.environment.filters["md"] = markdown_text
        self.environment.filters["terminal"] = terminal_text

    def render(self, template: str, **context: Any) -> str:
        """The named template filled in with ``context``."""
        return self.environment.get_template(template).render(**context)

    def __reduce__(self) -> tuple[Any, ...]:
        # Worker processes (parallel PDFs) rebuild the renderer from its override folder.
        return (Renderer, (self.override_dir,))
