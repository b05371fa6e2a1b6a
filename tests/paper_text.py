"""The paper's text, normalised so that quoted passages can be found in it."""

from __future__ import annotations

import re

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-"})


def normalise(text: str) -> str:
    """Fold the PDF's line breaks, curly quotes and spacing so quoted text can be compared."""
    text = text.translate(_QUOTES)
    text = re.sub(r"\s+", " ", text)
    return text.strip()


class Paper:
    """The paper's text, normalised, with a containment test for quoted passages."""

    def __init__(self, raw: str) -> None:
        self.text = normalise(raw)

    def contains(self, quoted: str) -> bool:
        return normalise(quoted) in self.text
