"""``justculture build --profile``: one trust edition, or several at once with an index page.

One profile file builds that edition into ``--out``. Several (``--profile`` repeated, or a folder
of profiles) build each into ``OUT/<id>/`` in parallel, with ``OUT/index.html``. Exit status: 0
when every edition was built; 1 when any profile failed. Each failure prints its located errors;
the editions that could be built are built, and the index lists both.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..engine import Result, evaluate
from ..extras import require
from ..model import Spec
from ..render.renderer import Renderer
from ._common import EXIT_INVALID, EXIT_OK, positive_int
from ._streams import say
from .profile import terminal_safe


def edition_record(
    spec: Spec, result: Result, profile: Path, renderer: Renderer
) -> tuple[Spec, Result]:
    """A record in a trust's edition: the same answers through the tailored spec (so the
    approver has the local title), and the trust's name on the renderer's pages."""
    from ..render.edition_site import site_edition, use_edition

    edition = site_edition(spec, profile)
    use_edition(renderer, edition.edition)
    tailored = evaluate(edition.spec, result.tool, result.answers, staff_group=result.staff_group)
    return edition.spec, tailored


def add_edition_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--profile",
        type=Path,
        action="append",
        default=[],
        metavar="PROFILE",
        help="build a trust's edition from this profile (repeat, or give a folder of profiles, "
        "for several editions and an index page)",
    )
    parser.add_argument(
        "--strict", action="store_true", help="with --profile: changed base text is an error"
    )
    parser.add_argument(
        "--jobs", type=positive_int, help="with several profiles: how many to build at once"
    )


def run_editions(args: argparse.Namespace) -> int:
    require("docx", "'justculture build --profile' (for the Word documents)")
    profiles: list[Path] = args.profile
    if len(profiles) == 1 and not profiles[0].is_dir():
        from ..build import build_site

        notes = build_site(
            args.out, args.spec, force=args.force, profile=profiles[0], strict=args.strict
        )
        for note in notes:
            say(sys.stderr, f"note: {note}\n")
        print(f"The edition is in {args.out}/")
        return EXIT_OK
    from ..editions import build_editions

    results = build_editions(
        profiles, args.out, args.spec, force=args.force, strict=args.strict, jobs=args.jobs
    )
    for result in results:
        for error in result.errors:
            say(sys.stderr, error.format() + "\n")
    built = [result for result in results if result.ok]
    for result in built:
        print(terminal_safe(f"{result.name}: {args.out}/{result.id}/"))
    failed = len(results) - len(built)
    print(f"{len(built)} of {len(results)} editions built; the index is {args.out}/index.html")
    return EXIT_INVALID if failed else EXIT_OK
