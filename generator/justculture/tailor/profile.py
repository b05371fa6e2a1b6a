"""Read a trust's profile: strict YAML, the profile schema, then the checks that need no spec.

A profile is untrusted input. It is read by the same strict loader as the spec, so every problem
is a located :class:`ProfileError` (JC6xx). Links must be ``https:`` or ``mailto:``, the accent
colour must reach WCAG AA contrast on white, and a logo must be a plain SVG (no script, no
external reference; refused, not repaired) or a PNG in the profile's folder. Checks against the
spec itself (ids, versions, drift) belong to :mod:`justculture.tailor.resolve`.
"""

from __future__ import annotations

import difflib
import json
import re
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jsonschema import Draft202012Validator
from jsonschema.exceptions import relevance

from ..errors import ProfileError, ProfileErrors, SpecError, escape_pointer_token
from ..frozen import freeze
from ..loading import Locator, SourceFile, parse_yaml, read_yaml
from ..schemas import _to_spec_error

PROFILE_KIND = "profile"
SCHEMA_FILE = "profile.schema.json"
PARAMETERS_FILE = "parameters.yaml"
MAX_LOGO_BYTES = 512 * 1024
AA_CONTRAST = 4.5
# Top-level keys that would name the decision logic; each gets JC604, which says why.
LOGIC_KEYS = {
    "guide": "the just culture guide's questions and routing",
    "guides": "the just culture guide's questions and routing",
    "just-culture-guide": "the just culture guide's questions and routing",
    "flow": "the just culture guide's questions and routing",
    "nodes": "the just culture guide's questions and routing",
    "routing": "the just culture guide's questions and routing",
    "checklist": "the pre-disciplinary checklist's rules",
    "pre-disciplinary-checklist": "the pre-disciplinary checklist's rules",
    "rules": "the pre-disciplinary checklist's rules",
    "outcomes": "the outcomes of the guide and the checklist",
    "engine": "how the tools decide",
}
_SVG = "{http://www.w3.org/2000/svg}"
_XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
_REFUSED_SVG_ELEMENTS = {"script", "foreignObject", "iframe", "object", "embed", "audio", "video"}
_EMAIL = re.compile(r"^[^@\s<>\"'`]+@[^@\s<>\"'`]+\.[^@\s<>\"'`]+$")
_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@dataclass(frozen=True)
class Logo:
    """The organisation's logo, checked: its bytes, media type and file name."""

    filename: str
    media_type: str
    data: bytes


@dataclass(frozen=True)
class Profile:
    """A profile read and checked on its own: frozen data, where each value is, and its logo."""

    data: Mapping[str, Any]
    locator: Locator
    folder: Path
    logo: Logo | None = None

    @property
    def id(self) -> str:
        return str(self.data["id"])

    @property
    def name(self) -> str:
        return str(self.data["organisation"]["name"])

    @property
    def display(self) -> str:
        return self.locator.display

    def error(
        self, code: Any, message: str, pointer: str = "", *, key: bool = False
    ) -> ProfileError:
        return self.locator.located(ProfileError, code, message, pointer, key=key)


@dataclass(frozen=True)
class Parameters:
    """What a profile may name: contacts and policies (from ``parameters.yaml``)."""

    contacts: Mapping[str, str]
    policies: Mapping[str, str]
    policy_outcomes: Mapping[str, tuple[str, ...]]


# Reading ------------------------------------------------------------------------------------


def read_profile(path: Path | str, display: str | None = None) -> Profile:
    """Read and check one profile file, or raise :class:`ProfileErrors` naming every problem."""
    path = Path(path)
    try:
        source = read_yaml(path, display or str(path))
    except SpecError as error:
        raise ProfileErrors([_as_profile_error(error)]) from None
    return check_source(source, path.resolve().parent)


def parse_profile(text: str, display: str, folder: Path) -> Profile:
    """Read a profile from text (a test, or standard input): the same checks as a file."""
    try:
        source = parse_yaml(text, display)
    except SpecError as error:
        raise ProfileErrors([_as_profile_error(error)]) from None
    return check_source(source, folder)


def _as_profile_error(error: SpecError) -> ProfileError:
    return ProfileError("JC601", error.message, error.file, error.line, error.column, error.pointer)


def check_source(source: SourceFile, folder: Path) -> Profile:
    locator = source.locator
    data = source.data
    if not isinstance(data, dict):
        raise ProfileErrors([locator.located(ProfileError, "JC602", "a profile is a mapping")])
    ProfileErrors.raise_if_any(_logic_keys(data, locator))
    ProfileErrors.raise_if_any(_schema_errors(source))
    problems = [*_name_checks(data, locator), *_link_checks(data, locator)]
    problems.extend(_colour_checks(data, locator))
    logo: Logo | None = None
    if "logo" in data["organisation"]:
        try:
            logo = read_logo(folder, str(data["organisation"]["logo"]))
        except ValueError as why:
            problems.append(locator.located(ProfileError, "JC607", str(why), "/organisation/logo"))
    ProfileErrors.raise_if_any(problems)
    return Profile(freeze(data), locator, folder, logo)


