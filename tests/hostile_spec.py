"""A copy of the shipped spec with a hostile string in every free-text field.

Which fields are free text is left to the spec's own checks: every string is replaced, the copy is
validated, and each string that validation refuses (an id with a pattern, a code from a codelist,
a reference, a version) gets its value back, until the copy is valid. So a field added to a schema
tomorrow is covered without a change here, and the copy always builds.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

TESTS = Path(__file__).resolve().parent
SPEC_DIR = TESTS.parent / "spec"
HOSTILE = TESTS / "fixtures" / "hostile"
MARKER = "Hostile"
ROUNDS = 25


@dataclass(frozen=True)
class Payload:
    name: str
    text: str
    as_text: bool = True


@dataclass
class HostileSpec:
    """The copied spec and where each payload went: {payload name: ["FILE:/pointer", ...]}."""

    folder: Path
    placed: dict[str, list[str]] = field(default_factory=dict)

    def fields(self) -> int:
        return sum(len(places) for places in self.placed.values())


def payloads(name: str) -> list[Payload]:
    """The strings of ``tests/fixtures/hostile/NAME.yaml``."""
    entries = yaml.safe_load((HOSTILE / f"{name}.yaml").read_text(encoding="utf-8"))
    return [Payload(**entry) for entry in entries]


PAYLOADS = payloads("site-strings")
# {document: {JSON pointer of a string: the payload it holds, or None for its own value}}
Chosen = dict[Path, dict[str, int | None]]


def hostile_spec(
    folder: Path, strings: list[Payload] = PAYLOADS, pinned: Mapping[str, str] | None = None
) -> HostileSpec:
    """Copy the shipped spec to ``folder`` and fill every free-text field it allows with
    ``strings``, in turn.

    ``pinned`` puts a named payload in a chosen field ({"charter.yaml:/title": "title-break"}),
    so a test of one place does not depend on where the turns happen to fall as the spec grows.
    """
    from justculture.schemas import load_schemas

    shutil.copytree(SPEC_DIR, folder)
    documents = {
        path: yaml.safe_load(path.read_text(encoding="utf-8"))
        for path in sorted(folder.rglob("*.yaml"))
        if "schema" not in path.relative_to(folder).parts
    }
    originals = {path: _strings(data) for path, data in documents.items()}
    # Each string gets the next payload in turn (None: the field keeps its value).
    chosen: Chosen = {}
    number = 0
    for path, texts in originals.items():
        chosen[path] = {}
        for pointer in texts:
            chosen[path][pointer] = number % len(strings)
            number += 1
    names = [payload.name for payload in strings]
    for where, name in (pinned or {}).items():
        file, pointer = where.split(":", 1)
        chosen[folder / file][pointer] = names.index(name)
    schemas = load_schemas(folder / "schema")
    validators = {kind: schemas.validator(kind) for kind in schemas.kinds()}
    for _ in range(ROUNDS):
        _fill(documents, originals, chosen, strings)
        refused = [
            (path, pointer, limit)
            for path, data in documents.items()
            for error in validators[originals[path]["/kind"]].iter_errors(data)
            for pointer, limit in _refusals(error)
        ]
        if not refused:
            break
        for path, pointer, limit in refused:
            _refuse(chosen[path], pointer, limit, strings)
    _settle(folder, documents, originals, chosen, strings)
    placed: dict[str, list[str]] = {}
    for path, fields in chosen.items():
        for pointer, index in fields.items():
            if index is not None:
                where = f"{path.relative_to(folder)}:{pointer}"
                placed.setdefault(strings[index].name, []).append(where)
    return HostileSpec(folder, placed)


def _settle(
    folder: Path,
    documents: dict[Path, Any],
    originals: dict[Path, dict[str, str]],
    chosen: Chosen,
    strings: list[Payload],
) -> None:
    """Give back each string the checks after the schemas refuse (a scenario's answer, say)."""
    from justculture import load_spec
    from justculture.errors import SpecErrors

    for _ in range(ROUNDS):
        _fill(documents, originals, chosen, strings)
        _write(documents)
        try:
            load_spec(folder)
        except SpecErrors as errors:
            for error in errors:
                # The whole list or mapping the refused value sits in: a scenario's replay
                # stops at its first wrong answer, so its siblings go back in the same round.
                path, parent = _file_of(error.file, documents), error.pointer.rsplit("/", 1)[0]
                for fields in chosen.values() if path is None else [chosen[path]]:
                    _refuse(fields, parent, None, strings)
            continue
        return
    raise AssertionError(f"the hostile copy of the spec is still invalid after {ROUNDS} rounds")


def _refuse(
    fields: dict[str, int | None], pointer: str, limit: int | None, strings: list[Payload]
) -> None:
    """Too long (``limit`` characters at most): the first payload that fits. Any other refusal
    (a pattern, a code from a codelist, a constant) refuses every payload."""
    for key, index in fields.items():
        if index is not None and _under(key, pointer):
            fits = [n for n, payload in enumerate(strings) if limit and len(payload.text) <= limit]
            fields[key] = fits[0] if fits else None


def _refusals(error: Any) -> Iterator[tuple[str, int | None]]:
    """(pointer, maxLength or None) of the values an error refuses, inside oneOf and anyOf too."""
    if error.context:
        for inner in error.context:
            yield from _refusals(inner)
        return
    pointer = "/" + "/".join(_escape(str(part)) for part in error.absolute_path)
    limit = int(error.validator_value) if error.validator == "maxLength" else None
    yield pointer.rstrip("/"), limit


def _fill(
    documents: dict[Path, Any],
    originals: dict[Path, dict[str, str]],
    chosen: Chosen,
    strings: list[Payload],
) -> None:
    for path, fields in chosen.items():
        for pointer, index in fields.items():
            text = originals[path][pointer] if index is None else strings[index].text
            _set(documents[path], pointer, text)


def _write(documents: dict[Path, Any]) -> None:
    for path, data in documents.items():
        path.write_text(
            yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000),
            encoding="utf-8",
        )


def _under(pointer: str, parent: str) -> bool:
    return not parent or pointer == parent or pointer.startswith(parent + "/")


def _file_of(shown: str, documents: dict[Path, Any]) -> Path | None:
    """The document an error names (errors show paths as the command was given them)."""
    for path in documents:
        if shown and shown.endswith(f"{path.parent.name}/{path.name}"):
            return path
    return None


def _strings(node: Any, pointer: str = "") -> dict[str, str]:
    return dict(_walk(node, pointer))


def _walk(node: Any, pointer: str) -> Iterator[tuple[str, str]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _walk(value, f"{pointer}/{_escape(str(key))}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _walk(value, f"{pointer}/{index}")
    elif isinstance(node, str):
        yield pointer, node


def _escape(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


def _set(data: Any, pointer: str, value: str) -> None:
    parts = [part.replace("~1", "/").replace("~0", "~") for part in pointer.split("/")[1:]]
    node = data
    for part in parts[:-1]:
        node = node[int(part)] if isinstance(node, list) else node[part]
    last = parts[-1]
    if isinstance(node, list):
        node[int(last)] = value
    else:
        node[last] = value
