"""The ``justculture`` command: one small function per command, each a call into the library."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TextIO

from . import engine, interactive
from .errors import SpecError, SpecErrors
from .loading import read_yaml
from .model import Spec
from .outputs import write_one
from .render import render
from .render.exports import export_json
from .validation import load_spec, validate_dir

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
Command = Callable[[argparse.Namespace], int]


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    command: Command = args.command
    try:
        return command(args)
    except (SpecError, SpecErrors) as problem:
        _print_errors(list(problem) if isinstance(problem, SpecErrors) else [problem], args)
        return EXIT_INVALID
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="justculture",
        description="Being fair (2019) as validated data: validate it, export it, evaluate its tools.",
    )
    commands = parser.add_subparsers(title="commands", required=True, metavar="COMMAND")

    validate = commands.add_parser("validate", help="check a spec folder; exit 1 if it has errors")
    validate.add_argument(
        "spec_dir", nargs="?", type=Path, help="the spec folder (default: the shipped spec)"
    )
    _add_format(validate)
    validate.add_argument(
        "--verbose", action="store_true", help="show every error, not only the first of each file"
    )
    validate.set_defaults(command=cmd_validate)

    export = commands.add_parser(
        "export", help="print the whole validated spec as one JSON document"
    )
    export.add_argument("--format", choices=["json"], default="json")
    export.add_argument("--spec", type=Path, help="the spec folder (default: the shipped spec)")
    export.set_defaults(command=cmd_export)

    evaluate = commands.add_parser(
        "evaluate", help="evaluate a guide or checklist on a set of answers"
    )
    _add_tool_arguments(evaluate)
    _add_format(evaluate)
    evaluate.set_defaults(command=cmd_evaluate)

    walk = commands.add_parser("walk", help="answer a guide or checklist one question at a time")
    walk.add_argument("tool_id", help="just-culture-guide or pre-disciplinary-checklist")
    walk.add_argument("--staff-group", help="nursing-midwifery, medical or other (checklist only)")
    walk.add_argument(
        "--record", type=Path, help="also write a Markdown decision record to this file"
    )
    walk.add_argument("--spec", type=Path, help="the spec folder (default: the shipped spec)")
    walk.set_defaults(command=cmd_walk)

    build = commands.add_parser("build", help="validate the spec and build the site (and its PDFs)")
    build.add_argument(
        "--out", type=Path, default=Path("site"), help="where to put the site (default: site/)"
    )
    build.add_argument("--spec", type=Path, help="the spec folder (default: the shipped spec)")
    build.set_defaults(command=cmd_build)

    record = commands.add_parser(
        "record", help="write a decision record PDF for one set of answers"
    )
    _add_tool_arguments(record)
    record.add_argument(
        "--field",
        action="append",
        default=[],
        metavar="NAME=TEXT",
        help="fill in a record field, such as rationale=...; repeat as needed",
    )
    record.add_argument("--out", type=Path, required=True, help="the PDF file to write")
    record.set_defaults(command=cmd_record)

    session = commands.add_parser("session", help="write a training session plan and packs")
    session.add_argument("--scenarios", required=True, help="scenario ids, separated by commas")
    session.add_argument(
        "--minutes", type=_positive_int, default=90, help="length of the session (default: 90)"
    )
    session.add_argument("--out", type=Path, required=True, help="the folder to write into")
    session.add_argument("--spec", type=Path, help="the spec folder (default: the shipped spec)")
    session.set_defaults(command=cmd_session)
    return parser


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value <= 0:
        raise argparse.ArgumentTypeError("must be more than 0")
    return value


def _add_format(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format", choices=["text", "json"], default="text", help="output format (default: text)"
    )


def _add_tool_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("tool_id", help="just-culture-guide or pre-disciplinary-checklist")
    parser.add_argument("--answers", help="a YAML or JSON file of answers, or - for standard input")
    parser.add_argument(
        "--answer",
        action="append",
        default=[],
        metavar="ID=VALUE",
        help="one answer; repeat as needed",
    )
    parser.add_argument(
        "--staff-group", help="nursing-midwifery, medical or other (checklist only)"
    )
    parser.add_argument("--spec", type=Path, help="the spec folder (default: the shipped spec)")


def _print_errors(errors: list[SpecError], args: argparse.Namespace, hidden: int = 0) -> None:
    if getattr(args, "format", "text") == "json":
        json.dump([error.to_dict() for error in errors], sys.stdout, indent=2)
        sys.stdout.write("\n")
        return
    for error in errors:
        print(error.format(), file=sys.stderr)
    if hidden:
        print(
            f"{hidden} other error(s) in the same files; use --verbose to see them all",
            file=sys.stderr,
        )


def cmd_validate(args: argparse.Namespace) -> int:
    report = validate_dir(args.spec_dir)
    if report.ok:
        if args.format == "json":
            print("[]")
        else:
            spec = report.spec
            count = len(spec.documents) if spec else 0
            print(
                f"The spec is valid: {count} documents, spec version {spec.version if spec else '?'}."
            )
        return EXIT_OK
    shown = (
        report.errors + report.others if args.verbose or args.format == "json" else report.errors
    )
    _print_errors(shown, args, hidden=0 if args.verbose else len(report.others))
    return EXIT_INVALID


def cmd_export(args: argparse.Namespace) -> int:
    sys.stdout.write(export_json(load_spec(args.spec)))
    return EXIT_OK


def cmd_evaluate(args: argparse.Namespace) -> int:
    spec = load_spec(args.spec)
    answers, locate = collect_answers(args.answers, args.answer, sys.stdin)
    try:
        result = engine.evaluate(spec, args.tool_id, answers, staff_group=args.staff_group)
    except SpecError as error:
        raise locate(error) from None
    if args.format == "json":
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(
            render(
                "text/result.txt.j2", result=result.to_dict(), title=_tool_title(spec, args.tool_id)
            )
        )
    return EXIT_OK


def cmd_walk(args: argparse.Namespace) -> int:
    spec = load_spec(args.spec)
    session = interactive.Walk(spec, args.tool_id, staff_group=args.staff_group)
    result = session.run(sys.stdin, sys.stdout)
    if result is None:
        return EXIT_OK
    sys.stdout.write(
        "\n"
        + render(
            "text/result.txt.j2", result=result.to_dict(), title=_tool_title(spec, args.tool_id)
        )
    )
    if args.record:
        write_one(args.record, interactive.markdown_record(spec, result).encode("utf-8"))
        print(f"\nThe record is in {args.record}.")
    return EXIT_OK


def cmd_build(args: argparse.Namespace) -> int:
    from .build import build_site  # mkdocs is slow to import; only this command needs it

    build_site(args.out, args.spec)
    print(f"The site is in {args.out}/")
    return EXIT_OK


def cmd_record(args: argparse.Namespace) -> int:
    from .render.pdf import record_field_ids, write_record_pdf  # WeasyPrint is slow to import

    spec = load_spec(args.spec)
    answers, locate = collect_answers(args.answers, args.answer, sys.stdin)
    try:
        result = engine.evaluate(spec, args.tool_id, answers, staff_group=args.staff_group)
    except SpecError as error:
        raise locate(error) from None
    fields = parse_fields(args.field, record_field_ids(spec))
    write_record_pdf(spec, result, fields, args.out)
    print(f"The record is in {args.out}")
    return EXIT_OK


def parse_fields(pairs: list[str], known: list[str]) -> dict[str, str]:
    fields: dict[str, str] = {}
    for pair in pairs:
        name, sep, text = pair.partition("=")
        if not sep or name.strip() not in known:
            raise SpecError(
                "JC406",
                f"'--field {pair}' must be NAME=TEXT with NAME one of: {', '.join(known)}",
                "<command line>",
            )
        fields[name.strip()] = text.strip()
    return fields


def cmd_session(args: argparse.Namespace) -> int:
    from .training import write_session  # WeasyPrint is slow to import

    spec = load_spec(args.spec)
    scenario_ids = [part.strip() for part in args.scenarios.split(",") if part.strip()]
    written = write_session(spec, scenario_ids, args.minutes, args.out)
    print(f"Wrote {len(written)} files to {args.out}/:")
    for path in written:
        print(f"  {path.name}")
    return EXIT_OK


def _tool_title(spec: Spec, tool_id: str) -> str:
    return str(spec.tool(tool_id).title)


Locator = Callable[[SpecError], SpecError]


def collect_answers(
    file_arg: str | None, pairs: list[str], stdin: TextIO
) -> tuple[dict[str, Any], Locator]:
    """Answers from a file (or stdin) and ``--answer ID=VALUE`` flags; flags win."""
    answers: dict[str, Any] = {}
    locate: Locator = _no_location
    if file_arg is not None:
        answers, locate = _answers_from_file(file_arg, stdin)
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise SpecError(
                "JC404",
                f"'--answer {pair}' must be in the form ID=VALUE, such as 3b=no",
                "<command line>",
            )
        answers[key.strip()] = value.strip()
    return answers, locate


def _no_location(error: SpecError) -> SpecError:
    return error


def _answers_from_file(file_arg: str, stdin: TextIO) -> tuple[dict[str, Any], Locator]:
    if file_arg == "-":
        source = interactive.read_answers_text(stdin.read(), "<stdin>")
    else:
        source = read_yaml(Path(file_arg), file_arg)
    if not isinstance(source.data, dict):
        raise source.error(
            "JC404", "the answers must be a mapping of question ids to values, such as {1a: 'no'}"
        )

    def locate(error: SpecError) -> SpecError:
        return source.error(error.code, error.message, error.pointer, key=error.code == "JC402")

    return dict(source.data), locate


if __name__ == "__main__":
    sys.exit(main())
