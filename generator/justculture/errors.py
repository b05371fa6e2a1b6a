"""One family of errors with stable codes.

Every problem the library reports is a :class:`JustCultureError` carrying a code from
:data:`CATALOGUE`: a :class:`SpecError` for the spec, an :class:`AnswerError` for answers, a
:class:`UsageError` for a request a command cannot meet, a :class:`BuildError` for an output.
Codes never change meaning once published; the site lists them so a user can look one up.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, Literal, TypeVar


def escape_pointer_token(token: str | int) -> str:
    """One JSON Pointer (RFC 6901) reference token: errors locate values by pointer."""
    return str(token).replace("~", "~0").replace("/", "~1")


# Characters a terminal would act on rather than show: C0 and C1 controls, DEL, and the
# bidirectional overrides that can make text read differently from what it is.
_CONTROL_CHARACTERS = {
    code: f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
    for code in [*range(0x20), *range(0x7F, 0xA0), *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
}
# A message quotes what the user wrote; a 50 MB value must not become a 50 MB message.
MESSAGE_LIMIT = 1000
"""The longest message an error keeps, in characters; longer ones are cut."""


ErrorCodeId = Literal[
    "JC101",
    "JC102",
    "JC103",
    "JC104",
    "JC105",
    "JC106",
    "JC107",
    "JC108",
    "JC109",
    "JC110",
    "JC111",
    "JC112",
    "JC113",
    "JC114",
    "JC115",
    "JC201",
    "JC202",
    "JC203",
    "JC204",
    "JC205",
    "JC206",
    "JC207",
    "JC208",
    "JC301",
    "JC302",
    "JC303",
    "JC304",
    "JC305",
    "JC306",
    "JC307",
    "JC308",
    "JC309",
    "JC310",
    "JC311",
    "JC312",
    "JC313",
    "JC314",
    "JC315",
    "JC316",
    "JC317",
    "JC318",
    "JC319",
    "JC320",
    "JC321",
    "JC401",
    "JC402",
    "JC403",
    "JC404",
    "JC405",
    "JC406",
    "JC407",
    "JC408",
    "JC409",
    "JC410",
    "JC411",
    "JC412",
    "JC413",
    "JC415",
    "JC501",
    "JC502",
    "JC503",
    "JC504",
    "JC505",
    "JC506",
    "JC507",
    "JC601",
    "JC602",
    "JC603",
    "JC604",
    "JC605",
    "JC606",
    "JC607",
    "JC608",
    "JC609",
    "JC610",
    "JC611",
    "JC701",
    "JC702",
    "JC703",
    "JC704",
    "JC705",
    "JC706",
    "JC707",
    "JC708",
    "JC709",
    "JC710",
    "JC711",
    "JC712",
    "JC713",
    "JC714",
    "JC715",
    "JC801",
    "JC802",
]
"""Every code in :data:`CATALOGUE`; mypy refuses a mistyped code where an ``ErrorCodeId`` is due."""


def shorten(text: str, limit: int = 200) -> str:
    """``text`` cut to ``limit`` characters, with "…" to show it was cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True)
class ErrorCode:
    """One entry of the catalogue: a code, a short name, what it means and how to fix it."""

    code: ErrorCodeId
    """The code, such as ``JC402``. It never changes."""
    name: str
    """A short name for the problem, such as ``unknown-question``."""
    summary: str
    """What the problem is, in a sentence."""
    fix: str
    """How to fix it."""


def _codes(*rows: tuple[ErrorCodeId, str, str, str]) -> dict[ErrorCodeId, ErrorCode]:
    return {code: ErrorCode(code, name, summary, fix) for code, name, summary, fix in rows}


