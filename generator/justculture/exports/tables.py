"""The spec as a small set of flat tables, for teams that work in spreadsheets and databases.

Made from the JSON export (plain data) and the common schema, not from a live ``Spec``, so a
published release can be turned into the same tables years later. Every table has a fixed list
of columns; a cell is text, a number, true/false or empty.

- ``items``: every item that has an id, in every document: its document, id, number, title,
  main text (and which property that text came from), parent, source and deprecation.
- ``guide_nodes``: each question of a flow with where yes and no lead.
- ``outcomes``: the outcomes of the guide and the checklist.
- ``checklist_rules``: each rule of a checklist, one row per condition.
- ``alerts``: each alert of the guide and the checklist (its severity, its text, what it links
  to), one row per condition, so the alerts a result shows can be worked out from the tables.
- ``codelists``: every code the schemas allow, with its title and description.
- ``scenarios``, ``scenario_stages`` and ``scenario_answers``: the training scenarios.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from ..errors import escape_pointer_token

Cell = str | int | float | bool | None
Row = tuple[Cell, ...]

# The property an item's main text is read from: the first of these it has.
TEXT_FIELDS = (
    "text",
    "question",
    "definition",
    "description",
    "summary",
    "narrative",
    "cited_for",
    "role",
)
TITLE_FIELDS = ("title", "term", "label")
LIST_SEPARATOR = "; "


@dataclass(frozen=True)
class Table:
    """One flat table: a name (the CSV file and sheet), a plain title, columns and rows."""

    name: str
    title: str
    columns: tuple[str, ...]
    rows: tuple[Row, ...]

    def records(self) -> list[dict[str, Cell]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


TABLE_NAMES = (
    "items",
    "guide_nodes",
    "outcomes",
    "checklist_rules",
    "alerts",
    "codelists",
    "scenarios",
    "scenario_stages",
    "scenario_answers",
)
# The column that names a row's document, in the tables that have one.
DOCUMENT_COLUMNS = ("document", "scenario")


def for_document(found: list[Table], doc_id: str) -> list[Table]:
    """The rows of one document (the codelists, which belong to no document, stay whole)."""
    chosen = []
    for table in found:
        column = next((name for name in DOCUMENT_COLUMNS if name in table.columns), None)
        if column is None:
            chosen.append(table)
            continue
        index = table.columns.index(column)
        rows = tuple(row for row in table.rows if row[index] == doc_id)
        chosen.append(Table(table.name, table.title, table.columns, rows))
    return chosen


def tables(export: Mapping[str, Any], common_schema: Mapping[str, Any]) -> list[Table]:
    """Every table, in a fixed order, from an export and its common schema."""
    documents: Mapping[str, Mapping[str, Any]] = export["documents"]
    return [
        Table("items", "Items", ITEM_COLUMNS, tuple(_item_rows(documents))),
        Table("guide_nodes", "Guide questions", NODE_COLUMNS, tuple(_node_rows(documents))),
        Table("outcomes", "Outcomes", OUTCOME_COLUMNS, tuple(_outcome_rows(documents))),
        Table("checklist_rules", "Checklist rules", RULE_COLUMNS, tuple(_rule_rows(documents))),
        Table("alerts", "Alerts", ALERT_COLUMNS, tuple(_alert_rows(documents))),
        Table("codelists", "Codelists", CODELIST_COLUMNS, tuple(codelist_rows(common_schema))),
        Table("scenarios", "Scenarios", SCENARIO_COLUMNS, tuple(_scenario_rows(documents))),
        Table("scenario_stages", "Scenario stages", STAGE_COLUMNS, tuple(_stage_rows(documents))),
        Table(
            "scenario_answers", "Scenario answers", ANSWER_COLUMNS, tuple(_answer_rows(documents))
        ),
    ]


# Items -----------------------------------------------------------------------------------------

ITEM_COLUMNS = (
    "document",
    "kind",
    "collection",
    "id",
    "number",
    "title",
    "text",
    "text_field",
    "parent",
    "source",
    "source_locator",
    "deprecated",
    "replaced_by",
)


def _item_rows(documents: Mapping[str, Mapping[str, Any]]) -> Iterator[Row]:
    for doc_id, document in documents.items():
        for item in items_with_ids(document):
            data = item.data
            text_field = next((name for name in TEXT_FIELDS if isinstance(data.get(name), str)), "")
            yield (
                doc_id,
                str(document["kind"]),
                item.collection,
                str(data["id"]),
                _text(data.get("number", data.get("marker"))),
                next((str(data[name]) for name in TITLE_FIELDS if name in data), ""),
                str(data[text_field]) if text_field else "",
                text_field,
                str(data.get("parent", item.parent or "")),
                _source(data.get("source")),
                _locator(data.get("source")),
                bool(data.get("deprecated", False)),
                str(data.get("replaced_by", "")),
            )


@dataclass(frozen=True)
class IdItem:
    """An item with an id inside a document: where it sits and the nearest item around it."""

    collection: str
    parent: str | None
    data: Mapping[str, Any]
    pointer: str


def items_with_ids(document: Mapping[str, Any]) -> Iterator[IdItem]:
    """Every mapping with an ``id`` below the document's top, in document order."""
    waiting: list[tuple[Any, str, str | None, str]] = [
        (value, key, None, "/" + escape_pointer_token(key))
        for key, value in reversed(list(document.items()))
    ]
    while waiting:
        node, collection, parent, pointer = waiting.pop()
        if isinstance(node, list):
            waiting.extend(
                (child, collection, parent, f"{pointer}/{index}")
                for index, child in reversed(list(enumerate(node)))
            )
            continue
        if not isinstance(node, Mapping):
            continue
        if isinstance(node.get("id"), str):
            yield IdItem(collection, parent, node, pointer)
            parent = str(node["id"])
        waiting.extend(
            (value, key, parent, f"{pointer}/{escape_pointer_token(key)}")
            for key, value in reversed(list(node.items()))
        )


