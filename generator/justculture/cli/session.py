"""``justculture session --scenarios IDS --out DIR``: a training session plan and its packs."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..errors import UsageError
from ..extras import require
from ..outputs import guarded
from ..render.renderer import Renderer, terminal_text
from ..validation import load_spec
from ._common import EXIT_OK, Commands, add_force, add_spec, emit, output_guard
from ._streams import say


def add(commands: Commands) -> None:
    parser = commands.add_parser("session", help="write a training session plan and packs")
    parser.add_argument("--scenarios", required=True, help="scenario ids, separated by commas")
    # Read as text and checked in run(), so a bad length gets a coded error (JC408), not
    # argparse's usage message.
    parser.add_argument("--minutes", default="90", help="length of the session (default: 90)")
    parser.add_argument("--out", type=Path, required=True, help="the folder to write into")
    add_force(parser)
    add_spec(parser)
    parser.set_defaults(command=run)


def run(args: argparse.Namespace) -> int:
    require("pdf", "'justculture session'")
    # WeasyPrint is slow to import
    from ..render.session_packs import (
        HANDOUT_FILE,
        PACK_FILE,
        PLAN_FILE,
        session_plan,
        write_session,
    )

    minutes = _minutes(args.minutes)
    if args.out.is_file():
        raise UsageError("JC413", f"{args.out} is a file; choose a folder for the session's files.")
    scenario_ids = [part.strip() for part in args.scenarios.split(",") if part.strip()]
    names = [PLAN_FILE, PACK_FILE, *(HANDOUT_FILE.format(id=i) for i in scenario_ids)]
    guard = output_guard(args, [args.out / name for name in names])
    spec = load_spec(args.spec)
    # Planned first: a refusal comes before any PDF renders, and a warning before the files.
    for warning in session_plan(spec, scenario_ids, minutes).warnings:
        say(sys.stderr, terminal_text(warning.format()) + "\n")
    with guarded(guard):
        written = write_session(spec, scenario_ids, minutes, args.out, Renderer())
    return emit(EXIT_OK, lambda: _list(args.out, written))


def _list(out: Path, written: list[Path]) -> None:
    print(f"Wrote {len(written)} files to {out}/:")
    for path in written:
        print(f"  {path.name}")


def _minutes(text: str) -> int:
    """The session's length: a whole number of minutes, more than 0 (JC408 otherwise)."""
    try:
        minutes = int(text.strip())
    except ValueError:
        minutes = 0
    if minutes <= 0:
        raise UsageError(
            "JC408",
            f"give the length of the session as a whole number of minutes, more than 0, "
            f"not '{text}'.",
        )
    return minutes
