"""The decision tools laid out as pages and printables show them."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Checklist, ChecklistItem, Flow, FlowNode, Outcome


@dataclass(frozen=True)
class ItemGroup:
    """A top-level checklist item with the items under it, in the paper's order."""

    item: ChecklistItem
    """The top-level item."""
    children: tuple[ChecklistItem, ...]
    """The items under it, in order."""


@dataclass(frozen=True)
class TestColumn:
    """One test of the guide: its questions, and the outcomes its questions reach first."""

    id: str
    """The test's id."""
    title: str
    """The test's title."""
    nodes: tuple[FlowNode, ...]
    """The test's questions, in order."""
    outcomes: tuple[Outcome, ...]
    """The outcomes the test's questions reach first."""


def items_by_parent(checklist: Checklist) -> list[ItemGroup]:
    """Top-level items, each with its sub-items, in the paper's order."""
    children: dict[str, list[ChecklistItem]] = {}
    for item in checklist.items.values():
        if item.parent is not None:
            children.setdefault(item.parent, []).append(item)
    return [
        ItemGroup(item, tuple(children.get(item.id, ())))
        for item in checklist.items.values()
        if item.parent is None
    ]


def nodes_by_test(flow: Flow) -> dict[str, tuple[FlowNode, ...]]:
    """The guide's questions grouped by the test they belong to, in the tests' order."""
    return {
        str(test_id): tuple(node for node in flow.nodes.values() if node.test == test_id)
        for test_id in flow.tests
    }


def poster_columns(flow: Flow) -> list[TestColumn]:
    """One column per test, each with the outcomes that none of the earlier tests reached.

    So every outcome is drawn once, in the first column that leads to it.
    """
    placed: set[str] = set()
    columns = []
    for test_id, nodes in nodes_by_test(flow).items():
        reached = [
            target.outcome
            for node in nodes
            for target in (node.on_yes, node.on_no)
            if target.outcome is not None
        ]
        own = [key for key in dict.fromkeys(reached) if key not in placed]
        placed.update(own)
        title = str(flow.tests[test_id]["title"])
        columns.append(TestColumn(test_id, title, nodes, tuple(flow.outcomes[key] for key in own)))
    return columns
