"""The validated spec as a typed, read-only model.

Documents stay available as plain data (for rendering and export); the two decision tools also
get typed views, because the engine walks them and needs their shape to be certain.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Literal

from .errors import AnswerError

Document = Mapping[str, Any]
ANSWER_WORDS = {"yes": "Yes", "no": "No"}
AnswerType = Literal["yes-no", "choice", "option", "heading"]
FLOW_KIND = "flow"
CHECKLIST_KIND = "checklist"


@dataclass(frozen=True)
class Target:
    """Where an answer leads: another node, or an outcome."""

    node: str | None = None
    outcome: str | None = None

    @classmethod
    def from_data(cls, data: Mapping[str, str]) -> Target:
        return cls(node=data.get("node"), outcome=data.get("outcome"))


@dataclass(frozen=True)
class FlowNode:
    id: str
    test: str
    question: str
    help: str
    on_yes: Target
    on_no: Target

    def target(self, answer: str) -> Target:
        return self.on_yes if answer == "yes" else self.on_no


@dataclass(frozen=True)
class Outcome:
    id: str
    title: str
    summary: str
    recommendation: str
    investigation_focus: str
    obligations: tuple[str, ...]
    data: Document


@dataclass(frozen=True)
class Flow:
    id: str
    title: str
    start: str
    nodes: Mapping[str, FlowNode]
    outcomes: Mapping[str, Outcome]
    obligations: Mapping[str, Document]
    tests: Mapping[str, Document]

    @classmethod
    def from_document(cls, data: Document) -> Flow:
        nodes = {
            node["id"]: FlowNode(
                id=node["id"],
                test=node["test"],
                question=node["question"],
                help=node.get("help", ""),
                on_yes=Target.from_data(node["on_yes"]),
                on_no=Target.from_data(node["on_no"]),
            )
            for node in data["nodes"]
        }
        return cls(
            id=data["id"],
            title=data["title"],
            start=data["start"],
            nodes=MappingProxyType(nodes),
            outcomes=_outcomes(data),
            obligations=MappingProxyType(
                {item["id"]: item for item in data.get("obligations", [])}
            ),
            tests=MappingProxyType({item["id"]: item for item in data.get("tests", [])}),
        )


@dataclass(frozen=True)
class Choice:
    """One allowed answer of a choice item; ``item`` names the option item it stands for."""

    value: str
    label: str
    item: str | None


@dataclass(frozen=True)
class ChecklistItem:
    id: str
    number: str
    text: str
    answer_type: AnswerType
    options: tuple[Choice, ...]
    parent: str | None
    prompt: str | None
    data: Document

    @classmethod
    def from_data(cls, item: Mapping[str, Any]) -> ChecklistItem:
        answer = item["answer"]
        options = tuple(
            Choice(str(row["value"]), str(row["label"]), row.get("item"))
            for row in answer.get("choices", ())
        )
        return cls(
            id=item["id"],
            number=str(item.get("number", item["id"])),
            text=item["text"],
            answer_type=answer["type"],
            options=options,
            parent=item.get("parent"),
            prompt=item.get("prompt"),
            data=item,
        )

    @property
    def answerable(self) -> bool:
        return self.answer_type in ("yes-no", "choice")

    @property
    def choices(self) -> tuple[str, ...]:
        return tuple(option.value for option in self.options)

    def allowed_values(self) -> tuple[str, ...]:
        return ("yes", "no") if self.answer_type == "yes-no" else self.choices

    def option(self, value: str) -> Choice:
        return next(option for option in self.options if option.value == value)

    def answer_label(self, value: str) -> str:
        """An answer as people read it: "Yes", "Conduct", or "iii: Knows how but isn't"."""
        if self.answer_type == "yes-no":
            return ANSWER_WORDS[value]
        option = self.option(value)
        return f"{value}: {option.label}" if option.item else option.label


@dataclass(frozen=True)
class Condition:
    """An answer test: one item, or any/all of several, must have the value ``equals``."""

    items: tuple[str, ...]
    equals: str
    mode: Literal["item", "any_of", "all_of"]

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Condition:
        if "item" in data:
            return cls((str(data["item"]),), str(data["equals"]), "item")
        mode: Literal["any_of", "all_of"] = "any_of" if "any_of" in data else "all_of"
        return cls(tuple(str(item) for item in data[mode]), str(data["equals"]), mode)


@dataclass(frozen=True)
class Rule:
    id: str
    text: str
    when: tuple[Condition, ...]
    outcome: str


@dataclass(frozen=True)
class Signpost:
    id: str
    text: str
    when: tuple[Condition, ...]
    related: tuple[str, ...]


@dataclass(frozen=True)
class Checklist:
    id: str
    title: str
    items: Mapping[str, ChecklistItem]
    rules: tuple[Rule, ...]
    outcomes: Mapping[str, Outcome]
    signposts: tuple[Signpost, ...]
    approvers: Mapping[str, Document]

    @classmethod
    def from_document(cls, data: Document) -> Checklist:
        items = {item["id"]: ChecklistItem.from_data(item) for item in data["items"]}
        rules = tuple(
            Rule(rule["id"], rule.get("text", ""), _conditions(rule["when"]), rule["outcome"])
            for rule in data["rules"]
        )
        signposts = tuple(
            Signpost(
                sign["id"], sign["text"], _conditions(sign["when"]), tuple(sign.get("related", ()))
            )
            for sign in data.get("signposts", [])
        )
        approvers = {item["staff_group"]: item for item in data.get("approvers", [])}
        return cls(
            id=data["id"],
            title=data["title"],
            items=MappingProxyType(items),
            rules=rules,
            outcomes=_outcomes(data),
            signposts=signposts,
            approvers=MappingProxyType(approvers),
        )

    def answerable_items(self) -> list[ChecklistItem]:
        return [item for item in self.items.values() if item.answerable]


def _conditions(rows: list[Mapping[str, Any]]) -> tuple[Condition, ...]:
    return tuple(Condition.from_data(row) for row in rows)


def _outcomes(data: Document) -> Mapping[str, Outcome]:
    outcomes = {
        item["id"]: Outcome(
            id=item["id"],
            title=item["title"],
            summary=item.get("summary", ""),
            recommendation=item.get("recommendation", ""),
            investigation_focus=item.get("investigation_focus", ""),
            obligations=tuple(item.get("obligations", ())),
            data=item,
        )
        for item in data["outcomes"]
    }
    return MappingProxyType(outcomes)


Tool = Flow | Checklist


def answer_text(tool: Tool, question: str, value: str) -> str:
    """An answer to any tool's question as people read it ("Yes", "Conduct", "iii: ...")."""
    if isinstance(tool, Flow):
        return ANSWER_WORDS[value]
    return tool.items[question].answer_label(value)


