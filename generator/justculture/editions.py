"""Several trust editions in one command: ``justculture build --profile a.yaml --profile b.yaml``.

The base spec is loaded and validated once, in this process. Each profile is read here first (so
a broken one is reported at once, and two profiles cannot claim one folder), then each edition is
built by :func:`justculture.build.build_site` into ``OUT/<profile id>/`` in a worker process.
Workers are forked while this process has one thread, so they share the loaded spec; each
edition has its own staging folder and atomic swap, so one that fails leaves the others, and its
own previous copy, as they were. ``OUT/index.html`` lists every edition built, and what failed.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from .errors import BuildError, JustCultureError, ProfileErrors, SpecErrors
from .locate import locate_spec
from .model import Spec
from .outputs import write_all
from .render.renderer import Renderer
from .tailor import read_profile
from .validation import load_spec

INDEX_PAGE = "index.html"
EDITIONS_MARKER = ".justculture-editions"
INDEX_TEMPLATE = "tailor/editions-index.html.j2"
PROFILE_SUFFIXES = (".yaml", ".yml")
_BASE: dict[str, Spec] = {}  # the base spec, set before the workers fork so they share it


@dataclass(frozen=True)
class EditionResult:
    """One profile's edition: where it went, or the located errors that stopped it."""

    profile: str
    id: str = ""
    name: str = ""
    summary: str = ""
    errors: tuple[JustCultureError, ...] = ()
    notes: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return not self.errors


def profile_files(paths: Sequence[Path]) -> list[Path]:
    """The profiles named: files as given; for a folder given, every ``*.yaml`` directly inside
    it and, for a trust that keeps its logo and scenarios in a folder of its own, ``NAME/NAME.yaml``
    (``examples/profiles/northshire/northshire.yaml``)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(_profiles_in(path))
        else:
            found.append(path)
    return found


def _profiles_in(folder: Path) -> list[Path]:
    files = [p for p in folder.iterdir() if p.suffix in PROFILE_SUFFIXES and p.is_file()]
    for sub in (p for p in folder.iterdir() if p.is_dir()):
        files.extend(
            own for own in (sub / f"{sub.name}{s}" for s in PROFILE_SUFFIXES) if own.is_file()
        )
    return sorted(files)


def build_editions(
    profiles: Sequence[Path],
    out_dir: Path,
    spec_dir: Path | None = None,
    *,
    force: bool = False,
    strict: bool = False,
    jobs: int | None = None,
) -> list[EditionResult]:
    """Build one edition per profile into ``out_dir/<id>/``, and ``out_dir/index.html``.

    Returns a result per profile, in the order given; the caller reports failures. Raises only
    if the base spec is invalid (SpecErrors) or the index cannot be written (BuildError).
    """
    spec_dir = locate_spec(spec_dir).resolve()
    base = load_spec(spec_dir)
    out_dir = Path(out_dir).resolve()
    _refuse_unsafe(out_dir, spec_dir, force)
    results: dict[int, EditionResult] = {}
    planned: list[tuple[int, Path, str]] = []
    claimed: dict[str, str] = {}
    for index, path in enumerate(profile_files(profiles)):
        result, profile_id = _plan(path, claimed)
        if result is not None:
            results[index] = result
        else:
            planned.append((index, path, profile_id))
    for index, result in _build_all(base, planned, out_dir, spec_dir, force, strict, jobs):
        results[index] = result
    ordered = [results[index] for index in sorted(results)]
    _write_index(out_dir, ordered)
    return ordered


def _plan(path: Path, claimed: dict[str, str]) -> tuple[EditionResult | None, str]:
    """Read a profile to learn its id: a failure becomes its result, no build."""
    try:
        profile = read_profile(path)
    except ProfileErrors as problems:
        return EditionResult(str(path), errors=tuple(problems)), ""
    if profile.id in claimed:
        message = f"the edition id '{profile.id}' is also used by {claimed[profile.id]}; give each profile its own id"
        error = profile.error("JC611", message, "/id")
        return EditionResult(str(path), profile.id, profile.name, errors=(error,)), ""
    claimed[profile.id] = str(path)
    return None, profile.id


def _build_all(
    base: Spec,
    planned: list[tuple[int, Path, str]],
    out_dir: Path,
    spec_dir: Path,
    force: bool,
    strict: bool,
    jobs: int | None,
) -> list[tuple[int, EditionResult]]:
    workers = max(1, min(len(planned), jobs or os.cpu_count() or 1))
    tasks = [
        (str(path), str(out_dir / pid), str(spec_dir), force, strict) for _, path, pid in planned
    ]
    if workers == 1:
        _BASE["spec"] = base
        return [
            (index, _build_one(task)) for (index, _, _), task in zip(planned, tasks, strict=True)
        ]
    _BASE["spec"] = base
    done: list[tuple[int, EditionResult]] = []
    with ProcessPoolExecutor(max_workers=workers, mp_context=_context()) as pool:
        futures: list[tuple[int, str, Future[EditionResult]]] = [
            (index, task[0], pool.submit(_build_one, task))
            for (index, _, _), task in zip(planned, tasks, strict=True)
        ]
        for index, profile, future in futures:
            done.append((index, _collect(profile, future)))
    return done


def _collect(profile: str, future: Future[EditionResult]) -> EditionResult:
    try:
        return future.result()
    except BrokenProcessPool as died:
        error = BuildError("JC501", f"the worker building this edition stopped ({died})", profile)
        return EditionResult(profile, errors=(error,))
    except Exception as failed:  # one edition's failure (even a bug) must not stop the others
        error = BuildError("JC501", f"could not build this edition: {failed!r}", profile)
        return EditionResult(profile, errors=(error,))


def _context() -> multiprocessing.context.BaseContext:
    """Fork while this process has one thread (the workers share the loaded spec), else spawn."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and _single_threaded():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _single_threaded() -> bool:
    try:
        return len(os.listdir("/proc/self/task")) == 1
    except OSError:
        import threading

        return threading.active_count() == 1


