"""``justculture build``: validate the spec, run a real ``mkdocs build --strict``, swap it into place.

The site is built into a fresh folder beside the output (``.site.new-PID-RANDOM``) and put in
place only when the build succeeded, so a failed validation or build always leaves the previous
site as it was.

**The swap is atomic.** ``--out`` stays an ordinary folder: web servers, ``rsync``, ``cp -r``,
zip tools and Pages uploads treat a symlink differently (some copy the link, some refuse it),
so making ``site`` a symlink to switch would break what users already do with it. Instead, on
Linux the new and the old folder trade places in one ``renameat2(RENAME_EXCHANGE)`` call: at
every instant the path holds the whole old site or the whole new one, and then the old one is
deleted. Where the file system or kernel cannot exchange (macOS, some network file systems),
the old site is renamed to ``.site.old-PID-RANDOM`` and the new one into place, with SIGINT and
SIGTERM held back between the two renames. A crash (SIGKILL, a power cut) in that short gap
leaves no ``site``; the next ``justculture build`` into the same path puts the old one back
before anything else, whatever else happens in that run.

**Leftovers.** Every staging or old folder is named with the id of the process that made it.
Each build removes those whose process has gone (a killed build's half-made site) and reports
ones with older names it cannot judge; it never touches a live build's folders.

**What may be replaced.** The spec folder, the mkdocs pages, the current folder, the home folder
and any folder holding one of them: never (JC503, JC506). A new path, an empty folder or a site
this command built (it carries ``.justculture-site``): always. Anything else: only with
``force`` (``--force``).
"""

from __future__ import annotations

import ctypes
import errno
import logging
import os
import re
import shutil
import signal
import threading
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
from .outputs import STAGED_NAME, process_alive, remove_stale, staged_name
from .published import check_site_url
from .render.edition_site import SiteEdition, site_edition
from .validation import load_spec

MKDOCS_CONFIG = packaged_mkdocs_config()  # docs_dir and watch are relative to it
PLUGIN_NAME = "justculture"
SITE_MODE = 0o755  # a website folder is readable by all, whatever the umask
# Written into every site we build. Only a folder carrying it (or an empty one) may be replaced,
# so `--out .` or a typo can never delete someone's work.
SITE_MARKER = ".justculture-site"
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100
# Names an earlier version gave its staging and old folders (no process id to judge them by).
_LEGACY = re.compile(r"^\.(?P<name>.+)\.(?P<kind>new|old)-[A-Za-z0-9_]{8}$")


def build_site(
    out_dir: Path,
    spec_dir: Path | None = None,
    *,
    force: bool = False,
    spec: Spec | None = None,
    profile: Path | None = None,
    strict: bool = False,
    site_url: str | None = None,
) -> list[str]:
    """Build the site into ``out_dir``, replacing what was there only if everything succeeds.

    Raises ``SpecErrors`` if the spec is invalid (before anything is written) and
    ``BuildError('JC501')`` with mkdocs' own message if mkdocs cannot build the site. Returns
    notes for the user: a site put back after an earlier crash, leftovers it could not judge.

    ``spec`` is a base spec already loaded from ``spec_dir`` (so several editions load it once);
    ``profile`` builds that trust's edition (``ProfileErrors`` before anything is written);
    ``strict`` makes drift in the profile an error. ``site_url`` is the address the site will
    be published at (canonical links, sitemap, schema ``$id``s); it wins over
    ``JUSTCULTURE_SITE_URL`` and mkdocs.yml, and a bad one is refused (JC507) before anything
    is written or put back.
    """
    check_site_url(site_url)
    spec_dir = locate_spec(spec_dir).resolve()
    out_dir = Path(out_dir).resolve()
    notes = recover(out_dir)
    base = spec if spec is not None else load_spec(spec_dir)
    edition = site_edition(base, profile, strict=strict) if profile is not None else None
    _refuse_unsafe_output(out_dir, spec_dir, force, profile)
    staging = out_dir.with_name(staged_name(out_dir.name, "new"))
    try:
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        staging.mkdir()
    except OSError as error:
        raise BuildError(
            "JC502", f"cannot write beside {out_dir}: {error.strerror or error}"
        ) from None
    try:
        _step("staging-made")
        _run_mkdocs(staging, spec_dir, edition.spec if edition else base, edition, site_url)
        (staging / SITE_MARKER).write_text(
            "Built by justculture build. Safe to replace.\n", encoding="utf-8"
        )
        staging.chmod(SITE_MODE)
        _step("built")
        _swap_into_place(staging, out_dir)
    except OSError as error:
        raise BuildError(
            "JC502", f"cannot put the site in {out_dir}: {error.strerror or error}"
        ) from None
    finally:
        # The half-made site after a failure, or the old site after an exchange.
        _remove(staging)
    return notes


