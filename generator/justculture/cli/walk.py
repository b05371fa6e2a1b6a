"""``justculture walk TOOL``: answer a guide or checklist one question at a time."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..interactive import Walk, markdown_record
from ..outputs import write_one
from ..render.renderer import Renderer
from ..reporters import result_text
from ..validation import load_spec
from ._common import EXIT_OK, Commands, add_spec


def add(commands: Commands) -> None:
    parser = commands.add_parser("walk", help="answer a guide or checklist one question at a time")
    parser.add_argument("tool_id", help="just-culture-guide or pre-disciplinary-checklist")
    parser.add_argument(
        "--staff-group", help="nursing-midwifery, medical or other (checklist only)"
    )
    parser.add_argument(
        "--record", type=Path, help="also write a Markdown decision record to this file"
    )
    add_spec(parser)
    parser.set_defaults(command=run)


def run(args: argparse.Namespace) -> int:
    spec = load_spec(args.spec)
    renderer = Renderer()
    session = Walk(spec, args.tool_id, renderer, staff_group=args.staff_group)
    result = session.run(sys.stdin, sys.stdout)
    if result is None:
        return EXIT_OK
    sys.stdout.write("\n" + result_text(spec, result, renderer))
    if args.record:
        write_one(args.record, markdown_record(spec, result, renderer).encode("utf-8"))
        print(f"\nThe record is in {args.record}.")
    return EXIT_OK
