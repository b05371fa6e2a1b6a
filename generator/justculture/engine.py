"""Evaluate a decision tool (the just culture guide, the pre-disciplinary checklist) on answers.

Pure functions over the typed model: no I/O. The JavaScript engine
(``docs/assets/js/justculture-engine.js``, for browsers and Node) implements the same rules over
the exported JSON, and tests prove the two agree on every answer set of the guide.

No English is made here: a result's reasons are data (``Reason``), worded by one Jinja macro
(``render/templates/_reasons.j2``) for every Python output and by one JavaScript function
(``reasonText`` in ``justculture-engine.js``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .errors import AnswerError, escape_pointer_token
from .model import Alert, Checklist, Condition, Flow, Outcome, Rule, Spec, Target, Tool

Answers = Mapping[str, str]
"""Answers as question id -> value, such as ``{"1a": "no", "2a": "no"}``."""


@dataclass(frozen=True)
class Reason:
    """One step of why a tool reached its result, as data; the templates word it.

    ``to_dict`` gives one of two shapes (keys with no value are left out):

    - an answer and where it led: ``{"question": "2b", "answer": "no", "target": {"node": "2c"}}``.
      In the guide the target is the next question (``node``) or the outcome it points to
      (``outcome``); in the checklist it is the outcome of the rule the answer helped decide.
    - the checklist rule that decided: ``{"rule": "formal", "target": {"outcome": "..."}}``,
      always the last reason of a decided checklist. Its words are the rule's ``text``.

    Every ``question``, ``rule`` and ``target`` names an id of the tool evaluated.
    """

    target: Target
    """Where the answer led (the next question or an outcome), or the outcome the rule decided."""
    question: str | None = None
    """The question answered; ``None`` in a rule's reason."""
    answer: str | None = None
    """The answer given; ``None`` in a rule's reason."""
    rule: str | None = None
    """The checklist rule that decided; ``None`` in an answer's reason."""

    def to_dict(self) -> dict[str, Any]:
        """This reason as JSON-ready data, in one of the two shapes above."""
        row: dict[str, Any] = {}
        if self.rule is None:
            row.update(question=self.question, answer=self.answer)
        else:
            row["rule"] = self.rule
        target = {"node": self.target.node, "outcome": self.target.outcome}
        row["target"] = {key: value for key, value in target.items() if value is not None}
        return row


@dataclass(frozen=True)
class Result:
    """What a tool says about one set of answers. ``to_dict`` is exactly the CLI's JSON.

    ``reasons`` are ``Reason`` rows: for the guide, one per answer on the path, in order; for
    the checklist, each answer that met the deciding rule's conditions, then the rule itself.

    ``alerts`` are what every output shows above the outcome. They never change the outcome.
    """

    tool: str
    """The id of the tool evaluated."""
    spec_version: str
    """The version of the spec that gave this result."""
    complete: bool
    """``True`` once the answers reach an outcome."""
    alerts: tuple[dict[str, Any], ...]
    """Answers that must not be buried under the outcome, each
    ``{"id", "severity", "text", "related"}``: every ``stop`` alert (deal with it before acting
    on any outcome), then every ``check`` alert (answers that contradict each other), each in
    the tool's order. The guide counts only answers on the path; the checklist every answer.
    """
    next: tuple[str, ...]
    """The questions to answer next; empty once the result is complete."""
    path: tuple[str, ...]
    """The guide: the questions asked, in order. The checklist: the items its rules read, in the checklist's order."""
    outcome: dict[str, Any] | None
    """The outcome reached (``id``, ``title``, ``summary``, ``recommendation``,
    ``investigation_focus`` and ``obligations``), or ``None``.
    """
    reasons: tuple[Reason, ...]
    """Why the tool reached this result, as `Reason` rows."""
    unused: tuple[str, ...]
    """Answers given that the tool did not need, in the order they were given."""
    answers: dict[str, str]
    """The answers evaluated, after checking."""
    outstanding: tuple[dict[str, str], ...] = ()
    """The checklist: steps still to take before the outcome holds (``id``, ``text``)."""
    prompts: tuple[dict[str, str], ...] = ()
    """The checklist: things to think about, for reflection items answered No
    (``id``, ``text``, ``prompt``).
    """
    signposts: tuple[dict[str, Any], ...] = ()
    """The checklist: other parts of the spec to consider (``id``, ``text``, ``related``)."""
    approver: dict[str, str] | None = None
    """The checklist: who must agree to a formal investigation for the staff group given
    (``staff_group``, ``role``, ``applies_to``), or ``None`` when no staff group was given.
    """
    staff_group: str | None = None
    """The checklist: the staff group given, or ``None``."""

    def to_dict(self) -> dict[str, Any]:
        """The result as JSON-ready data.

        Exactly what ``justculture evaluate --format json`` prints and what the JavaScript engine's
        ``evaluate`` returns (docs/assets/js/justculture-engine.js).
        """
        return {
            "tool": self.tool,
            "spec_version": self.spec_version,
            "complete": self.complete,
            "alerts": [dict(row, related=list(row["related"])) for row in self.alerts],
            "next": list(self.next),
            "path": list(self.path),
            "outcome": self.outcome,
            "reasons": [reason.to_dict() for reason in self.reasons],
            "unused": list(self.unused),
            "answers": dict(self.answers),
            "outstanding": [dict(row) for row in self.outstanding],
            "prompts": [dict(row) for row in self.prompts],
            "signposts": [dict(row) for row in self.signposts],
            "staff_group": self.staff_group,
            "approver": self.approver,
        }


