"""The Spec is one read-only, typed value: it cannot be changed, and it knows where it came from."""

from __future__ import annotations

import ast
import copy
import json
import pickle
from collections.abc import Iterator
from pathlib import Path
from typing import Any, get_args

import pytest

from justculture import load_spec
from justculture.errors import CATALOGUE, ErrorCodeId
from justculture.frozen import FrozenDict, FrozenList, freeze, thaw
from justculture.model import Spec

REPO = Path(__file__).resolve().parents[2]


def containers(value: Any, pointer: str = "") -> Iterator[tuple[str, Any]]:
    """Every dict and list inside ``value``, with its JSON pointer."""
    stack = [(pointer, value)]
    while stack:
        where, node = stack.pop()
        if isinstance(node, dict):
            yield where, node
            stack.extend((f"{where}/{key}", child) for key, child in node.items())
        elif isinstance(node, list):
            yield where, node
            stack.extend((f"{where}/{index}", child) for index, child in enumerate(node))


MUTATIONS_OF_A_DICT = (
    lambda d: d.__setitem__("new", 1),
    lambda d: d.pop(next(iter(d)), None),
    lambda d: d.update({"new": 1}),
    lambda d: d.setdefault("new", 1),
    lambda d: d.clear(),
    lambda d: d.popitem(),
    lambda d: d.__delitem__(next(iter(d))),
    lambda d: d.__ior__({"new": 1}),
)
MUTATIONS_OF_A_LIST = (
    lambda x: x.append(1),
    lambda x: x.extend([1]),
    lambda x: x.insert(0, 1),
    lambda x: x.__setitem__(0, 1),
    lambda x: x.pop(),
    lambda x: x.clear(),
    lambda x: x.sort(),
    lambda x: x.reverse(),
    lambda x: x.__iadd__([1]),
    lambda x: x.__delitem__(0),
)


def test_no_dict_or_list_anywhere_in_the_spec_can_be_changed(spec: Spec) -> None:
    assert spec.schemas is not None
    everything = {
        "documents": spec.documents,
        "schemas": spec.schemas.schemas,
        "files": spec.schemas.files,
        "codelists": spec.codelists,
        "locators": spec.locators,
    }
    before = json.dumps(spec.documents, sort_keys=True) + json.dumps(spec.schemas.schemas)
    checked = 0
    for pointer, node in (
        pair for name, part in everything.items() for pair in containers(part, name)
    ):
        if not node:
            continue
        assert isinstance(node, FrozenDict | FrozenList), pointer
        mutations = MUTATIONS_OF_A_DICT if isinstance(node, dict) else MUTATIONS_OF_A_LIST
        for mutate in mutations:
            with pytest.raises(TypeError, match="read-only"):
                mutate(node)
        checked += 1
    assert checked > 1000, "the walk should reach every nested value"
    assert json.dumps(spec.documents, sort_keys=True) + json.dumps(spec.schemas.schemas) == before


def test_the_typed_views_share_the_frozen_data(spec: Spec) -> None:
    guide = spec.tools["just-culture-guide"]
    outcome = next(iter(guide.outcomes.values()))
    with pytest.raises(TypeError):
        outcome.data["title"] = "changed"  # type: ignore[index]
    with pytest.raises(TypeError):
        guide.nodes["1a"] = guide.nodes["2a"]  # type: ignore[index]
    with pytest.raises(AttributeError):
        spec.version = "9.9.9"  # type: ignore[misc]


def test_a_spec_survives_pickling_and_copying_unchanged(spec: Spec) -> None:
    # Worker processes receive the spec by pickle; copies must stay frozen and equal.
    again = pickle.loads(pickle.dumps(spec.documents))
    assert again == spec.documents
    assert isinstance(again["charter"], FrozenDict)
    assert copy.deepcopy(spec.documents) is spec.documents


def test_freeze_and_thaw_round_trip_and_deep_data_does_not_recurse() -> None:
    data = {"a": [1, {"b": [2, 3]}], "c": {"d": None}}
    frozen = freeze(data)
    assert frozen == data and isinstance(frozen["a"], FrozenList)
    assert thaw(frozen) == data and type(thaw(frozen)["a"]) is list
    deep: Any = []
    for _ in range(50_000):
        deep = [deep]
    assert isinstance(freeze(deep), FrozenList)


def test_the_spec_knows_its_manifest_schemas_and_origin(spec: Spec) -> None:
    assert spec.manifest is not None
    assert spec.manifest.spec_version == spec.version
    assert spec.manifest.publisher
    assert spec.schemas is not None and "charter" in spec.schemas.schemas
    assert spec.origin == (REPO / "spec").resolve()
    assert spec.locators["charter"].display.endswith("charter.yaml")


def test_two_loads_are_independent_values(spec: Spec) -> None:
    other = load_spec(REPO / "spec")
    assert other is not spec
    assert other.documents == spec.documents


def test_codelist_titles_come_from_the_common_schema(spec: Spec) -> None:
    assert spec.label("staff_role", "porter-estates") == "Portering and estates"
    assert spec.label("setting", "acute") == "Acute hospital"
    assert spec.label("theme", "hindsight-bias") == "Hindsight bias"
    assert spec.label("yes_no", "yes") == "Yes"
    assert spec.tools["just-culture-guide"].answer_label("no") == "No"
    common = json.loads((REPO / "spec/schema/common.schema.json").read_text(encoding="utf-8"))
    for name in ("theme", "staff_role", "setting", "approver_group", "yes_no"):
        branches = common["$defs"][name]["oneOf"]
        assert list(spec.codelists[name]) == [branch["const"] for branch in branches]


def test_every_error_code_is_typed_and_catalogued() -> None:
    assert set(get_args(ErrorCodeId)) == set(CATALOGUE)


# The first stages may use only each other: nothing upstream reaches down to the engine,
# the consistency stage or any renderer.
UPSTREAM = ("errors", "frozen", "loading", "schemas", "checks", "model", "locate")
DOWNSTREAM = ("engine", "consistency", "scenarios", "render", "views", "cli", "build")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level >= 1 and node.module:
            found.add(node.module.split(".")[0])
        elif isinstance(node, ast.ImportFrom) and node.level >= 1:
            found.update(alias.name for alias in node.names)
    return found


@pytest.mark.parametrize("module", UPSTREAM)
def test_validation_stages_never_import_the_engine_or_renderers(module: str) -> None:
    path = REPO / "generator" / "justculture" / f"{module}.py"
    reached = imported_modules(path) & set(DOWNSTREAM)
    assert not reached, f"{module}.py imports {sorted(reached)}: data must flow one way"
