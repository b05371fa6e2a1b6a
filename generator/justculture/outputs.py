"""Writing output files all-or-nothing, and never over something a user would miss.

Every command that writes (PDFs, records, session packs, exports) stages each file under a hidden
name in the target folder and renames them into place only when all are ready, so a failure never
leaves a half-written file or a half-updated set behind. A staged file is named
``.NAME.new-PID-RANDOM``: if the process dies before the rename (SIGKILL, a power cut), the next
write of the same file removes it once process PID has gone.

The commands also run their writes under an :class:`OutputGuard` (:func:`guarded`). The guard
refuses, before anything is written:

- an output that is an input of the same run (the answers file, the spec folder or a file in it):
  JC506, whatever the flags;
- an output that would replace a file justculture did not write: JC505, unless ``--force``.

"Written by justculture" means: listed, with the SHA-256 of its content, in the folder's
``.justculture-outputs`` file, which every guarded write updates. A file a user wrote, or one we
wrote and the user has since edited, does not match, so it is never replaced silently. Library
callers that write into folders they made themselves (the site build's printables) run unguarded.
"""

from __future__ import annotations

import contextlib
import contextvars
import hashlib
import json
import os
import re
import secrets
import shutil
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from .errors import BuildError

# The list of files justculture wrote into a folder, with their content's SHA-256.
WRITTEN_LIST = ".justculture-outputs"
_WRITTEN_LIST_LIMIT = 1024 * 1024
STAGED_NAME = re.compile(r"^\.(?P<name>.+)\.(?:new|old)-(?P<pid>\d+)-[0-9a-f]+$")


@dataclass(frozen=True)
class OutputGuard:
    """What one command run may replace: ``inputs`` never, other files only if ours or forced."""

    inputs: tuple[Path, ...] = ()
    force: bool = False

    def check(self, targets: Sequence[Path]) -> None:
        """Raise JC506 or JC505 for the first target the run may not write."""
        for target in targets:
            self._check_one(target)

    def _check_one(self, target: Path) -> None:
        if target.name == WRITTEN_LIST:
            raise BuildError(
                "JC506", "this is justculture's own list of what it wrote", str(target)
            )
        places = {_absolute(target), _resolved(target)}
        for source in self.inputs:
            if any(where == source or source in where.parents for where in places) or _same_file(
                target, source
            ):
                raise BuildError(
                    "JC506",
                    f"this is an input of the same command ({source}); "
                    "choose another path for the output",
                    str(target),
                )
        if not os.path.lexists(target):
            return
        if target.is_dir() and not target.is_symlink():
            raise BuildError(
                "JC505", "this is a folder; choose a file path for the output", str(target)
            )
        if not stat.S_ISREG(os.lstat(target).st_mode):
            # A link, a pipe or a device (/dev/null, /dev/stdout): writing "over" it would put
            # a file in its place, which --force must not do either.
            raise BuildError(
                "JC505",
                "this is a link, a pipe or a device, not an ordinary file, and justculture "
                "never replaces one, even with --force; choose the path of an ordinary file",
                str(target),
            )
        if self.force or _written_by_us(target):
            return
        raise BuildError(
            "JC505",
            "this file already exists and justculture did not write it (or it was changed "
            "since); choose another path, or add --force to replace it",
            str(target),
        )


_GUARD: contextvars.ContextVar[OutputGuard | None] = contextvars.ContextVar(
    "justculture_output_guard", default=None
)


@contextlib.contextmanager
def guarded(guard: OutputGuard) -> Iterator[OutputGuard]:
    """Run every :func:`write_all` inside the block under ``guard``."""
    token = _GUARD.set(guard)
    try:
        yield guard
    finally:
        _GUARD.reset(token)


def guard_for(inputs: Sequence[Path | None], force: bool) -> OutputGuard:
    """A guard protecting ``inputs`` (files or folders; ``None`` is skipped)."""
    given = [path for path in inputs if path is not None]
    forms = dict.fromkeys([*map(_absolute, given), *map(_resolved, given)])
    return OutputGuard(tuple(forms), force)


