"""Read YAML documents safely, remembering where every value came from.

PyYAML's own loaders expand aliases, keep the last of two duplicate keys, and read ``no`` as
``False``. Each of those would let a typo through silently. So this module takes only the parser's
events (from libyaml's fast C parser where it is installed), builds plain data from them itself,
and refuses those cases with a located :class:`SpecError`.
"""

from __future__ import annotations

import re
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

from .errors import ErrorCodeId, JustCultureError, SpecError, SpecErrors, escape_pointer_token

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
        return kind(code, message, self.display, line, column, pointer)


@dataclass(frozen=True)
class SourceFile(Locator):
    """A YAML document as plain data, with the line and column of every value and key."""

    path: Path = Path()
    data: Any = None

    @property
    def locator(self) -> Locator:
        """Just the positions, read-only, for a Spec to keep after the data is frozen."""
        return Locator(
            self.display, MappingProxyType(self.positions), MappingProxyType(self.key_positions)
        )


def read_yaml(path: Path, display: str | None = None) -> SourceFile:
    """Read one YAML file into plain data with positions, or raise a located SpecError."""
    shown = display or str(path)
    return parse_yaml(_read_text(path, shown), shown, path)


def parse_yaml(text: str, display: str, path: Path | None = None) -> SourceFile:
    """Parse YAML text (already decoded) with the same strict rules as a spec file."""
    _refuse_tabs(text, display)
    builder = _Builder(display)
    data = builder.read(text)
    return SourceFile(
        display, builder.positions, builder.key_positions, path or Path(display), data
    )


def _read_text(path: Path, shown: str) -> str:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SpecError("JC101", f"cannot read the file: {exc.strerror or exc}", shown) from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        message = f"byte 0x{raw[exc.start]:02x} is not valid UTF-8; save the file as UTF-8"
        raise SpecError("JC102", message, shown, line, column) from None


def _refuse_tabs(text: str, shown: str) -> None:
    for number, line in enumerate(text.splitlines(), start=1):
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


def _located(code: ErrorCodeId, message: str, shown: str, mark: Any) -> SpecError:
    if mark is None:
        return SpecError(code, message, shown)
    return SpecError(code, message, shown, mark.line + 1, mark.column + 1)


def _position(event: Event) -> Position:
    mark: Any = event.start_mark  # the parser always sets it; stubs allow None
    return (mark.line + 1, mark.column + 1)


class _Builder:
    """Builds plain data from parser events, recording positions by JSON pointer."""

    def __init__(self, shown: str) -> None:
        self.shown = shown
        self.positions: dict[str, Position] = {}
        self.key_positions: dict[str, Position] = {}
        self._last: Event | None = None

    def read(self, text: str) -> Any:
        """The file's one document; refuses an empty file, a second document and bad YAML."""
        try:
            events = self._events(text)
            return self._document(events)
        except RecursionError:
            # Building recurses once per level; a hostile file can nest thousands deep.
            message = "the YAML is nested too deeply; a spec document needs only a few levels"
            raise self._error("JC103", message, self._last) from None
        except yaml.reader.ReaderError as exc:
            raise _bad_character(exc, text, self.shown) from None
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            raise _located("JC103", _yaml_problem(exc), self.shown, mark) from None
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
        self.positions[pointer] = _position(event)
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
            self.key_positions[child] = _position(event)
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
        if tag not in _SCALAR_TYPES:
            message = f"the value {event.value!r} is read as {tag.rsplit(':', 1)[-1]}; quote it so it is text"
            raise self._error("JC110", message, event)
        marks: tuple[Any, Any] = (event.start_mark, event.end_mark)
        node = ScalarNode(tag, event.value, *marks, style=event.style)
        return _SCALARS.construct_object(node, deep=True)

    def _error(self, code: ErrorCodeId, message: str, event: Event | None) -> SpecError:
        return _located(code, message, self.shown, event.start_mark if event else None)


def discover(spec_dir: Path) -> list[Path]:
    """Every YAML document under ``spec_dir``, in a stable order, skipping the schema folder."""
    found = [
        path
        for pattern in ("*.yaml", "*.yml")
        for path in spec_dir.rglob(pattern)
        if "schema" not in path.relative_to(spec_dir).parts[:-1]
    ]
    return sorted(found)


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
