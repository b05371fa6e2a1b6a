"""The terminal walk: one question at a time, with ``back``, then the outcome and a record."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any, TextIO

from .engine import Result, evaluate
from .model import SEVERITY_CODELIST, Checklist, Flow, Spec
from .render.renderer import Renderer
from .views import answered_questions
from .views.questions import is_numbered, question_label, question_names, question_numbers
from .views.record import record_date, record_view

_YES = {"y", "yes"}
_NO = {"n", "no"}
_BACK = {"b", "back"}
_QUIT = {"q", "quit", "exit"}


@dataclass
class Walk:
    """Asks a tool's questions in order, keeping answers so ``back`` can undo the last one."""

    spec: Spec
    tool_id: str
    renderer: Renderer
    staff_group: str | None = None
    answers: dict[str, str] = field(default_factory=dict)
    history: list[str] = field(default_factory=list)
    _last_section: str | None = None
    # The alerts already shown, so each is said once when an answer raises it (again after back).
    _alerted: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.tool = self.spec.tool(self.tool_id)
        evaluate(self.spec, self.tool_id, {}, staff_group=self.staff_group)

    def next_question(self, result: Result) -> str | None:
        if isinstance(self.tool, Flow):
            return None if result.complete else result.next[0]
        unanswered = [
            item.id for item in self.tool.answerable_items() if item.id not in self.answers
        ]
        return unanswered[0] if unanswered else None

    def run(self, stdin: TextIO, stdout: TextIO) -> Result | None:
        stdout.write(self.renderer.render("text/walk_intro.txt.j2", title=self.tool.title))
        while True:
            result = evaluate(self.spec, self.tool_id, self.answers, staff_group=self.staff_group)
            question = self.next_question(result)
            if question is None:
                return result
            stdout.write(self._new_alerts(result))
            stdout.write(self._ask(question))
            stdout.flush()
            line = stdin.readline()
            if not stdin.isatty():
                stdout.write(line if line.endswith("\n") else line + "\n")
            if not line:
                stdout.write("\nStopped before the end. Nothing was saved.\n")
                return None
            if not self._take(question, line.strip(), stdout):
                return None

    def _new_alerts(self, result: Result) -> str:
        """Alerts the answers have just raised, worded as they are above the outcome: a stop
        is said at once, not only after the last question."""
        raised = [alert for alert in result.alerts if alert["id"] not in self._alerted]
        self._alerted = {alert["id"] for alert in result.alerts}
        labels = self.spec.codelists.get(SEVERITY_CODELIST, {})
        shown = "".join(
            self.renderer.render(
                "text/walk_alert.txt.j2",
                severity=alert["severity"],
                label=labels.get(alert["severity"]),
                text=alert["text"],
            )
            for alert in raised
        )
        return shown + "\n" if shown else ""

    def _ask(self, question: str) -> str:
        context = question_context(self.tool, question)
        section = context["group"]["id"] if context["group"] else context["heading"]
        show_section = section is not None and section != self._last_section
        self._last_section = section
        return self.renderer.render(
            "text/walk_question.txt.j2", show_section=show_section, **context
        )

    def _take(self, question: str, reply: str, stdout: TextIO) -> bool:
        word = reply.lower()
        if word in _QUIT:
            stdout.write("Stopped. Nothing was saved.\n")
            return False
        if word in _BACK:
            if self.history:
                self.answers.pop(self.history.pop())
            else:
                stdout.write("This is the first question.\n")
            return True
        value = self._parse(question, word)
        if value is None:
            stdout.write(f"Please answer {self._expected(question)}, or type back or quit.\n")
            return True
        self.answers[question] = value
        self.history.append(question)
        return True

    def _choices(self, question: str) -> tuple[str, ...]:
        if isinstance(self.tool, Flow):
            return ("yes", "no")
        return self.tool.items[question].allowed_values()

    def _parse(self, question: str, word: str) -> str | None:
        choices = self._choices(question)
        if choices == ("yes", "no"):
            return "yes" if word in _YES else "no" if word in _NO else None
        return word if word in choices else None

    def _expected(self, question: str) -> str:
        choices = self._choices(question)
        return "yes or no" if choices == ("yes", "no") else "one of " + ", ".join(choices)


def question_context(tool: Flow | Checklist, question: str) -> dict[str, Any]:
    """What the question templates need to show one question."""
    if isinstance(tool, Flow):
        node = tool.nodes[question]
        test = tool.tests.get(node.test, {})
        return {
            "id": node.id,
            "number": tool.question_label(node.id),
            "text": node.question,
            "help": node.help,
            "heading": test.get("title"),
            "group": None,
            "choices": [],
        }
    item = tool.items[question]
    # Sub-items of a question that was itself just asked (2a under 2) need no heading of their own.
    parent = tool.items[item.parent] if item.parent else None
    parent = parent if parent and parent.answer_type == "heading" else None
    choices = [
        {
            "value": row["value"],
            "label": tool.items[row["item"]].text if "item" in row else row["label"],
        }
        for row in item.data["answer"].get("choices", [])
    ]
    group = {"id": parent.id, "number": parent.number, "text": parent.text} if parent else None
    label = question_label(tool, item.id)
    return {
        "id": item.id,
        # A question with no number ("Finally") is asked by its words alone, not said twice.
        "number": label if is_numbered(label) else "",
        "text": item.text,
        "help": item.data.get("help", ""),
        "heading": None,
        "group": group,
        "choices": choices,
    }


def markdown_record(
    spec: Spec, result: Result, renderer: Renderer, today: datetime.date | None = None
) -> str:
    """A Markdown decision record for the walk just finished."""
    tool = spec.tool(result.tool)
    asked = answered_questions(tool, result.answers, unused=result.unused)
    return renderer.render(
        "text/record.md.j2",
        tool=tool,
        result=result.to_dict(),
        asked=asked,
        names=question_names(tool),
        numbers=question_numbers(tool),
        view=record_view(spec, result.tool, result.alerts, {}),
        date=record_date(today or datetime.date.today()),
    )
