"""``justculture build``: validate the spec and build the site (and its PDFs)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..errors import JustCultureWarning
from ..extras import require
from ..published import check_site_url, site_address_warnings
from ..render.renderer import terminal_text
from ._common import EXIT_OK, EXIT_USAGE, Commands, add_spec, emit
from ._editions import add_edition_arguments, run_editions
from ._streams import say


def add(commands: Commands) -> None:
    parser = commands.add_parser(
        "build", help="validate the spec and build the site (and its PDFs)"
    )
    parser.add_argument(
        "--out", type=Path, default=Path("site"), help="where to put the site (default: site/)"
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="replace a folder or file that justculture did not build (never the spec, the "
        "current folder or the home folder)",
    )
    parser.add_argument(
        "--site-url",
        metavar="URL",
        help="the address the site will be published at, such as https://example.org/jc/ "
        "(for canonical links, the sitemap and the schemas' $id); overrides "
        "JUSTCULTURE_SITE_URL; not with --profile",
    )
    add_spec(parser)
    add_edition_arguments(parser)
    parser.set_defaults(command=run)


def run(args: argparse.Namespace) -> int:
    require("site", "'justculture build'")
    require("pdf", "'justculture build' (for the site's printables)")
    if args.site_url is not None:
        # First, before anything is built, put back or written.
        check_site_url(args.site_url, set_by="--site-url", required=True)
    if args.profile:
        if args.site_url is not None:
            say(
                sys.stderr,
                "justculture build: --site-url is for the main site; for an edition, set "
                "JUSTCULTURE_SITE_URL instead\n",
            )
            return EXIT_USAGE
        code = run_editions(args)
        if code == EXIT_OK:
            _warn(site_address_warnings(None, flag=False))
        return code
    from ..build import build_site, recover  # mkdocs is slow to import; only this command needs it

    # First, and shown even if the build then fails: a site put back after an earlier crash.
    for note in recover(args.out):
        say(sys.stderr, f"note: {note}\n")
    for note in build_site(args.out, args.spec, force=args.force, site_url=args.site_url):
        say(sys.stderr, f"note: {note}\n")
    # Said once the site is built, beside where it is; `mkdocs serve` never runs this command.
    _warn(site_address_warnings(args.site_url))
    return emit(EXIT_OK, lambda: print(f"The site is in {args.out}/"))


def _warn(warnings: tuple[JustCultureWarning, ...]) -> None:
    for warning in warnings:
        say(sys.stderr, terminal_text(warning.format()) + "\n")
