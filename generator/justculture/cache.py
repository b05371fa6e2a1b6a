"""Where justculture keeps what it can make again: rendered PDFs and compiled templates.

Everything here only saves time. A cache folder that cannot be read or written is simply not
used, so no cache problem can stop a command, and deleting the folder is always safe.
"""

from __future__ import annotations

import os
from pathlib import Path

CACHE_ENV = "JUSTCULTURE_CACHE_DIR"
"""Set it to keep the caches somewhere else (each kind in its own folder inside it)."""


def cache_dir(kind: str) -> Path | None:
    """The folder for one ``kind`` of cache (``printables``, ``templates``).

    ``$JUSTCULTURE_CACHE_DIR/KIND``, else ``$XDG_CACHE_HOME`` (when absolute) or ``~/.cache``,
    then ``justculture/KIND``; None when there is no home folder to put it in.
    """
    configured = os.environ.get(CACHE_ENV)
    if configured:
        return Path(configured) / kind
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    try:
        base = Path(xdg) if os.path.isabs(xdg) else Path.home() / ".cache"
    except RuntimeError:  # no home folder to be found: work without a cache
        return None
    return base / "justculture" / kind
