"""justculture: NHS Resolution's Being fair (2019) as validated data, a decision engine and renderers."""

from .errors import CATALOGUE, SpecError, SpecErrors
from .model import Spec
from .validation import load_spec, validate_dir

__all__ = ["CATALOGUE", "Spec", "SpecError", "SpecErrors", "load_spec", "validate_dir"]
