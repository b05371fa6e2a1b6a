"""Read YAML documents safely, remembering where every value came from.

PyYAML's own loaders expand aliases, keep the last of two duplicate keys, and read ``no`` as
``False``. Each of those would let a typo through silently, so this module composes the node
tree itself and refuses them with a located :class:`SpecError`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.events import AliasEvent, NodeEvent, StreamEndEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import SpecError, SpecErrors, escape_pointer_token

Position = tuple[int, int]
_SCALAR_TYPES = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
}
_COLLECTION_TYPES = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}
_LEADING_TAB = re.compile(r"^ *\t")


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses anchors and aliases and reads only true/false as booleans."""

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        if isinstance(event, AliasEvent) or (isinstance(event, NodeEvent) and event.anchor):
            raise _Refused("JC105", "YAML anchors and aliases are not allowed", event.start_mark)
        node: Node | None = super().compose_node(parent, index)
        return node


# YAML 1.1 reads yes/no/on/off as booleans; answers are the words "yes" and "no".
_StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


class _Refused(Exception):
    def __init__(self, code: str, message: str, mark: Any) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.mark = mark


@dataclass(frozen=True)
class SourceFile:
    """A YAML document as plain data, with the line and column of every value and key."""

    path: Path
    display: str
    data: Any
    positions: dict[str, Position] = field(default_factory=dict)
    key_positions: dict[str, Position] = field(default_factory=dict)

    def locate(self, pointer: str, *, key: bool = False) -> Position:
        """The position of ``pointer``, or of its nearest located ancestor."""
        if key and pointer in self.key_positions:
            return self.key_positions[pointer]
        while pointer:
            if pointer in self.positions:
                return self.positions[pointer]
            pointer = pointer.rsplit("/", 1)[0]
        return self.positions.get("", (1, 1))

    def error(self, code: str, message: str, pointer: str = "", *, key: bool = False) -> SpecError:
        line, column = self.locate(pointer, key=key)
        return SpecError(code, message, self.display, line, column, pointer)


def read_yaml(path: Path, display: str | None = None) -> SourceFile:
    """Read one YAML file into plain data with positions, or raise a located SpecError."""
    shown = display or str(path)
    return parse_yaml(_read_text(path, shown), shown, path)


def parse_yaml(text: str, display: str, path: Path | None = None) -> SourceFile:
    """Parse YAML text (already decoded) with the same strict rules as a spec file."""
    _refuse_tabs(text, display)
    root = _compose_single(text, display)
    builder = _Builder(display)
    data = builder.build(root, "")
    return SourceFile(
        path or Path(display), display, data, builder.positions, builder.key_positions
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


def _compose_single(text: str, shown: str) -> Node:
    try:
        # The reader checks every character as it is made, so a stray control character
        # fails here, before parsing starts.
        loader = _StrictLoader(text)
    except yaml.reader.ReaderError as exc:
        raise _bad_character(exc, text, shown) from None
    try:
        root = _first_and_only_document(loader, shown)
    except RecursionError:
        # The composer recurses once per level; a hostile file can nest thousands deep.
        message = "the YAML is nested too deeply; a spec document needs only a few levels"
        raise SpecError("JC103", message, shown, loader.line + 1, loader.column + 1) from None
    except _Refused as exc:
        raise _located(exc.code, exc.message, shown, exc.mark) from None
    except yaml.MarkedYAMLError as exc:
        raise _located(
            "JC103", _yaml_problem(exc), shown, exc.problem_mark or exc.context_mark
        ) from None
    except yaml.YAMLError as exc:
        raise SpecError("JC103", str(exc), shown) from None
    finally:
        loader.dispose()
    if root is None:
        raise SpecError("JC108", "the file is empty; it needs a document", shown, 1, 1)
    return root


def _first_and_only_document(loader: _StrictLoader, shown: str) -> Node | None:
    """The file's one document (None for an empty file); a second document is refused."""
    root: Node | None = loader.get_node() if loader.check_node() else None
    if root is not None and not loader.check_event(StreamEndEvent):
        mark = loader.peek_event().start_mark  # type: ignore[no-untyped-call]
        message = "this file holds more than one YAML document; keep one per file"
        raise _located("JC107", message, shown, mark)
    return root


def _bad_character(exc: yaml.reader.ReaderError, text: str, shown: str) -> SpecError:
    position = exc.position
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    message = f"the character U+{exc.character:04X} is not allowed in YAML; remove it"
    return SpecError("JC103", message, shown, line, column)


def _yaml_problem(exc: yaml.MarkedYAMLError) -> str:
    parts = [part for part in (exc.context, exc.problem) if part]
    return "; ".join(parts) or "the YAML could not be parsed"


def _located(code: str, message: str, shown: str, mark: Any) -> SpecError:
    if mark is None:
        return SpecError(code, message, shown)
    return SpecError(code, message, shown, mark.line + 1, mark.column + 1)


class _Builder:
    """Turns a composed node tree into plain data, recording positions by JSON pointer."""

    def __init__(self, shown: str) -> None:
        self.shown = shown
        self.positions: dict[str, Position] = {}
        self.key_positions: dict[str, Position] = {}
        self._constructor = _StrictLoader("")

    def build(self, node: Node, pointer: str) -> Any:
        self.positions[pointer] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, MappingNode | SequenceNode) and node.tag not in _COLLECTION_TYPES:
            message = (
                f"this is read as {node.tag.rsplit(':', 1)[-1]}; write a plain mapping or list"
            )
            raise _located("JC110", message, self.shown, node.start_mark)
        if isinstance(node, MappingNode):
            return self._mapping(node, pointer)
        if isinstance(node, SequenceNode):
            return [self.build(item, f"{pointer}/{index}") for index, item in enumerate(node.value)]
        return self._scalar(node)

    def _mapping(self, node: MappingNode, pointer: str) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = self._key(key_node)
            child = f"{pointer}/{escape_pointer_token(key)}"
            if key in result:
                first_line = self.key_positions[child][0]
                message = (
                    f"the key '{key}' appears twice in this mapping (first on line {first_line})"
                )
                raise _located("JC104", message, self.shown, key_node.start_mark)
            self.key_positions[child] = (
                key_node.start_mark.line + 1,
                key_node.start_mark.column + 1,
            )
            result[key] = self.build(value_node, child)
        return result

    def _key(self, node: Node) -> str:
        if not isinstance(node, ScalarNode) or node.tag == "tag:yaml.org,2002:merge":
            raise _located("JC103", "keys must be plain text", self.shown, node.start_mark)
        return str(node.value)

    def _scalar(self, node: Node) -> Any:
        if node.tag not in _SCALAR_TYPES:
            message = f"the value {node.value!r} is read as {node.tag.rsplit(':', 1)[-1]}; quote it so it is text"
            raise _located("JC110", message, self.shown, node.start_mark)
        return self._constructor.construct_object(node, deep=True)


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
