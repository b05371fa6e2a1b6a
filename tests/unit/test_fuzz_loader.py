"""Fuzzing the spec reader: any text, any bytes, and real spec files with damage done to them.

Whatever the input, reading it either succeeds or raises a located, coded JustCultureError: never
another exception, never longer than the deadline, never more memory than the limit. The fuzz
runs in every `make test` with a fixed number of examples; Hypothesis keeps the failures it finds
(.hypothesis/) and tries them first next time.
"""

from __future__ import annotations

import tempfile
import tracemalloc
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from justculture.errors import CATALOGUE, JustCultureError, SpecErrors
from justculture.loading import parse_yaml, read_yaml

REPO = Path(__file__).resolve().parents[2]
SPEC_FILES = sorted(
    path for path in (REPO / "spec").rglob("*.yaml") if path.is_file() and not path.is_symlink()
)
SHOWN = "fuzz.yaml"
# A spec file is at most tens of kilobytes; reading one may take a few times its size in
# memory (the text, the events, the positions), never hundreds of megabytes.
MEMORY_LIMIT = 64 * 1024 * 1024
FUZZ = settings(
    max_examples=150,
    deadline=timedelta(seconds=5),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Text that YAML and the loader find interesting, to mix into random text.
YAML_PIECES = [
    "key: value\n", "- item\n", "  nested: 1\n", "&a [1]\n", "*a\n", "!!python/object:os.system\n",
    "<<: *a\n", "? complex\n", "--- \n", "...\n", "010\n", "0x1_F\n", "1:30:00\n", ".inf\n",
    ".nan\n", "1e999\n", "99999999999999999999\n", "yes\n", "~\n", "\t- tab\n", "\u2028", "\u0085",
    "\ufeff", '"\\x9b"\n', "'\\e'\n", "|\n  block\n", ">-\n  folded\n", "{a: [b, {c: d}]}\n",
    "[" * 50, "{" * 50, "- " * 50, "%YAML 1.1\n", "%TAG ! tag:x,2000:\n", "!!binary aGk=\n",
    "2026-01-01\n", "key: 2026-01-01 10:00:00\n", "\x00", "\x7f", "\ud7ff", "#comment\n",
]  # fmt: skip


def located_or_success(read: Callable[[], Any]) -> None:
    """Run ``read``: it returns, or raises a coded error that says where; within memory."""
    tracemalloc.start()
    try:
        read()
    except JustCultureError as problem:
        errors = list(problem) if isinstance(problem, SpecErrors) else [problem]
        for error in errors:
            assert error.code in CATALOGUE
            assert error.file, f"{error.code} does not say where: {error.message}"
            assert error.line >= 0 and error.column >= 0
            assert len(error.format()) < 4000
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert peak < MEMORY_LIMIT, f"reading took {peak / 1e6:.0f} MB"


yaml_like_text = st.lists(
    st.one_of(st.sampled_from(YAML_PIECES), st.text(max_size=40)), max_size=60
).map("".join)


@FUZZ
@given(st.one_of(st.text(max_size=2000), yaml_like_text))
def test_any_text_is_read_or_refused_with_a_located_error(text: str) -> None:
    located_or_success(lambda: parse_yaml(text, SHOWN))


@FUZZ
@given(st.binary(max_size=4000))
def test_any_bytes_in_a_file_are_read_or_refused_with_a_located_error(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / SHOWN
        path.write_bytes(data)
        located_or_success(lambda: read_yaml(path, SHOWN))


@st.composite
def damaged_spec_file(draw: st.DrawFn) -> bytes:
    """A real spec file with a few random cuts, insertions, swaps and byte changes."""
    data = bytearray(draw(st.sampled_from(SPEC_FILES)).read_bytes())
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        kind = draw(st.sampled_from(["cut", "insert", "byte", "line", "piece"]))
        if kind == "cut":
            del data[at : at + draw(st.integers(1, 200))]
        elif kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=20))
        elif kind == "byte" and at < len(data):
            data[at] = draw(st.integers(0, 255))
        elif kind == "line":
            start = data.rfind(b"\n", 0, at) + 1
            end = data.find(b"\n", at)
            line = data[start : (end if end >= 0 else len(data))]
            data[start:start] = line + b"\n"
        else:
            data[at:at] = draw(st.sampled_from(YAML_PIECES)).encode("utf-8", "surrogatepass")
    return bytes(data)


@FUZZ
@given(damaged_spec_file())
def test_damaged_spec_files_are_read_or_refused_with_a_located_error(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / SHOWN
        path.write_bytes(data)
        located_or_success(lambda: read_yaml(path, SHOWN))


def test_the_damage_starts_from_real_spec_files() -> None:
    assert len(SPEC_FILES) >= 10
