"""The developer documentation stays true: every public name is documented, every example runs.

- The "Python API" pages (docs/developers/api/) are made by mkdocstrings from the docstrings of
  the public modules. Every public module, class, function, method, property and attribute there
  has a docstring, and every one is on a built page.
- "Use the spec in your tool" and "JavaScript engine" (docs/developers/) are run as a reader
  would: each ``python``, ``js`` and ``sh`` block runs in a folder holding the JSON export and a
  copy of the engine, and the ``text`` (or, after a command, ``json``) block that follows it is
  what it must print. A ``json`` block whose paragraph ends with a file name (`answers.json`:) is
  that file. The ``js`` block that uses ``fetch`` is the browser example:
  tests/browser/test_walker_parity.py runs it in Chromium.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import griffe
import pytest

from justculture.exports.data import export_data

REPO = Path(__file__).resolve().parents[2]
DEVELOPERS = REPO / "docs" / "developers"
ENGINE = REPO / "docs" / "assets" / "js" / "justculture-engine.js"
API_PAGES = ("", "engine/", "model/", "errors/", "rendering/")
# The modules the "Python API" pages document (justculture.views re-exports its submodules).
PUBLIC_MODULES = (
    "justculture",
    "justculture.validation",
    "justculture.locate",
    "justculture.engine",
    "justculture.model",
    "justculture.frozen",
    "justculture.errors",
    "justculture.render.renderer",
    "justculture.views.questions",
    "justculture.views.tools",
    "justculture.views.scenarios",
)
FENCE = re.compile(r"^```(\w+)\n(.*?)^```$", re.MULTILINE | re.DOTALL)
FILE_NAME = re.compile(r"`([\w.-]+)`:\s*$")


# Every public name is documented -------------------------------------------------------------


@pytest.fixture(scope="module")
def package() -> Any:
    return griffe.load("justculture", docstring_parser="google")


def _refused(member: Any) -> bool:
    """FrozenDict's and FrozenList's changing methods: all one function that raises TypeError."""
    return member.is_attribute and str(member.value) == "_refuse"


def _public(obj: Any) -> Iterator[Any]:
    """``obj`` and its public members, depth first; imported names and submodules are left out."""
    yield obj
    for name, member in obj.members.items():
        if name.startswith("_") and name != "__version__":
            continue
        if member.is_alias or member.is_module or _refused(member):
            continue
        if member.is_class:
            yield from _public(member)
        else:
            yield member


def public_objects(package: Any) -> list[Any]:
    found = []
    for path in PUBLIC_MODULES:
        module = package if path == "justculture" else package[path.removeprefix("justculture.")]
        found += list(_public(module))
    return found


def test_every_public_name_has_a_docstring(package: Any) -> None:
    objects = public_objects(package)
    assert len(objects) > 200
    missing = [
        f"{obj.path} ({obj.kind.value})"
        for obj in objects
        if not (obj.docstring and obj.docstring.value.strip())
    ]
    assert not missing, "add a docstring to:\n" + "\n".join(missing)


def test_every_name_the_package_exports_is_documented(package: Any) -> None:
    import justculture
    import justculture.views

    documented = {obj.path for obj in public_objects(package)}
    for module in (justculture, justculture.views):
        for name in module.__all__:
            found = package[f"{module.__name__}.{name}".removeprefix("justculture.")]
            path = found.final_target.path if found.is_alias else found.path
            assert path in documented, f"{module.__name__}.{name} ({path}) is not documented"


@pytest.mark.site
def test_every_public_name_is_on_the_python_api_pages(package: Any, built_site: Path) -> None:
    html = "".join(
        (built_site / "developers" / "api" / page / "index.html").read_text("utf-8")
        for page in API_PAGES
    )
    absent = [obj.path for obj in public_objects(package) if f'id="{obj.path}"' not in html]
    assert not absent, "not on the Python API pages:\n" + "\n".join(absent)


# Every example runs ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Block:
    language: str
    code: str
    before: str  # the text between the previous block and this one


def blocks(page: Path) -> list[Block]:
    text = page.read_text("utf-8")
    found: list[Block] = []
    end = 0
    for match in FENCE.finditer(text):
        found.append(Block(match.group(1), match.group(2), text[end : match.start()]))
        end = match.end()
    return found


@dataclass(frozen=True)
class Example:
    block: Block
    expected: Block | None


def examples(page: Path) -> list[Example]:
    """Each block that runs, with the block that shows what it prints (if any)."""
    found = blocks(page)
    runs = []
    for index, block in enumerate(found):
        if block.language not in {"python", "js", "sh"} or "fetch(" in block.code:
            continue
        following = found[index + 1] if index + 1 < len(found) else None
        shows_output = following is not None and (
            following.language == "text"
            or (block.language == "sh" and following.language == "json")
        )
        runs.append(Example(block, following if shows_output else None))
    return runs


@pytest.fixture(scope="module")
def workspace(spec: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A reader's folder: the JSON export and the engine, as the pages tell them to set it up."""
    folder = tmp_path_factory.mktemp("reader")
    (folder / "justculture.json").write_text(json.dumps(export_data(spec)), encoding="utf-8")
    shutil.copy(ENGINE, folder / "justculture-engine.js")
    (folder / "package.json").write_text('{"type": "module"}\n', encoding="utf-8")
    return folder


