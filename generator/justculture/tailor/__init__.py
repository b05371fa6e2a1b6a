"""Trust editions: a profile (read and checked) resolved against the spec into a new Spec.

``read_profile(path) -> Profile`` and ``tailor(spec, profile) -> (Spec, TailoringReport)``.
"""

from .profile import Profile, parse_profile, read_profile
from .report import Edition, TailoringReport
from .resolve import tailor

__all__ = ["Edition", "Profile", "TailoringReport", "parse_profile", "read_profile", "tailor"]
