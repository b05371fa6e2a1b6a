"""``justculture monitor COUNTS --out DIR``: a board report on who enters the disciplinary process.

Reads a CSV or XLSX of counts (never records about people) and writes the report as HTML and PDF;
``--format json`` prints the figures for other tools.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..extras import require
from ..monitor import figures, read_config, read_counts
from ..monitor.read import references
from ..monitor.report import REPORT_NAME, report_view, write_report
from ..monitor.stats import Settings
from ..outputs import guard_for, guarded
from ..render.renderer import Renderer
from ._common import EXIT_OK, Commands, add_force, add_format, emit


def add(commands: Commands) -> None:
    parser = commands.add_parser(
        "monitor",
        help="a board report on who enters the disciplinary process, by group of staff",
        description="Read counts of staff (CSV or XLSX) and report each group's relative "
        "likelihood of entering the disciplinary process, and each later stage, with 95%% "
        "intervals. Counts only: files about individual people are refused.",
    )
    parser.add_argument("counts", type=Path, help="a CSV or XLSX file of counts")
    parser.add_argument("--config", type=Path, help="a YAML file of settings (see the README)")
    parser.add_argument("--out", type=Path, help="the folder to write the report into")
    add_force(parser)
    add_format(parser)
    parser.set_defaults(command=run, parser=parser)


def run(args: argparse.Namespace) -> int:
    if args.out is None and args.format != "json":
        args.parser.error("give --out DIR for the report, or --format json for the figures")
    guard = None
    if args.out is not None:
        # The counts and settings are inputs: never replaced; nor a file someone else wrote.
        guard = guard_for([args.counts, args.config], args.force)
        guard.check([args.out / f"{REPORT_NAME}.{kind}" for kind in ("html", "pdf")])
    config = read_config(args.config)
    table = read_counts(args.counts, config)
    settings = Settings(references(table, config), config.threshold, config.band)
    data = figures(table, settings)
    written: list[Path] = []
    if args.out is not None and guard is not None:
        require("pdf", "'justculture monitor --out'")
        view = report_view(data, config, args.counts.name)
        with guarded(guard):
            written = write_report(view, args.out, Renderer())
    if args.format == "json":
        return emit(EXIT_OK, lambda: _print_json(data))
    return emit(EXIT_OK, lambda: print("The board report is in " + " and ".join(map(str, written))))


def _print_json(data: object) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
