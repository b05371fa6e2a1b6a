"""Writing output files all-or-nothing.

Every command that writes (PDFs, records, session packs) stages each file under a hidden name in
the target folder and renames them into place only when all are ready, so a failure never leaves
a half-written file or a half-updated set behind.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Sequence
from pathlib import Path

from .errors import BuildError


def write_all(out_dir: Path, files: Sequence[tuple[str, bytes]]) -> list[Path]:
    """Write ``(name, content)`` pairs into ``out_dir``; all of them, or none (JC502)."""
    staged: list[tuple[Path, Path]] = []
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        for name, data in files:
            target = out_dir / name
            staged.append((_stage(target, data), target))
        for temp, target in staged:
            os.replace(temp, target)
    except OSError as error:
        raise BuildError(
            "JC502", f"could not write into {out_dir}: {error.strerror or error}"
        ) from None
    finally:
        # A no-op for files already renamed; otherwise it removes whatever was staged.
        for temp, _ in staged:
            temp.unlink(missing_ok=True)
    return [target for _, target in staged]


def write_one(target: Path, data: bytes) -> Path:
    return write_all(target.parent, [(target.name, data)])[0]


def _stage(target: Path, data: bytes) -> Path:
    # A hidden, unique name in the same folder keeps the final rename atomic. "x" mode never
    # overwrites and, unlike mkstemp, keeps the user's umask: a built site must stay readable.
    temp = target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")
    try:
        with temp.open("xb") as stream:
            stream.write(data)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return temp