def _logic_keys(data: Mapping[str, Any], locator: Locator) -> Iterator[ProfileError]:
    for key in data:
        if key in LOGIC_KEYS:
            message = (
                f"'{key}' would change {LOGIC_KEYS[key]}, and decision logic is never tailorable: "
                "every edition must decide exactly as the source does. Change only words and links "
                "(parameters, charter, scenarios)"
            )
            yield locator.located(
                ProfileError, "JC604", message, f"/{escape_pointer_token(key)}", key=True
            )


@cache
def profile_schema() -> dict[str, Any]:
    text = resources.files(__package__).joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def _schema_errors(source: SourceFile) -> list[ProfileError]:
    validator = Draft202012Validator(profile_schema())
    found = sorted(validator.iter_errors(source.data), key=relevance, reverse=True)
    problems: list[ProfileError] = []
    for error in found[:20]:
        spec_error = _to_spec_error(source, error)
        message = spec_error.message
        if message.startswith("unknown property '"):
            wrong = message.split("'")[1]
            allowed = _allowed_here(error.schema)
            message = f"unknown property '{wrong}'{did_you_mean(wrong, allowed)}" + (
                f"; allowed here: {', '.join(allowed)}" if allowed else ""
            )
        problems.append(
            ProfileError(
                "JC602",
                message,
                spec_error.file,
                spec_error.line,
                spec_error.column,
                spec_error.pointer,
            )
        )
    return problems


def _allowed_here(schema: Any) -> list[str]:
    return sorted(schema.get("properties", {})) if isinstance(schema, dict) else []


def did_you_mean(wrong: str, choices: Sequence[str]) -> str:
    """``; did you mean 'P07'?`` when one of ``choices`` is close to ``wrong``, else ''."""
    # P7 means P07 more surely than P17: compare numbers without their leading zeros first.
    same = [choice for choice in choices if _unpadded(choice) == _unpadded(wrong)]
    close = same or difflib.get_close_matches(wrong, list(choices), n=1, cutoff=0.5)
    if not close:
        close = [choice for choice in choices if choice.lower() == wrong.lower()]
    return f"; did you mean '{close[0]}'?" if close else ""


def _unpadded(text: str) -> str:
    return re.sub(r"[0-9]+", lambda digits: str(int(digits.group())), text.lower())


# Parameters ---------------------------------------------------------------------------------


@cache
def parameters() -> Parameters:
    """The contacts and policies a profile may set, read once from ``parameters.yaml``."""
    text = resources.files(__package__).joinpath(PARAMETERS_FILE).read_text(encoding="utf-8")
    data = parse_yaml(text, PARAMETERS_FILE).data
    return Parameters(
        contacts={row["id"]: row["title"] for row in data["contacts"]},
        policies={row["id"]: row["title"] for row in data["policies"]},
        policy_outcomes={row["id"]: tuple(row["outcomes"]) for row in data["policies"]},
    )


def _name_checks(data: Mapping[str, Any], locator: Locator) -> Iterator[ProfileError]:
    known = parameters()
    given = data.get("parameters", {})
    for group, names in (("contacts", known.contacts), ("policies", known.policies)):
        for name in given.get(group, {}):
            if name not in names:
                message = f"'{name}' is not one of the {group} a profile can set{did_you_mean(name, list(names))}; use one of: {', '.join(names)}"
                pointer = f"/parameters/{group}/{escape_pointer_token(name)}"
                yield locator.located(ProfileError, "JC603", message, pointer, key=True)


# Links --------------------------------------------------------------------------------------


def safe_link(text: str) -> str | None:
    """Why ``text`` may not be a link (only https: with a host, or mailto:), or None if it may."""
    if any(ord(char) < 0x21 or char in "<>\"'`\\" for char in text):
        return "a link may not hold spaces, quotes, angle brackets or control characters"
    try:
        parts = urlsplit(text)
    except ValueError:
        return "this is not a well-formed address"
    scheme = parts.scheme.lower()
    if scheme == "https" and parts.netloc and not parts.username and not parts.password:
        return None
    if scheme == "mailto" and _EMAIL.match(parts.path):
        return None
    return f"{text[:60]!r} is not an https: or mailto: address; only those are allowed"


