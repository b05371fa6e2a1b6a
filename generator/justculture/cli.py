"""The ``justculture`` command: one small function per command, each a call into the library."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from . import engine, interactive
from .errors import AnswerError, JustCultureError, SpecErrors, UsageError, escape_pointer_token
from .loading import SourceFile, parse_yaml, read_yaml
from .model import Spec
from .outputs import write_one
from .render.exports import export_json
from .render.renderer import Renderer
from .validation import load_spec, validate_dir

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
COMMAND_LINE = "<command line>"
Command = Callable[[argparse.Namespace], int]


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    command: Command = args.command
    try:
        return command(args)
    except JustCultureError as problem:
        _print_errors(list(problem) if isinstance(problem, SpecErrors) else [problem], args)
        return EXIT_INVALID
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK


# Arguments ------------------------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="justculture",
        description="Being fair (2019) as validated data: validate it, export it, evaluate its tools.",
    )
    commands = parser.add_subparsers(title="commands", required=True, metavar="COMMAND")
    for add_command in (_add_validate, _add_export, _add_evaluate, _add_walk, _add_build,
                        _add_record, _add_session):  # fmt: skip
        add_command(commands)
    return parser


Commands = Any  # argparse's subparsers action has no public type


def _add_validate(commands: Commands) -> None:
    validate = commands.add_parser("validate", help="check a spec folder; exit 1 if it has errors")
    validate.add_argument(
        "spec_dir", nargs="?", type=Path, help="the spec folder (default: the shipped spec)"
    )
    _add_format(validate)
    validate.add_argument(
        "--verbose", action="store_true", help="show every error, not only the first of each file"
    )
    validate.set_defaults(command=cmd_validate)


def _add_export(commands: Commands) -> None:
    export = commands.add_parser(
        "export", help="print the whole validated spec as one JSON document"
    )
    export.add_argument("--format", choices=["json"], default="json")
    _add_spec(export)
    export.set_defaults(command=cmd_export)


def _add_evaluate(commands: Commands) -> None:
    evaluate = commands.add_parser(
        "evaluate", help="evaluate a guide or checklist on a set of answers"
    )
    _add_tool_arguments(evaluate)
    _add_format(evaluate)
    evaluate.set_defaults(command=cmd_evaluate)


def _add_walk(commands: Commands) -> None:
    walk = commands.add_parser("walk", help="answer a guide or checklist one question at a time")
    walk.add_argument("tool_id", help="just-culture-guide or pre-disciplinary-checklist")
    walk.add_argument("--staff-group", help="nursing-midwifery, medical or other (checklist only)")
    walk.add_argument(
        "--record", type=Path, help="also write a Markdown decision record to this file"
    )
    _add_spec(walk)
    walk.set_defaults(command=cmd_walk)


def _add_build(commands: Commands) -> None:
    build = commands.add_parser("build", help="validate the spec and build the site (and its PDFs)")
    build.add_argument(
        "--out", type=Path, default=Path("site"), help="where to put the site (default: site/)"
    )
    _add_spec(build)
    build.set_defaults(command=cmd_build)


def _add_record(commands: Commands) -> None:
    record = commands.add_parser(
        "record", help="write a decision record PDF for one set of answers"
    )
    _add_tool_arguments(record)
    record.add_argument("--field", action="append", default=[], metavar="NAME=TEXT",
                        help="fill in a record field, such as rationale=...; repeat as needed")  # fmt: skip
    record.add_argument("--out", type=Path, required=True, help="the PDF file to write")
    record.set_defaults(command=cmd_record)


def _add_session(commands: Commands) -> None:
    session = commands.add_parser("session", help="write a training session plan and packs")
    session.add_argument("--scenarios", required=True, help="scenario ids, separated by commas")
    session.add_argument(
        "--minutes", type=_positive_int, default=90, help="length of the session (default: 90)"
    )
    session.add_argument("--out", type=Path, required=True, help="the folder to write into")
    _add_spec(session)
    session.set_defaults(command=cmd_session)


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value <= 0:
        raise argparse.ArgumentTypeError("must be more than 0")
    return value


def _add_spec(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--spec", type=Path, help="the spec folder (default: the shipped spec)")


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
    _add_spec(parser)


# Commands -------------------------------------------------------------------------------------


def cmd_validate(args: argparse.Namespace) -> int:
    report = validate_dir(args.spec_dir)
    if report.spec is not None:
        if args.format == "json":
            print("[]")
        else:
            count = len(report.spec.documents)
            print(f"The spec is valid: {count} documents, spec version {report.spec.version}.")
        return EXIT_OK
    everything = args.verbose or args.format == "json"
    shown = report.errors + report.others if everything else report.errors
    _print_errors(shown, args, hidden=0 if everything else len(report.others))
    return EXIT_INVALID


def cmd_export(args: argparse.Namespace) -> int:
    sys.stdout.write(export_json(load_spec(args.spec)))
    return EXIT_OK


def cmd_evaluate(args: argparse.Namespace) -> int:
    spec, result = _evaluate(args)
    if args.format == "json":
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(_result_text(spec, result))
    return EXIT_OK


def cmd_walk(args: argparse.Namespace) -> int:
    spec = load_spec(args.spec)
    session = interactive.Walk(spec, args.tool_id, Renderer(), staff_group=args.staff_group)
    result = session.run(sys.stdin, sys.stdout)
    if result is None:
        return EXIT_OK
    sys.stdout.write("\n" + _result_text(spec, result))
    if args.record:
        write_one(
            args.record, interactive.markdown_record(spec, result, Renderer()).encode("utf-8")
        )
        print(f"\nThe record is in {args.record}.")
    return EXIT_OK


def cmd_build(args: argparse.Namespace) -> int:
    from .build import build_site  # mkdocs is slow to import; only this command needs it

    build_site(args.out, args.spec)
    print(f"The site is in {args.out}/")
    return EXIT_OK


def cmd_record(args: argparse.Namespace) -> int:
    from .render.pdf import record_field_ids, write_record_pdf  # WeasyPrint is slow to import

    spec, result = _evaluate(args)
    fields = parse_fields(args.field, record_field_ids(spec))
    write_record_pdf(spec, result, fields, args.out, Renderer())
    print(f"The record is in {args.out}")
    return EXIT_OK


def cmd_session(args: argparse.Namespace) -> int:
    from .training import write_session  # WeasyPrint is slow to import

    spec = load_spec(args.spec)
    scenario_ids = [part.strip() for part in args.scenarios.split(",") if part.strip()]
    written = write_session(spec, scenario_ids, args.minutes, args.out, Renderer())
    print(f"Wrote {len(written)} files to {args.out}/:")
    for path in written:
        print(f"  {path.name}")
    return EXIT_OK


# Helpers --------------------------------------------------------------------------------------


def _evaluate(args: argparse.Namespace) -> tuple[Spec, engine.Result]:
    """Load the spec, gather the answers and evaluate; errors point at where the answer came from."""
    spec = load_spec(args.spec)
    given = AnswerInput.collect(args.answers, args.answer, sys.stdin)
    try:
        return spec, engine.evaluate(
            spec, args.tool_id, given.answers, staff_group=args.staff_group
        )
    except AnswerError as error:
        raise given.locate(error) from None


def _result_text(spec: Spec, result: engine.Result) -> str:
    return Renderer().render(
        "text/result.txt.j2", result=result.to_dict(), title=spec.tool(result.tool).title
    )


def _print_errors(
    errors: Sequence[JustCultureError], args: argparse.Namespace, hidden: int = 0
) -> None:
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


def parse_fields(pairs: list[str], known: list[str]) -> dict[str, str]:
    """``--field NAME=TEXT`` flags as a mapping, refusing names the decision record does not have."""
    fields: dict[str, str] = {}
    for pair in pairs:
        name, sep, text = pair.partition("=")
        if not sep or name.strip() not in known:
            message = f"'--field {pair}' must be NAME=TEXT with NAME one of: {', '.join(known)}"
            raise UsageError("JC406", message, COMMAND_LINE)
        fields[name.strip()] = text.strip()
    return fields


@dataclass
class AnswerInput:
    """Answers from a file (or stdin) and ``--answer ID=VALUE`` flags; flags win.

    Remembers where each answer came from, so an error names the file, line and column of a
    bad answer in a file, or the command line for a bad flag.
    """

    answers: dict[str, Any] = field(default_factory=dict)
    source: SourceFile | None = None
    from_flags: set[str] = field(default_factory=set)

    @classmethod
    def collect(cls, file_arg: str | None, pairs: list[str], stdin: TextIO) -> AnswerInput:
        given = cls() if file_arg is None else cls._from_file(file_arg, stdin)
        for pair in pairs:
            key, sep, value = pair.partition("=")
            if not sep or not key.strip():
                message = f"'--answer {pair}' must be in the form ID=VALUE, such as 3b=no"
                raise AnswerError("JC404", message, COMMAND_LINE)
            given.answers[key.strip()] = value.strip()
            given.from_flags.add(key.strip())
        return given

    @classmethod
    def _from_file(cls, file_arg: str, stdin: TextIO) -> AnswerInput:
        source = (
            parse_yaml(stdin.read(), "<stdin>")
            if file_arg == "-"
            else read_yaml(Path(file_arg), file_arg)
        )
        if not isinstance(source.data, dict):
            message = "the answers must be a mapping of question ids to values, such as {1a: 'no'}"
            raise source.located(AnswerError, "JC404", message)
        return cls(answers=dict(source.data), source=source)

    def locate(self, error: JustCultureError) -> JustCultureError:
        key = error.pointer[1:]
        in_file = (
            self.source is not None
            and key
            and key not in {escape_pointer_token(k) for k in self.from_flags}
        )
        if in_file and self.source is not None:
            return self.source.located(
                type(error), error.code, error.message, error.pointer, key=error.code == "JC402"
            )
        return error.relocated(COMMAND_LINE)


if __name__ == "__main__":
    sys.exit(main())
