"""Read YAML documents safely, remembering where every value came from.

PyYAML's own loaders expand aliases, keep the last of two duplicate keys, and read ``no`` as
``False``. Each of those would let a typo through silently. So this module takes only the parser's
events (from libyaml's fast C parser where it is installed), builds plain data from them itself,
and refuses those cases with a located :class:`SpecError`.
"""

from __future__ import annotations

import errno
import math
import os
import re
import stat
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

import yaml
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    Event,
    MappingEndEvent,
    MappingStartEvent,
    NodeEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
    StreamStartEvent,
)
from yaml.nodes import ScalarNode

from .errors import (
    ErrorCodeId,
    JustCultureError,
    SpecError,
    SpecErrors,
    escape_pointer_token,
    shorten,
)

Position = tuple[int, int]
LocatedError = TypeVar("LocatedError", bound=JustCultureError)
_SCALAR_TYPES = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
}
_MERGE = "tag:yaml.org,2002:merge"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
# The only number forms read as numbers: YAML 1.1 also reads 010 as 8, 0x1_F as 31 and 1:20 as
# 80, which look like something else; those are refused, not silently converted.
_PLAIN_INT = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$")
_PLAIN_FLOAT = re.compile(r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$")
# Beyond 2**53 JSON readers (JavaScript's among them) lose precision.
_LARGEST_INT = 2**53 - 1
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_STRING = 100_000
BIDI_CONTROLS = "\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c"
"""The direction controls (U+202E and its kin), as a regular-expression character range: they
would make a page, a PDF or a terminal show text reversed, so that what a manager reads is not
what the file says. English text never needs one. The loader refuses them; the renderers
remove any that reach them by another way (a command-line field)."""
# Written with a YAML escape ("\e"), a control character would reach terminals and spreadsheets.
_CONTROL = re.compile(f"[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f{BIDI_CONTROLS}]")
_LEADING_TAB = re.compile(r"^ *\t")
_PARSER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Scalars(yaml.SafeLoader):
    """Resolves and constructs plain scalars, reading only true/false as booleans."""


# YAML 1.1 reads yes/no/on/off as booleans; answers are the words "yes" and "no".
_Scalars.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Scalars.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_SCALARS = _Scalars("")


@dataclass(frozen=True)
class Locator:
    """Where every value of one document came from: its file, and each value's line and column.

    A :class:`~justculture.model.Spec` keeps one per document, so the stages after validation
    (scenario replay, tailoring) still name the file, line and column of a problem.
    """

    display: str
    positions: Mapping[str, Position] = field(default_factory=dict)
    key_positions: Mapping[str, Position] = field(default_factory=dict)
    prefix: str = ""
    """Put before every pointer an error names: a document read out of a larger file (one
    document of a JSON export) is located by the whole file's pointers."""

    def locate(self, pointer: str, *, key: bool = False) -> Position:
        """The position of ``pointer``, or of its nearest located ancestor."""
        if key and pointer in self.key_positions:
            return self.key_positions[pointer]
        while pointer:
            if pointer in self.positions:
                return self.positions[pointer]
            pointer = pointer.rsplit("/", 1)[0]
        return self.positions.get("", (1, 1))

    def error(
        self, code: ErrorCodeId, message: str, pointer: str = "", *, key: bool = False
    ) -> SpecError:
        """A spec error located at ``pointer`` (or at its key) in this file."""
        return self.located(SpecError, code, message, pointer, key=key)

    def located(
        self,
        kind: type[LocatedError],
        code: ErrorCodeId,
        message: str,
        pointer: str = "",
        *,
        key: bool = False,
    ) -> LocatedError:
        """An error of any ``kind`` (such as an AnswerError) located in this file."""
        line, column = self.locate(pointer, key=key)
        return kind(code, message, self.display, line, column, self.prefix + pointer)


@dataclass(frozen=True)
class SourceFile(Locator):
    """A YAML document as plain data, with the line and column of every value and key."""

    path: Path = Path()
    data: Any = None

    @property
    def locator(self) -> Locator:
        """Just the positions, read-only, for a Spec to keep after the data is frozen."""
        return Locator(
            self.display,
            MappingProxyType(self.positions),
            MappingProxyType(self.key_positions),
            self.prefix,
        )


# What a file is, for its error messages: a spec file unless the caller says (an answers file).
SPEC_FILE = "a spec file"


def read_yaml(path: Path, display: str | None = None, *, kind: str = SPEC_FILE) -> SourceFile:
    """Read one YAML file into plain data with positions, or raise a located SpecError."""
    shown = display or str(path)
    return parse_yaml(read_text(path, shown, kind=kind), shown, path, kind=kind)


def parse_yaml(
    text: str, display: str, path: Path | None = None, *, kind: str = SPEC_FILE
) -> SourceFile:
    """Parse YAML text (already decoded) with the same strict rules as a spec file."""
    # Editors hide a byte order mark and the parser does not count it; neither do positions.
    text = text.removeprefix("\ufeff")
    _refuse_tabs(text, display)
    builder = _Builder(display, kind)
    data = builder.read(text)
    return SourceFile(
        display,
        builder.positions,
        builder.key_positions,
        path=path or Path(display),
        data=data,
    )


def read_text(path: Path, shown: str, *, kind: str = SPEC_FILE) -> str:
    """A spec-sized file as text: JC101 unreadable, JC112 too large, JC102 not UTF-8 (located)."""
    try:
        with path.open("rb") as stream:
            raw = stream.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise SpecError("JC101", f"cannot read the file: {exc.strerror or exc}", shown) from None
    if len(raw) > MAX_FILE_BYTES:
        message = (
            f"the file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB; {kind} is far smaller"
        )
        raise SpecError("JC112", message, shown)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        message = f"byte 0x{raw[exc.start]:02x} is not valid UTF-8; save the file as UTF-8"
        raise SpecError("JC102", message, shown, *byte_position(raw, exc.start)) from None


def byte_position(raw: bytes, index: int) -> Position:
    """The line and column of byte ``index``, for a file that is not valid text there."""
    line = raw.count(b"\n", 0, index) + 1
    return (line, index - (raw.rfind(b"\n", 0, index) + 1) + 1)


def _refuse_tabs(text: str, shown: str) -> None:
    # Split on "\n" only: str.splitlines() also breaks at U+2028 and U+0085, which editors
    # show inside a line, and the line numbers would drift from what the user sees.
    for number, line in enumerate(text.split("\n"), start=1):
        match = _LEADING_TAB.match(line)
        if match:
            column = match.end()
            raise SpecError(
                "JC106", "this line is indented with a tab; use spaces", shown, number, column
            )


def _bad_character(exc: yaml.reader.ReaderError, text: str, shown: str) -> SpecError:
    position = exc.position
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    message = f"the character U+{exc.character:04X} is not allowed in YAML; remove it"
    return SpecError("JC103", message, shown, line, column)


def _yaml_problem(exc: yaml.MarkedYAMLError) -> str:
    parts = [part for part in (exc.context, exc.problem) if part]
    return "; ".join(parts) or "the YAML could not be parsed"


class _Lines:
    """Line and column of a character index, counting only "\n" as a line break.

    YAML also breaks lines at U+0085, U+2028 and U+2029, but editors do not; positions are
    reported as the user's editor shows them.
    """

    def __init__(self, text: str) -> None:
        self.starts = [0, *(index + 1 for index, char in enumerate(text) if char == "\n")]

    def position(self, mark: Any) -> Position:
        index = getattr(mark, "index", None)
        if not isinstance(index, int):
            return (mark.line + 1, mark.column + 1)
        line = bisect_right(self.starts, index)
        return (line, index - self.starts[line - 1] + 1)


def _located(
    code: ErrorCodeId, message: str, shown: str, mark: Any, lines: _Lines | None = None
) -> SpecError:
    if mark is None:
        return SpecError(code, message, shown)
    line, column = lines.position(mark) if lines else (mark.line + 1, mark.column + 1)
    return SpecError(code, message, shown, line, column)


class _Builder:
    """Builds plain data from parser events, recording positions by JSON pointer."""

    def __init__(self, shown: str, kind: str = SPEC_FILE) -> None:
        self.shown = shown
        self.kind = kind
        self.positions: dict[str, Position] = {}
        self.key_positions: dict[str, Position] = {}
        self._last: Event | None = None
        self._lines = _Lines("")

    def read(self, text: str) -> Any:
        """The file's one document; refuses an empty file, a second document and bad YAML."""
        self._lines = _Lines(text)
        try:
            events = self._events(text)
            return self._document(events)
        except RecursionError:
            # Building recurses once per level; a hostile file can nest thousands deep.
            message = f"the file is nested too deeply; {self.kind} needs only a few levels"
            raise self._error("JC103", message, self._last) from None
        except yaml.reader.ReaderError as exc:
            raise _bad_character(exc, text, self.shown) from None
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            raise _located("JC103", _yaml_problem(exc), self.shown, mark, self._lines) from None
        except yaml.YAMLError as exc:
            raise SpecError("JC103", str(exc), self.shown) from None

    def _events(self, text: str) -> Iterator[Event]:
        parser = _PARSER(text)
        try:
            while parser.check_event():
                self._last = parser.get_event()
                yield self._last
        finally:
            parser.dispose()

    def _document(self, events: Iterator[Event]) -> Any:
        start = next(events)
        assert isinstance(start, StreamStartEvent)
        opening = next(events)
        if isinstance(opening, StreamEndEvent):
            raise SpecError("JC108", "the file is empty; it needs a document", self.shown, 1, 1)
        data = self._value(next(events), events, "")
        next(events)  # the document's end
        following = next(events)
        if isinstance(following, DocumentStartEvent):
            message = "this file holds more than one YAML document; keep one per file"
            raise self._error("JC107", message, following)
        return data

    def _value(self, event: Event, events: Iterator[Event], pointer: str) -> Any:
        self.positions[pointer] = self._position(event)
        if isinstance(event, AliasEvent) or (isinstance(event, NodeEvent) and event.anchor):
            raise self._error("JC105", "YAML anchors and aliases are not allowed", event)
        if isinstance(event, MappingStartEvent | SequenceStartEvent) and event.tag not in (
            None,
            "!",
        ):
            message = (
                f"this is read as {event.tag.rsplit(':', 1)[-1]}; write a plain mapping or list"
            )
            raise self._error("JC110", message, event)
        if isinstance(event, MappingStartEvent):
            return self._mapping(events, pointer)
        if isinstance(event, SequenceStartEvent):
            return self._sequence(events, pointer)
        assert isinstance(event, ScalarEvent)
        return self._scalar(event)

    def _mapping(self, events: Iterator[Event], pointer: str) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for event in events:
            if isinstance(event, MappingEndEvent):
                return result
            key = self._key(event)
            child = f"{pointer}/{escape_pointer_token(key)}"
            if key in result:
                first_line = self.key_positions[child][0]
                message = (
                    f"the key '{key}' appears twice in this mapping (first on line {first_line})"
                )
                raise self._error("JC104", message, event)
            self.key_positions[child] = self._position(event)
            result[key] = self._value(next(events), events, child)
        return result

    def _sequence(self, events: Iterator[Event], pointer: str) -> list[Any]:
        result: list[Any] = []
        for event in events:
            if isinstance(event, SequenceEndEvent):
                break
            result.append(self._value(event, events, f"{pointer}/{len(result)}"))
        return result

    def _key(self, event: Event) -> str:
        if (isinstance(event, NodeEvent) and event.anchor) or isinstance(event, AliasEvent):
            raise self._error("JC105", "YAML anchors and aliases are not allowed", event)
        if not isinstance(event, ScalarEvent) or self._tag(event) == _MERGE:
            raise self._error("JC103", "keys must be plain text", event)
        return str(event.value)

    @staticmethod
    def _tag(event: ScalarEvent) -> str:
        if event.tag not in (None, "!"):
            return str(event.tag)
        return str(_SCALARS.resolve(ScalarNode, event.value, event.implicit))  # type: ignore[no-untyped-call]

    def _scalar(self, event: ScalarEvent) -> Any:
        tag = self._tag(event)
        if len(event.value) > MAX_STRING:
            message = (
                f"this value is {len(event.value):,} characters long; the limit is {MAX_STRING:,}"
            )
            raise self._error("JC112", message, event)
        control = _CONTROL.search(event.value)
        if control:
            message = (
                f"the text holds the control character U+{ord(control.group()):04X}; remove it"
            )
            raise self._error("JC115", message, event)
        if tag not in _SCALAR_TYPES:
            message = f"the value {shorten(event.value)!r} is read as {tag.rsplit(':', 1)[-1]}; quote it so it is text"
            raise self._error("JC110", message, event)
        if tag in (_INT, _FLOAT):
            return self._number(event, tag)
        marks: tuple[Any, Any] = (event.start_mark, event.end_mark)
        node = ScalarNode(tag, event.value, *marks, style=event.style)
        return _SCALARS.construct_object(node, deep=True)

    def _number(self, event: ScalarEvent, tag: str) -> int | float:
        text = event.value
        plain = _PLAIN_INT if tag == _INT else _PLAIN_FLOAT
        if text.lower().lstrip("+-") in (".inf", ".nan"):
            message = f"{text!r} is not a finite number; JSON has no way to write it"
            raise self._error("JC114", message, event)
        if not plain.match(text):
            message = f"{shorten(text)!r} is not a plain decimal number; write it in decimal digits, or quote it"
            raise self._error("JC113", message, event)
        value: int | float = int(text) if tag == _INT else float(text)
        if (isinstance(value, float) and not math.isfinite(value)) or abs(value) > _LARGEST_INT:
            message = f"{shorten(text)!r} is too large to be exchanged safely as a number"
            raise self._error("JC114", message, event)
        return value

    def _position(self, event: Event) -> Position:
        return self._lines.position(event.start_mark)

    def _error(self, code: ErrorCodeId, message: str, event: Event | None) -> SpecError:
        mark = event.start_mark if event else None
        return _located(code, message, self.shown, mark, self._lines)


def discover(spec_dir: Path, base: Path | None = None) -> list[Path]:
    """Every YAML document under ``spec_dir``, in a stable order, skipping the schema folder.

    Only ordinary files are read. A pipe or device named ``*.yaml`` would hang or never end, a
    link could read a file outside the folder, and an unreadable folder would silently drop its
    documents: each is a located JC111 error instead (all of them, raised together).
    """
    root = spec_dir.resolve()
    found: list[Path] = []
    problems: list[SpecError] = []

    def unreadable(error: OSError) -> None:
        where = Path(error.filename) if error.filename else spec_dir
        problems.append(_not_regular(where, base, f"cannot read this folder: {error.strerror}"))

    for folder, folders, files in os.walk(spec_dir, onerror=unreadable):
        here = Path(folder)
        folders[:] = sorted(
            name for name in folders if not _is_schema_folder(here / name, spec_dir)
        )
        for name in files:
            path = here / name
            if path.suffix in (".yaml", ".yml"):
                problem = _irregular(path, root)
                if problem:
                    problems.append(_not_regular(path, base, problem))
                else:
                    found.append(path)
        for name in folders:
            if (here / name).is_symlink():
                problems.append(_not_regular(here / name, base, "a linked folder is not followed"))
    SpecErrors.raise_if_any(problems)
    return sorted(found)


def _is_schema_folder(path: Path, spec_dir: Path) -> bool:
    """The schemas are JSON, read by :mod:`justculture.schemas`; a folder named schema is skipped."""
    return "schema" in path.relative_to(spec_dir).parts


def _irregular(path: Path, root: Path) -> str | None:
    """Why ``path`` may not be read as a spec file, or None when it is an ordinary file."""
    try:
        target = path.resolve(strict=True)
        mode = target.stat().st_mode
    except RuntimeError:
        return "this link leads round in a loop"
    except OSError as error:
        if error.errno == errno.ELOOP:
            return "this link leads round in a loop"
        return f"cannot read it: {error.strerror}"
    if path.is_symlink() and not target.is_relative_to(root):
        return "this link leads outside the spec folder"
    if not stat.S_ISREG(mode):
        return "this is not an ordinary file (a pipe, device or socket)"
    return None


def _not_regular(path: Path, base: Path | None, why: str) -> SpecError:
    # Named as found, not where a link leads: the link is what the user must fix.
    shown = str(path)
    if base is not None and path.absolute().is_relative_to(base.absolute()):
        shown = path.absolute().relative_to(base.absolute()).as_posix()
    return SpecError("JC111", why, shown)


def read_all(paths: Iterable[Path], base: Path) -> Iterator[SourceFile]:
    """Read every file, collecting each file's first problem before raising them together."""
    errors: list[SpecError] = []
    files: list[SourceFile] = []
    for path in paths:
        try:
            files.append(read_yaml(path, display_path(path, base)))
        except SpecError as error:
            errors.append(error)
    SpecErrors.raise_if_any(errors)
    yield from files


def display_path(path: Path, base: Path) -> str:
    """How a file is named in messages: relative to ``base`` when it lies inside it."""
    try:
        return path.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return str(path)
