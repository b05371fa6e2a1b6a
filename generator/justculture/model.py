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
"""A document of the spec as read-only data: a `FrozenDict` of its YAML."""
ANSWER_CODELIST = "yes_no"
"""The codelist that words the answers ``yes`` and ``no``."""
MANIFEST_KIND = "manifest"
"""The ``kind`` of the document that describes the spec itself."""
COMMON_SCHEMA = "common"
"""The schema that holds every codelist."""
AnswerType = Literal["yes-no", "choice", "option", "heading"]
"""How a checklist item is answered: Yes or No, one of several choices, or not at all (an
option that a choice stands for, or a heading).
"""
Severity = Literal["stop", "check"]
"""How an alert must be dealt with: ``stop`` (deal with the answer before acting on any outcome)
or ``check`` (answers that contradict each other). Titled by the ``severity`` codelist.
"""
SEVERITY_CODELIST = "severity"
"""The codelist that titles each alert severity: ``stop`` -> "Stop"."""
SEVERITY_ORDER: tuple[Severity, ...] = ("stop", "check")
"""The order results list alerts in: every ``stop`` alert before every ``check`` alert."""
FLOW_KIND = "flow"
"""The ``kind`` of a yes/no flow such as the just culture guide."""
CHECKLIST_KIND = "checklist"
"""The ``kind`` of a checklist such as the pre-disciplinary checklist."""


@dataclass(frozen=True)
class Target:
    """Where an answer leads: another node, or an outcome."""

    node: str | None = None
    """The id of the next question, or ``None``."""
    outcome: str | None = None
    """The id of the outcome reached, or ``None``."""

    @classmethod
    def from_data(cls, data: Mapping[str, str]) -> Target:
        """A target from its data in the spec: ``{node: ID}`` or ``{outcome: ID}``."""
        return cls(node=data.get("node"), outcome=data.get("outcome"))


@dataclass(frozen=True)
class FlowNode:
    """One yes/no question of a flow, and where each answer leads."""

    id: str
    """The question's id, such as ``2a``."""
    test: str
    """The id of the test the question belongs to."""
    question: str
    """The question, as people read it."""
    help: str
    """Help text for the question; empty if there is none."""
    on_yes: Target
    """Where a Yes leads."""
    on_no: Target
    """Where a No leads."""
    data: Document = field(default_factory=FrozenDict)
    """The question's data as the spec holds it."""

    def target(self, answer: str) -> Target:
        """Where ``answer`` (``yes`` or ``no``) leads."""
        return self.on_yes if answer == "yes" else self.on_no


@dataclass(frozen=True)
class Outcome:
    """An outcome of a tool: what it means, what to do, and what else must happen."""

    id: str
    """The outcome's id, such as ``ill-health``."""
    title: str
    """The outcome's name, such as "Ill health"."""
    summary: str
    """What the outcome means, in a sentence or two."""
    recommendation: str
    """What to do next."""
    investigation_focus: str
    """What the wider investigation should look at; empty if nothing is said."""
    obligations: tuple[str, ...]
    """The ids of the obligations that apply whatever the outcome (the guide only)."""
    data: Document
    """The outcome's data as the spec holds it."""


@dataclass(frozen=True)
class Flow:
    """A yes/no flow, such as the just culture guide: questions that lead to more questions or to
    an outcome.
    """

    id: str
    """The flow's document id, such as ``just-culture-guide``."""
    title: str
    """The flow's title."""
    start: str
    """The id of the first question."""
    nodes: Mapping[str, FlowNode]
    """Every question by id, in the flow's order."""
    outcomes: Mapping[str, Outcome]
    """Every outcome by id."""
    obligations: Mapping[str, Document]
    """What must happen whatever the outcome, by id (``title``, ``text``)."""
    tests: Mapping[str, Document]
    """The flow's tests (groups of questions) by id."""
    answer_words: Mapping[str, str] = field(default_factory=FrozenDict)
    """How people read each answer: ``yes`` -> "Yes", ``no`` -> "No"."""
    alerts: tuple[Alert, ...] = ()
    """The alerts, ``stop`` first, then ``check``, each in document order. Only answers on the
    path raise them."""

    @classmethod
    def from_document(cls, data: Document, answer_words: Mapping[str, str] | None = None) -> Flow:
        """The typed flow from its validated document, with the words for each answer."""
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
            alerts=_alerts(data),
        )

    def answer_label(self, value: str) -> str:
        """A yes or no answer as people read it: "Yes" or "No"."""
        return self.answer_words.get(value) or code_words(value)

    def question_label(self, question: str) -> str:
        """The number people know a question by: the guide's own, such as ``3b``."""
        return question