@dataclass(frozen=True)
class Spec:
    """Every validated document, keyed by id, with the spec's version and its decision tools."""

    version: str
    documents: Mapping[str, Document]
    tools: Mapping[str, Tool]

    @classmethod
    def from_documents(cls, version: str, documents: Mapping[str, Document]) -> Spec:
        tools: dict[str, Tool] = {}
        for doc_id, doc in documents.items():
            if doc.get("kind") == FLOW_KIND:
                tools[doc_id] = Flow.from_document(doc)
            elif doc.get("kind") == CHECKLIST_KIND:
                tools[doc_id] = Checklist.from_document(doc)
        return cls(version, MappingProxyType(dict(documents)), MappingProxyType(tools))

    def document(self, doc_id: str) -> Document:
        return self.documents[doc_id]

    def decision_record(self) -> Document:
        """The restorative approach's pre-investigation decision record (title, fields)."""
        records = self.documents.get("restorative", {}).get("decision_record", [])
        return records[0] if records else {"fields": []}

    def decision_record_fields(self) -> list[Document]:
        return list(self.decision_record().get("fields", []))

    def ids_of_kind(self, kind: str) -> list[str]:
        return [doc_id for doc_id, doc in self.documents.items() if doc.get("kind") == kind]

    def tool(self, tool_id: str) -> Tool:
        try:
            return self.tools[tool_id]
        except KeyError:
            known = ", ".join(self.tools)
            message = f"no guide or checklist has the id {tool_id!r}; use one of: {known}"
            raise AnswerError("JC401", message) from None