def _links(data: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    organisation = data["organisation"]
    if "website" in organisation:
        yield "/organisation/website", str(organisation["website"])
    params = data.get("parameters", {})
    for name, policy in params.get("policies", {}).items():
        yield f"/parameters/policies/{escape_pointer_token(name)}/link", str(policy["link"])
    for name, contact in params.get("contacts", {}).items():
        if "link" in contact:
            yield f"/parameters/contacts/{escape_pointer_token(name)}/link", str(contact["link"])
        if "email" in contact:
            yield (
                f"/parameters/contacts/{escape_pointer_token(name)}/email",
                "mailto:" + str(contact["email"]),
            )


def _link_checks(data: Mapping[str, Any], locator: Locator) -> Iterator[ProfileError]:
    for pointer, link in _links(data):
        problem = safe_link(link)
        if problem is not None:
            if pointer.endswith("/email"):
                problem = "this is not a plain email address, such as hr@example.nhs.uk"
            yield locator.located(ProfileError, "JC605", problem, pointer)


# Colour -------------------------------------------------------------------------------------


def contrast_on_white(colour: str) -> float:
    """The WCAG 2 contrast ratio of ``#RRGGBB`` against white."""
    channels = [int(colour[index : index + 2], 16) / 255 for index in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return 1.05 / (luminance + 0.05)


def _colour_checks(data: Mapping[str, Any], locator: Locator) -> Iterator[ProfileError]:
    colour = data["organisation"].get("accent_colour")
    if colour is None:
        return
    ratio = contrast_on_white(str(colour))
    if ratio < AA_CONTRAST:
        message = (
            f"the accent colour {colour} has a contrast of {ratio:.2f}:1 on white; WCAG AA needs "
            f"{AA_CONTRAST}:1 for text, so choose a darker colour"
        )
        yield locator.located(ProfileError, "JC606", message, "/organisation/accent_colour")


# Logo ---------------------------------------------------------------------------------------


def read_logo(folder: Path, name: str) -> Logo:
    """The logo file beside the profile, checked; ``ValueError`` says why it is refused."""
    if "/" in name or "\\" in name or name.startswith("."):
        raise ValueError(
            "give the logo as a file name in the profile's own folder, such as logo.svg"
        )
    path = folder / name
    if path.is_symlink() or not path.is_file():
        raise ValueError(f"there is no ordinary file {name!r} beside the profile")
    suffix = path.suffix.lower()
    if suffix not in (".svg", ".png"):
        raise ValueError("the logo must be an .svg or .png file")
    with path.open("rb") as stream:
        data = stream.read(MAX_LOGO_BYTES + 1)
    if len(data) > MAX_LOGO_BYTES:
        raise ValueError(f"the logo is larger than {MAX_LOGO_BYTES // 1024} KB")
    if suffix == ".png":
        if not data.startswith(_PNG_MAGIC):
            raise ValueError("the file is named .png but is not a PNG image")
        return Logo(name, "image/png", data)
    check_svg(data)
    return Logo(name, "image/svg+xml", data)


def check_svg(data: bytes) -> None:
    """Refuse an SVG that could run script or fetch anything: ``ValueError`` says why."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ValueError("the SVG is not UTF-8 text") from None
    if re.search(r"<!(DOCTYPE|ENTITY)", text, re.IGNORECASE):
        raise ValueError("the SVG declares a DOCTYPE or entities; remove them")
    if "<?xml-stylesheet" in text:
        raise ValueError("the SVG links a stylesheet; remove it")
    try:
        root = ElementTree.fromstring(text)
    except ElementTree.ParseError as error:
        raise ValueError(f"the SVG is not well-formed XML: {error}") from None
    if root.tag != f"{_SVG}svg":
        raise ValueError("the file is not an SVG image (its root element is not <svg>)")
    for element in root.iter():
        _check_svg_element(element)


def _check_svg_element(element: ElementTree.Element) -> None:
    local = element.tag.rsplit("}", 1)[-1]
    if not element.tag.startswith(_SVG):
        raise ValueError(f"the SVG holds a <{local}> element from outside SVG; remove it")
    if local in _REFUSED_SVG_ELEMENTS:
        raise ValueError(f"the SVG holds a <{local}> element, which is refused; remove it")
    if local == "style" and _external_css(element.text or ""):
        raise ValueError("the SVG's style refers to another file; remove it")
    for attribute, value in element.attrib.items():
        name = attribute.rsplit("}", 1)[-1]
        if name.lower().startswith("on"):
            raise ValueError(f"the SVG has an event attribute '{name}', which is refused")
        if attribute in ("href", _XLINK_HREF) and not value.strip().startswith("#"):
            raise ValueError("the SVG links to another file or address; only #links are allowed")
        if "javascript:" in value.lower() or _external_css(value):
            raise ValueError(f"the SVG's attribute '{name}' refers to script or another file")


def _external_css(text: str) -> bool:
    lowered = text.lower()
    return "@import" in lowered or bool(re.search(r"url\(\s*['\"]?(?!#)", lowered))