def _build_one(task: tuple[str, str, str, bool, bool]) -> EditionResult:
    """Build one edition (in a worker); every failure becomes this edition's result."""
    from .build import build_site  # mkdocs is slow to import

    profile, out, spec_dir, force, strict = task
    base = _BASE.get("spec") or load_spec(Path(spec_dir))  # spawned workers load it themselves
    try:
        notes = build_site(
            Path(out), Path(spec_dir), force=force, spec=base, profile=Path(profile), strict=strict
        )
        edition = read_profile(profile)
    except ProfileErrors as problems:
        return EditionResult(profile, errors=tuple(problems))
    except JustCultureError as problem:
        found = list(problem) if isinstance(problem, SpecErrors) else [problem]
        return EditionResult(profile, errors=tuple(found))
    return EditionResult(
        profile, edition.id, edition.name, _summary(base, profile, strict), notes=tuple(notes)
    )


def _summary(base: Spec, profile: str, strict: bool) -> str:
    from .tailor import tailor

    _, report = tailor(base, read_profile(profile), strict=strict)
    return report.summary()


def _write_index(out_dir: Path, results: list[EditionResult]) -> None:
    built = [result for result in results if result.ok]
    failed = [result for result in results if not result.ok]
    html = Renderer().render(INDEX_TEMPLATE, built=built, failed=failed)
    marker = b"Made by justculture build --profile. Safe to replace.\n"
    write_all(out_dir, [(INDEX_PAGE, html.encode("utf-8")), (EDITIONS_MARKER, marker)])


def _refuse_unsafe(out_dir: Path, spec_dir: Path, force: bool) -> None:
    """The editions' folder: new, empty, one this command made before, or ``force``d."""
    inside_spec = spec_dir in out_dir.parents
    for kept in (spec_dir, Path.cwd().resolve(), Path.home().resolve()):
        if out_dir == kept or out_dir in kept.parents or inside_spec:
            message = f"{out_dir} holds or is inside the spec, the current or the home folder"
            raise BuildError("JC503", f"{message}; choose a new folder for the editions")
    if not out_dir.exists() or force:
        return
    if not out_dir.is_dir():
        raise BuildError("JC503", f"{out_dir} is a file; choose a folder for the editions")
    if any(out_dir.iterdir()) and not (out_dir / EDITIONS_MARKER).is_file():
        raise BuildError(
            "JC503",
            f"{out_dir} is not empty and was not made by justculture build --profile; choose a "
            "new or empty folder, or add --force",
        )