def recover(out_dir: Path) -> list[str]:
    """Undo what a killed build left beside ``out_dir``; say what cannot be judged.

    If ``out_dir`` is missing and an old site of ours waits beside it (a build killed between
    its two renames), it is put back. Folders of builds whose process has gone are removed.
    """
    notes: list[str] = []
    out_dir = Path(out_dir).resolve()
    parent = out_dir.parent
    if not os.path.lexists(out_dir):
        for old in _old_sites(out_dir):
            try:
                os.rename(old, out_dir)
            except OSError:
                continue
            notes.append(
                f"Put back the previous site from {old.name}, left by a build that stopped."
            )
            break
    remove_stale(parent, {out_dir.name})
    for entry in sorted(parent.glob(f".{out_dir.name}.*-*")):
        match = _LEGACY.match(entry.name)
        if match and match["name"] == out_dir.name:
            notes.append(f"{entry} was left by an earlier build that stopped; delete it.")
    return notes


def _old_sites(out_dir: Path) -> list[Path]:
    """Complete old sites of ours beside ``out_dir``, whose build has gone; newest first."""
    found: list[tuple[float, Path]] = []
    for entry in out_dir.parent.glob(f".{out_dir.name}.old-*"):
        match = STAGED_NAME.match(entry.name)
        if match and process_alive(int(match["pid"])):
            continue  # a live build is between its two renames: it puts the path back itself
        if entry.is_dir() and not entry.is_symlink() and (entry / SITE_MARKER).is_file():
            found.append((entry.stat().st_mtime, entry))
    return [path for _, path in sorted(found, reverse=True)]


def _refuse_unsafe_output(
    out_dir: Path, spec_dir: Path, force: bool, profile: Path | None = None
) -> None:
    """Only a new path, an empty folder or a site we built before may be (re)placed.

    Never, even with --force, a folder the build reads: the spec, the pages, mkdocs.yml, or a
    trust's profile with the logo and local scenarios kept beside it.
    """
    docs_dir = MKDOCS_CONFIG.parent / "docs"
    sources = [spec_dir, docs_dir.resolve(), MKDOCS_CONFIG.resolve()]
    if profile is not None:
        sources.append(Path(profile).resolve().parent)
    for source in sources:
        if out_dir == source or source in out_dir.parents or out_dir in source.parents:
            raise BuildError(
                "JC506",
                f"{out_dir} holds or is inside {source}, which the build reads; "
                "choose another folder for the site",
            )
    for kept in (Path.cwd().resolve(), Path.home().resolve()):
        if out_dir == kept or out_dir in kept.parents:
            raise BuildError(
                "JC503",
                f"{out_dir} holds the current or home folder; choose a new folder for the site",
            )
    if not os.path.lexists(out_dir) or force:
        return
    if not out_dir.is_dir():
        raise BuildError(
            "JC503", f"{out_dir} is a file; choose a folder for the site, or add --force"
        )
    if any(out_dir.iterdir()) and not (out_dir / SITE_MARKER).is_file():
        raise BuildError(
            "JC503",
            f"{out_dir} is not empty and was not built by justculture; choose a new or empty "
            "folder, or add --force to replace it",
        )


def _run_mkdocs(
    site_dir: Path,
    spec_dir: Path,
    spec: Spec,
    edition: SiteEdition | None = None,
    site_url: str | None = None,
) -> None:
    # Only a given address overrides mkdocs.yml's (which reads JUSTCULTURE_SITE_URL).
    overrides = {"site_url": site_url} if site_url else {}
    with _collect_mkdocs_messages() as messages:
        try:
            config = load_config(
                str(MKDOCS_CONFIG), site_dir=str(site_dir), strict=True, **overrides
            )
            check_site_url(config.site_url)  # JC507 itself, not wrapped in mkdocs' JC501
            plugin = config.plugins[PLUGIN_NAME]
            if isinstance(plugin, JustCulturePlugin):
                plugin.config.spec_dir = str(spec_dir)
                plugin.preload(spec, spec_dir, edition)
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
    """Put ``staging`` at ``out_dir``; afterwards ``staging`` holds the old site, if any."""
    if not os.path.lexists(out_dir):
        os.rename(staging, out_dir)
        _step("placed")
        return
    if _exchange(staging, out_dir):
        _step("exchanged")
        return
    old = out_dir.with_name(staged_name(out_dir.name, "old"))
    try:
        with _signals_held():
            os.rename(out_dir, old)
            _step("moved-old")
            try:
                os.rename(staging, out_dir)
            except OSError:
                os.rename(old, out_dir)
                raise
        _step("moved-new")
    finally:
        # A held Ctrl-C arrives as the block ends; the old site goes once a site is in place.
        if os.path.lexists(out_dir):
            _remove(old)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one atomic step (Linux); False where the system cannot."""
    renameat2 = getattr(_LIBC, "renameat2", None) if _LIBC is not None else None
    if renameat2 is None:
        return False
    done = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if done == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def _load_libc() -> ctypes.CDLL | None:
    try:
        return ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None


_LIBC = _load_libc()


@contextmanager
def _signals_held() -> Iterator[None]:
    """Hold SIGINT and SIGTERM back while the path is briefly empty; they arrive just after."""
    held = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, held)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    elif os.path.lexists(path):
        path.unlink(missing_ok=True)


def _step(name: str) -> None:
    """A named point in the build; tests replace this to kill the build exactly there."""
