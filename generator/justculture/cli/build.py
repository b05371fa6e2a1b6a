"""``justculture build``: validate the spec and build the site (and its PDFs)."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..extras import require
from ._common import EXIT_OK, Commands, add_spec


def add(commands: Commands) -> None:
    parser = commands.add_parser(
        "build", help="validate the spec and build the site (and its PDFs)"
    )
    parser.add_argument(
        "--out", type=Path, default=Path("site"), help="where to put the site (default: site/)"
    )
    add_spec(parser)
    parser.set_defaults(command=run)


def run(args: argparse.Namespace) -> int:
    require("site", "'justculture build'")
    require("pdf", "'justculture build' (for the site's printables)")
    from ..build import build_site  # mkdocs is slow to import; only this command needs it

    build_site(args.out, args.spec)
    print(f"The site is in {args.out}/")
    return EXIT_OK
