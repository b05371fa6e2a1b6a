"""``justculture validate [SPEC_DIR]``: check a spec folder; exit 1 if it has errors."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..reporters import reporter_for
from ..validation import validate_dir
from ._common import EXIT_INVALID, EXIT_OK, Commands, add_format


def add(commands: Commands) -> None:
    parser = commands.add_parser("validate", help="check a spec folder; exit 1 if it has errors")
    parser.add_argument(
        "spec_dir", nargs="?", type=Path, help="the spec folder (default: the shipped spec)"
    )
    add_format(parser)
    parser.add_argument(
        "--verbose", action="store_true", help="show every error, not only the first of each file"
    )
    parser.set_defaults(command=run)


def run(args: argparse.Namespace) -> int:
    report = validate_dir(args.spec_dir)
    reporter = reporter_for(args.format)
    if report.spec is not None:
        reporter.valid(report.spec)
        return EXIT_OK
    everything = args.verbose or args.format == "json"
    shown = report.errors + report.others if everything else report.errors
    reporter.errors(shown, hidden=0 if everything else len(report.others))
    return EXIT_INVALID
