"""The questions a person answered, in the order the tool asks them."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

from ..model import Flow, Tool, answer_text


@dataclass(frozen=True)
class AnsweredQuestion:
    """One answered question: its words, the answer as people read it, and whether it counted.

    ``group`` is what the question sits under: the guide's test, or the checklist heading it
    belongs to (an answerable parent such as question 2 is a row of its own, not a group).
    ``reason`` is why a training scenario expects this answer; empty elsewhere.
    """

    tool: str
    """The id of the tool asked."""
    id: str
    """The question's id."""
    label: str
    """The question's number as people read it, such as ``3b`` or ``Finally`` (never an id)."""
    text: str
    """The question, as people read it."""
    group: str | None
    """What the question sits under (see above), or ``None``."""
    value: str
    """The answer as given, such as ``no`` or ``ii``."""
    answer: str
    """The answer as people read it, such as "No"."""
    used: bool = True
    """``False`` when the tool did not need this answer."""
    reason: str = ""
    """Why a training scenario expects this answer; empty elsewhere."""

    @property
    def number(self) -> str:
        """The question's number for a "No." column or a "3b: ..." prefix; empty for a question
        with no number ("Finally"), whose words already say it."""
        return self.label if is_numbered(self.label) else ""

    @property
    def ref(self) -> str:
        """DOCUMENT#ITEM, for a link to the question on the tool's page."""
        return f"{self.tool}#{self.id}"


def question_text(tool: Tool, question: str) -> str:
    """The words of a guide question or a checklist item."""
    if isinstance(tool, Flow):
        return tool.nodes[question].question
    return tool.items[question].text


def question_label(tool: Tool, question: str) -> str:
    """The number people know a question by: the guide's own (``3b``), or the checklist's as
    the paper prints it, a sub-item with its parent's (``2a``, ``3iii``, ``Finally``)."""
    return tool.question_label(question)


def is_numbered(label: str) -> bool:
    """Whether a label is a number (``3b``) rather than a word (``Finally``)."""
    return label[:1].isdigit()


def question_name(tool: Tool, question: str) -> str:
    """How running text names a question ("Answer next: 3b"): its number; one with no number
    by what it is, "the final question", or else by its words; never by its id."""
    label = question_label(tool, question)
    if is_numbered(label):
        return label
    order = list(tool.nodes) if isinstance(tool, Flow) else list(tool.items)
    if order and order[-1] == question:
        return "the final question"
    return f"“{question_text(tool, question)}”"


def question_names(tool: Tool) -> dict[str, str]:
    """Every question's name in running text (see `question_name`) by id."""
    ids = tool.nodes if isinstance(tool, Flow) else tool.items
    return {question: question_name(tool, question) for question in ids}


def question_numbers(tool: Tool) -> dict[str, str]:
    """Every question's number by id, empty for one with no number (see `is_numbered`): the
    prefix of a row that goes on to give the question's words, so "Finally" is not said twice."""
    labels = question_labels(tool)
    return {question: label if is_numbered(label) else "" for question, label in labels.items()}


def question_labels(tool: Tool) -> dict[str, str]:
    """Every question's label (see `question_label`) by id, for rows that name a question."""
    ids = tool.nodes if isinstance(tool, Flow) else tool.items
    return {question: question_label(tool, question) for question in ids}


def question_group(tool: Tool, question: str) -> str | None:
    """The title a question is shown under: its test, or its checklist heading."""
    if isinstance(tool, Flow):
        return str(tool.tests[tool.nodes[question].test]["title"])
    parent_id = tool.items[question].parent
    parent = tool.items[parent_id] if parent_id else None
    return parent.text if parent is not None and not parent.answerable else None


def answered_questions(
    tool: Tool,
    answers: Mapping[str, str],
    *,
    unused: Collection[str] = (),
    reasons: Mapping[str, str] | None = None,
) -> list[AnsweredQuestion]:
    """Every answered question of ``tool`` in the tool's own order, whatever order it came in.

    ``unused`` names answers the outcome did not depend on; ``reasons`` gives a scenario's
    reason for each expected answer.
    """
    order = list(tool.nodes) if isinstance(tool, Flow) else list(tool.items)
    return [
        AnsweredQuestion(
            tool=tool.id,
            id=question,
            label=question_label(tool, question),
            text=question_text(tool, question),
            group=question_group(tool, question),
            value=answers[question],
            answer=answer_text(tool, question, answers[question]),
            used=question not in unused,
            reason=(reasons or {}).get(question, ""),
        )
        for question in order
        if question in answers
    ]