CATALOGUE: dict[ErrorCodeId, ErrorCode] = _codes(
    # Reading files
    (
        "JC101",
        "file-unreadable",
        "The file or folder could not be read.",
        "Check the path exists and that you have permission to read it.",
    ),
    (
        "JC102",
        "not-utf8",
        "The file is not valid UTF-8 text.",
        "Save the file as UTF-8. The message gives the position of the first bad byte.",
    ),
    (
        "JC103",
        "yaml-syntax",
        "The YAML could not be parsed.",
        "Fix the syntax at the line and column given: often a missing colon, quote or indent.",
    ),
    (
        "JC104",
        "duplicate-key",
        "A key appears twice in the same mapping.",
        "Remove or rename one of the two keys. YAML would silently keep only the last one.",
    ),
    (
        "JC105",
        "alias-not-allowed",
        "The file uses a YAML anchor or alias.",
        "Write the value out in full. Anchors and aliases are refused to prevent expansion bombs.",
    ),
    ("JC106", "tab-indent", "A line is indented with a tab.", "Indent with spaces only."),
    (
        "JC107",
        "several-documents",
        "The file holds more than one YAML document.",
        "Keep one document per file: remove the extra '---' separator or split the file.",
    ),
    (
        "JC108",
        "empty-file",
        "The file is empty or holds only comments.",
        "Add the document's content, or delete the file.",
    ),
    (
        "JC109",
        "not-a-mapping",
        "The document is not a mapping of keys to values.",
        "Start the document with 'kind:', 'id:' and the other header keys.",
    ),
    (
        "JC110",
        "unsupported-value",
        "A value has a YAML type the spec does not use (a date or binary, say).",
        "Quote the value so it is read as text.",
    ),
    (
        "JC111",
        "not-a-regular-file",
        "Something in the spec folder is not an ordinary file: a pipe, a device, a link that "
        "leads outside the folder or round in a loop, or a folder that cannot be read.",
        "Keep only ordinary YAML files (and readable folders) in the spec folder. Replace a link "
        "with the file itself.",
    ),
    (
        "JC112",
        "too-large",
        "A file, or a value in it, is larger than justculture reads.",
        "Spec files are small: keep each file under 5 MB and each value under 100,000 "
        "characters. Split long text into several items.",
    ),
    (
        "JC113",
        "number-form",
        "A number is written in a form YAML reads differently from how it looks: a leading zero "
        "(read as octal), hex, underscores, or minutes and seconds (base 60).",
        "Write the number in plain decimal digits, or quote it if it is an id or a code.",
    ),
    (
        "JC114",
        "number-out-of-range",
        "A number is infinite, not a number, or too large to exchange safely as JSON.",
        "Use a finite number. Whole numbers must lie between -9007199254740991 and "
        "9007199254740991.",
    ),
    (
        "JC115",
        "control-character",
        "Text holds a control character (such as an escape, written \\e or \\x1b in quotes) or a "
        "direction control (such as U+202E): it would act on a terminal, break a spreadsheet or "
        "show text reversed instead of showing it as written.",
        "Remove it. Text may hold line breaks and tabs, and any printable character.",
    ),
    # Schema
    (
        "JC201",
        "unknown-kind",
        "The document's kind has no schema.",
        "Use one of the kinds listed in the schema reference, or add a schema for the new kind.",
    ),
    (
        "JC202",
        "missing-property",
        "A required property is missing.",
        "Add the property named in the message.",
    ),
    (
        "JC203",
        "unknown-property",
        "A property is not allowed here.",
        "Remove it, or check its spelling against the schema reference.",
    ),
    (
        "JC204",
        "wrong-type",
        "A value has the wrong type.",
        "Give the type the message asks for. Quote ids that look like numbers.",
    ),
    (
        "JC205",
        "value-not-allowed",
        "A value is not one of the allowed values.",
        "Use one of the values listed in the message.",
    ),
    (
        "JC206",
        "bad-format",
        "A value does not match the required pattern or length.",
        "Write the value in the form the message describes.",
    ),
    (
        "JC207",
        "schema-violation",
        "The document breaks another schema rule.",
        "Read the message and the schema reference for the property at the pointer.",
    ),
    (
        "JC208",
        "bad-schema",
        "A schema file is itself invalid.",
        "Fix the schema so it is valid JSON Schema draft 2020-12.",
    ),
    # Meaning
    (
        "JC301",
        "duplicate-id",
        "Two items in one document share an id.",
        "Give each item its own id. Never reuse an id for something new.",
    ),
    ("JC302", "duplicate-document", "Two documents share an id.", "Give each document its own id."),
    (
        "JC303",
        "missing-document",
        "A document the spec needs is missing.",
        "Add the document with the id named in the message.",
    ),
    (
        "JC304",
        "unknown-reference",
        "A link names a document or item that does not exist.",
        "Point the link at an existing DOCUMENT#ITEM, or add the missing item.",
    ),
    (
        "JC305",
        "unknown-source",
        "A source names a reference key that is not in references.yaml.",
        "Add the entry to spec/references.yaml, or fix the key.",
    ),
    (
        "JC306",
        "flow-dead-end",
        "A flow path does not end in an outcome.",
        "Give the node a target for both its yes and no answers.",
    ),
    (
        "JC307",
        "flow-cycle",
        "A flow can loop back on itself.",
        "Make every path move forward to an outcome.",
    ),
    (
        "JC308",
        "flow-unreachable",
        "A node or outcome can never be reached.",
        "Link to it from another node, or remove it.",
    ),
    (
        "JC309",
        "rule-unknown-item",
        "A checklist rule or signpost, or a tool's alert, names a question that does not exist "
        "or cannot be answered.",
        "Name a question of the same tool that takes an answer.",
    ),
    (
        "JC310",
        "rule-bad-value",
        "A checklist rule or a tool's alert compares a question with an answer it can never have.",
        "Use one of the item's answer values.",
    ),
    (
        "JC311",
        "evidence-total-mismatch",
        "A table's rows do not add up to the total the paper gives.",
        "Check every figure against the paper: one of them is mistyped.",
    ),
    (
        "JC312",
        "unknown-outcome",
        "A rule or node names an outcome that does not exist.",
        "Add the outcome, or fix its id.",
    ),
    (
        "JC313",
        "bad-approvers",
        "The checklist does not name exactly one approver for each staff group.",
        "List one approver for each staff group.",
    ),
    (
        "JC314",
        "scenario-outcome-mismatch",
        "A scenario stage's answers do not lead to the outcome it declares.",
        "Fix the answers or the expected outcome so the engine agrees.",
    ),
    (
        "JC315",
        "several-manifests",
        "The spec folder holds more than one manifest.",
        "Keep one manifest.yaml: it gives the spec its one version.",
    ),
    (
        "JC316",
        "page-collision",
        "Two documents would be shown on the same page of the site, so one would hide the other.",
        "Give the document another id, so its page has a path of its own. Two documents of a kind "
        "that has one page (such as the glossary) cannot both be in one spec.",
    ),
    (
        "JC317",
        "id-removed",
        "An id that a published release has is gone, and the version is not a new major version.",
        "Put the item back with deprecated: true (and replaced_by if another item takes its "
        "place), or raise the major version in manifest.yaml.",
    ),
    (
        "JC318",
        "id-reused",
        "An id that an earlier release removed is used again. People who kept the old data would "
        "read the new item as the old one.",
        "Give the new item an id that no release has used.",
    ),
    (
        "JC319",
        "version-too-low",
        "The spec changed since the last release but its version does not say so: wording needs "
        "at least a patch release, new or deprecated ids a minor one, removed ids a major one.",
        "Raise spec_version in manifest.yaml as the message says, and add the change to "
        "CHANGELOG.md.",
    ),
    (
        "JC320",
        "bad-replacement",
        "An item's replaced_by names an id the document does not have, or the item is not "
        "marked deprecated.",
        "Name an id of the same document in replaced_by, and add deprecated: true.",
    ),
    (
        "JC321",
        "export-mismatch",
        "A JSON file given to validate is not a whole export: it holds one document, files a "
        "document under a key that is not its id, or its spec_version differs from the manifest's.",
        "Validate the file justculture export writes without --document, or fix the key or "
        "spec_version.",
    ),
    # Answers and evaluation
    (
        "JC401",
        "unknown-tool",
        "No guide or checklist has that id.",
        "Use one of the tool ids the message lists.",
    ),
    (
        "JC402",
        "unknown-question",
        "An answer names a question the tool does not have.",
        "Use the question ids the message lists.",
    ),
    (
        "JC403",
        "invalid-answer",
        "An answer's value is not allowed for that question.",
        "Use one of the values the message lists.",
    ),
    (
        "JC404",
        "bad-answers-file",
        "The answers file could not be read as a mapping of question ids to values.",
        "Write the answers as YAML or JSON, for example {1a: 'no', 2a: 'no'}.",
    ),
    (
        "JC405",
        "unknown-staff-group",
        "The staff group is not one the checklist knows.",
        "Use one of the staff groups the message lists.",
    ),
    (
        "JC406",
        "bad-field",
        "A record field is not in the form NAME=TEXT or names an unknown field.",
        "Use the field names the message lists.",
    ),
    (
        "JC407",
        "unknown-scenario",
        "No training scenario has that id.",
        "Use one of the scenario ids the message lists, separated by commas.",
    ),
    (
        "JC408",
        "bad-session-length",
        "The session is not a positive number of minutes, or is too short for the scenarios chosen.",
        "Give more minutes or choose fewer scenarios: each part of the session needs at least a minute.",
    ),
    (
        "JC409",
        "input-closed",
        "The command needs standard input, but it is closed or cannot be read.",
        "Run the command with standard input open (a terminal, a pipe or a file), or give the "
        "answers in a file with --answers FILE.",
    ),
    (
        "JC410",
        "unknown-document",
        "No document of the spec has that id.",
        "Use one of the document ids the message lists.",
    ),
    (
        "JC411",
        "output-needed",
        "This output is more than one table or a binary file (a PDF, a workbook), so it cannot "
        "go to the screen or standard output.",
        "Add --out PATH: a folder for CSV tables, or a .zip file; a .xlsx file for a workbook; "
        "a .pdf file for a record.",
    ),
    (
        "JC412",
        "session-too-short",
        "The session is too short to give every part its minimum time: 5 minutes for the "
        "introduction, 2 to read and 5 to discuss each stage, 5 for each debrief and 5 for the close.",
        "Give at least the minutes the message says, or choose fewer scenarios.",
    ),
    (
        "JC413",
        "output-not-a-folder",
        "The command writes several files into a folder, but a file already has that name.",
        "Choose a folder: a new one, or one that exists.",
    ),
    (
        "JC415",
        "output-folder-missing",
        "The folder for an output file does not exist. A command that writes one file does not "
        "make folders, so a mistyped path is not created by mistake.",
        "Create the folder first, or give a file in a folder that exists.",
    ),
    # Building
    (
        "JC501",
        "build-failed",
        "The site could not be built.",
        "Read the message from mkdocs. The previous site was left as it was.",
    ),
    (
        "JC502",
        "output-failed",
        "A PDF, another output file or standard output could not be rendered or written.",
        "Read the message. No partial file was left behind.",
    ),
    (
        "JC503",
        "unsafe-output",
        "The output folder is not one justculture may replace.",
        "Choose a new or empty folder, or one that justculture build made before. --force "
        "replaces any other folder, but never the spec, the current folder or the home folder.",
    ),
    (
        "JC504",
        "extra-not-installed",
        "The command needs an optional part of justculture that is not installed.",
        "Install the extra the message names, such as: pip install 'justculture[pdf]'.",
    ),
    (
        "JC505",
        "output-exists",
        "The output would replace a file or folder that justculture did not write, or that was "
        "changed after justculture wrote it.",
        "Choose another path for the output, or add --force to replace what is there.",
    ),
    (
        "JC506",
        "output-is-input",
        "The output would replace something the same command reads: the answers file, or the "
        "spec folder or a file in it.",
        "Choose another path for the output. --force does not allow this.",
    ),
    (
        "JC507",
        "bad-site-url",
        "The site's address is not a plain http(s) address.",
        "Give justculture build --site-url (or set JUSTCULTURE_SITE_URL, or site_url in "
        "mkdocs.yml) the address where you publish the site, such as "
        "https://justculture.example.nhs.uk/.",
    ),
    # Trust editions (profiles)
    (
        "JC601",
        "profile-unreadable",
        "The profile could not be read as YAML.",
        "Fix the file at the line and column given; a profile is one YAML document of plain mappings, lists and text.",
    ),
    (
        "JC602",
        "profile-invalid",
        "The profile does not follow the profile schema: a field is missing, misspelt, of the wrong type or too long.",
        "Compare the field with the starter profile from 'justculture profile init', which lists every field.",
    ),
    (
        "JC603",
        "profile-unknown-id",
        "The profile names a principle, scenario, parameter, role or outcome that the spec does not have.",
        "Use an id from the base spec; the message suggests the nearest one.",
    ),
    (
        "JC604",
        "logic-not-tailorable",
        "The profile tries to change decision logic: the guide's routing, the checklist's rules or their outcomes.",
        "Remove it. A trust edition may change only the words and links around the tools, never how they decide.",
    ),
    (
        "JC605",
        "unsafe-link",
        "A link in the profile is not an https: or mailto: address.",
        "Give the full address, starting https:// (or mailto: for an email).",
    ),
    (
        "JC606",
        "low-contrast-colour",
        "The accent colour does not reach WCAG AA contrast (4.5:1) against white.",
        "Choose a darker colour; the message gives the contrast it reached.",
    ),
    (
        "JC607",
        "logo-refused",
        "The logo is missing, not an SVG or PNG beside the profile, too large, or an SVG with script or external references.",
        "Use a plain SVG or PNG file in the profile's folder, with no script, event attributes or links to other files.",
    ),
    (
        "JC608",
        "base-version-mismatch",
        "The profile was written for another major version of the spec.",
        "Follow the upgrade steps in the message, then change 'base' to the current version.",
    ),
    (
        "JC609",
        "base-text-drift",
        "The base text of an altered principle has changed since the profile recorded it.",
        "Read both texts, check your alteration still fits, then copy the current text into 'base_text'.",
    ),
    (
        "JC610",
        "local-scenario-invalid",
        "A local scenario file cannot be used: it is missing, breaks the scenario schema or does not replay to its outcomes.",
        "Fix the scenario file at the place given; it follows the same rules as the spec's own scenarios.",
    ),
    (
        "JC611",
        "profile-conflict",
        "The profile says two things that cannot both hold, such as a local id used twice or a principle both altered and excluded.",
        "Keep one of them; the message names both places.",
    ),
    # Counts for the fairness monitor
    (
        "JC701",
        "not-a-count",
        "A cell that should hold a count of staff is empty or is not a whole number.",
        "Write a whole number of staff, such as 0 or 25, with no words, percentages or '<10'. Give the real counts: the report hides small numbers itself.",
    ),
    (
        "JC702",
        "negative-count",
        "A count is below zero.",
        "Check the figure: a count of staff is 0 or more.",
    ),
    (
        "JC703",
        "entered-above-headcount",
        "More staff entered the process than the group has.",
        "Check both figures for that period and group: the number who entered cannot be more than the headcount.",
    ),
    (
        "JC704",
        "stage-above-previous",
        "A later stage has more staff than the stage before it.",
        "Check the stages' figures and their order in the config: each stage counts some of the staff in the stage before.",
    ),
    (
        "JC705",
        "group-missing-from-period",
        "A group has counts for some periods but not for this one.",
        "Add a row for the group in that period (with 0 if no one entered), or remove the group from every period.",
    ),
    (
        "JC706",
        "reference-group-missing",
        "The group every other group is compared with has no counts.",
        "Add rows for the reference group, or name the right group under 'reference' in the config.",
    ),
    (
        "JC707",
        "unknown-column",
        "A column heading is not one the monitor reads.",
        "Use the headings period, group, headcount and entered, and optionally dimension, organisation and the stages the config names. Check the spelling.",
    ),
    (
        "JC708",
        "person-level-column",
        "A column looks like it holds details of individual people, such as names, staff numbers or dates of birth.",
        "Remove it. The monitor takes counts for groups of staff only, never records about people.",
    ),
    (
        "JC709",
        "row-per-person",
        "The same period and group appear on more than one row, which looks like one row per person.",
        "Give one row of counts for each period and group. The monitor takes counts only, never records about people.",
    ),
    (
        "JC710",
        "missing-column",
        "A column the monitor needs is missing.",
        "Add the column named in the message to the first row.",
    ),
    (
        "JC711",
        "bad-monitor-config",
        "The monitor's config has an unknown setting or a value of the wrong kind.",
        "Use the settings and values the message lists.",
    ),
    (
        "JC712",
        "data-unreadable",
        "The counts file could not be read: it is missing, too large, not UTF-8 text, or not a CSV or XLSX file.",
        "Save the counts as a CSV (UTF-8) or XLSX file, under 5 MB.",
    ),
    (
        "JC713",
        "no-rows",
        "The counts file has a heading row but no counts.",
        "Add one row of counts for each period and group.",
    ),
    (
        "JC714",
        "zero-headcount",
        "A group's headcount is 0.",
        "Remove the row, or give the group's real headcount.",
    ),
    (
        "JC715",
        "wrong-cell-count",
        "A row has more or fewer cells than the heading row.",
        "Give every row one cell for each heading. Put quotes round a name that contains a comma.",
    ),
    # Warnings: the command still does what was asked, and says what to check
    (
        "JC801",
        "session-tight",
        "The session is shorter than three quarters of the time its scenarios were written for, "
        "so every part is cut by more than a quarter.",
        "Give the minutes the warning suggests or choose fewer scenarios, or run the plan knowing "
        "the group will have to keep moving.",
    ),
    (
        "JC802",
        "site-address-not-given",
        "The site was built without the address it will be published at, so its canonical links, "
        "its sitemap and its schemas' addresses point at the local preview on your own computer.",
        "Before you publish the site, build it again with --site-url and its real address, such "
        "as https://justculture.example.nhs.uk/, or set JUSTCULTURE_SITE_URL. A site you only "
        "look at on your own computer needs neither.",
    ),
)
"""Every error code the package can raise, with its name, meaning and fix; the site's error
page is made from it.
"""


