"""The error catalogue is complete and stable, and errors print in one predictable shape."""

from __future__ import annotations

import ast
import pickle
import re
from pathlib import Path

import pytest

from justculture import errors
from justculture.errors import (
    CATALOGUE,
    AnswerError,
    BuildError,
    ErrorCodeId,
    JustCultureError,
    JustCultureWarning,
    SpecError,
    SpecErrors,
    UsageError,
)

ERRORS_SOURCE = Path(errors.__file__)


def catalogue_rows() -> list[tuple[str, ...]]:
    """The rows exactly as written in errors.py: a dict would hide a code written twice."""
    tree = ast.parse(ERRORS_SOURCE.read_text(encoding="utf-8"))
    calls = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "_codes"
    ]
    assert len(calls) == 1, "CATALOGUE should be built by one _codes(...) call"
    return [tuple(ast.literal_eval(row)) for row in calls[0].args]


def test_every_row_is_in_the_catalogue_and_no_code_is_written_twice() -> None:
    codes = [row[0] for row in catalogue_rows()]
    assert len(codes) == len(set(codes)), sorted(code for code in codes if codes.count(code) > 1)
    assert set(codes) == set(CATALOGUE)


def test_codes_stay_in_their_hundreds_in_order() -> None:
    codes = [row[0] for row in catalogue_rows()]
    assert codes == sorted(codes), "add new codes at the end of their hundred"
    assert all(re.fullmatch(r"JC[1-8]\d\d", code) for code in codes), codes


def test_names_are_unique_kebab_case() -> None:
    names = [entry.name for entry in CATALOGUE.values()]
    assert len(names) == len(set(names)), sorted(name for name in names if names.count(name) > 1)
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", name) for name in names), names


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_every_code_says_what_went_wrong_and_how_to_fix_it(code: str) -> None:
    entry = CATALOGUE[code]
    assert entry.code == code
    for text in (entry.summary, entry.fix):
        assert text.strip() == text and text[0].isupper() and text.endswith("."), text


def test_the_codes_the_validator_promises_exist() -> None:
    promised = {f"JC{number}" for number in (*range(101, 111), *range(201, 209), *range(301, 314))}
    assert promised <= set(CATALOGUE), sorted(promised - set(CATALOGUE))


def test_an_unknown_code_is_refused() -> None:
    with pytest.raises(KeyError):
        SpecError("JC999", "no such code")


@pytest.mark.parametrize(
    ("error", "printed"),
    [
        (
            SpecError("JC103", "bad", "spec/a.yaml", 3, 7),
            "spec/a.yaml:3:7: error[JC103]: bad",
        ),
        (SpecError("JC103", "bad", "spec/a.yaml", 3), "spec/a.yaml:3:1: error[JC103]: bad"),
        (SpecError("JC303", "gone", "spec"), "spec: error[JC303]: gone"),
        (AnswerError("JC401", "no tool"), "error[JC401]: no tool"),
        (
            SpecError("JC204", "wrong", "spec/a.yaml", 2, 5, "/nodes/0/id"),
            "spec/a.yaml:2:5: error[JC204]: wrong (at /nodes/0/id)",
        ),
    ],
    ids=["full", "no-column", "file-only", "nowhere", "pointer"],
)
def test_format_shape(error: SpecError, printed: str) -> None:
    assert error.format() == printed
    assert str(error) == printed


def test_to_dict_carries_name_and_location() -> None:
    error = SpecError("JC301", "twice", "spec/a.yaml", 4, 9, "/items/1/id")
    assert error.to_dict() == {
        "code": "JC301",
        "name": "duplicate-id",
        "message": "twice",
        "file": "spec/a.yaml",
        "line": 4,
        "column": 9,
        "pointer": "/items/1/id",
    }
    assert error.name == CATALOGUE["JC301"].name


def test_spec_errors_collects_and_prints_one_line_each() -> None:
    found = [SpecError("JC104", "twice", "a.yaml", 1, 1), SpecError("JC106", "tab", "b.yaml", 2, 1)]
    with pytest.raises(SpecErrors) as raised:
        SpecErrors.raise_if_any(iter(found))
    assert list(raised.value) == found and len(raised.value) == 2
    assert str(raised.value).splitlines() == [error.format() for error in found]
    SpecErrors.raise_if_any([])  # nothing to raise


def test_a_spec_error_can_be_raised_and_caught() -> None:
    with pytest.raises(SpecError, match=r"error\[JC101\]"):
        raise SpecError("JC101", "cannot read", "x.yaml")


@pytest.mark.parametrize(
    ("kind", "good", "bad"),
    [
        (SpecError, "JC304", "JC402"),
        (AnswerError, "JC402", "JC304"),
        (UsageError, "JC407", "JC402"),
        (BuildError, "JC502", "JC101"),
    ],
)
def test_each_class_carries_only_its_own_codes(
    kind: type[JustCultureError], good: ErrorCodeId, bad: ErrorCodeId
) -> None:
    assert isinstance(kind(good, "fine"), JustCultureError)
    with pytest.raises(TypeError):
        kind(bad, "a code of another kind")


def test_errors_pickle_with_their_class_and_place() -> None:
    # Worker processes (parallel PDFs) send errors back to the parent by pickle.
    error = BuildError("JC502", "no room", "out.pdf", 0, 0, "")
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is BuildError and again.to_dict() == error.to_dict()
    group = SpecErrors([SpecError("JC104", "twice", "a.yaml", 1, 2)])
    assert [e.format() for e in pickle.loads(pickle.dumps(group))] == [e.format() for e in group]


def test_spec_errors_is_a_spec_error_with_every_problem() -> None:
    found = [SpecError("JC104", "twice", "a.yaml", 1, 1), SpecError("JC106", "tab", "b.yaml", 2, 1)]
    with pytest.raises(SpecError) as raised:
        SpecErrors.raise_if_any(found)
    assert raised.value.code == "JC104" and len(raised.value.errors) == 2  # type: ignore[attr-defined]


def test_a_warning_carries_a_jc8_code_and_prints_as_a_warning() -> None:
    warning = JustCultureWarning("JC801", "90 minutes is tight\x1b[2J")
    assert warning.format() == "warning[JC801]: 90 minutes is tight\\x1b[2J"
    assert warning.to_dict()["name"] == "session-tight"
    with pytest.raises(TypeError):
        JustCultureWarning("JC412", "an error's code")
    with pytest.raises(KeyError):
        JustCultureWarning("JC899", "no such code")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        UsageError("JC801", "a warning's code")
