"""How results and errors are printed: as text for people or as JSON for programs.

:func:`reporter_for` is the one place a ``--format`` becomes a printer. Text goes to standard
output and errors to standard error; JSON (results and errors alike) goes to standard output.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, Protocol, TextIO

from .engine import Result
from .errors import JustCultureError
from .model import Spec
from .render.renderer import Renderer

Format = Literal["text", "json"]
FORMATS: tuple[Format, ...] = ("text", "json")


class Reporter(Protocol):
    def valid(self, spec: Spec) -> None:
        """Say that the spec is valid."""

    def result(self, spec: Spec, result: Result) -> None:
        """Show the outcome of evaluating one tool."""

    def errors(self, errors: Sequence[JustCultureError], hidden: int = 0) -> None:
        """Show problems; ``hidden`` more were found but are not shown."""


def reporter_for(
    output_format: str, out: TextIO | None = None, err: TextIO | None = None
) -> Reporter:
    """The printer for ``output_format`` (``text`` unless it is ``json``)."""
    out = out or sys.stdout
    if output_format == "json":
        return JsonReporter(out)
    return TextReporter(out, err or sys.stderr)


def result_text(spec: Spec, result: Result, renderer: Renderer | None = None) -> str:
    """A result as the text the terminal shows, headed by the tool's title."""
    tool = spec.tool(result.tool)
    return (renderer or Renderer()).render(
        "text/result.txt.j2", result=result.to_dict(), tool=tool, title=tool.title
    )


@dataclass
class TextReporter:
    out: TextIO
    err: TextIO
    renderer: Renderer | None = None

    def valid(self, spec: Spec) -> None:
        count = len(spec.documents)
        self.out.write(f"The spec is valid: {count} documents, spec version {spec.version}.\n")

    def result(self, spec: Spec, result: Result) -> None:
        self.out.write(result_text(spec, result, self.renderer))

    def errors(self, errors: Sequence[JustCultureError], hidden: int = 0) -> None:
        for error in errors:
            self.err.write(error.format() + "\n")
        if hidden:
            self.err.write(
                f"{hidden} other error(s) in the same files; use --verbose to see them all\n"
            )


@dataclass
class JsonReporter:
    out: TextIO

    def valid(self, spec: Spec) -> None:
        self.out.write("[]\n")

    def result(self, spec: Spec, result: Result) -> None:
        self.out.write(json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n")

    def errors(self, errors: Sequence[JustCultureError], hidden: int = 0) -> None:
        json.dump([error.to_dict() for error in errors], self.out, indent=2)
        self.out.write("\n")