# Not frozen: Python sets __traceback__ on exceptions as they propagate.
@dataclass
class JustCultureError(Exception):
    """The base of every problem the library reports: a code, a message and where it was found.

    ``line`` and ``column`` are 1-based; 0 means unknown. Each subclass owns some hundreds of the
    catalogue, so a code raised through the wrong class fails at once, in tests, not in a user's
    terminal.
    """

    code: ErrorCodeId
    """The error's code, such as ``JC402`` (see ``CATALOGUE``)."""
    message: str
    """What is wrong and what to do instead."""
    file: str = ""
    """The file where the problem is; empty if there is none."""
    line: int = 0
    """The line in ``file``, from 1; 0 if unknown."""
    column: int = 0
    """The column in ``line``, from 1; 0 if unknown."""
    pointer: str = ""
    """A JSON pointer to the value at fault, such as ``/nodes/3/on_yes``; empty if none."""

    # The hundreds of the catalogue (such as "JC1") this class may raise; empty means any.
    families: ClassVar[tuple[str, ...]] = ()
    """The hundreds of the catalogue (such as ``JC1``) this class may raise; empty means any."""

    def __post_init__(self) -> None:
        if self.code not in CATALOGUE:
            raise KeyError(f"unknown error code {self.code}")
        self.message = shorten(self.message, MESSAGE_LIMIT)
        if self.families and not self.code.startswith(self.families):
            raise TypeError(f"{type(self).__name__} cannot carry {self.code}")

    @property
    def name(self) -> str:
        """The code's short name from the catalogue."""
        return CATALOGUE[self.code].name

    def __str__(self) -> str:
        return self.format()

    def location(self) -> str:
        """``FILE:LINE:COLUMN``, ``FILE`` or an empty string, as much as is known."""
        if not self.file:
            return ""
        if self.line:
            return f"{self.file}:{self.line}:{self.column or 1}"
        return self.file

    def format(self) -> str:
        """The error as one line: ``FILE:LINE:COLUMN: error[CODE]: message (at POINTER)``."""
        where = self.location()
        head = f"{where}: " if where else ""
        tail = f" (at {self.pointer})" if self.pointer else ""
        # Messages quote user input; a stray escape sequence must not reach the terminal raw.
        return f"{head}error[{self.code}]: {self.message}{tail}".translate(_CONTROL_CHARACTERS)

    def to_dict(self) -> dict[str, str | int]:
        """The error as JSON-ready data: code, name, message, file, line, column and pointer."""
        return {
            "code": self.code,
            "name": self.name,
            "message": self.message,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "pointer": self.pointer,
        }

    def __reduce__(self) -> tuple[Any, ...]:
        # Exceptions pickle their ``args``, which a dataclass leaves empty; worker processes
        # send errors back to the parent, so rebuild from the fields instead.
        fields = (self.code, self.message, self.file, self.line, self.column, self.pointer)
        return (type(self), fields)

    def relocated(self, file: str, line: int = 0, column: int = 0) -> JustCultureError:
        """The same problem, of the same class, found at another place."""
        return type(self)(self.code, self.message, file, line, column, self.pointer)


