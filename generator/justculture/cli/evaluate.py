"""``justculture evaluate TOOL``: evaluate a guide or checklist on a set of answers."""

from __future__ import annotations

import argparse

from ..reporters import reporter_for
from ._common import EXIT_OK, Commands, add_format, add_tool_arguments, emit, evaluate_arguments


def add(commands: Commands) -> None:
    parser = commands.add_parser(
        "evaluate", help="evaluate a guide or checklist on a set of answers"
    )
    add_tool_arguments(parser)
    add_format(parser)
    parser.set_defaults(command=run)


def run(args: argparse.Namespace) -> int:
    spec, result = evaluate_arguments(args)
    return emit(EXIT_OK, lambda: reporter_for(args.format).result(spec, result))