def _source(source: Any) -> str:
    return str(source.get("ref", "")) if isinstance(source, Mapping) else ""


def _locator(source: Any) -> str:
    if not isinstance(source, Mapping):
        return ""
    parts = [
        str(source["section"]) if "section" in source else "",
        f"page {source['page']}" if "page" in source else "",
        str(source.get("locator", "")),
    ]
    return ", ".join(part for part in parts if part)


def _cited(source: Any) -> str:
    locator = _locator(source)
    return f"{_source(source)} ({locator})" if locator else _source(source)


def _text(value: Any) -> Cell:
    return None if value is None else str(value)


def _joined(values: Any) -> str:
    return LIST_SEPARATOR.join(str(value) for value in values or ())


# Tools -----------------------------------------------------------------------------------------

NODE_COLUMNS = (
    "document",
    "id",
    "test",
    "question",
    "yes_node",
    "yes_outcome",
    "no_node",
    "no_outcome",
)
OUTCOME_COLUMNS = (
    "document",
    "id",
    "title",
    "summary",
    "recommendation",
    "investigation_focus",
    "obligations",
)
CONDITION_COLUMNS = ("condition", "mode", "items", "equals")
RULE_COLUMNS = ("document", "rule", "text", "outcome", *CONDITION_COLUMNS)
# An alert is shown when every one of its conditions holds (in the guide, counting only answers
# on the path). `order` is its place in the tool's list: results show every stop alert first,
# then every check alert, each in that order.
ALERT_COLUMNS = ("document", "alert", "order", "severity", "text", "related", *CONDITION_COLUMNS)


def _of_kind(documents: Mapping[str, Mapping[str, Any]], kind: str) -> Iterator[tuple[str, Any]]:
    return ((doc_id, doc) for doc_id, doc in documents.items() if doc["kind"] == kind)


def _node_rows(documents: Mapping[str, Mapping[str, Any]]) -> Iterator[Row]:
    for doc_id, flow in _of_kind(documents, "flow"):
        for node in flow["nodes"]:
            yes, no = node["on_yes"], node["on_no"]
            yield (
                doc_id,
                str(node["id"]),
                str(node.get("test", "")),
                str(node["question"]),
                str(yes.get("node", "")),
                str(yes.get("outcome", "")),
                str(no.get("node", "")),
                str(no.get("outcome", "")),
            )


def _outcome_rows(documents: Mapping[str, Mapping[str, Any]]) -> Iterator[Row]:
    for doc_id, doc in documents.items():
        if doc["kind"] not in ("flow", "checklist"):
            continue
        for outcome in doc.get("outcomes", ()):
            yield (
                doc_id,
                str(outcome["id"]),
                str(outcome["title"]),
                str(outcome.get("summary", "")),
                str(outcome.get("recommendation", "")),
                str(outcome.get("investigation_focus", "")),
                _joined(outcome.get("obligations")),
            )


