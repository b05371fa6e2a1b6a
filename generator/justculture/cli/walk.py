"""``justculture walk TOOL``: answer a guide or checklist one question at a time."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..interactive import Walk, markdown_record
from ..outputs import guarded, write_one
from ..render.renderer import Renderer
from ..reporters import result_text
from ..validation import load_spec
from ._common import EXIT_OK, Commands, add_force, add_spec, emit, output_guard
from ._streams import readable_stdin
from .record import check_file_target


def add(commands: Commands) -> None:
    parser = commands.add_parser("walk", help="answer a guide or checklist one question at a time")
    parser.add_argument("tool_id", help="just-culture-guide or pre-disciplinary-checklist")
    parser.add_argument(
        "--staff-group", help="nursing-midwifery, medical or other (checklist only)"
    )
    parser.add_argument(
        "--record", type=Path, help="also write a Markdown decision record to this file"
    )
    add_force(parser)
    add_spec(parser)
    parser.set_defaults(command=run)


def run(args: argparse.Namespace) -> int:
    # Refuse a bad --record path before the questions, not after them.
    if args.record:
        check_file_target(args.record, "--record")
    guard = output_guard(args, [args.record]) if args.record else None
    stdin = readable_stdin()
    spec = load_spec(args.spec)
    renderer = Renderer()
    session = Walk(spec, args.tool_id, renderer, staff_group=args.staff_group)
    result = session.run(stdin, sys.stdout)
    if result is None:
        return EXIT_OK
    emit(EXIT_OK, lambda: sys.stdout.write("\n" + result_text(spec, result, renderer)))
    if guard is not None:
        with guarded(guard):
            write_one(args.record, markdown_record(spec, result, renderer).encode("utf-8"))
        return emit(EXIT_OK, lambda: print(f"\nThe record is in {args.record}."))
    return EXIT_OK
