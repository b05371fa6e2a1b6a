"""``justculture validate [SPEC_DIR | EXPORT.json]``: check a spec folder, or a JSON export someone
received (:mod:`justculture.received`); exit 1 if it has errors."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..received import validate_export
from ..reporters import reporter_for
from ..validation import validate_dir
from ._common import EXIT_INVALID, EXIT_OK, Commands, add_format, emit


def add(commands: Commands) -> None:
    parser = commands.add_parser(
        "validate", help="check a spec folder or a JSON export; exit 1 if it has errors"
    )
    parser.add_argument(
        "spec_dir",
        nargs="?",
        type=Path,
        help="the spec folder (default: the shipped spec), or a JSON file from justculture export",
    )
    add_format(parser)
    parser.add_argument(
        "--verbose", action="store_true", help="show every error, not only the first of each file"
    )
    parser.set_defaults(command=run)


def run(args: argparse.Namespace) -> int:
    given = args.spec_dir
    is_file = given is not None and given.suffix.lower() == ".json" and not given.is_dir()
    report = validate_export(given) if is_file else validate_dir(given)
    reporter = reporter_for(args.format)
    spec = report.spec
    if spec is not None:
        return emit(EXIT_OK, lambda: reporter.valid(spec))
    everything = args.verbose or args.format == "json"
    shown = report.errors + report.others if everything else report.errors
    hidden = 0 if everything else len(report.others)
    # The status is decided before printing: a reader that stops early cannot turn it into 0.
    return emit(EXIT_INVALID, lambda: reporter.findings(shown, hidden))