def _rule_rows(documents: Mapping[str, Mapping[str, Any]]) -> Iterator[Row]:
    for doc_id, checklist in _of_kind(documents, "checklist"):
        for rule in checklist.get("rules", ()):
            rule_cells = (doc_id, str(rule["id"]), str(rule["text"]), str(rule["outcome"]))
            for condition in _condition_cells(rule["when"]):
                yield rule_cells + condition


def _alert_rows(documents: Mapping[str, Mapping[str, Any]]) -> Iterator[Row]:
    for doc_id, doc in documents.items():
        if doc["kind"] not in ("flow", "checklist"):
            continue
        for order, alert in enumerate(doc.get("alerts", ()), start=1):
            alert_cells: Row = (
                doc_id,
                str(alert["id"]),
                order,
                str(alert["severity"]),
                str(alert["text"]),
                _joined(alert.get("related")),
            )
            for condition in _condition_cells(alert["when"]):
                yield alert_cells + condition


def _condition_cells(conditions: Any) -> Iterator[Row]:
    """Each condition as its number, mode (item, any_of or all_of), items and value."""
    for number, condition in enumerate(conditions, start=1):
        mode = next(name for name in ("item", "any_of", "all_of") if name in condition)
        items = condition[mode] if mode != "item" else [condition[mode]]
        yield number, mode, _joined(items), str(condition["equals"])


# Codelists -------------------------------------------------------------------------------------

CODELIST_COLUMNS = ("codelist", "code", "title", "description", "deprecated")


def codelist_rows(common_schema: Mapping[str, Any]) -> Iterator[Row]:
    """Every code of the common schema: a ``oneOf`` of ``{const, title}``, or a plain ``enum``."""
    for name, definition in common_schema.get("$defs", {}).items():
        if not isinstance(definition, Mapping):
            continue
        branches = definition.get("oneOf")
        if isinstance(branches, list) and branches and all("const" in b for b in branches):
            for branch in branches:
                yield (
                    name,
                    str(branch["const"]),
                    str(branch.get("title", "")),
                    str(branch.get("description", "")),
                    bool(branch.get("deprecated", False)),
                )
        elif isinstance(definition.get("enum"), list):
            for code in definition["enum"]:
                yield name, str(code), "", "", False


# Scenarios -------------------------------------------------------------------------------------

SCENARIO_COLUMNS = (
    "scenario",
    "title",
    "setting",
    "staff_groups",
    "themes",
    "draws_on",
    "summary",
)
STAGE_COLUMNS = ("scenario", "stage", "order", "title", "narrative", "discussion_questions")
ANSWER_COLUMNS = (
    "scenario",
    "stage",
    "run",
    "tool",
    "staff_group",
    "person",
    "act",
    "question",
    "answer",
    "reason",
    "expected_outcome",
)


def _scenario_rows(documents: Mapping[str, Mapping[str, Any]]) -> Iterator[Row]:
    for doc_id, scenario in _of_kind(documents, "scenario"):
        yield (
            doc_id,
            str(scenario["title"]),
            str(scenario.get("setting", "")),
            _joined(scenario.get("staff_groups")),
            _joined(scenario.get("themes")),
            _joined(_cited(source) for source in scenario.get("draws_on", ())),
            str(scenario.get("summary", "")),
        )


def _stage_rows(documents: Mapping[str, Mapping[str, Any]]) -> Iterator[Row]:
    for doc_id, scenario in _of_kind(documents, "scenario"):
        for order, stage in enumerate(scenario["stages"], start=1):
            yield (
                doc_id,
                str(stage["id"]),
                order,
                str(stage["title"]),
                str(stage["narrative"]),
                _joined(stage.get("discussion_questions")),
            )


def _answer_rows(documents: Mapping[str, Mapping[str, Any]]) -> Iterator[Row]:
    for doc_id, scenario in _of_kind(documents, "scenario"):
        for stage in scenario["stages"]:
            for number, run in enumerate(stage.get("answers", ()), start=1):
                for question, row in run["values"].items():
                    yield (
                        doc_id,
                        str(stage["id"]),
                        number,
                        str(run["tool"]),
                        str(run.get("staff_group", "")),
                        str(run["person"]),
                        str(run["act"]),
                        str(question),
                        str(row["answer"]),
                        str(row["reason"]),
                        str(run["expected_outcome"]),
                    )