def write_all(out_dir: Path, files: Sequence[tuple[str, bytes]]) -> list[Path]:
    """Write ``(name, content)`` pairs into ``out_dir``; all of them, or none (JC502).

    Under a guard (:func:`guarded`), every target is checked first (JC505, JC506) and the
    folder's list of written files is updated after.
    """
    guard = _GUARD.get()
    targets = [out_dir / name for name, _ in files]
    if guard is not None:
        guard.check(targets)
    folders = [target for target in targets if target.is_dir() and not target.is_symlink()]
    if folders:
        # Checked before any rename: a rename onto a folder would fail half-way through a set.
        raise BuildError("JC502", "a folder is in the way of this output", str(folders[0]))
    staged: list[tuple[Path, Path]] = []
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        remove_stale(out_dir, {name for name, _ in files})
        for name, data in files:
            target = out_dir / name
            staged.append((_stage(target, data), target))
        for temp, target in staged:
            os.replace(temp, target)
        if guard is not None:
            _remember(out_dir, {name: _digest(data) for name, data in files})
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


def staged_name(name: str, kind: str = "new") -> str:
    """``.NAME.new-PID-RANDOM``: hidden, unique, and telling which process made it."""
    return f".{name}.{kind}-{os.getpid()}-{secrets.token_hex(6)}"


def remove_stale(folder: Path, names: set[str] | None = None) -> list[Path]:
    """Remove files (and folders) staged by processes that have gone; return what was removed.

    Only entries named as :func:`staged_name` makes them are touched, and only for ``names``
    (every name if ``None``), so a live run's staging is never removed.
    """
    removed: list[Path] = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return removed
    for entry in entries:
        match = STAGED_NAME.match(entry.name)
        if not match or (names is not None and match["name"] not in names):
            continue
        if process_alive(int(match["pid"])):
            continue
        _remove(entry)
        removed.append(entry)
    return removed


def process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True  # someone else's process, or not a pid we can ask about: leave it
    return True


def _remove(entry: Path) -> None:
    if entry.is_dir() and not entry.is_symlink():
        shutil.rmtree(entry, ignore_errors=True)
    else:
        entry.unlink(missing_ok=True)


def _stage(target: Path, data: bytes) -> Path:
    # A hidden, unique name in the same folder keeps the final rename atomic. "x" mode never
    # overwrites and, unlike mkstemp, keeps the user's umask: a built site must stay readable.
    temp = target.with_name(staged_name(target.name))
    try:
        with temp.open("xb") as stream:
            stream.write(data)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return temp


def _absolute(path: Path) -> Path:
    """``path`` made absolute with its folder's links resolved, but not a link at the end."""
    path = Path(os.path.abspath(path))
    return path.parent.resolve() / path.name


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a link loop
        return _absolute(path)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _written(folder: Path) -> dict[str, str]:
    """The folder's list of files justculture wrote; empty if missing or unreadable."""
    listing = folder / WRITTEN_LIST
    try:
        if not listing.is_file() or listing.is_symlink():
            return {}
        with listing.open("rb") as stream:
            raw = stream.read(_WRITTEN_LIST_LIMIT + 1)
        data = json.loads(raw) if len(raw) <= _WRITTEN_LIST_LIMIT else {}
    except (OSError, ValueError):
        return {}
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, dict):
        return {}
    return {k: v for k, v in files.items() if isinstance(k, str) and isinstance(v, str)}


def _written_by_us(target: Path) -> bool:
    expected = _written(target.parent).get(target.name)
    if expected is None or target.is_symlink() or not target.is_file():
        return False
    digest = hashlib.sha256()
    try:
        with target.open("rb") as stream:
            for block in iter(lambda: stream.read(1024 * 1024), b""):
                digest.update(block)
    except OSError:
        return False
    return digest.hexdigest() == expected


def _remember(folder: Path, written: dict[str, str]) -> None:
    """Add ``written`` to the folder's list, dropping files that are no longer there."""
    files = {name: digest for name, digest in _written(folder).items() if (folder / name).is_file()}
    files.update(written)
    text = json.dumps(
        {"about": "Files justculture wrote here, so it may replace them.", "files": files},
        indent=2,
        sort_keys=True,
    )
    listing = folder / WRITTEN_LIST
    temp = _stage(listing, (text + "\n").encode("utf-8"))
    try:
        os.replace(temp, listing)
    finally:
        temp.unlink(missing_ok=True)
