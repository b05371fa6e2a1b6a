"""Schema patterns that can backtrack for ever are refused; the shipped ones pass."""

from __future__ import annotations

import json
import re
import shutil
import time
from pathlib import Path

import pytest

from justculture.errors import SpecErrors
from justculture.regex_safety import backtracking_risk
from justculture.schemas import load_schemas

REPO = Path(__file__).resolve().parents[2]
SCHEMAS = REPO / "spec" / "schema"

CATASTROPHIC = [
    r"^(a+)+$", r"(a*)*$", r"(.*)*x", r"^(a|a)*$", r"^(a|aa)+$", r"(\d+\.?)+$", r"(a+a)+$",
    r"((a+)b?)+$", r"(x+x+)+y", r"(a|a){1,30}$", r"^([a-z]+)*$", r"(?:(?:a*)*)*",
]  # fmt: skip
SAFE = [
    r"\S", r"^[a-z0-9]+(-[a-z0-9]+)*$", r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$", r"(ab+)+",
    r"^P[0-9]{2}$", r"a++", r"(?:a++)+", r"^(https?://)?[a-z]+$", r"(\w|\d)+$",
]  # fmt: skip


def _shipped_patterns() -> list[str]:
    found: list[str] = []
    for path in SCHEMAS.glob("*.schema.json"):
        found += re.findall(r'"pattern":\s*("(?:[^"\\]|\\.)*")', path.read_text("utf-8"))
    return [json.loads(text) for text in found]


@pytest.mark.parametrize("pattern", CATASTROPHIC)
def test_catastrophic_patterns_are_refused(pattern: str) -> None:
    assert backtracking_risk(pattern)


@pytest.mark.parametrize("pattern", SAFE)
def test_safe_patterns_pass(pattern: str) -> None:
    assert backtracking_risk(pattern) is None


def test_every_shipped_pattern_passes() -> None:
    patterns = _shipped_patterns()
    assert patterns
    assert [p for p in patterns if backtracking_risk(p)] == []


@pytest.mark.parametrize("pattern", SAFE)
def test_the_patterns_called_safe_really_are_fast(pattern: str) -> None:
    # Long enough that any exponential pattern would never finish. (An unanchored "x+$" is
    # still quadratic under re.search; the check is about the exponential kind.)
    started = time.perf_counter()
    for text in ("a" * 500 + "!", "1" * 500 + "!", "ab" * 250 + "!", "-a" * 250 + "!"):
        re.search(pattern, text)
    assert time.perf_counter() - started < 1


def test_the_check_is_right_that_a_refused_pattern_is_slow() -> None:
    started = time.perf_counter()
    re.search(r"^(a+)+$", "a" * 22 + "!")
    assert time.perf_counter() - started > 0.05  # and doubles with each extra "a"


def test_a_schema_with_a_catastrophic_pattern_is_a_located_jc208(tmp_path: Path) -> None:
    folder = tmp_path / "schema"
    shutil.copytree(SCHEMAS, folder)
    charter = folder / "charter.schema.json"
    charter.write_text(
        charter.read_text("utf-8").replace("^P[0-9]{2}$", "^(a+)+$", 1), encoding="utf-8"
    )
    started = time.perf_counter()
    with pytest.raises(SpecErrors) as raised:
        load_schemas(folder, tmp_path)
    assert time.perf_counter() - started < 10
    [error] = list(raised.value)
    assert error.code == "JC208"
    assert error.file == "schema/charter.schema.json"
    assert error.pointer.endswith("/pattern")
    assert "^(a+)+$" in error.message


def test_a_catastrophic_pattern_property_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "schema"
    shutil.copytree(SCHEMAS, folder)
    common = folder / "common.schema.json"
    data = json.loads(common.read_text("utf-8"))
    data.setdefault("$defs", {})["fuzzy"] = {"patternProperties": {"^(x|x)*$": {}}}
    common.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(SpecErrors) as raised:
        load_schemas(folder, tmp_path)
    [error] = list(raised.value)
    assert error.code == "JC208"
    assert error.pointer == "/$defs/fuzzy/patternProperties/^(x|x)*$"