def write_input_files(page: Path, folder: Path) -> None:
    for block in blocks(page):
        named = FILE_NAME.search(block.before.strip())
        if block.language == "json" and named:
            (folder / named.group(1)).write_text(block.code, encoding="utf-8")


def run(example: Example, folder: Path) -> str:
    code = example.block.code
    environment = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
    }
    if example.block.language == "python":
        command = [sys.executable, "-c", code]
    elif example.block.language == "js":
        node = shutil.which("node")
        if node is None:
            pytest.fail("Node.js is not installed: run scripts/bootstrap")
        script = folder / "example.js"
        script.write_text(code, encoding="utf-8")
        command = [node, str(script)]
    else:
        command = ["bash", "-euo", "pipefail", "-c", code]
    done = subprocess.run(
        command,
        cwd=folder,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, f"{code}\n{done.stdout}{done.stderr}"
    return done.stdout


def is_within(expected: Any, actual: Any) -> bool:
    """``expected`` is ``actual`` with some keys left out (at any depth)."""
    if isinstance(expected, dict):
        return isinstance(actual, dict) and all(
            key in actual and is_within(value, actual[key]) for key, value in expected.items()
        )
    return bool(expected == actual)


def check(example: Example, printed: str) -> None:
    if example.expected is None:
        return
    if example.expected.language == "json":
        wanted = json.loads(example.expected.code)
        assert is_within(wanted, json.loads(printed)), f"{example.block.code}\nprinted:\n{printed}"
    else:
        assert printed.strip() == example.expected.code.strip(), example.block.code


@pytest.mark.parametrize("page", ["use-the-spec.md", "javascript.md", "api/index.md"])
def test_every_example_on_the_page_runs_and_prints_what_the_page_says(
    page: str, workspace: Path
) -> None:
    path = DEVELOPERS / page
    write_input_files(path, workspace)
    found = examples(path)
    languages = {example.block.language for example in found}
    wanted = {"use-the-spec.md": {"python", "js", "sh"}, "javascript.md": {"js"}}
    assert languages >= wanted.get(page, {"python"})
    for example in found:
        check(example, run(example, workspace))


def test_the_python_examples_use_only_public_names() -> None:
    import justculture

    imported = set()
    for page in ("use-the-spec.md", "api/index.md"):
        for block in blocks(DEVELOPERS / page):
            if block.language == "python":
                imported |= set(
                    re.findall(r"from justculture(?:\.\w+)* import ([\w, ]+)", block.code)
                )
    names = {name.strip() for group in imported for name in group.split(",")}
    assert names <= {*justculture.__all__, "AnswerError"}, names
