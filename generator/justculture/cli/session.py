"""``justculture session --scenarios IDS --out DIR``: a training session plan and its packs."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..extras import require
from ..render.renderer import Renderer
from ..validation import load_spec
from ._common import EXIT_OK, Commands, add_spec, positive_int


def add(commands: Commands) -> None:
    parser = commands.add_parser("session", help="write a training session plan and packs")
    parser.add_argument("--scenarios", required=True, help="scenario ids, separated by commas")
    parser.add_argument(
        "--minutes", type=positive_int, default=90, help="length of the session (default: 90)"
    )
    parser.add_argument("--out", type=Path, required=True, help="the folder to write into")
    add_spec(parser)
    parser.set_defaults(command=run)


def run(args: argparse.Namespace) -> int:
    require("pdf", "'justculture session'")
    from ..render.session_packs import write_session  # WeasyPrint is slow to import

    spec = load_spec(args.spec)
    scenario_ids = [part.strip() for part in args.scenarios.split(",") if part.strip()]
    written = write_session(spec, scenario_ids, args.minutes, args.out, Renderer())
    print(f"Wrote {len(written)} files to {args.out}/:")
    for path in written:
        print(f"  {path.name}")
    return EXIT_OK
