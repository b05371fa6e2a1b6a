"""``justculture record TOOL --out FILE.pdf``: a decision record PDF for one set of answers."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..answers import parse_fields
from ..extras import require
from ..outputs import guarded
from ..render.renderer import Renderer
from ._common import (
    EXIT_OK,
    Commands,
    add_force,
    add_tool_arguments,
    emit,
    evaluate_arguments,
    output_guard,
)
from ._editions import edition_record


def add(commands: Commands) -> None:
    parser = commands.add_parser(
        "record", help="write a decision record PDF for one set of answers"
    )
    add_tool_arguments(parser)
    parser.add_argument("--field", action="append", default=[], metavar="NAME=TEXT",
                        help="fill in a record field, such as rationale=...; repeat as needed")  # fmt: skip
    parser.add_argument("--out", type=Path, required=True, help="the PDF file to write")
    parser.add_argument("--profile", type=Path,
                        help="a trust's profile: its name and role titles on the record")  # fmt: skip
    add_force(parser)
    parser.set_defaults(command=run)


def run(args: argparse.Namespace) -> int:
    require("pdf", "'justculture record'")
    from ..render.pdf import write_record_pdf  # WeasyPrint is slow to import
    from ..views.record import record_field_ids

    guard = output_guard(args, [args.out])
    spec, result = evaluate_arguments(args)
    renderer = Renderer()
    if args.profile is not None:
        spec, result = edition_record(spec, result, args.profile, renderer)
    fields = parse_fields(args.field, record_field_ids(spec))
    with guarded(guard):
        write_record_pdf(spec, result, fields, args.out, renderer)
    return emit(EXIT_OK, lambda: print(f"The record is in {args.out}"))
