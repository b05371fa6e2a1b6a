"""How results and errors are printed: as text for people or as JSON for programs.

:func:`reporter_for` is the one place a ``--format`` becomes a printer. Results go to standard
output and errors to standard error, in both formats, so ``justculture export > spec.json`` never
fills a file with an error. One exception, by design: the list of problems ``validate --format
json`` prints (``[]`` when there are none) is that command's result, so it goes to standard
output (:meth:`Reporter.findings`); the exit status still says whether the spec is valid.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, Protocol, TextIO

from .engine import Result
from .errors import JustCultureError
from .model import SEVERITY_CODELIST, Spec
from .render.renderer import Renderer
from .views.questions import question_names, question_numbers

Format = Literal["text", "json"]
FORMATS: tuple[Format, ...] = ("text", "json")
# C0 controls but line breaks and tabs, DEL, C1, and the bidirectional overrides.
_TERMINAL_CONTROLS = {
    code: f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
    for code in [
        *range(0x20),
        *range(0x7F, 0xA0),
        *range(0x202A, 0x202F),
        *range(0x2066, 0x206A),
        0x200E,
        0x200F,
        0x061C,
    ]
    if code not in (0x09, 0x0A)
}


class Reporter(Protocol):
    def valid(self, spec: Spec) -> None:
        """Say that the spec is valid."""

    def result(self, spec: Spec, result: Result) -> None:
        """Show the outcome of evaluating one tool."""

    def errors(self, errors: Sequence[JustCultureError], hidden: int = 0) -> None:
        """Show problems on standard error; ``hidden`` more were found but are not shown."""

    def findings(self, errors: Sequence[JustCultureError], hidden: int = 0) -> None:
        """Show what ``validate`` found: as text, errors; as JSON, the result on stdout."""


def reporter_for(
    output_format: str, out: TextIO | None = None, err: TextIO | None = None
) -> Reporter:
    """The printer for ``output_format`` (``text`` unless it is ``json``)."""
    out = out or sys.stdout
    if output_format == "json":
        return JsonReporter(out, err or sys.stderr)
    return TextReporter(out, err or sys.stderr)


def result_text(spec: Spec, result: Result, renderer: Renderer | None = None) -> str:
    """A result as the text the terminal shows, headed by the tool's title, with any alerts
    ("STOP: ...", "CHECK YOUR ANSWERS: ...") above the outcome."""
    tool = spec.tool(result.tool)
    text = (renderer or Renderer()).render(
        "text/result.txt.j2",
        result=result.to_dict(),
        tool=tool,
        title=tool.title,
        names=question_names(tool),
        numbers=question_numbers(tool),
        severities=spec.codelists.get(SEVERITY_CODELIST, {}),
    )
    # Titles and reasons are spec text: a terminal must show an escape sequence, not obey it.
    return text.translate(_TERMINAL_CONTROLS)


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

    def findings(self, errors: Sequence[JustCultureError], hidden: int = 0) -> None:
        self.errors(errors, hidden)


@dataclass
class JsonReporter:
    out: TextIO
    err: TextIO

    def valid(self, spec: Spec) -> None:
        self.out.write("[]\n")

    def result(self, spec: Spec, result: Result) -> None:
        self.out.write(json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n")

    def errors(self, errors: Sequence[JustCultureError], hidden: int = 0) -> None:
        self.err.write(_error_list(errors))

    def findings(self, errors: Sequence[JustCultureError], hidden: int = 0) -> None:
        self.out.write(_error_list(errors))


def _error_list(errors: Sequence[JustCultureError]) -> str:
    return json.dumps([error.to_dict() for error in errors], indent=2) + "\n"
