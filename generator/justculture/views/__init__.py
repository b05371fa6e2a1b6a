"""Shapes that more than one output needs, built once from a ``Spec``.

The site's pages, the PDFs, the Markdown record and the training packs all show "the questions
answered, in the tool's order", "items grouped under their parent", "questions grouped by test"
and "a scenario with its runs replayed". Each is built here, once, and every renderer uses it, so
two outputs can never show the same thing two ways.
"""

from .questions import AnsweredQuestion, answered_questions, question_text
from .scenarios import (
    ObjectiveView,
    OutcomeView,
    PrincipleView,
    RunView,
    ScenarioView,
    StageView,
    scenario_view,
    scenario_views,
)
from .tools import ItemGroup, TestColumn, items_by_parent, nodes_by_test, poster_columns

__all__ = [
    "AnsweredQuestion",
    "ItemGroup",
    "ObjectiveView",
    "OutcomeView",
    "PrincipleView",
    "RunView",
    "ScenarioView",
    "StageView",
    "TestColumn",
    "answered_questions",
    "items_by_parent",
    "nodes_by_test",
    "poster_columns",
    "question_text",
    "scenario_view",
    "scenario_views",
]
