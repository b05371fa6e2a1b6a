"""Rules a JSON Schema cannot say: ids unique, links resolve, flows sound, totals agree.

Each check is a small function over the schema-valid documents that yields located errors.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from .errors import SpecError, escape_pointer_token
from .loading import SourceFile
from .model import CHECKLIST_KIND, FLOW_KIND, ChecklistItem, Condition

REQUIRED_DOCUMENTS = (
    "justculture",
    "charter",
    "pre-disciplinary-checklist",
    "just-culture-guide",
    "restorative",
    "behaviours",
    "guidance",
    "evidence",
    "glossary",
    "references",
)
REFERENCES_DOCUMENT = "references"
LINK_FIELDS = ("related", "see_also")

Sources = Mapping[str, SourceFile]
Check = Callable[[Sources], Iterator[SpecError]]


def walk(value: Any, pointer: str = "") -> Iterator[tuple[str, Any]]:
    """Every value in a document with its JSON pointer, parents before children."""
    yield pointer, value
    if isinstance(value, dict):
        for key, child in value.items():
            yield from walk(child, f"{pointer}/{escape_pointer_token(key)}")
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from walk(child, f"{pointer}/{index}")


def items_of(source: SourceFile) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every item (an object with an id, inside a list) of a document, with its pointer."""
    for pointer, value in walk(source.data):
        if isinstance(value, dict) and "id" in value and pointer.rsplit("/", 1)[-1].isdigit():
            yield pointer, value


def item_ids(source: SourceFile) -> set[str]:
    return {str(item["id"]) for _, item in items_of(source)}


def check_item_ids_unique(sources: Sources) -> Iterator[SpecError]:
    for source in sources.values():
        seen: dict[str, str] = {}
        for pointer, item in items_of(source):
            item_id = str(item["id"])
            if item_id in seen:
                first_line = source.locate(seen[item_id])[0]
                message = (
                    f"the id '{item_id}' is already used on line {first_line}; ids must be unique"
                )
                yield source.error("JC301", message, f"{pointer}/id")
            else:
                seen[item_id] = pointer


def check_required_documents(sources: Sources) -> Iterator[SpecError]:
    for doc_id in REQUIRED_DOCUMENTS:
        if doc_id not in sources:
            yield SpecError("JC303", f"the spec has no document with id '{doc_id}'", "spec")


def check_one_manifest(sources: Sources) -> Iterator[SpecError]:
    """One manifest only: it gives the spec its version, and two could disagree."""
    manifests = [source for source in sources.values() if source.data.get("kind") == "manifest"]
    for extra in manifests[1:]:
        message = (
            f"{manifests[0].display} is a manifest too; keep only one, so the spec has one version"
        )
        yield extra.error("JC315", message, "/kind")


def check_links(sources: Sources) -> Iterator[SpecError]:
    ids = {doc_id: item_ids(source) for doc_id, source in sources.items()}
    for source in sources.values():
        for pointer, value in walk(source.data):
            parts = pointer.split("/")
            if len(parts) >= 2 and parts[-2] in LINK_FIELDS:
                yield from _check_link(source, pointer, value, ids)


def _check_link(
    source: SourceFile, pointer: str, link: Any, ids: Mapping[str, set[str]]
) -> Iterator[SpecError]:
    if not isinstance(link, str) or "#" not in link:
        return
    doc_id, item_id = link.split("#", 1)
    if doc_id not in ids:
        yield source.error(
            "JC304", f"'{link}' names the document '{doc_id}', which does not exist", pointer
        )
    elif item_id not in ids[doc_id]:
        yield source.error(
            "JC304", f"'{link}' names '{item_id}', which is not an item of '{doc_id}'", pointer
        )


def check_sources(sources: Sources) -> Iterator[SpecError]:
    references = sources.get(REFERENCES_DOCUMENT)
    if references is None:
        return
    keys = item_ids(references)
    for source in sources.values():
        for pointer, value in walk(source.data):
            names_a_work = (
                pointer.endswith(("/source/ref", "/status/superseded_by_ref"))
                or "/cited/" in pointer
            )
            if names_a_work and isinstance(value, str) and value not in keys:
                message = f"the reference key '{value}' is not in references.yaml"
                yield source.error("JC305", message, pointer)


def _of_kind(sources: Sources, kind: str) -> Iterator[SourceFile]:
    return (source for source in sources.values() if source.data.get("kind") == kind)


def check_flows(sources: Sources) -> Iterator[SpecError]:
    for source in _of_kind(sources, FLOW_KIND):
        yield from _check_flow(source)