@dataclass(frozen=True)
class Choice:
    """One allowed answer of a choice item; ``item`` names the option item it stands for."""

    value: str
    """The value given as the answer, such as ``ii``."""
    label: str
    """The choice as people read it."""
    item: str | None
    """The id of the option item the choice stands for, or ``None``."""


@dataclass(frozen=True)
class ChecklistItem:
    """One item of a checklist: a question, an option of a question, or a heading."""

    id: str
    """The item's id, such as ``3a``."""
    number: str
    """The item's number as the paper prints it."""
    text: str
    """The item's words."""
    answer_type: AnswerType
    """How the item is answered (see `AnswerType`)."""
    options: tuple[Choice, ...]
    """The allowed choices of a choice item; empty for other items."""
    parent: str | None
    """The id of the item this one sits under, or ``None``."""
    prompt: str | None
    """Something to think about when the item is answered No, or ``None``."""
    data: Document
    """The item's data as the spec holds it."""
    answer_words: Mapping[str, str] = field(default_factory=FrozenDict)
    """How people read the answers ``yes`` and ``no``."""

    @classmethod
    def from_data(
        cls, item: Mapping[str, Any], answer_words: Mapping[str, str] | None = None
    ) -> ChecklistItem:
        """The typed item from its data in the spec, with the words for each answer."""
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
        """``True`` for an item that takes an answer (Yes or No, or a choice)."""
        return self.answer_type in ("yes-no", "choice")

    @property
    def choices(self) -> tuple[str, ...]:
        """The values of the item's choices, in order."""
        return tuple(option.value for option in self.options)

    def allowed_values(self) -> tuple[str, ...]:
        """The answers the item accepts: ``yes`` and ``no``, or its choices."""
        return ("yes", "no") if self.answer_type == "yes-no" else self.choices

    def option(self, value: str) -> Choice:
        """The choice whose value is ``value``."""
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
    """The ids of the items tested."""
    equals: str
    """The answer they are tested for."""
    mode: Literal["item", "any_of", "all_of"]
    """``item`` (one item), ``any_of`` (at least one) or ``all_of`` (every one)."""

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Condition:
        """A condition from its data in the spec: ``item``, ``any_of`` or ``all_of``, with ``equals``."""
        if "item" in data:
            return cls((str(data["item"]),), str(data["equals"]), "item")
        mode: Literal["any_of", "all_of"] = "any_of" if "any_of" in data else "all_of"
        return cls(tuple(str(item) for item in data[mode]), str(data["equals"]), mode)


@dataclass(frozen=True)
class Rule:
    """A checklist rule: when all its conditions hold, the checklist reaches its outcome.

    Rules are tried in order; the first that holds decides.
    """

    id: str
    """The rule's id."""
    text: str
    """What the rule means, in words; shown as the last reason of a result it decides."""
    when: tuple[Condition, ...]
    """The conditions that must all hold."""
    outcome: str
    """The id of the outcome the rule reaches."""


@dataclass(frozen=True)
class Signpost:
    """A pointer to another part of the spec, shown when all its conditions hold."""

    id: str
    """The signpost's id."""
    text: str
    """What the signpost says."""
    when: tuple[Condition, ...]
    """The conditions that must all hold for it to show."""
    related: tuple[str, ...]
    """References (``DOCUMENT#ITEM``) to the parts of the spec it points to."""


@dataclass(frozen=True)
class Alert:
    """Answers that every output shows above the outcome, when all its conditions hold.

    An alert never changes the outcome: it says what to do first.
    """

    id: str
    """The alert's id, such as ``alert-intent``."""
    severity: Severity
    """``stop`` or ``check`` (see `Severity`)."""
    text: str
    """What to do first, in words."""
    when: tuple[Condition, ...]
    """The conditions that must all hold for it to show; they name the tool's questions."""
    related: tuple[str, ...]
    """References (``DOCUMENT#ITEM``) to the parts of the spec it points to."""

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Alert:
        """An alert from its data in the spec."""
        return cls(
            id=data["id"],
            severity=data["severity"],
            text=data["text"],
            when=_conditions(data["when"]),
            related=tuple(data.get("related", ())),
        )


def _alerts(data: Document) -> tuple[Alert, ...]:
    """The tool's alerts in the order results list them: ``stop`` first, then ``check``, each
    in document order. Deprecated alerts are left out."""
    alerts = [Alert.from_data(row) for row in data.get("alerts", []) if not row.get("deprecated")]
    return tuple(sorted(alerts, key=lambda alert: SEVERITY_ORDER.index(alert.severity)))


