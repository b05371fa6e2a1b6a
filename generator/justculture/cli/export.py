"""``justculture export``: the validated spec as JSON (on stdout or in a file), CSV tables or an
XLSX workbook; the whole spec or one document (``--document``). The work is in
:mod:`justculture.exports`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..exports import FORMATS, export_output, planned_targets
from ..outputs import guarded, write_all
from ..validation import load_spec
from ._common import EXIT_OK, Commands, add_force, add_spec, emit, output_guard


def add(commands: Commands) -> None:
    parser = commands.add_parser(
        "export", help="the validated spec as JSON, CSV tables or an XLSX workbook"
    )
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="json",
        help="json (the default), csv (flat tables) or xlsx (a workbook with a sheet per table)",
    )
    parser.add_argument(
        "--document", metavar="ID", help="export only this document (such as charter)"
    )
    parser.add_argument(
        "--out",
        type=Path,
        help="write to this path, atomically: a file for JSON (default: standard output) and "
        "XLSX; a folder, or a .zip file, for CSV (needed for CSV and XLSX)",
    )
    add_force(parser)
    add_spec(parser)
    parser.set_defaults(command=run)


def run(args: argparse.Namespace) -> int:
    targets = planned_targets(args.format, args.out)
    guard = output_guard(args, targets) if args.out is not None else None
    made = export_output(load_spec(args.spec), args.format, document=args.document, out=args.out)
    if guard is None or made.folder is None:
        text = made.text or ""
        return emit(EXIT_OK, lambda: sys.stdout.write(text))
    with guarded(guard):
        write_all(made.folder, list(made.files))
    return emit(EXIT_OK, lambda: print(f"The export is in {args.out}"))
