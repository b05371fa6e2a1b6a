"""justculture.outputs: all-or-nothing writes that never replace an input or someone's file."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from justculture.errors import BuildError
from justculture.outputs import (
    WRITTEN_LIST,
    guard_for,
    guarded,
    remove_stale,
    staged_name,
    write_all,
    write_one,
)


def test_unguarded_writes_replace_freely_and_keep_no_list(tmp_path: Path) -> None:
    """The site build writes its printables into a folder it made itself."""
    (tmp_path / "a.pdf").write_bytes(b"old")
    write_one(tmp_path / "a.pdf", b"new")
    assert (tmp_path / "a.pdf").read_bytes() == b"new"
    assert not (tmp_path / WRITTEN_LIST).exists()


def test_a_file_we_wrote_may_be_replaced_and_one_we_did_not_may_not(tmp_path: Path) -> None:
    with guarded(guard_for([], force=False)):
        write_one(tmp_path / "record.pdf", b"first")
        write_one(tmp_path / "record.pdf", b"second")
        assert (tmp_path / "record.pdf").read_bytes() == b"second"
        (tmp_path / "mine.pdf").write_bytes(b"my own")
        with pytest.raises(BuildError) as raised:
            write_one(tmp_path / "mine.pdf", b"ours")
    assert raised.value.code == "JC505"
    assert raised.value.file == str(tmp_path / "mine.pdf")
    assert "--force" in raised.value.message
    assert (tmp_path / "mine.pdf").read_bytes() == b"my own"
    listed = json.loads((tmp_path / WRITTEN_LIST).read_text("utf-8"))["files"]
    assert set(listed) == {"record.pdf"}


def test_a_file_we_wrote_and_the_user_then_edited_is_theirs(tmp_path: Path) -> None:
    with guarded(guard_for([], force=False)):
        write_one(tmp_path / "session-plan.md", b"# Plan\n")
        (tmp_path / "session-plan.md").write_bytes(b"# Plan\nMy notes for the day\n")
        with pytest.raises(BuildError) as raised:
            write_one(tmp_path / "session-plan.md", b"# Plan\n")
    assert raised.value.code == "JC505"
    assert b"My notes" in (tmp_path / "session-plan.md").read_bytes()


def test_force_replaces_a_users_file_but_never_an_input(tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text("1a: 'no'\n", encoding="utf-8")
    (tmp_path / "mine.pdf").write_bytes(b"my own")
    with guarded(guard_for([answers], force=True)):
        write_one(tmp_path / "mine.pdf", b"ours")
        with pytest.raises(BuildError) as raised:
            write_one(answers, b"%PDF")
    assert (tmp_path / "mine.pdf").read_bytes() == b"ours"
    assert raised.value.code == "JC506"
    assert answers.read_text("utf-8") == "1a: 'no'\n"


def test_nothing_in_an_input_folder_is_written(tmp_path: Path) -> None:
    spec = tmp_path / "spec"
    (spec / "guides").mkdir(parents=True)
    with guarded(guard_for([spec], force=True)), pytest.raises(BuildError) as raised:
        write_all(spec / "guides", [("new.pdf", b"x")])
    assert raised.value.code == "JC506"
    assert list((spec / "guides").iterdir()) == []


def test_a_set_is_refused_whole_before_anything_is_written(tmp_path: Path) -> None:
    (tmp_path / "handout-b.pdf").write_bytes(b"user's")
    with guarded(guard_for([], force=False)), pytest.raises(BuildError):
        write_all(tmp_path, [("handout-a.pdf", b"a"), ("handout-b.pdf", b"b")])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["handout-b.pdf"]


def test_a_link_to_an_input_is_refused(tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text("1a: 'no'\n", encoding="utf-8")
    (tmp_path / "out.pdf").symlink_to(answers)
    with guarded(guard_for([answers], force=True)), pytest.raises(BuildError) as raised:
        write_one(tmp_path / "out.pdf", b"%PDF")
    assert raised.value.code == "JC506"


def test_files_staged_by_a_process_that_has_gone_are_removed(tmp_path: Path) -> None:
    dead = tmp_path / ".record.pdf.new-999999999-abcdef"
    dead.write_bytes(b"half a pdf")
    alive = tmp_path / f".record.pdf.new-{os.getpid()}-abcdef"
    alive.write_bytes(b"being written")
    other = tmp_path / ".notes.txt.new-999999999-abcdef"
    other.write_bytes(b"not ours to judge here")
    write_one(tmp_path / "record.pdf", b"whole")
    assert not dead.exists()
    assert alive.exists() and other.exists()
    assert remove_stale(tmp_path) == [other]


def test_staged_names_carry_the_process_id(tmp_path: Path) -> None:
    assert staged_name("site", "old").startswith(f".site.old-{os.getpid()}-")


def test_a_failed_write_leaves_nothing_behind(tmp_path: Path) -> None:
    (tmp_path / "folder.pdf").mkdir()
    with pytest.raises(BuildError) as raised:
        write_all(tmp_path, [("a.pdf", b"a"), ("folder.pdf", b"b")])
    assert raised.value.code == "JC502"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["folder.pdf"]
    assert not [p for p in tmp_path.iterdir() if ".new-" in p.name]
