"""``justculture profile init|check|report``: start a trust's profile, check it, or write its papers.

``report`` writes the tailoring report (Markdown and PDF) and the Word charter and checklist.

``check`` exits 0 when the profile is sound (drift is a warning), 1 when it is not (or, with
``--strict``, when the base text has drifted), 2 for a bad command line.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..errors import JustCultureError, ProfileError, ProfileErrors
from ..extras import require
from ..locate import locate_spec
from ..outputs import guard_for, guarded, write_all
from ..render.renderer import Renderer
from ..tailor import read_profile, tailor
from ..tailor.starter import starter_profile
from ..validation import load_spec
from ._common import (
    EXIT_INVALID,
    EXIT_OK,
    Commands,
    add_force,
    add_format,
    add_spec,
    emit,
)
from ._streams import say

REPORT_MARKDOWN = "tailoring-report.md"
REPORT_PDF = "tailoring-report.pdf"
# Profile text is untrusted: a terminal must show an escape sequence, never obey it.
_CONTROLS = {
    code: f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
    for code in [*range(0x20), *range(0x7F, 0xA0), *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
    if code != 0x0A
}


def add(commands: Commands) -> None:
    parser = commands.add_parser("profile", help="start a trust's profile, or check one")
    actions = parser.add_subparsers(title="actions", required=True, metavar="ACTION")
    init = actions.add_parser("init", help="print a commented starter profile to standard output")
    init.add_argument("--organisation", required=True, help="the organisation's full name")
    add_spec(init)
    init.set_defaults(command=run_init)
    check = actions.add_parser(
        "check", help="check a profile against the spec; exit 1 if not sound"
    )
    check.add_argument("profile", type=Path, help="the profile's YAML file")
    check.add_argument(
        "--strict", action="store_true", help="treat changed base text (drift) as an error"
    )
    add_format(check)
    add_spec(check)
    check.set_defaults(command=run_check)
    report = actions.add_parser(
        "report",
        help="write the tailoring report (Markdown, PDF) and the Word charter and checklist",
    )
    report.add_argument("profile", type=Path, help="the profile's YAML file")
    report.add_argument("--out", type=Path, required=True, help="the folder to write them into")
    report.add_argument("--strict", action="store_true", help="treat drift as an error")
    add_force(report)
    add_spec(report)
    report.set_defaults(command=run_report)


def run_init(args: argparse.Namespace) -> int:
    spec = load_spec(args.spec)
    starter = starter_profile(spec, args.organisation, Renderer())
    return emit(EXIT_OK, lambda: sys.stdout.write(starter))


def run_check(args: argparse.Namespace) -> int:
    spec = load_spec(args.spec)
    try:
        profile = read_profile(args.profile)
        _, report = tailor(spec, profile, strict=args.strict)
    except ProfileErrors as problems:
        return _invalid(list(problems), args.format)
    except ProfileError as problem:
        return _invalid([problem], args.format)
    if args.format == "json":
        found = {"valid": True, "report": report.to_dict()}
        return emit(EXIT_OK, lambda: _print_json(found))
    for warning in report.warnings:
        say(sys.stderr, terminal_safe(warning_line(warning)) + "\n")
    sound = terminal_safe(f"{args.profile}: the profile is sound. {report.summary()}") + "\n"
    return emit(EXIT_OK, lambda: sys.stdout.write(sound))


def run_report(args: argparse.Namespace) -> int:
    require("pdf", "'justculture profile report'")
    require("docx", "'justculture profile report'")
    from ..render.docx import CHARTER_FILE, CHECKLIST_FILE, charter_docx, checklist_docx
    from ..render.pdf import pdf_bytes
    from ..render.tailoring import report_html, report_markdown

    names = (REPORT_MARKDOWN, REPORT_PDF, CHARTER_FILE, CHECKLIST_FILE)
    # The profile, its folder's files and the spec are this run's inputs: never replaced.
    guard = guard_for([locate_spec(args.spec), args.profile], args.force)
    guard.check([args.out / name for name in names])
    spec = load_spec(args.spec)
    edition, report = tailor(spec, read_profile(args.profile), strict=args.strict)
    renderer = Renderer()
    files = [
        (REPORT_MARKDOWN, report_markdown(spec, report, renderer).encode("utf-8")),
        (REPORT_PDF, pdf_bytes(report_html(spec, report, renderer))),
        (CHARTER_FILE, charter_docx(edition, report.edition)),
        (CHECKLIST_FILE, checklist_docx(edition, report.edition)),
    ]
    for warning in report.warnings:
        say(sys.stderr, terminal_safe(warning_line(warning)) + "\n")
    with guarded(guard):
        written = write_all(args.out, files)
    lines = [terminal_safe(report.summary()), *map(str, written)]
    return emit(EXIT_OK, lambda: sys.stdout.write("".join(f"{line}\n" for line in lines)))


def warning_line(problem: JustCultureError) -> str:
    return problem.format().replace(f"error[{problem.code}]", f"warning[{problem.code}]", 1)


def _invalid(problems: list[ProfileError], output_format: str) -> int:
    if output_format == "json":
        found = {"valid": False, "errors": [problem.to_dict() for problem in problems]}
        return emit(EXIT_INVALID, lambda: _print_json(found))
    for problem in problems:
        say(sys.stderr, problem.format() + "\n")
    return EXIT_INVALID


def _print_json(found: object) -> None:
    sys.stdout.write(json.dumps(found, ensure_ascii=False, indent=2) + "\n")


def terminal_safe(text: str) -> str:
    """Profile text for a terminal: control characters shown, never obeyed."""
    return text.translate(_CONTROLS)
