"""The guidance site: pages generated from the Spec, downloads, and the training section.

:func:`generate_pages` is what the mkdocs plugin calls; everything else here serves it.
"""

from .pages import abbreviations, downloads, generate_pages

__all__ = ["abbreviations", "downloads", "generate_pages"]