GroupedError = TypeVar("GroupedError", bound=JustCultureError)
"""The kind of error an ``ErrorGroup`` holds."""


class ErrorGroup(Generic[GroupedError]):
    """Several problems found in one pass, the most useful first.

    Mixed into an error class (``class SpecErrors(ErrorGroup[SpecError], SpecError)``), it is
    that class's error with the first problem's code and place, so one ``except SpecError``
    catches a whole failed validation; ``errors`` holds every problem.
    """

    errors: tuple[GroupedError, ...]
    """Every problem found, the most useful first."""

    def __init__(self, errors: Iterable[GroupedError]) -> None:
        self.errors = tuple(errors)
        if not self.errors:
            raise ValueError(f"{type(self).__name__} needs at least one error")
        first = self.errors[0]
        super().__init__(  # type: ignore[call-arg]
            first.code, first.message, first.file, first.line, first.column, first.pointer
        )

    def __post_init__(self) -> None:
        # Each error gathered was checked when it was made, whatever its class.
        return None

    def __iter__(self) -> Iterator[GroupedError]:
        return iter(self.errors)

    def __len__(self) -> int:
        return len(self.errors)

    def __str__(self) -> str:
        return "\n".join(error.format() for error in self.errors)

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.errors,))

    @classmethod
    def raise_if_any(cls, errors: Iterable[GroupedError]) -> None:
        """Raise one group of ``errors`` if there are any; do nothing if there are none."""
        collected = tuple(errors)
        if collected:
            raise cls(collected)  # type: ignore[misc]  # a mixin: the class it is mixed into is the exception