def _check_flow(source: SourceFile) -> Iterator[SpecError]:
    data = source.data
    nodes = {node["id"]: index for index, node in enumerate(data["nodes"])}
    outcomes = {outcome["id"] for outcome in data["outcomes"]}
    if data["start"] not in nodes:
        yield source.error(
            "JC306", f"the flow starts at '{data['start']}', which is not a node", "/start"
        )
        return
    yield from _check_targets(source, nodes, outcomes)
    yield from _check_alerts(source, {node_id: ("yes", "no") for node_id in nodes})
    yield from _check_node_tests(source)
    yield from _check_obligations(source)
    reached_nodes, reached_outcomes, cycle = _explore(data, nodes)
    if cycle is not None:
        node_id, answer = cycle
        pointer = f"/nodes/{nodes[node_id]}/on_{answer}"
        yield source.error(
            "JC307", f"answering {answer} at '{node_id}' leads back to an earlier question", pointer
        )
    for node_id, index in nodes.items():
        if node_id not in reached_nodes:
            yield source.error(
                "JC308", f"no path from the start reaches node '{node_id}'", f"/nodes/{index}/id"
            )
    for index, outcome in enumerate(data["outcomes"]):
        if outcome["id"] not in reached_outcomes:
            message = f"no path from the start reaches outcome '{outcome['id']}'"
            yield source.error("JC308", message, f"/outcomes/{index}/id")


def _check_targets(
    source: SourceFile, nodes: Mapping[str, int], outcomes: set[str]
) -> Iterator[SpecError]:
    for index, node in enumerate(source.data["nodes"]):
        for answer in ("yes", "no"):
            target = node[f"on_{answer}"]
            pointer = f"/nodes/{index}/on_{answer}"
            if "node" in target and target["node"] not in nodes:
                message = f"answering {answer} at '{node['id']}' goes to '{target['node']}', which is not a node, so the path has no outcome"
                yield source.error("JC306", message, f"{pointer}/node")
            if "outcome" in target and target["outcome"] not in outcomes:
                message = f"answering {answer} at '{node['id']}' gives the outcome '{target['outcome']}', which does not exist"
                yield source.error("JC312", message, f"{pointer}/outcome")


def _check_node_tests(source: SourceFile) -> Iterator[SpecError]:
    tests = {test["id"] for test in source.data.get("tests", [])}
    for index, node in enumerate(source.data["nodes"]):
        if node["test"] not in tests:
            message = f"the node '{node['id']}' belongs to the test '{node['test']}', which does not exist"
            yield source.error("JC304", message, f"/nodes/{index}/test")


def _check_obligations(source: SourceFile) -> Iterator[SpecError]:
    obligations = {item["id"] for item in source.data.get("obligations", [])}
    for index, outcome in enumerate(source.data["outcomes"]):
        for position, obligation in enumerate(outcome.get("obligations", [])):
            if obligation not in obligations:
                message = f"the outcome '{outcome['id']}' names the obligation '{obligation}', which does not exist"
                yield source.error("JC304", message, f"/outcomes/{index}/obligations/{position}")


def _explore(
    data: Mapping[str, Any], nodes: Mapping[str, int]
) -> tuple[set[str], set[str], tuple[str, str] | None]:
    """Depth-first walk from the start: nodes and outcomes reached, and the first loop found.

    The walk keeps its own stack instead of recursing, so a hostile flow thousands of questions
    deep is checked like any other instead of exhausting Python's stack.
    """
    by_id = {node["id"]: node for node in data["nodes"]}
    reached_nodes: set[str] = {data["start"]}
    reached_outcomes: set[str] = set()
    cycle: tuple[str, str] | None = None
    # Each frame is a node on the current path and the answers of it still to follow.
    stack: list[tuple[str, list[str]]] = [(data["start"], ["yes", "no"])]
    on_path: set[str] = {data["start"]}
    while stack:
        node_id, answers = stack[-1]
        if not answers:
            stack.pop()
            on_path.discard(node_id)
            continue
        answer = answers.pop(0)
        target = by_id[node_id][f"on_{answer}"]
        next_id = target.get("node")
        if "outcome" in target:
            reached_outcomes.add(target["outcome"])
        elif next_id in on_path:
            cycle = cycle or (node_id, answer)
        elif next_id in nodes and next_id not in reached_nodes:
            reached_nodes.add(next_id)
            on_path.add(next_id)
            stack.append((next_id, ["yes", "no"]))
    return reached_nodes, reached_outcomes, cycle


def check_checklists(sources: Sources) -> Iterator[SpecError]:
    for source in _of_kind(sources, CHECKLIST_KIND):
        yield from _check_checklist(source)


# Question id -> the answers it accepts; an empty tuple for an item that cannot be answered.
Answerable = Mapping[str, tuple[str, ...]]


def _check_checklist(source: SourceFile) -> Iterator[SpecError]:
    data = source.data
    items = {item["id"]: ChecklistItem.from_data(item) for item in data["items"]}
    answerable = {
        item_id: item.allowed_values() if item.answerable else () for item_id, item in items.items()
    }
    outcomes = {outcome["id"] for outcome in data["outcomes"]}
    for section in ("rules", "signposts"):
        yield from _check_conditions(source, section, answerable)
    for index, row in enumerate(data["rules"]):
        if row["outcome"] not in outcomes:
            message = (
                f"the rule '{row['id']}' gives the outcome '{row['outcome']}', which does not exist"
            )
            yield source.error("JC312", message, f"/rules/{index}/outcome")
    yield from _check_alerts(source, answerable)
    yield from _check_item_links(source, items)
    yield from _check_approvers(source)


