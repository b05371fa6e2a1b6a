"""``justculture export``: print the whole validated spec as one JSON document."""

from __future__ import annotations

import argparse
import sys

from ..render.exports import export_json
from ..validation import load_spec
from ._common import EXIT_OK, Commands, add_spec


def add(commands: Commands) -> None:
    parser = commands.add_parser(
        "export", help="print the whole validated spec as one JSON document"
    )
    parser.add_argument("--format", choices=["json"], default="json")
    add_spec(parser)
    parser.set_defaults(command=run)


def run(args: argparse.Namespace) -> int:
    sys.stdout.write(export_json(load_spec(args.spec)))
    return EXIT_OK