@dataclass
class SpecError(JustCultureError):
    """The spec (or a file read like it) cannot be read, breaks a schema or does not add up."""

    families: ClassVar[tuple[str, ...]] = ("JC1", "JC2", "JC3")
    """The codes a problem with the spec carries: reading (JC1xx), schemas (JC2xx), rules (JC3xx)."""


@dataclass
class AnswerError(JustCultureError):
    """Answers given to a guide or checklist do not fit it."""

    families: ClassVar[tuple[str, ...]] = ("JC401", "JC402", "JC403", "JC404", "JC405")
    """The codes a problem with answers carries."""


@dataclass
class UsageError(JustCultureError):
    """A command was asked for something it cannot do: an unknown field, scenario or length."""

    # JC401-JC405 are an answer's problems (AnswerError); every later JC4xx is a command's.
    families: ClassVar[tuple[str, ...]] = tuple(
        code for code in CATALOGUE if code.startswith("JC4") and code > "JC405"
    )
    """The codes a request that a command cannot meet carries (JC406 and every later JC4xx)."""


@dataclass
class BuildError(JustCultureError):
    """An output (site, PDF, file) could not be built or written; nothing half-written is left."""

    families: ClassVar[tuple[str, ...]] = ("JC5",)
    """The codes a problem making an output carries (JC5xx)."""


