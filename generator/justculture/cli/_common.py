"""What the command modules share: exit codes and the arguments several commands take."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ..answers import STDIN, AnswerInput
from ..engine import Result
from ..locate import locate_spec
from ..model import Spec
from ..outputs import OutputGuard, guard_for
from ..reporters import FORMATS
from ..validation import load_spec
from ._streams import emit

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
Command = Callable[[argparse.Namespace], int]
Commands = Any  # argparse's subparsers action has no public type

__all__ = ["emit"]


def add_spec(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--spec", type=Path, help="the spec folder (default: the shipped spec)")


def add_force(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--force",
        action="store_true",
        help="replace an existing output that justculture did not write (never an input)",
    )


def add_format(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format", choices=FORMATS, default="text", help="output format (default: text)"
    )


def add_tool_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("tool_id", help="just-culture-guide or pre-disciplinary-checklist")
    parser.add_argument("--answers", help="a YAML or JSON file of answers, or - for standard input")
    parser.add_argument(
        "--answer",
        action="append",
        default=[],
        metavar="ID=VALUE",
        help="one answer; repeat as needed",
    )
    parser.add_argument(
        "--staff-group", help="nursing-midwifery, medical or other (checklist only)"
    )
    add_spec(parser)


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value <= 0:
        raise argparse.ArgumentTypeError("must be more than 0")
    return value


def evaluate_arguments(args: argparse.Namespace) -> tuple[Spec, Result]:
    """Load the spec, gather the answers the arguments give and evaluate them."""
    spec = load_spec(args.spec)
    given = AnswerInput.collect(args.answers, args.answer, sys.stdin)
    return spec, given.evaluate(spec, args.tool_id, staff_group=args.staff_group)


def output_guard(args: argparse.Namespace, targets: Sequence[Path]) -> OutputGuard:
    """The run's inputs (spec folder, answers file) protected; ``targets`` checked at once.

    Checking before any work means a refusal comes in a second, not after the PDFs render; the
    writes check again (``justculture.outputs``) in case something changed meanwhile.
    """
    answers = getattr(args, "answers", None)
    answers_file = Path(answers) if answers is not None and answers != STDIN else None
    guard = guard_for([locate_spec(args.spec), answers_file], args.force)
    guard.check(targets)
    return guard
