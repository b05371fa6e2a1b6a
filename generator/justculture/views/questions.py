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
