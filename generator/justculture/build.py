"""``justculture build``: validate the spec, run a real ``mkdocs build --strict``, swap it into place.

The site is built into a fresh folder beside the output and renamed into place only when the
build succeeded, so a failed validation or build always leaves the previous site as it was.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from .errors import BuildError
from .locate import locate_spec, packaged_mkdocs_config
from .mkdocs_plugin import JustCulturePlugin
from .model import Spec
from .validation import load_spec

MKDOCS_CONFIG = packaged_mkdocs_config()  # docs_dir and watch are relative to it
PLUGIN_NAME = "justculture"
SITE_MODE = 0o755  # mkdtemp makes a private folder; a website folder is readable by all
# Written into every site we build. Only a folder carrying it (or an empty one) may be replaced,
# so `--out .` or a typo can never delete someone's work.
SITE_MARKER = ".justculture-site"


def build_site(out_dir: Path, spec_dir: Path | None = None) -> None:
    """Build the site into ``out_dir``, replacing what was there only if everything succeeds.

    Raises ``SpecErrors`` if the spec is invalid (before anything is written) and
    ``SpecError('JC501')`` with mkdocs' own message if mkdocs cannot build the site.
    """
    spec_dir = locate_spec(spec_dir).resolve()
    spec = load_spec(spec_dir)
    out_dir = Path(out_dir).resolve()
    _refuse_unsafe_output(out_dir, spec_dir)
    try:
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.new-", dir=out_dir.parent))
    except OSError as error:
        raise BuildError(
            "JC502", f"cannot write beside {out_dir}: {error.strerror or error}"
        ) from None
    try:
        _run_mkdocs(staging, spec_dir, spec)
        (staging / SITE_MARKER).write_text(
            "Built by justculture build. Safe to replace.\n", encoding="utf-8"
        )
        staging.chmod(SITE_MODE)
        _swap_into_place(staging, out_dir)
    except OSError as error:
        raise BuildError(
            "JC502", f"cannot put the site in {out_dir}: {error.strerror or error}"
        ) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _refuse_unsafe_output(out_dir: Path, spec_dir: Path) -> None:
    """Only a new path, an empty folder or a site we built before may be (re)placed."""
    here = Path.cwd().resolve()
    if out_dir in (spec_dir, here) or out_dir in spec_dir.parents or out_dir in here.parents:
        raise BuildError(
            "JC503",
            f"{out_dir} holds the spec or the current folder; choose a new folder for the site",
        )
    if not out_dir.exists():
        return
    if not out_dir.is_dir():
        raise BuildError("JC503", f"{out_dir} is a file; choose a folder for the site")
    if any(out_dir.iterdir()) and not (out_dir / SITE_MARKER).is_file():
        raise BuildError(
            "JC503",
            f"{out_dir} is not empty and was not built by justculture; choose a new or empty folder",
        )


def _run_mkdocs(site_dir: Path, spec_dir: Path, spec: Spec) -> None:
    with _collect_mkdocs_messages() as messages:
        try:
            config = load_config(str(MKDOCS_CONFIG), site_dir=str(site_dir), strict=True)
            plugin = config.plugins[PLUGIN_NAME]
            if isinstance(plugin, JustCulturePlugin):
                plugin.config.spec_dir = str(spec_dir)
                plugin.preload(spec, spec_dir)
            config.plugins.on_startup(command="build", dirty=False)
            try:
                build(config)
            finally:
                config.plugins.on_shutdown()
        except MkDocsException as problem:
            details = "; ".join(messages) or str(problem)
            raise BuildError("JC501", f"mkdocs could not build the site: {details}") from None


@contextmanager
def _collect_mkdocs_messages() -> Iterator[list[str]]:
    """Keep mkdocs' warnings and errors for our message instead of printing them as they come."""
    messages: list[str] = []
    handler = _ListHandler(messages)
    logger = logging.getLogger("mkdocs")
    propagate = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield messages
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


class _ListHandler(logging.Handler):
    def __init__(self, messages: list[str]) -> None:
        super().__init__(logging.WARNING)
        self.messages = messages

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(" ".join(record.getMessage().split()))


def _swap_into_place(staging: Path, out_dir: Path) -> None:
    """Rename the old site away, the new one in, then delete the old one."""
    if not out_dir.exists():
        staging.rename(out_dir)
        return
    old = out_dir.with_name(f".{out_dir.name}.old-{uuid.uuid4().hex[:8]}")
    out_dir.rename(old)
    try:
        staging.rename(out_dir)
    except OSError:
        old.rename(out_dir)
        raise
    if old.is_dir() and not old.is_symlink():
        shutil.rmtree(old)
    else:
        os.remove(old)
