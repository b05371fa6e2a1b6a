"""The ``justculture`` command: the parser, one module per command, and the one error handler.

Each command module (``validate``, ``export``, ``evaluate``, ``walk``, ``build``, ``record``,
``session``) adds its arguments and runs as a few calls into the library. Exit status: 0 done,
1 the input is invalid or an output failed, 2 a bad command line, 130 interrupted.
"""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
import threading
from collections.abc import Iterator, Sequence
from typing import Any

import yaml

from .. import __version__
from ..errors import BuildError, JustCultureError, ProfileErrors, SpecErrors
from ..locate import locate_spec
from ..reporters import reporter_for
from . import _streams, build, evaluate, export, monitor, profile, record, session, validate, walk
from ._common import EXIT_INTERRUPTED, EXIT_INVALID, Command

__all__ = ["main", "version_text"]

COMMAND_MODULES = (validate, export, evaluate, walk, build, record, session, profile, monitor)
MANIFEST_FILE = "manifest.yaml"


def main(argv: Sequence[str] | None = None) -> int:
    _streams.prepare()
    args = parser().parse_args(argv)
    command: Command = args.command
    with _terminate_as_interrupt():
        try:
            return command(args)
        except JustCultureError as problem:
            return _report(args, problem)
        except KeyboardInterrupt:
            return EXIT_INTERRUPTED
        except OSError as problem:
            # Output a command writes goes through _streams.emit, so this is a stream that failed
            # part-way (a walk's prompts, say): never success, never a traceback.
            _streams.silence(sys.stdout)
            reason = problem.strerror or str(problem)
            where = str(problem.filename) if problem.filename else ""
            return _report(args, BuildError("JC502", f"could not finish: {reason}", where))


def _report(args: argparse.Namespace, problem: JustCultureError) -> int:
    errors = list(problem) if isinstance(problem, SpecErrors | ProfileErrors) else [problem]
    try:
        reporter_for(getattr(args, "format", "text")).errors(errors)
        sys.stderr.flush()
    except (OSError, ValueError):
        _streams.silence(sys.stderr)  # standard error is gone; the exit status still tells
    return EXIT_INVALID


@contextlib.contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """SIGTERM and SIGHUP unwind like Ctrl-C, so staged files and folders are removed."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {number: signal.getsignal(number) for number in (signal.SIGTERM, signal.SIGHUP)}
    for number in previous:
        signal.signal(number, _interrupt)
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler if handler is not None else signal.SIG_DFL)


def _interrupt(number: int, frame: object) -> None:
    raise KeyboardInterrupt


def parser() -> argparse.ArgumentParser:
    command_line = argparse.ArgumentParser(
        prog="justculture",
        description="Being fair (2019) as validated data: validate it, export it, evaluate its tools.",
    )
    command_line.add_argument(
        "--version", action=_VersionAction, help="show the package and spec versions, then exit"
    )
    commands = command_line.add_subparsers(title="commands", required=True, metavar="COMMAND")
    for module in COMMAND_MODULES:
        module.add(commands)
    return command_line


def version_text() -> str:
    """Such as ``justculture 0.2.0 (spec 1.0.0)``: the package, and the spec it reads by default."""
    return f"justculture {__version__} (spec {_spec_version()})"


def _spec_version() -> str:
    """The default spec's version from its manifest alone, so it shows even if the spec is broken."""
    try:
        manifest = yaml.safe_load((locate_spec() / MANIFEST_FILE).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError, JustCultureError):
        return "unknown"
    version = manifest.get("spec_version") if isinstance(manifest, dict) else None
    return str(version) if version is not None else "unknown"


class _VersionAction(argparse.Action):
    """Like argparse's ``version`` action, but reads the spec's version only when asked."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: Any,
        option_string: str | None = None,
    ) -> None:
        _streams.say(sys.stdout, version_text() + "\n")
        parser.exit()
