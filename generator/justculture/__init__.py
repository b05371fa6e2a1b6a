"""justculture: NHS Resolution's Being fair (2019) as validated data, a decision engine and renderers.

``load_spec()`` validates the spec the package carries (or a folder given, or $JUSTCULTURE_SPEC);
``evaluate(spec, "just-culture-guide", {"1a": "no", "2a": "no"})`` gives a ``Result``.
"""

from importlib.metadata import PackageNotFoundError, version

from .engine import Result, evaluate
from .errors import CATALOGUE, JustCultureError, SpecError, SpecErrors
from .model import Spec
from .validation import load_spec, validate_dir


def _installed_version() -> str:
    try:
        return version("justculture")
    except PackageNotFoundError:  # imported from a source tree that was never pip-installed
        return "0+unknown"


__version__ = _installed_version()
"""The installed version of the package, such as ``0.1.0`` (not the version of the spec)."""

__all__ = [
    "CATALOGUE",
    "JustCultureError",
    "Result",
    "Spec",
    "SpecError",
    "SpecErrors",
    "__version__",
    "evaluate",
    "load_spec",
    "validate_dir",
]
