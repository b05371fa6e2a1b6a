"""Renderers: everything the spec becomes (text, Markdown pages, PDFs, exports).

Templates live in ``render/templates``; Python here only chooses a template and passes data.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("justculture", "render/templates"),
        autoescape=select_autoescape(
            enabled_extensions=("html", "html.j2", "svg.j2"), default=False
        ),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["yes_no"] = lambda value: {"yes": "Yes", "no": "No"}.get(value, value)
    return env


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)