@dataclass(frozen=True)
class Checklist:
    """A checklist, such as the pre-disciplinary checklist: items answered in any order, and rules
    that decide its outcome.
    """

    id: str
    """The checklist's document id, such as ``pre-disciplinary-checklist``."""
    title: str
    """The checklist's title."""
    items: Mapping[str, ChecklistItem]
    """Every item by id, in the checklist's order."""
    rules: tuple[Rule, ...]
    """The rules, in the order they are tried."""
    outcomes: Mapping[str, Outcome]
    """Every outcome by id."""
    signposts: tuple[Signpost, ...]
    """The signposts in use, in order. Deprecated ones (kept only so their ids stay valid,
    such as those an alert replaced) are left out."""
    approvers: Mapping[str, Document]
    """Who must agree to a formal investigation, by staff group (``role``, ``applies_to``)."""
    alerts: tuple[Alert, ...] = ()
    """The alerts, ``stop`` first, then ``check``, each in document order."""

    @classmethod
    def from_document(
        cls, data: Document, answer_words: Mapping[str, str] | None = None
    ) -> Checklist:
        """The typed checklist from its validated document, with the words for each answer."""
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
            if not sign.get("deprecated")
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
            alerts=_alerts(data),
        )

    def answerable_items(self) -> list[ChecklistItem]:
        """The items that take an answer, in the checklist's order."""
        return [item for item in self.items.values() if item.answerable]

    def question_label(self, question: str) -> str:
        """The number people know an item by, as the paper prints it: a sub-item with its
        parent's (``2a``, ``3b``), or a word such as ``Finally`` for an item with no number."""
        item = self.items[question]
        parent = self.items[item.parent] if item.parent else None
        return f"{parent.number}{item.number}" if parent is not None else item.number


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
"""A decision tool: a `Flow` or a `Checklist`."""


def answer_text(tool: Tool, question: str, value: str) -> str:
    """An answer to any tool's question as people read it ("Yes", "Conduct", "iii: ...")."""
    if isinstance(tool, Flow):
        return tool.answer_label(value)
    return tool.items[question].answer_label(value)


@dataclass(frozen=True)
class Manifest:
    """What the spec says about itself: its id, title, version, publisher and licence."""

    id: str
    """The spec's id."""
    title: str
    """The spec's title."""
    spec_version: str
    """The spec's version, such as ``1.0.0``."""
    publisher: str
    """Who publishes the spec."""
    licence: str
    """The spec's licence."""
    data: Document
    """The manifest as the spec holds it."""

    @classmethod
    def from_document(cls, data: Document) -> Manifest:
        """The typed manifest from its validated document."""
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

    Deeply read-only: every document is frozen (``justculture.frozen``), so renderers can
    share one ``Spec`` and tailoring makes a new one instead of changing this.
    """

    version: str
    """The spec's version (``spec_version`` in the manifest), such as ``1.0.0``."""
    documents: Mapping[str, Document]
    """Every document by id, as read-only data."""
    tools: Mapping[str, Tool]
    """The decision tools by id, typed (see `tool`)."""
    manifest: Manifest | None = None
    """The typed manifest, or ``None`` for a spec made without one."""
    schemas: SchemaSet | None = None
    """The JSON Schemas the spec was validated with, or ``None``."""
    codelists: Mapping[str, Mapping[str, str]] = field(default_factory=FrozenDict)
    """Every codelist: name -> {code: title} (see `label`)."""
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
        """A spec from validated documents: freezes them and builds the typed tools.

        `load_spec` is the usual way to get a spec; this is for data already validated.
        """
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
        """The document with the id ``doc_id`` (raises ``KeyError`` if there is none)."""
        return self.documents[doc_id]

    def label(self, codelist: str, code: str) -> str:
        """How people read a code, such as "Portering and estates" for ``porter-estates``."""
        return self.codelists.get(codelist, {}).get(code) or code_words(code)

    def decision_record(self) -> Document:
        """The restorative approach's pre-investigation decision record (title, fields)."""
        records = self.documents.get("restorative", {}).get("decision_record", [])
        return records[0] if records else FrozenDict(fields=FrozenList())

    def decision_record_fields(self) -> list[Document]:
        """The fields of the restorative approach's decision record."""
        return list(self.decision_record().get("fields", []))

    def ids_of_kind(self, kind: str) -> list[str]:
        """The ids of every document of ``kind``, in the spec's order."""
        return [doc_id for doc_id, doc in self.documents.items() if doc.get("kind") == kind]

    def tool(self, tool_id: str) -> Tool:
        """The typed decision tool ``tool_id``: a `Flow` or a `Checklist`.

        Raises:
            AnswerError: JC401 when the spec has no guide or checklist with that id.
        """
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