def evaluate(
    spec: Spec, tool_id: str, answers: Answers, *, staff_group: str | None = None
) -> Result:
    """Evaluate ``answers`` (question id -> value) with the tool ``tool_id``.

    Never raises for an incomplete answer set: the result says which question to answer next.

    Args:
        spec: The validated spec, from ``load_spec()``.
        tool_id: ``"just-culture-guide"`` or ``"pre-disciplinary-checklist"``.
        answers: Question id -> answer: ``"yes"``, ``"no"`` or a choice such as ``"ii"``.
        staff_group: The checklist only: the worker's staff group (``nursing-midwifery``,
            ``medical`` or ``other``), which names who must agree to a formal investigation.

    Returns:
        What the tool says about the answers: the outcome (or the next question), why, and
        any alerts to show above the outcome.

    Raises:
        AnswerError: JC401 for an unknown tool, JC402 for an unknown question, JC403 for an
            answer the question does not accept, JC405 for an unknown staff group or a staff
            group given to the guide.
    """
    tool = spec.tool(tool_id)
    clean = validate_answers(tool, answers)
    if isinstance(tool, Flow):
        if staff_group is not None:
            raise AnswerError("JC405", f"{tool.id} does not use a staff group; leave it out")
        return _evaluate_flow(spec.version, tool, clean)
    return _evaluate_checklist(spec.version, tool, clean, staff_group)


def questions(tool: Tool) -> dict[str, tuple[str, ...]]:
    """Every question id of a tool with the values it accepts, in the tool's order."""
    if isinstance(tool, Flow):
        return {node_id: ("yes", "no") for node_id in tool.nodes}
    return {item.id: item.allowed_values() for item in tool.answerable_items()}


def validate_answers(tool: Tool, answers: Answers) -> dict[str, str]:
    """``answers`` checked against the tool's questions, as a plain dict of strings.

    Raises:
        AnswerError: JC402 for an unknown question, JC403 for an answer it does not accept.
    """
    allowed = questions(tool)
    clean: dict[str, str] = {}
    for question, value in answers.items():
        key = str(question)
        if key not in allowed:
            known = ", ".join(allowed)
            message = f"'{key}' is not a question of {tool.id}; use one of: {known}"
            raise AnswerError("JC402", message, pointer=f"/{escape_pointer_token(key)}")
        if not isinstance(value, str) or value not in allowed[key]:
            values = ", ".join(allowed[key])
            message = f"{value!r} is not an answer to '{key}'; use one of: {values}"
            raise AnswerError("JC403", message, pointer=f"/{escape_pointer_token(key)}")
        clean[key] = value
    return clean


# The just culture guide ---------------------------------------------------------------------


def _evaluate_flow(version: str, flow: Flow, answers: dict[str, str]) -> Result:
    path: list[str] = []
    reasons: list[Reason] = []
    node_id: str | None = flow.start
    outcome: Outcome | None = None
    # A sound flow (checked at validation) visits each node at most once; the bound keeps a
    # flow built by hand from looping for ever.
    while node_id is not None and len(path) < len(flow.nodes):
        node = flow.nodes[node_id]
        path.append(node_id)
        answer = answers.get(node_id)
        if answer is None:
            break
        target = node.target(answer)
        reasons.append(Reason(target, question=node_id, answer=answer))
        if target.outcome is not None:
            outcome = flow.outcomes[target.outcome]
        node_id = target.node
    on_path = {question: answers[question] for question in path if question in answers}
    return Result(
        tool=flow.id,
        spec_version=version,
        complete=outcome is not None,
        alerts=_alerts(flow.alerts, on_path),
        next=() if outcome is not None else (path[-1],),
        path=tuple(path),
        outcome=None if outcome is None else _outcome_dict(outcome, flow.obligations),
        reasons=tuple(reasons),
        unused=tuple(question for question in answers if question not in path),
        answers=answers,
    )


