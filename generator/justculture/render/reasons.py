"""The engine's reasons in words, for a caller outside a template (a test, an incident tool).

The words live in one Jinja macro, ``templates/_reasons.j2``, which every Python output imports;
this only calls that macro, so the sentences here are the ones the text, records and PDFs show.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from ..engine import Reason
from ..model import Tool
from .renderer import Renderer

REASONS_TEMPLATE = "_reasons.j2"
REASON_MACRO = "reason"


def reason_texts(
    tool: Tool,
    reasons: Iterable[Reason | Mapping[str, Any]],
    renderer: Renderer | None = None,
) -> list[str]:
    """Each reason (a :class:`Reason` or its ``to_dict()``) of ``tool`` as the sentence people read."""
    template = (renderer or Renderer()).environment.get_template(REASONS_TEMPLATE)
    word: Callable[..., Any] = getattr(template.module, REASON_MACRO)
    return [
        str(word(tool, reason.to_dict() if isinstance(reason, Reason) else reason))
        for reason in reasons
    ]
