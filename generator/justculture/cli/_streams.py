"""Standard streams that may be closed, broken or full.

The command is run from shells, pipes and cron jobs, so any of its three standard streams may be
closed at start (``>&-``), stop being read part-way (``| head``) or fail on write (``> /dev/full``).
The rules:

- A closed descriptor 0, 1 or 2 gets ``/dev/null`` at start, so no file the command opens later
  takes its number (a spec file read as stdin, or a PDF written through stdout). Python gives
  ``None`` for such a stream; it becomes a :class:`ClosedStream` that fails with EBADF.
- Output is written and flushed by :func:`emit`, which knows the exit status the command has
  already decided. A reader that stops reading (EPIPE) does not change it: an invalid spec
  piped to ``head -0`` still exits 1. Any other write failure (closed, full disk, I/O error) is
  JC502 on standard error.
- After a failure the descriptor is pointed at ``/dev/null``, so Python's own flush at exit has
  nowhere to fail and prints no "Exception ignored" traceback.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import sys
from collections.abc import Callable
from typing import TextIO, cast

from ..errors import BuildError, UsageError

STDOUT = "<stdout>"
STDIN = "<stdin>"
_REPLY_CONTROLS = {
    code: f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
    for code in [*range(0x20), *range(0x7F, 0xA0), *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
}


class ClosedStream(io.TextIOBase):
    """Stands in for a standard stream that was closed when the command started."""

    def __init__(self, what: str) -> None:
        super().__init__()
        self.what = what

    def _fail(self) -> OSError:
        return OSError(errno.EBADF, f"{self.what} is closed")

    def write(self, text: str) -> int:
        raise self._fail()

    def read(self, size: int | None = -1) -> str:
        raise self._fail()

    def readline(self, size: int | None = -1) -> str:  # type: ignore[override]
        raise self._fail()

    def isatty(self) -> bool:
        return False

    def readable(self) -> bool:
        return True

    def writable(self) -> bool:
        return True


def prepare() -> None:
    """Give closed descriptors 0-2 ``/dev/null`` and closed ``sys`` streams a ClosedStream."""
    for descriptor in (0, 1, 2):
        try:
            os.fstat(descriptor)
        except OSError:
            _point_at_devnull(descriptor)
    if sys.stdin is None:
        sys.stdin = ClosedStream("standard input")
    if sys.stdout is None:
        sys.stdout = ClosedStream("standard output")
    if sys.stderr is None:
        sys.stderr = ClosedStream("standard error")


def emit(status: int, write: Callable[[], object]) -> int:
    """Print the command's output with ``write`` and return ``status``.

    A broken pipe keeps ``status``; a closed, full or failing stdout raises JC502.
    """
    try:
        write()
        sys.stdout.flush()
    except BrokenPipeError:
        silence(sys.stdout)
        return status
    except (OSError, ValueError) as error:  # ValueError: a stream closed inside this process
        silence(sys.stdout)
        raise BuildError("JC502", f"could not write the output: {_reason(error)}", STDOUT) from None
    return status


def say(stream: TextIO, text: str) -> None:
    """Best effort, for standard error: if it cannot be written, the exit status still tells."""
    try:
        stream.write(text)
        stream.flush()
    except (OSError, ValueError):
        silence(stream)


def readable_stdin() -> TextIO:
    """Standard input for reading replies, or JC409 if it is closed.

    Bytes that are not UTF-8 become U+FFFD, which no question accepts, so the question is asked
    again instead of the command failing.
    """
    stdin = sys.stdin
    if isinstance(stdin, ClosedStream) or stdin is None:
        raise UsageError(
            "JC409", "standard input is closed; this command reads replies from it", STDIN
        )
    if isinstance(stdin, io.TextIOWrapper):
        with contextlib.suppress(ValueError, OSError):
            stdin.reconfigure(errors="replace")
    return cast(TextIO, _ShownLines(stdin))


class _ShownLines:
    """Replies as a walk reads them: a walk fed from a pipe echoes each line, so controls in a
    reply (an escape sequence, say) are shown as ``\\x1b``, never sent to the terminal raw."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def readline(self) -> str:
        line = self.stream.readline()
        body, newline = (line[:-1], "\n") if line.endswith("\n") else (line, "")
        return body.translate(_REPLY_CONTROLS) + newline

    def isatty(self) -> bool:
        return self.stream.isatty()


def silence(stream: TextIO | None) -> None:
    """Point ``stream``'s descriptor at /dev/null so nothing more can fail on it."""
    if stream is None or isinstance(stream, ClosedStream):
        return
    try:
        descriptor = stream.fileno()
    except (OSError, ValueError, io.UnsupportedOperation):
        return
    _point_at_devnull(descriptor)


def _point_at_devnull(descriptor: int) -> None:
    with contextlib.suppress(OSError):
        null = os.open(os.devnull, os.O_RDWR)
        if null != descriptor:
            os.dup2(null, descriptor)
            os.close(null)


def _reason(error: Exception) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror[0].lower() + error.strerror[1:]
    return str(error)
