"""The validated spec as a typed, read-only model.

Documents stay available as plain data (for rendering and export); the two decision tools also
get typed views, because the engine walks them and needs their shape to be certain.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal

from .errors import AnswerError
from .frozen import FrozenDict, FrozenList, freeze
from .loading import Locator
from .schemas import SchemaSet, codelist

Document = Mapping[str, Any]
ANSWER_CODELIST = "yes_no"
MANIFEST_KIND = "manifest"
COMMON_SCHEMA = "common"
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
    data: Document = field(default_factory=FrozenDict)

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
    answer_words: Mapping[str, str] = field(default_factory=FrozenDict)

    @classmethod
    def from_document(cls, data: Document, answer_words: Mapping[str, str] | None = None) -> Flow:
        nodes = {
            node["id"]: FlowNode(
                id=node["id"],
                test=node["test"],
                question=node["question"],
                help=node.get("help", ""),
                on_yes=Target.from_data(node["on_yes"]),
                on_no=Target.from_data(node["on_no"]),
                data=node,
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
            answer_words=FrozenDict(answer_words or {}),
        )

    def answer_label(self, value: str) -> str:
        """A yes or no answer as people read it: "Yes" or "No"."""
        return self.answer_words.get(value) or code_words(value)


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
    answer_words: Mapping[str, str] = field(default_factory=FrozenDict)

    @classmethod
    def from_data(
        cls, item: Mapping[str, Any], answer_words: Mapping[str, str] | None = None
    ) -> ChecklistItem:
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
            answer_words=FrozenDict(answer_words or {}),
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
            return self.answer_words.get(value) or code_words(value)
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
    def from_document(
        cls, data: Document, answer_words: Mapping[str, str] | None = None
    ) -> Checklist:
        items = {item["id"]: ChecklistItem.from_data(item, answer_words) for item in data["items"]}
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
        return tool.answer_label(value)
    return tool.items[question].answer_label(value)


@dataclass(frozen=True)
class Manifest:
    """What the spec says about itself: its id, title, version, publisher and licence."""

    id: str
    title: str
    spec_version: str
    publisher: str
    licence: str
    data: Document

    @classmethod
    def from_document(cls, data: Document) -> Manifest:
        return cls(
            id=str(data["id"]),
            title=str(data["title"]),
            spec_version=str(data["spec_version"]),
            publisher=str(data.get("publisher", "")),
            licence=str(data.get("licence", "")),
            data=data,
        )


@dataclass(frozen=True)
class Spec:
    """Every validated document, keyed by id, with the spec's version and its decision tools.

    Deeply read-only: every document is frozen (:mod:`justculture.frozen`), so renderers can
    share one ``Spec`` and tailoring makes a new one instead of changing this.
    """

    version: str
    documents: Mapping[str, Document]
    tools: Mapping[str, Tool]
    manifest: Manifest | None = None
    schemas: SchemaSet | None = None
    codelists: Mapping[str, Mapping[str, str]] = field(default_factory=FrozenDict)
    origin: Path | None = None
    """The folder the spec was read from."""
    locators: Mapping[str, Locator] = field(default_factory=FrozenDict)
    """Where each document came from, so a later stage can name the file, line and column."""

    @classmethod
    def from_documents(
        cls,
        version: str,
        documents: Mapping[str, Any],
        *,
        schemas: SchemaSet | None = None,
        origin: Path | None = None,
        locators: Mapping[str, Locator] | None = None,
    ) -> Spec:
        frozen: Mapping[str, Document] = freeze(dict(documents))
        codelists = _codelists(schemas)
        answer_words = codelists.get(ANSWER_CODELIST, {})
        tools: dict[str, Tool] = {}
        for doc_id, doc in frozen.items():
            if doc.get("kind") == FLOW_KIND:
                tools[doc_id] = Flow.from_document(doc, answer_words)
            elif doc.get("kind") == CHECKLIST_KIND:
                tools[doc_id] = Checklist.from_document(doc, answer_words)
        manifests = [doc for doc in frozen.values() if doc.get("kind") == MANIFEST_KIND]
        return cls(
            version,
            frozen,
            MappingProxyType(tools),
            Manifest.from_document(manifests[0]) if manifests else None,
            schemas,
            codelists,
            origin,
            FrozenDict(locators or {}),
        )

    def document(self, doc_id: str) -> Document:
        return self.documents[doc_id]

    def label(self, codelist: str, code: str) -> str:
        """How people read a code, such as "Portering and estates" for ``porter-estates``."""
        return self.codelists.get(codelist, {}).get(code) or code_words(code)

    def decision_record(self) -> Document:
        """The restorative approach's pre-investigation decision record (title, fields)."""
        records = self.documents.get("restorative", {}).get("decision_record", [])
        return records[0] if records else FrozenDict(fields=FrozenList())

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

    def __repr__(self) -> str:
        # The documents run to hundreds of kilobytes; a repr names the spec, not its contents.
        return (
            f"Spec(version={self.version!r}, documents={len(self.documents)}, origin={self.origin})"
        )


def code_words(code: str) -> str:
    """A code read as words when no codelist titles it: ``hindsight-bias`` -> "Hindsight bias"."""
    return code.replace("-", " ").capitalize()


def _codelists(schemas: SchemaSet | None) -> Mapping[str, Mapping[str, str]]:
    """Every codelist of the common schema: name -> {code: title}."""
    if schemas is None or COMMON_SCHEMA not in schemas.schemas:
        return FrozenDict()
    definitions = schemas.schemas[COMMON_SCHEMA].get("$defs", {})
    found = {name: codelist(definition) for name, definition in definitions.items()}
    lists: Mapping[str, Mapping[str, str]] = freeze(
        {name: codes for name, codes in found.items() if codes is not None}
    )
    return lists
