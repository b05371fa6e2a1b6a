"""The optional parts of justculture (pip extras), and a coded error when one is missing.

The core (load, validate, export, evaluate, walk) needs only PyYAML, jsonschema and Jinja. The
site needs mkdocs and its theme (the ``site`` extra); PDFs need WeasyPrint (the ``pdf`` extra).
"""

from __future__ import annotations

from importlib.util import find_spec
from typing import Literal

from .errors import BuildError

Extra = Literal["site", "pdf", "docx"]

# The modules each extra installs, by import name (mkdocs-material is imported as `material`).
EXTRAS: dict[Extra, tuple[str, ...]] = {
    "site": ("mkdocs", "material", "pymdownx", "mkdocstrings"),
    "pdf": ("weasyprint",),
    "docx": ("docx",),
}


def missing_modules(extra: Extra) -> list[str]:
    """The modules of ``extra`` that cannot be imported here."""
    return [module for module in EXTRAS[extra] if _absent(module)]


def require(extra: Extra, needed_by: str) -> None:
    """Raise ``BuildError('JC504')`` naming the extra to install if any of its modules is missing."""
    missing = missing_modules(extra)
    if missing:
        raise BuildError(
            "JC504",
            f"{needed_by} needs the '{extra}' extra, which is not installed (no module "
            f"{', '.join(repr(module) for module in missing)}); "
            f"install it with: pip install 'justculture[{extra}]'",
        )


def _absent(module: str) -> bool:
    try:
        return find_spec(module) is None
    except (ImportError, ValueError):  # a broken or half-removed install counts as missing
        return True
