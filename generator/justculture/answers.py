"""Answers to a guide or checklist as a command gathers them: from a file, stdin and flags.

Each answer remembers where it came from, so an error names the file, line and column of a bad
answer in a file, or the command line for a bad flag.
"""

from __future__ import annotations

import errno
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from .engine import Result, evaluate
from .errors import AnswerError, JustCultureError, SpecError, UsageError, escape_pointer_token
from .loading import MAX_FILE_BYTES, SourceFile, byte_position, parse_yaml, read_yaml
from .model import Spec

COMMAND_LINE = "<command line>"
STDIN = "-"
STDIN_NAME = "<stdin>"
# What an answers file is called in its error messages (not "a spec file").
ANSWERS_FILE = "an answers file"


@dataclass
class AnswerInput:
    """Answers from a file (or stdin) and ``ID=VALUE`` flags; flags win."""

    answers: dict[str, Any] = field(default_factory=dict)
    source: SourceFile | None = None
    from_flags: set[str] = field(default_factory=set)

    @classmethod
    def collect(cls, file_arg: str | None, pairs: list[str], stdin: TextIO | None) -> AnswerInput:
        """Answers from ``file_arg`` (a path, or ``-`` for ``stdin``), then from ``pairs``."""
        given = cls() if file_arg is None else cls._from_file(file_arg, stdin)
        for pair in pairs:
            key, sep, value = pair.partition("=")
            if not sep or not key.strip():
                message = f"'--answer {pair}' must be in the form ID=VALUE, such as 3b=no"
                raise AnswerError("JC404", message, COMMAND_LINE)
            if key.strip() in given.from_flags:
                # As in a file (JC104): two answers to one question are a mistake, not a choice.
                message = f"'--answer {key.strip()}=...' is given twice; keep one answer"
                raise AnswerError("JC404", message, COMMAND_LINE)
            given.answers[key.strip()] = value.strip()
            given.from_flags.add(key.strip())
        return given

    @classmethod
    def _from_file(cls, file_arg: str, stdin: TextIO | None) -> AnswerInput:
        source = (
            parse_yaml(read_stdin(stdin), STDIN_NAME, kind=ANSWERS_FILE)
            if file_arg == STDIN
            else read_yaml(Path(file_arg), file_arg, kind=ANSWERS_FILE)
        )
        if not isinstance(source.data, dict):
            message = "the answers must be a mapping of question ids to values, such as {1a: 'no'}"
            raise source.located(AnswerError, "JC404", message)
        for key, value in source.data.items():
            if isinstance(value, bool):
                pointer = f"/{escape_pointer_token(str(key))}"
                raise source.located(AnswerError, "JC403", _truth_value(key, value), pointer)
        return cls(answers=dict(source.data), source=source)

    def evaluate(self, spec: Spec, tool_id: str, staff_group: str | None = None) -> Result:
        """Evaluate the answers; an error points at where the bad answer came from."""
        try:
            return evaluate(spec, tool_id, self.answers, staff_group=staff_group)
        except AnswerError as error:
            raise self.locate(error) from None

    def locate(self, error: JustCultureError) -> JustCultureError:
        key = error.pointer[1:]
        in_file = (
            self.source is not None
            and key
            and key not in {escape_pointer_token(k) for k in self.from_flags}
        )
        if in_file and self.source is not None:
            return self.source.located(
                type(error), error.code, error.message, error.pointer, key=error.code == "JC402"
            )
        return error.relocated(COMMAND_LINE)


def _truth_value(key: Any, value: bool) -> str:
    # YAML reads an unquoted true, false, on or off as a truth value, not as a word.
    word = str(value).lower()
    return (
        f"the answers file gives {key}: {word}, which YAML reads as true or false, not as an answer; "
        f'write yes or no, in quotes if you like: {key}: "yes"'
    )


def read_stdin(stdin: TextIO | None) -> str:
    """Answers from standard input, read as bytes: closed (JC409), too large (JC112), not UTF-8
    (JC102) are located errors like a file's, never a traceback. Reads at most the limit."""
    try:
        if stdin is None:
            raise OSError(errno.EBADF, "standard input is closed")
        buffer = getattr(stdin, "buffer", None)
        raw = buffer.read(MAX_FILE_BYTES + 1) if buffer is not None else stdin.read().encode()
    except (OSError, ValueError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        message = f"cannot read the answers from standard input: {reason}"
        raise UsageError("JC409", message, STDIN_NAME) from None
    if not isinstance(raw, bytes):
        raise UsageError("JC409", "standard input gave no bytes to read", STDIN_NAME)
    if len(raw) > MAX_FILE_BYTES:
        megabytes = MAX_FILE_BYTES // (1024 * 1024)
        raise SpecError("JC112", f"the answers are larger than {megabytes} MB", STDIN_NAME)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        message = f"byte 0x{raw[exc.start]:02x} is not valid UTF-8; send the answers as UTF-8"
        raise SpecError("JC102", message, STDIN_NAME, *byte_position(raw, exc.start)) from None


# Free text for a record: a tab or a line break becomes a space (a field is printed as running
# text, where either would show as a space anyway); any other control character (C0, DEL, C1)
# is refused, as it cannot be printed and may be an escape sequence meant for a terminal.
# Bidirectional controls are printable text, so they pass here and the print filter removes them.
_FIELD_SPACES = re.compile(r"[\t\r\n]")
_FIELD_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
YES_NO = ("yes", "no")


def parse_fields(
    pairs: list[str], known: list[str], yes_no: Collection[str] = ()
) -> dict[str, str]:
    """``NAME=TEXT`` pairs as a mapping, refusing names the decision record does not have, a
    yes-or-no field (``yes_no``) given anything but yes or no, and control characters."""
    fields: dict[str, str] = {}
    for pair in pairs:
        name, sep, text = pair.partition("=")
        name = name.strip()
        if not sep or name not in known:
            message = f"'--field {pair}' must be NAME=TEXT with NAME one of: {', '.join(known)}"
            raise UsageError("JC406", message, COMMAND_LINE)
        fields[name] = _field_text(name, text)
        if name in yes_no and fields[name].lower() not in YES_NO:
            message = (
                f"--field {name} takes yes or no, not '{fields[name]}': "
                f"give {name}=yes or {name}=no"
            )
            raise UsageError("JC406", message, COMMAND_LINE)
    return fields


def _field_text(name: str, text: str) -> str:
    control = _FIELD_CONTROLS.search(_FIELD_SPACES.sub(" ", text))
    if control is not None:
        code = f"U+{ord(control.group()):04X}"
        message = (
            f"--field {name} contains a control character ({code}), which a record cannot "
            "print; remove it (a tab or a line break is fine: it becomes a space)"
        )
        raise UsageError("JC406", message, COMMAND_LINE)
    return _FIELD_SPACES.sub(" ", text).strip()