def _check_alerts(source: SourceFile, answerable: Answerable) -> Iterator[SpecError]:
    """An alert's conditions name questions of its own tool, with answers they accept."""
    yield from _check_conditions(source, "alerts", answerable)


def _check_conditions(
    source: SourceFile, section: str, answerable: Answerable
) -> Iterator[SpecError]:
    for index, row in enumerate(source.data.get(section, [])):
        for position, condition in enumerate(row["when"]):
            pointer = f"/{section}/{index}/when/{position}"
            yield from _check_condition(source, pointer, Condition.from_data(condition), answerable)


def _check_condition(
    source: SourceFile, pointer: str, condition: Condition, answerable: Answerable
) -> Iterator[SpecError]:
    for item_id in condition.items:
        allowed = answerable.get(item_id)
        if not allowed:
            reason = "does not exist" if allowed is None else "cannot be answered"
            yield source.error("JC309", f"the item '{item_id}' {reason}", pointer)
        elif condition.equals not in allowed:
            values = ", ".join(allowed)
            message = f"'{item_id}' can never be '{condition.equals}'; its answers are: {values}"
            yield source.error("JC310", message, f"{pointer}/equals")


def _check_item_links(source: SourceFile, items: Mapping[str, Any]) -> Iterator[SpecError]:
    footnotes = {note["id"] for note in source.data.get("footnotes", [])}
    for index, item in enumerate(source.data["items"]):
        parent = item.get("parent")
        if parent is not None and parent not in items:
            yield source.error(
                "JC304", f"the parent '{parent}' is not an item", f"/items/{index}/parent"
            )
        for position, note in enumerate(item.get("footnotes", [])):
            if note not in footnotes:
                yield source.error(
                    "JC304",
                    f"the footnote '{note}' does not exist",
                    f"/items/{index}/footnotes/{position}",
                )
        for position, choice in enumerate(item["answer"].get("choices", [])):
            if "item" in choice and choice["item"] not in items:
                pointer = f"/items/{index}/answer/choices/{position}/item"
                yield source.error(
                    "JC304", f"the choice names '{choice['item']}', which is not an item", pointer
                )


def _check_approvers(source: SourceFile) -> Iterator[SpecError]:
    approvers = source.data.get("approvers", [])
    counts = Counter(approver["staff_group"] for approver in approvers)
    for group in ("nursing-midwifery", "medical", "other"):
        if counts[group] != 1:
            message = (
                f"the staff group '{group}' has {counts[group]} approvers; it needs exactly one"
            )
            yield source.error("JC313", message, _second_approver(approvers, group))


def _second_approver(approvers: list[dict[str, Any]], group: str) -> str:
    """Where to point: the second approver for the group, or the list when there is none."""
    rows = [index for index, approver in enumerate(approvers) if approver["staff_group"] == group]
    return f"/approvers/{rows[1]}/staff_group" if len(rows) > 1 else "/approvers"


def check_evidence_totals(sources: Sources) -> Iterator[SpecError]:
    for source in _of_kind(sources, "evidence"):
        for pointer, item in items_of(source):
            if isinstance(item.get("rows"), list) and isinstance(item.get("total"), dict):
                yield from _check_total(source, pointer, item)


def _check_total(source: SourceFile, pointer: str, table: Mapping[str, Any]) -> Iterator[SpecError]:
    totals = table["total"].get("values", {})
    # The paper's own slips are recorded, not corrected: a discrepancy that states exactly this
    # sum and this printed total accepts the mismatch; any other figure is still a typo.
    recorded = {
        (item["column"], item["rows_sum"], item["printed_total"])
        for item in table.get("discrepancies", [])
    }
    for column, expected in totals.items():
        figures = [row.get("values", {}).get(column) for row in table["rows"]]
        if not all(isinstance(figure, int | float) for figure in figures):
            continue
        # Rounded so that decimal figures (percentages, say) that add up exactly are not
        # flagged for binary floating-point noise such as 10.1 + 20.2 + 30.3 = 60.599999999999994.
        found = round(sum(figures), 9)
        if found != expected and (column, found, expected) not in recorded:
            message = (
                f"the rows of '{table['id']}' add up to {found:,} in '{column}', but the total says "
                f"{expected:,}; check each figure against the paper"
            )
            yield source.error(
                "JC311", message, f"{pointer}/total/values/{escape_pointer_token(column)}"
            )


CHECKS: tuple[Check, ...] = (
    check_required_documents,
    check_one_manifest,
    check_item_ids_unique,
    check_links,
    check_sources,
    check_flows,
    check_checklists,
    check_evidence_totals,
)


def run_checks(sources: Sources) -> list[SpecError]:
    """Every semantic check of the documents as read (the engine is not needed for any).

    Scenario replay comes later, in :mod:`justculture.consistency`, once these checks have
    proved the guide and the checklist sound: it must never see a flow with a cycle or a rule
    that names a missing item.
    """
    return [error for check in CHECKS for error in check(sources)]
