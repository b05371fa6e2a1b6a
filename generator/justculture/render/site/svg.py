"""Geometry for the SVG drawn at build time: the guide's flow diagram and the evidence bar charts.

Python only works out where boxes, bars and lines go; the markup is in
``templates/site/flow.svg.j2`` and ``templates/site/bar-chart.svg.j2``. Text width is estimated
from a character count (no font metrics at build time), with room to spare.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

from ...model import Flow, FlowNode, Target

CHAR_WIDTH = 7.6  # a generous average advance for 14px sans-serif text
LINE_HEIGHT = 18.0
PADDING = 10.0

# Flow diagram columns.
QUESTION_X, QUESTION_W = 10.0, 330.0
SIDE_X, SIDE_W = 470.0, 300.0
FLOW_W = SIDE_X + SIDE_W + 10.0
ROW_GAP, SIDE_GAP = 34.0, 10.0

# Bar charts: each bar's label above it, so a chart is narrow enough for a phone (about 350px
# of page) and its 14px text is drawn at full size there.
CHART_W = 340.0
BAR_X = 4.0
BAR_H, BAR_GAP = 22.0, 14.0
VALUE_GAP = 6.0
VALUE_CHAR_WIDTH = 10.0  # a bold 14px digit, with room to spare: values must never be cut off


@dataclass(frozen=True)
class Line:
    x: float
    y: float
    text: str
    bold: bool = False


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    width: float
    height: float
    lines: tuple[Line, ...]
    style: str  # "question", "outcome" or "goto": the CSS class suffix


@dataclass(frozen=True)
class Arrow:
    points: tuple[tuple[float, float], ...]
    label: str
    label_x: float
    label_y: float

    @property
    def path(self) -> str:
        return " ".join(f"{x:g},{y:g}" for x, y in self.points)


@dataclass(frozen=True)
class FlowDiagram:
    id: str
    width: float
    height: float
    boxes: tuple[Box, ...]
    arrows: tuple[Arrow, ...]


@dataclass(frozen=True)
class Bar:
    lines: tuple[Line, ...]
    y: float
    width: float
    value: str
    value_x: float


@dataclass(frozen=True)
class BarChart:
    id: str
    title: str
    width: float
    height: float
    bars: tuple[Bar, ...]
    bar_height: float = BAR_H
    bar_x: float = BAR_X


@dataclass(frozen=True)
class Datum:
    """One bar to draw: what it is, its number and how to print that number."""

    label: str
    value: float
    text: str


def wrap(text: str, width: float, bold: bool = False) -> list[str]:
    """Split text into lines that fit ``width`` pixels (bold text is a little wider)."""
    chars = int((width - 2 * PADDING) / (CHAR_WIDTH * (1.1 if bold else 1.0)))
    return textwrap.wrap(text, max(chars, 8)) or [""]


def _box(x: float, y: float, width: float, heading: str, body: str, style: str) -> Box:
    rows = [(line, True) for line in wrap(heading, width, bold=True)]
    rows += [(line, False) for line in (wrap(body, width) if body else [])]
    lines = tuple(
        Line(x + PADDING, y + PADDING + LINE_HEIGHT * (index + 0.75), text, bold)
        for index, (text, bold) in enumerate(rows)
    )
    return Box(x, y, width, 2 * PADDING + LINE_HEIGHT * len(rows), lines, style)


def flow_diagram(flow: Flow, test_titles: dict[str, str]) -> FlowDiagram:
    """Questions down the left in order; answers that leave the sequence go to boxes on the right."""
    nodes = list(flow.nodes.values())
    boxes: list[Box] = []
    arrows: list[Arrow] = []
    y = 10.0
    for index, node in enumerate(nodes):
        following = nodes[index + 1].id if index + 1 < len(nodes) else None
        question = _box(
            QUESTION_X,
            y,
            QUESTION_W,
            f"{node.id}: {test_titles.get(node.test, node.test)}",
            node.question,
            "question",
        )
        boxes.append(question)
        side_boxes, side_arrows = _side_branches(flow, node, following, question)
        boxes += side_boxes
        arrows += side_arrows
        bottom = max([question.y + question.height] + [b.y + b.height for b in side_boxes])
        next_y = bottom + ROW_GAP
        for answer in ("yes", "no"):
            if node.target(answer).node == following and following is not None:
                arrows.append(_down_arrow(question, next_y, answer))
        y = next_y
    return FlowDiagram(f"flow-{flow.id}", FLOW_W, y - ROW_GAP + 10.0, tuple(boxes), tuple(arrows))


def _side_branches(
    flow: Flow, node: FlowNode, following: str | None, question: Box
) -> tuple[list[Box], list[Arrow]]:
    boxes: list[Box] = []
    arrows: list[Arrow] = []
    y = question.y
    for answer in ("yes", "no"):
        target = node.target(answer)
        if target.node is not None and target.node == following:
            continue
        box = _target_box(flow, target, y)
        boxes.append(box)
        arrows.append(_side_arrow(question, box, answer))
        y += box.height + SIDE_GAP
    return boxes, arrows


def _target_box(flow: Flow, target: Target, y: float) -> Box:
    if target.outcome is not None:
        outcome = flow.outcomes[target.outcome]
        return _box(SIDE_X, y, SIDE_W, outcome.title, "", "outcome")
    return _box(SIDE_X, y, SIDE_W, f"Go to question {target.node}", "", "goto")


def _side_arrow(question: Box, box: Box, answer: str) -> Arrow:
    start_x = question.x + question.width
    end_y = box.y + box.height / 2
    low, high = question.y + 12, question.y + question.height - 12
    start_y = min(max(end_y, low), high)
    elbow_x = (start_x + box.x) / 2
    points: tuple[tuple[float, float], ...] = ((start_x, start_y), (box.x - 2, end_y))
    if start_y != end_y:  # the box sits lower than the question: go across, down, across
        points = ((start_x, start_y), (elbow_x, start_y), (elbow_x, end_y), (box.x - 2, end_y))
    return Arrow(points, answer.capitalize(), start_x + 8, start_y - 6)


def _down_arrow(question: Box, next_y: float, answer: str) -> Arrow:
    x = question.x + question.width / 2
    start = question.y + question.height
    points = ((x, start), (x, next_y - 2))
    return Arrow(points, answer.capitalize(), x + 8, (start + next_y) / 2 + 5)


def bar_chart(
    chart_id: str, title: str, data: Sequence[Datum], scale: float | None = None
) -> BarChart:
    """Horizontal bars from one edge, each under its label, with its value printed at its end.

    The longest bar leaves room for the longest value after it (estimated from its length).
    """
    top = max((datum.value for datum in data), default=0.0)
    maximum = scale or top or 1.0
    value_room = max((len(datum.text) for datum in data), default=0) * VALUE_CHAR_WIDTH
    bar_room = CHART_W - BAR_X - VALUE_GAP - value_room - PADDING
    bars: list[Bar] = []
    y = 4.0
    for datum in data:
        labels = wrap(datum.label, CHART_W + 2 * PADDING)
        lines = tuple(
            Line(BAR_X, y + LINE_HEIGHT * (index + 0.75), text) for index, text in enumerate(labels)
        )
        bar_y = y + LINE_HEIGHT * len(labels) + 2
        width = max(bar_room * datum.value / maximum, 1.0)
        bars.append(Bar(lines, bar_y, width, datum.text, BAR_X + width + VALUE_GAP))
        y = bar_y + BAR_H + BAR_GAP
    return BarChart(chart_id, title, CHART_W, y - BAR_GAP + 4.0, tuple(bars))


def format_number(value: float, unit: str = "", qualifier: str = "") -> str:
    """A number as a reader expects it: £27,479,003, 1.3%, 1.37, 16,000 (with 'almost' etc.)."""
    plain = f"{int(value):,}" if float(value).is_integer() else f"{value:,}"
    if unit == "GBP":
        plain = f"£{plain}"
    elif unit == "percent":
        plain = f"{plain}%"
    elif unit == "weeks":
        plain = f"{plain} weeks"
    if qualifier and qualifier != "exact":
        plain = f"{qualifier} {plain}"
    return plain
