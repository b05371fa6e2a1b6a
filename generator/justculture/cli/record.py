"""``justculture record TOOL --out FILE.pdf``: a decision record PDF for one set of answers."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..answers import COMMAND_LINE, STDIN, parse_fields
from ..errors import UsageError
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
                        help="fill in a record field, such as rationale=...; repeat as needed. "
                        "A yes-or-no field takes yes or no. A tab or line break becomes a space; "
                        "other control characters are refused (JC406)")  # fmt: skip
    parser.add_argument("--out", type=Path, required=True,
                        help="the PDF file to write, in a folder that exists; not - (a PDF is "
                        "not written to standard output)")  # fmt: skip
    parser.add_argument("--profile", type=Path,
                        help="a trust's profile: its name and role titles on the record")  # fmt: skip
    add_force(parser)
    parser.set_defaults(command=run)


def run(args: argparse.Namespace) -> int:
    require("pdf", "'justculture record'")
    from ..render.pdf import write_record_pdf  # WeasyPrint is slow to import
    from ..views.record import record_field_ids, yes_no_field_ids

    check_file_target(args.out, "--out")
    guard = output_guard(args, [args.out])
    spec, result = evaluate_arguments(args)
    renderer = Renderer()
    if args.profile is not None:
        spec, result = edition_record(spec, result, args.profile, renderer)
    fields = parse_fields(args.field, record_field_ids(spec), yes_no_field_ids(spec))
    with guarded(guard):
        write_record_pdf(spec, result, fields, args.out, renderer)
    return emit(EXIT_OK, lambda: print(f"The record is in {args.out}"))


def check_file_target(path: Path, option: str) -> None:
    """Refuse ``-`` (a record is a file, never standard output: JC411) and a file whose folder
    does not exist (JC415): a command that writes one file makes no folders, so a mistyped path
    is not silently created. (build, export to CSV and session write folders, and make them.)"""
    if str(path) == STDIN:
        message = f"{option} - would write the record to standard output; give a file name"
        raise UsageError("JC411", message, COMMAND_LINE)
    folder = path.parent
    if not folder.is_dir():
        message = f"the folder {folder} does not exist; create it first or choose another"
        raise UsageError("JC415", message, str(path))
