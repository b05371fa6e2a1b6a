"""The strict, line-aware YAML loader: right positions, no surprises, located refusals."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from unittest.mock import patch

import pytest

from justculture import loading
from justculture.errors import SpecError, SpecErrors
from justculture.loading import (
    discover,
    escape_pointer_token,
    parse_yaml,
    read_all,
    read_yaml,
)

NESTED = """\
kind: flow
nodes:
  - id: q1
    on_yes: {node: q2}
    related:
      - charter#P01
  - id: q2
    help: >-
      Folded
      text.
"""


def refused(text: str) -> SpecError:
    with pytest.raises(SpecError) as raised:
        parse_yaml(text, "spec/x.yaml")
    return raised.value


def test_values_are_located_by_json_pointer() -> None:
    source = parse_yaml(NESTED, "spec/x.yaml")
    assert source.positions[""] == (1, 1)
    assert source.positions["/kind"] == (1, 7)
    assert source.positions["/nodes"] == (3, 3)
    assert source.positions["/nodes/0"] == (3, 5)
    assert source.positions["/nodes/0/id"] == (3, 9)
    assert source.positions["/nodes/0/on_yes"] == (4, 13)
    assert source.positions["/nodes/0/on_yes/node"] == (4, 20)
    assert source.positions["/nodes/0/related/0"] == (6, 9)
    assert source.positions["/nodes/1/help"] == (8, 11)


def test_keys_are_located_separately_from_their_values() -> None:
    source = parse_yaml(NESTED, "spec/x.yaml")
    assert source.key_positions["/nodes"] == (2, 1)
    assert source.key_positions["/nodes/0/on_yes"] == (4, 5)
    assert source.key_positions["/nodes/0/on_yes/node"] == (4, 14)
    assert source.locate("/nodes/0/on_yes", key=True) == (4, 5)
    assert source.locate("/nodes/0/on_yes") == (4, 13)


def test_a_missing_pointer_is_located_at_its_nearest_ancestor() -> None:
    source = parse_yaml(NESTED, "spec/x.yaml")
    assert source.locate("/nodes/1/on_no/node") == source.positions["/nodes/1"]
    assert source.locate("/nothing/here") == (1, 1)
    error = source.error("JC202", "missing property 'on_no'", "/nodes/1")
    assert (error.file, error.line, error.column, error.pointer) == (
        "spec/x.yaml",
        7,
        5,
        "/nodes/1",
    )


def test_keys_with_slashes_and_tildes_are_escaped_in_pointers() -> None:
    source = parse_yaml("a/b: 1\nc~d: {e: 2}\n", "x.yaml")
    assert escape_pointer_token("a/b") == "a~1b" and escape_pointer_token("c~d") == "c~0d"
    assert source.positions["/a~1b"] == (1, 6)
    assert source.positions["/c~0d/e"] == (2, 10)


@pytest.mark.parametrize("word", ["yes", "no", "on", "off", "y", "n", "Yes", "NO", "On"])
def test_yaml_1_1_booleans_stay_words(word: str) -> None:
    assert parse_yaml(f"answer: {word}\n", "x.yaml").data == {"answer": word}


@pytest.mark.parametrize(
    ("text", "value"),
    [("true", True), ("false", False), ("True", True), ("FALSE", False)],
)
def test_only_true_and_false_are_booleans(text: str, value: bool) -> None:
    assert parse_yaml(f"flag: {text}\n", "x.yaml").data["flag"] is value


def test_other_scalars_keep_their_yaml_types() -> None:
    data = parse_yaml('a: 1\nb: "1"\nc: 2.5\nd: ~\ne:\nf: 1.0.0\n', "x.yaml").data
    assert data == {"a": 1, "b": "1", "c": 2.5, "d": None, "e": None, "f": "1.0.0"}
    assert isinstance(data["a"], int) and isinstance(data["b"], str)


def test_a_byte_order_mark_and_crlf_line_ends_are_fine() -> None:
    source = parse_yaml("\ufeffkind: flow\r\nid: x\r\n", "x.yaml")
    assert source.data == {"kind": "flow", "id": "x"}
    assert source.positions["/id"] == (2, 5)


def test_a_harmless_alias_is_still_refused() -> None:
    error = refused("source: &s {ref: x}\nother: *s\n")
    assert (error.code, error.line, error.column) == ("JC105", 1, 9)


def test_an_anchor_without_an_alias_is_refused() -> None:
    error = refused("a: 1\nb: &unused 2\n")
    assert (error.code, error.line, error.column) == ("JC105", 2, 4)


def test_an_alias_bomb_is_refused_before_it_expands() -> None:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]")
    # Refused at the first anchor, before any node is built: the bomb never expands.
    with patch.object(loading._Builder, "_sequence", side_effect=AssertionError("expanded")):
        error = refused("\n".join(lines) + "\n")
    assert (error.code, error.line) == ("JC105", 1)


def test_a_merge_key_is_refused() -> None:
    error = refused("a: 1\n<<: {b: 2}\n")
    assert (error.code, error.line, error.column) == ("JC103", 2, 1)


def test_a_complex_key_is_refused() -> None:
    assert refused("? [a, b]\n: 1\n").code == "JC103"


def test_a_duplicate_nested_key_names_both_lines() -> None:
    error = refused("a:\n  b: 1\n  c: 2\n  b: 3\n")
    assert (error.code, error.line, error.column) == ("JC104", 4, 3)
    assert "'b'" in error.message and "line 2" in error.message


def test_the_same_key_in_different_mappings_is_fine() -> None:
    assert parse_yaml("a: {id: 1}\nb: {id: 2}\n", "x.yaml").data == {"a": {"id": 1}, "b": {"id": 2}}


def test_a_tab_indent_is_located() -> None:
    error = refused("a:\n  b: 1\n  \tc: 2\n")
    assert (error.code, error.line, error.column) == ("JC106", 3, 3)


def test_a_tab_inside_a_line_is_not_an_indent() -> None:
    assert parse_yaml('a: "x\\ty"\nb: 1 # a\tcomment\n', "x.yaml").data == {"a": "x\ty", "b": 1}


def test_two_documents_are_refused_at_the_second() -> None:
    error = refused("a: 1\n---\nb: 2\n")
    assert (error.code, error.line) == ("JC107", 2)


def test_one_document_with_a_start_marker_is_fine() -> None:
    assert parse_yaml("---\na: 1\n", "x.yaml").data == {"a": 1}


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n# and another\n", "   \n"])
def test_an_empty_file_is_jc108(text: str) -> None:
    error = refused(text)
    assert (error.code, error.line, error.column) == ("JC108", 1, 1)


@pytest.mark.parametrize(
    ("text", "position"),
    [
        ("published: 2024-05-01\n", (1, 12)),
        ("data: !!binary aGVsbG8=\n", (1, 7)),
        ("a:\n  b: !custom x\n", (2, 6)),
    ],
    ids=["date", "binary", "custom-tag"],
)
def test_values_of_other_yaml_types_are_jc110(text: str, position: tuple[int, int]) -> None:
    error = refused(text)
    assert (error.code, (error.line, error.column)) == ("JC110", position)
    assert "quote" in error.message


@pytest.mark.parametrize(
    ("text", "position"),
    [
        ("a: b: c\n", (1, 5)),
        ("a: [1, 2\nb: 3\n", (2, 2)),
        ('a: "open\n', (2, 1)),
        ("a:\n  - 1\n b: 2\n", (3, 2)),
    ],
    ids=["colon", "unclosed-list", "unclosed-quote", "bad-indent"],
)
def test_syntax_errors_are_located(text: str, position: tuple[int, int]) -> None:
    error = refused(text)
    assert (error.code, (error.line, error.column)) == ("JC103", position)
    assert "Traceback" not in error.message and "<unicode string>" not in error.message


def test_a_control_character_is_located() -> None:
    error = refused("kind: flow\ntitle: a\x00b\n")
    assert (error.code, error.line, error.column) == ("JC103", 2, 9)
    assert "U+0000" in error.message


def test_hostile_nesting_is_refused_without_a_recursion_error() -> None:
    error = refused("a: " + "[" * 20000 + "]" * 20000 + "\n")
    assert error.code == "JC103" and error.line == 1
    assert "nested too deeply" in error.message


def test_reasonable_nesting_is_fine() -> None:
    assert parse_yaml("a: " + "[" * 50 + "]" * 50 + "\n", "x.yaml").data["a"]


def test_read_yaml_reports_bad_utf8_at_the_byte(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes(b"kind: flow\ntitle: caf\xe9\n")
    with pytest.raises(SpecError) as raised:
        read_yaml(path, "spec/latin1.yaml")
    error = raised.value
    assert (error.code, error.file, error.line, error.column) == (
        "JC102",
        "spec/latin1.yaml",
        2,
        11,
    )
    assert "0xe9" in error.message


def test_read_yaml_reports_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(SpecError) as raised:
        read_yaml(tmp_path / "gone.yaml")
    assert raised.value.code == "JC101"


def test_discover_skips_the_schema_folder_and_sorts(tmp_path: Path) -> None:
    for relative in ["b.yaml", "a/c.yml", "schema/x.yaml", "a/schema/y.yaml", "notes.txt"]:
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("a: 1\n", encoding="utf-8")
    found = [path.relative_to(tmp_path).as_posix() for path in discover(tmp_path)]
    assert found == ["a/c.yml", "b.yaml"]


def test_read_all_reports_every_unreadable_file_together(tmp_path: Path) -> None:
    spec = tmp_path / "spec"
    spec.mkdir()
    (spec / "good.yaml").write_text("a: 1\n", encoding="utf-8")
    (spec / "twice.yaml").write_text("a: 1\na: 2\n", encoding="utf-8")
    (spec / "tab.yaml").write_text("a:\n\tb: 1\n", encoding="utf-8")
    with pytest.raises(SpecErrors) as raised:
        list(read_all(discover(spec), tmp_path))
    assert [(error.file, error.code) for error in raised.value] == [
        ("spec/tab.yaml", "JC106"),
        ("spec/twice.yaml", "JC104"),
    ]


def test_read_all_names_files_relative_to_the_base(tmp_path: Path) -> None:
    spec = tmp_path / "spec"
    (spec / "sub").mkdir(parents=True)
    (spec / "sub" / "one.yaml").write_text("a: 1\n", encoding="utf-8")
    [source] = read_all(discover(spec), tmp_path)
    assert source.display == "spec/sub/one.yaml" and source.data == {"a": 1}


# Only ordinary files are read (issue: FIFOs hung, links escaped, folders vanished) ------------


def refused_in_folder(spec: Path) -> list[tuple[str, str]]:
    with pytest.raises(SpecErrors) as raised:
        discover(spec, spec.parent)
    return [(error.file, error.code) for error in raised.value]


def test_a_pipe_named_yaml_is_refused_not_waited_on(tmp_path: Path) -> None:
    spec = tmp_path / "spec"
    spec.mkdir()
    os.mkfifo(spec / "waits.yaml")
    assert refused_in_folder(spec) == [("spec/waits.yaml", "JC111")]


@pytest.mark.parametrize(
    "target",
    ["/dev/zero", "../outside.yaml", "loop.yaml"],
    ids=["device", "outside-the-folder", "loop"],
)
def test_links_that_leave_the_folder_loop_or_reach_a_device_are_refused(
    tmp_path: Path, target: str
) -> None:
    spec = tmp_path / "spec"
    spec.mkdir()
    (tmp_path / "outside.yaml").write_text("a: 1\n", encoding="utf-8")
    (spec / "loop.yaml").symlink_to(spec / "loop.yaml") if target == "loop.yaml" else None
    link = spec / ("link.yaml" if target != "loop.yaml" else "loop.yaml")
    if target != "loop.yaml":
        link.symlink_to(target)
    assert refused_in_folder(spec) == [(f"spec/{link.name}", "JC111")]


def test_a_link_inside_the_folder_is_read(tmp_path: Path) -> None:
    spec = tmp_path / "spec"
    spec.mkdir()
    (spec / "real.yaml").write_text("a: 1\n", encoding="utf-8")
    (spec / "alias.yaml").symlink_to("real.yaml")
    assert [path.name for path in discover(spec)] == ["alias.yaml", "real.yaml"]


def test_an_unreadable_folder_is_an_error_not_a_skip(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Root reads any folder whatever its mode, so the refusal is simulated where it happens.
    spec = tmp_path / "spec"
    (spec / "scenarios").mkdir(parents=True)
    (spec / "scenarios" / "one.yaml").write_text("a: 1\n", encoding="utf-8")
    real_scandir = os.scandir

    def refuse(path: Any = ".") -> Any:
        if Path(path).name == "scenarios":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", refuse)
    assert refused_in_folder(spec) == [("spec/scenarios", "JC111")]


def test_a_file_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"a: " + b"x" * loading.MAX_FILE_BYTES + b"\n")
    with pytest.raises(SpecError) as raised:
        read_yaml(big)
    assert raised.value.code == "JC112"


def test_a_value_over_the_length_limit_is_refused_with_a_short_message() -> None:
    error = refused("a: " + "x" * (loading.MAX_STRING + 1) + "\n")
    assert error.code == "JC112" and (error.line, error.column) == (1, 4)
    assert len(error.format()) < 200


@pytest.mark.parametrize(
    ("value", "code"),
    [("010", "JC113"), ("0x1_F", "JC113"), ("1_000", "JC113"), ("1:20", "JC113"),
     (".inf", "JC114"), ("-.Inf", "JC114"), (".NaN", "JC114"),
     ("1.0e+999", "JC114"), ("9007199254740992", "JC114")],
)  # fmt: skip
def test_numbers_that_read_as_something_else_are_refused(value: str, code: str) -> None:
    error = refused(f"a: {value}\n")
    assert (error.code, error.line, error.column) == (code, 1, 4)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("0", 0), ("-12", -12), ("9007199254740991", 2**53 - 1), ("1.5", 1.5), ("-0.25", -0.25),
     ("2.", 2.0), (".5", 0.5), ("1.5e+3", 1500.0), ("'010'", "010"), ("1e5", "1e5")],
)  # fmt: skip
def test_plain_decimal_numbers_and_quoted_text_still_read(value: str, expected: object) -> None:
    assert parse_yaml(f"a: {value}\n", "x.yaml").data == {"a": expected}


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\u0085"])
def test_yaml_line_breaks_inside_text_do_not_shift_positions(separator: str) -> None:
    source = parse_yaml(f"a: 'one{separator}two'\nb: 3\n", "x.yaml")
    assert source.positions["/b"] == (2, 4)
    error = refused(f"a: 'one{separator}two'\nb: 2024-01-01\n")
    assert (error.line, error.column) == (2, 4)


@pytest.mark.parametrize("escape", ["\\e", "\\x1b", "\\x07", "\\x9b", "\\0"])
def test_control_characters_written_as_escapes_are_refused(escape: str) -> None:
    # A terminal would act on them, and a spreadsheet refuses them: spec text is printable.
    error = refused(f'a: "before{escape}after"\n')
    assert (error.code, error.line, error.column) == ("JC115", 1, 4)


@pytest.mark.parametrize("control", ["\u202e", "\u202a", "\u2066", "\u2069", "\u200f", "\u061c"])
@pytest.mark.parametrize("written", ["literal", "escape"])
def test_direction_controls_are_refused(control: str, written: str) -> None:
    # U+202E would make a page or a PDF show "Trust" as "tsurT": what a manager reads would not
    # be what the file says. Refused whether typed in the file or written as a YAML escape.
    text = control if written == "literal" else f"\\u{ord(control):04x}"
    error = refused(f'a: "Eastbrook {text}Trust"\n')
    assert (error.code, error.line, error.column) == ("JC115", 1, 4)
    assert f"U+{ord(control):04X}" in str(error)