@dataclass
class ProfileError(JustCultureError):
    """A trust's profile cannot be read, breaks its schema, or asks for what tailoring cannot do."""

    families: ClassVar[tuple[str, ...]] = ("JC6",)
    """The codes a problem with a trust's profile carries (JC6xx)."""


class ProfileErrors(ErrorGroup[ProfileError], ProfileError):
    """Every problem found in one profile: a :class:`ProfileError` holding them all in ``errors``."""


@dataclass
class DataError(JustCultureError):
    """A counts file or the monitor's config cannot be read, or its counts do not add up."""

    families: ClassVar[tuple[str, ...]] = ("JC7",)
    """The codes a problem with data given to a command carries (JC7xx)."""


class SpecErrors(ErrorGroup[SpecError], SpecError):
    """Every problem one validation found: a :class:`SpecError` holding them all in ``errors``."""


@dataclass(frozen=True)
class JustCultureWarning:
    """Something to check before using an output the library still made: a JC8xx code.

    Not an exception: the command succeeds and says what to check. The catalogue lists the
    codes, so the site's error page documents warnings as it does errors.
    """

    code: ErrorCodeId
    """The warning's code, such as ``JC801`` (see ``CATALOGUE``)."""
    message: str
    """What to check, and what to do about it."""

    families: ClassVar[tuple[str, ...]] = ("JC8",)
    """The codes a warning carries (JC8xx)."""

    def __post_init__(self) -> None:
        if self.code not in CATALOGUE:
            raise KeyError(f"unknown warning code {self.code}")
        if not self.code.startswith(self.families):
            raise TypeError(f"a warning cannot carry {self.code}")

    def format(self) -> str:
        """The warning as one line: ``warning[CODE]: message``."""
        return f"warning[{self.code}]: {self.message}".translate(_CONTROL_CHARACTERS)

    def to_dict(self) -> dict[str, str]:
        """The warning as JSON-ready data: ``code``, ``name`` and ``message``."""
        return {"code": self.code, "name": CATALOGUE[self.code].name, "message": self.message}
