"""Renderers: everything the spec becomes (text, Markdown pages, PDFs, exports).

Templates live in ``render/templates``; Python here only chooses a template and passes data.
Every output takes a :class:`~justculture.render.renderer.Renderer`.
"""

from __future__ import annotations

from .renderer import Renderer

__all__ = ["Renderer"]
