"""Fuzzing the answers reader: any stdin bytes, any file, any --answer flags, any staff group.

`justculture evaluate`, `record` and `walk --record` gather answers with justculture.answers and
evaluate them. Whatever a user or a script sends, that either succeeds or raises a located, coded
JustCultureError: never another exception, within the deadline and the memory limit.
"""

from __future__ import annotations

import io
import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_fuzz_loader import located_or_success

from justculture.answers import STDIN, AnswerInput, parse_fields
from justculture.errors import JustCultureError
from justculture.model import Spec

TOOLS = ["just-culture-guide", "pre-disciplinary-checklist", "no-such-tool", "", "../charter"]
STAFF_GROUPS = [None, "medical", "nursing-midwifery", "other", "x" * 300, "\x1b[2J"]
FUZZ = settings(
    max_examples=150,
    deadline=timedelta(seconds=5),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@pytest.fixture(scope="module")
def shipped(spec: Spec) -> dict[str, Any]:
    """Question ids and answer values of the shipped tools, so the fuzz reaches evaluation."""
    words = {"yes", "no", "n/a", "unknown", "true", "false"}
    ids: set[str] = set()
    for tool_id in TOOLS[:2]:
        tool = spec.tool(tool_id)
        ids |= {str(key) for key in getattr(tool, "nodes", {}) or {}}
        ids |= {str(key) for key in getattr(tool, "items", {}) or {}}
    return {"ids": sorted(ids) or ["1a"], "words": sorted(words)}


def answer_mappings(ids: list[str], words: list[str]) -> st.SearchStrategy[str]:
    """YAML text of a mapping of (mostly) real ids to (mostly) real or odd values."""
    key = st.one_of(st.sampled_from(ids), st.text(max_size=12))
    value = st.one_of(
        st.sampled_from(words),
        st.text(max_size=20),
        st.integers(),
        st.floats(),
        st.sampled_from(
            ["010", "0x1_F", ".inf", "~", "[a, b]", "{a: b}", "2026-01-01", "!!binary aGk="]
        ),
    )
    pair = st.tuples(key, value).map(lambda kv: f"{kv[0]!r}: {kv[1]}")
    return st.lists(pair, max_size=12).map("\n".join)


def stdin_of(data: bytes) -> io.TextIOWrapper:
    return io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")


@FUZZ
@given(data=st.data())
def test_answers_from_stdin_are_evaluated_or_refused_with_a_located_error(
    spec: Spec, shipped: dict[str, Any], data: st.DataObject
) -> None:
    raw = data.draw(
        st.one_of(
            st.binary(max_size=2000),
            answer_mappings(shipped["ids"], shipped["words"]).map(str.encode),
        )
    )
    tool = data.draw(st.sampled_from(TOOLS))
    group = data.draw(st.sampled_from(STAFF_GROUPS))

    def read() -> None:
        given_answers = AnswerInput.collect(STDIN, [], stdin_of(raw))
        given_answers.evaluate(spec, tool, staff_group=group)

    located_or_success(read)


@FUZZ
@given(data=st.data())
def test_answer_flags_are_evaluated_or_refused_with_a_located_error(
    spec: Spec, shipped: dict[str, Any], data: st.DataObject
) -> None:
    flag = st.one_of(
        st.tuples(st.sampled_from(shipped["ids"]), st.sampled_from(shipped["words"])).map("=".join),
        st.text(max_size=30),
    )
    pairs = data.draw(st.lists(flag, max_size=8))
    tool = data.draw(st.sampled_from(TOOLS))

    def read() -> None:
        AnswerInput.collect(None, pairs, stdin_of(b"")).evaluate(spec, tool)

    located_or_success(read)


@FUZZ
@given(data=st.data())
def test_answers_files_are_evaluated_or_refused_with_a_located_error(
    spec: Spec, shipped: dict[str, Any], data: st.DataObject
) -> None:
    text = data.draw(answer_mappings(shipped["ids"], shipped["words"]))
    pairs = data.draw(st.lists(st.text(max_size=20), max_size=3))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "answers.yaml"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")

        def read() -> None:
            AnswerInput.collect(str(path), pairs, None).evaluate(spec, "just-culture-guide")

        located_or_success(read)


@FUZZ
@given(st.lists(st.text(max_size=40), max_size=6))
def test_record_fields_are_taken_or_refused_with_a_coded_error(pairs: list[str]) -> None:
    try:
        parse_fields(pairs, ["rationale", "rationale-details"])
    except JustCultureError as error:
        assert error.code == "JC406" and error.file


def test_a_closed_stdin_is_a_coded_error_not_a_traceback() -> None:
    closed = stdin_of(b"")
    closed.close()
    with pytest.raises(JustCultureError) as raised:
        AnswerInput.collect(STDIN, [], closed)
    assert raised.value.code == "JC409"
    with pytest.raises(JustCultureError) as raised:
        AnswerInput.collect(STDIN, [], None)
    assert raised.value.code == "JC409"