def _outcome_dict(outcome: Outcome, obligations: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    return {
        "id": outcome.id,
        "title": outcome.title,
        "summary": outcome.summary,
        "recommendation": outcome.recommendation,
        "investigation_focus": outcome.investigation_focus,
        "obligations": [
            {"id": key, "title": obligations[key]["title"], "text": obligations[key]["text"]}
            for key in outcome.obligations
        ],
    }


# The pre-disciplinary checklist -------------------------------------------------------------


@dataclass
class _RuleWalk:
    """Three-valued evaluation of a checklist's rules: True, False or None (not yet known)."""

    answers: Mapping[str, str]
    read: set[str] = field(default_factory=set)

    def condition(self, condition: Condition) -> bool | None:
        self.read.update(condition.items)
        values = [self.answers.get(item) for item in condition.items]
        known = [value for value in values if value is not None]
        if condition.mode == "all_of":
            if any(value != condition.equals for value in known):
                return False
            return None if len(known) < len(values) else True
        if any(value == condition.equals for value in known):
            return True
        return None if len(known) < len(values) else False

    def rule(self, rule: Rule) -> bool | None:
        state: bool | None = True
        for condition in rule.when:
            value = self.condition(condition)
            if value is False:
                return False
            if value is None:
                state = None
        return state


def _evaluate_checklist(
    version: str, checklist: Checklist, answers: dict[str, str], staff_group: str | None
) -> Result:
    walk = _RuleWalk(answers)
    deciding: Rule | None = None
    blocking: Rule | None = None
    for rule in checklist.rules:
        state = walk.rule(rule)
        if state is None:
            blocking = rule
            break
        if state:
            deciding = rule
            break
    order = list(checklist.items)
    path = sorted(walk.read, key=order.index)
    waiting = [item for item in path if item not in answers] if blocking else []
    outcome = checklist.outcomes[deciding.outcome] if deciding else None
    outstanding = _outstanding(checklist, deciding, answers)
    prompts = _prompts(checklist, answers, {row["id"] for row in outstanding})
    signposts = _signposts(checklist, answers)
    used = (
        set(path)
        | {row["id"] for row in prompts}
        | _signpost_items(checklist)
        | _alert_items(checklist.alerts)
    )
    return Result(
        tool=checklist.id,
        spec_version=version,
        complete=outcome is not None,
        alerts=_alerts(checklist.alerts, answers),
        next=tuple(waiting),
        path=tuple(path),
        outcome=None if outcome is None else _outcome_dict(outcome, {}),
        reasons=tuple(_checklist_reasons(deciding, answers)),
        unused=tuple(item for item in answers if item not in used),
        answers=answers,
        outstanding=tuple(outstanding),
        prompts=tuple(prompts),
        signposts=tuple(signposts),
        approver=_approver(checklist, staff_group),
        staff_group=staff_group,
    )


def _checklist_reasons(rule: Rule | None, answers: Mapping[str, str]) -> list[Reason]:
    """The answers that met the deciding rule's conditions, in the rule's order, then the rule."""
    if rule is None:
        return []
    target = Target(outcome=rule.outcome)
    reasons = []
    for condition in rule.when:
        for item_id in condition.items:
            answer = answers.get(item_id)
            if answer is not None and (condition.mode == "item" or answer == condition.equals):
                reasons.append(Reason(target, question=item_id, answer=answer))
    reasons.append(Reason(target, rule=rule.id))
    return reasons


def _outstanding(
    checklist: Checklist, rule: Rule | None, answers: Mapping[str, str]
) -> list[dict[str, str]]:
    if rule is None:
        return []
    return [
        {"id": item_id, "text": checklist.items[item_id].text}
        for condition in rule.when
        if condition.mode == "any_of"
        for item_id in condition.items
        if answers.get(item_id) == condition.equals
    ]


def _prompts(
    checklist: Checklist, answers: Mapping[str, str], outstanding: set[str]
) -> list[dict[str, str]]:
    """Nudges for reflection items answered No; steps already listed as outstanding are not repeated."""
    return [
        {"id": item.id, "text": item.text, "prompt": item.prompt}
        for item in checklist.items.values()
        if item.prompt and answers.get(item.id) == "no" and item.id not in outstanding
    ]


def _signposts(checklist: Checklist, answers: Mapping[str, str]) -> list[dict[str, Any]]:
    walk = _RuleWalk(answers)
    return [
        {"id": sign.id, "text": sign.text, "related": list(sign.related)}
        for sign in checklist.signposts
        if all(walk.condition(condition) is True for condition in sign.when)
    ]


def _signpost_items(checklist: Checklist) -> set[str]:
    return {
        item for sign in checklist.signposts for condition in sign.when for item in condition.items
    }


def _alerts(alerts: tuple[Alert, ...], answers: Mapping[str, str]) -> tuple[dict[str, Any], ...]:
    """The alerts whose conditions all hold, in the model's order (stop first, then check)."""
    walk = _RuleWalk(answers)
    return tuple(
        {
            "id": alert.id,
            "severity": alert.severity,
            "text": alert.text,
            "related": list(alert.related),
        }
        for alert in alerts
        if all(walk.condition(condition) is True for condition in alert.when)
    )


def _alert_items(alerts: tuple[Alert, ...]) -> set[str]:
    return {item for alert in alerts for condition in alert.when for item in condition.items}


def _approver(checklist: Checklist, staff_group: str | None) -> dict[str, str] | None:
    if staff_group is None:
        return None
    row = checklist.approvers.get(staff_group)
    if row is None:
        known = ", ".join(checklist.approvers)
        raise AnswerError("JC405", f"'{staff_group}' is not a staff group; use one of: {known}")
    return {"staff_group": staff_group, "role": row["role"], "applies_to": row["applies_to"]}
