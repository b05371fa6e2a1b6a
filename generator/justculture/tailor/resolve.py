"""Resolve a profile against a spec: ``tailor(spec, profile) -> (Spec, TailoringReport)``.

Like an OSCAL profile, resolution is select (which principles and scenarios stay), merge (local
principles and scenarios join), then modify (altered words, local role titles). It is pure: the
base ``Spec`` is never changed, the result is a new frozen ``Spec`` made with
``Spec.from_documents``, and the consistency stage runs again on it. Decision logic (the guide's
routing, the checklist's rules and outcomes) is copied untouched; only words around it change.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..consistency import check_consistency
from ..errors import JustCultureError, ProfileError, ProfileErrors, SpecError, escape_pointer_token
from ..frozen import thaw
from ..loading import Locator, read_yaml
from ..model import Checklist, Spec
from ..scenarios import SCENARIO_KIND
from ..schemas import validate_file
from .profile import Profile, did_you_mean, parameters
from .report import (
    ContactRow,
    Deviation,
    Edition,
    PolicyLink,
    PrincipleMark,
    TailoringReport,
    word_diff,
)

CHARTER_ID = "charter"
CHECKLIST_ID = "pre-disciplinary-checklist"
BASE_TITLE = "Being fair (2019)"


@dataclass
class _Work:
    """What resolution gathers as it goes; turned into the frozen results at the end."""

    spec: Spec
    profile: Profile
    strict: bool
    documents: dict[str, Any]
    locators: dict[str, Locator]
    errors: list[ProfileError] = field(default_factory=list)
    warnings: list[ProfileError] = field(default_factory=list)
    deviations: list[Deviation] = field(default_factory=list)
    marks: dict[str, PrincipleMark] = field(default_factory=dict)
    excluded_principles: set[str] = field(default_factory=set)


def tailor(spec: Spec, profile: Profile, *, strict: bool = False) -> tuple[Spec, TailoringReport]:
    """The trust's edition of ``spec`` and the report of what it changed, or ProfileErrors.

    ``strict`` makes drift (base text changed since the profile recorded it) an error.
    """
    work = _Work(spec, profile, strict, dict(spec.documents), dict(spec.locators))
    _check_version(work)
    ProfileErrors.raise_if_any(work.errors)
    _tailor_charter(work)
    _tailor_roles(work)
    _tailor_scenarios(work)
    ProfileErrors.raise_if_any(work.errors)
    _drop_references(work)
    edition_spec = Spec.from_documents(
        spec.version,
        work.documents,
        schemas=spec.schemas,
        origin=spec.origin,
        locators=work.locators,
    )
    _replay(work, edition_spec)
    ProfileErrors.raise_if_any(work.errors)
    return edition_spec, _report(work, edition_spec)


# Version and drift --------------------------------------------------------------------------


def _check_version(work: _Work) -> None:
    written = str(work.profile.data["base"]["justculture"])
    current = work.spec.version
    if written.split(".")[0] != current.split(".")[0]:
        message = (
            f"this profile was written for spec {written}, but this is spec {current}, a new major "
            "version whose principles or ids may differ. To upgrade: 1. run 'justculture profile "
            "init' to see the current principles and parameters; 2. compare each altered or "
            "excluded principle with the new text and copy it into base_text; 3. run 'justculture "
            f"profile check --strict'; 4. set base.justculture to {current}"
        )
        work.errors.append(work.profile.error("JC608", message, "/base/justculture"))


def _same_text(one: str, other: str) -> bool:
    return " ".join(one.split()) == " ".join(other.split())


def _drift(work: _Work, pointer: str, base_text: str, recorded: str) -> None:
    if _same_text(base_text, recorded):
        return
    message = (
        f"the base text has changed since this profile recorded it. Recorded: {recorded!r}. "
        f"Now: {base_text!r}. Check the alteration still fits, then copy the new text into base_text"
    )
    problem = work.profile.error("JC609", message, f"{pointer}/base_text")
    (work.errors if work.strict else work.warnings).append(problem)


# Charter ------------------------------------------------------------------------------------


def _tailor_charter(work: _Work) -> None:
    charter = thaw(work.spec.documents[CHARTER_ID])
    changes = work.profile.data.get("charter", {})
    base_ids = [str(p["id"]) for p in charter["principles"]]
    for principle_id in changes.get("principles", {}):
        if principle_id not in base_ids:
            pointer = f"/charter/principles/{escape_pointer_token(principle_id)}"
            message = f"'{principle_id}' is not a principle of the charter{did_you_mean(principle_id, base_ids)}"
            work.errors.append(work.profile.error("JC603", message, pointer, key=True))
    if "preamble" in changes:
        _tailor_preamble(work, charter, changes["preamble"])
    kept = [
        _tailor_principle(work, p, changes.get("principles", {})) for p in charter["principles"]
    ]
    principles = _add_local(work, [p for p in kept if p is not None], changes.get("add", []))
    for number, principle in enumerate(principles, start=1):
        principle["number"] = number
    charter["principles"] = principles
    work.documents[CHARTER_ID] = charter


def _tailor_preamble(work: _Work, charter: dict[str, Any], change: Mapping[str, Any]) -> None:
    action = change["action"]
    base_text = str(charter["preamble"]["text"])
    if action == "exclude":
        message = "the preamble can be kept or altered, not excluded; alter it instead"
        work.errors.append(work.profile.error("JC611", message, "/charter/preamble/action"))
    elif action == "alter":
        _drift(work, "/charter/preamble", base_text, str(change["base_text"]))
        charter["preamble"]["text"] = str(change["text"])
        work.marks["preamble"] = PrincipleMark("altered", base_text, None)
        work.deviations.append(
            Deviation(
                "altered",
                "preamble",
                "The preamble",
                str(change["reason"]),
                base_text,
                str(change["text"]),
                word_diff(base_text, str(change["text"])),
            )
        )


def _tailor_principle(
    work: _Work, principle: dict[str, Any], changes: Mapping[str, Any]
) -> dict[str, Any] | None:
    principle_id = str(principle["id"])
    change = changes.get(principle_id, {"action": "keep"})
    base_text, number = str(principle["text"]), int(principle["number"])
    label = f"Principle {number} ({principle_id})"
    if change["action"] == "exclude":
        work.excluded_principles.add(principle_id)
        work.deviations.append(
            Deviation("excluded", principle_id, label, str(change["reason"]), base_text, "", ())
        )
        return None
    if change["action"] == "alter":
        pointer = f"/charter/principles/{escape_pointer_token(principle_id)}"
        _drift(work, pointer, base_text, str(change["base_text"]))
        principle["text"] = str(change["text"])
        work.marks[principle_id] = PrincipleMark("altered", base_text, number)
        work.deviations.append(
            Deviation(
                "altered",
                principle_id,
                label,
                str(change["reason"]),
                base_text,
                str(change["text"]),
                word_diff(base_text, str(change["text"])),
            )
        )
    return principle


def _add_local(
    work: _Work, principles: list[dict[str, Any]], added: list[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    base_ids = [str(p["id"]) for p in work.spec.documents[CHARTER_ID]["principles"]]
    seen: set[str] = set()
    for index, local in enumerate(added):
        pointer = f"/charter/add/{index}"
        local_id, after = str(local["id"]), str(local["after"])
        if local_id in seen:
            message = f"the local id '{local_id}' is used twice; give each local principle its own"
            work.errors.append(work.profile.error("JC611", message, f"{pointer}/id"))
            continue
        ids = [str(p["id"]) for p in principles]
        if after not in ids:
            choices = [*base_ids, *seen]
            why = (
                "it is excluded"
                if after in work.excluded_principles
                else f"there is no such principle{did_you_mean(after, choices)}"
            )
            message = f"cannot place '{local_id}' after '{after}': {why}"
            work.errors.append(work.profile.error("JC603", message, f"{pointer}/after"))
            continue
        seen.add(local_id)
        principles.insert(ids.index(after) + 1, _local_principle(local))
        work.marks[local_id] = PrincipleMark("local", "", None)
        work.deviations.append(
            Deviation(
                "added",
                local_id,
                f"Local principle {local_id}",
                str(local["reason"]),
                "",
                str(local["text"]),
                (),
            )
        )
    return principles


def _local_principle(local: Mapping[str, Any]) -> dict[str, Any]:
    principle: dict[str, Any] = {
        "id": str(local["id"]),
        "number": 0,
        "text": str(local["text"]),
        "summary": str(local.get("summary", local["text"])),
        "themes": [],
        "related": [],
    }
    if "heading" in local:
        principle["heading"] = str(local["heading"])
    return principle


# Roles --------------------------------------------------------------------------------------


def _tailor_roles(work: _Work) -> None:
    roles = work.profile.data.get("parameters", {}).get("roles", {})
    tool = work.spec.tools.get(CHECKLIST_ID)
    if not roles or not isinstance(tool, Checklist):
        return
    groups = list(tool.approvers)
    for group in roles:
        if group not in groups:
            message = f"'{group}' is not a staff group of the checklist's triumvirate{did_you_mean(group, groups)}; use one of: {', '.join(groups)}"
            pointer = f"/parameters/roles/{escape_pointer_token(group)}"
            work.errors.append(work.profile.error("JC603", message, pointer, key=True))
    checklist = thaw(work.spec.documents[CHECKLIST_ID])
    renames = {
        str(a["role"]): str(roles[a["staff_group"]])
        for a in checklist["approvers"]
        if a["staff_group"] in roles
    }
    for approver in checklist["approvers"]:
        approver["role"] = renames.get(str(approver["role"]), approver["role"])
    # The outcomes repeat the titles in their words; those words follow the local titles.
    for outcome in checklist["outcomes"]:
        for key in ("summary", "recommendation"):
            if key in outcome:
                outcome[key] = _renamed(str(outcome[key]), renames)
    work.documents[CHECKLIST_ID] = checklist


def _renamed(text: str, renames: Mapping[str, str]) -> str:
    for old in sorted(renames, key=len, reverse=True):
        text = text.replace(old, renames[old])
    return text


# Scenarios ----------------------------------------------------------------------------------


def _tailor_scenarios(work: _Work) -> None:
    scenarios = work.profile.data.get("scenarios", {})
    known = work.spec.ids_of_kind(SCENARIO_KIND)
    for index, scenario_id in enumerate(scenarios.get("exclude", [])):
        if scenario_id not in known:
            message = (
                f"'{scenario_id}' is not a training scenario{did_you_mean(scenario_id, known)}"
            )
            work.errors.append(work.profile.error("JC603", message, f"/scenarios/exclude/{index}"))
            continue
        del work.documents[scenario_id]
        work.locators.pop(scenario_id, None)
        title = str(work.spec.documents[scenario_id]["title"])
        work.deviations.append(Deviation("scenario-excluded", scenario_id, title, "", "", "", ()))
    for index, name in enumerate(scenarios.get("add", [])):
        _add_scenario(work, index, str(name))


def _add_scenario(work: _Work, index: int, name: str) -> None:
    pointer = f"/scenarios/add/{index}"
    path = (work.profile.folder / name).resolve()
    if not path.is_relative_to(work.profile.folder.resolve()) or not path.is_file():
        message = f"there is no scenario file {name!r} inside the profile's folder"
        work.errors.append(work.profile.error("JC610", message, pointer))
        return
    try:
        source = read_yaml(path, str(Path(work.profile.display).parent / name))
    except SpecError as error:
        work.errors.append(_as_scenario_error(error))
        return
    if work.spec.schemas is None:
        return
    found = validate_file(source, work.spec.schemas)
    if found.errors:
        work.errors.extend(_as_scenario_error(error) for error in found.errors[:5])
        return
    scenario_id = str(source.data["id"])
    if source.data.get("kind") != SCENARIO_KIND or scenario_id in work.documents:
        message = f"'{scenario_id}' is not a new scenario id (or the file is not a scenario)"
        work.errors.append(work.profile.error("JC611", message, pointer))
        return
    work.documents[scenario_id] = source.data
    work.locators[scenario_id] = source.locator
    title = str(source.data["title"])
    work.deviations.append(Deviation("scenario-added", scenario_id, title, "", "", "", ()))


def _as_scenario_error(error: JustCultureError) -> ProfileError:
    return ProfileError(
        "JC610",
        f"{error.message} [{error.code}]",
        error.file,
        error.line,
        error.column,
        error.pointer,
    )


def _replay(work: _Work, edition_spec: Spec) -> None:
    work.errors.extend(_as_scenario_error(error) for error in check_consistency(edition_spec))


# References to excluded principles ----------------------------------------------------------


def _drop_references(work: _Work) -> None:
    """Links to an excluded principle go; scenarios stop naming it as a learning objective."""
    if not work.excluded_principles:
        return
    gone = {f"{CHARTER_ID}#{pid}" for pid in work.excluded_principles}
    for doc_id, document in list(work.documents.items()):
        if _mentions(document, gone, work.excluded_principles):
            work.documents[doc_id] = _without(thaw(document), gone, work.excluded_principles)


def _mentions(node: Any, gone: set[str], ids: set[str]) -> bool:
    if isinstance(node, Mapping):
        return any(
            (
                key == "principles"
                and isinstance(v, list)
                and any(isinstance(x, str) and x in ids for x in v)
            )
            or _mentions(v, gone, ids)
            for key, v in node.items()
        )
    if isinstance(node, list):
        return any((isinstance(v, str) and v in gone) or _mentions(v, gone, ids) for v in node)
    return False


def _without(node: Any, gone: set[str], ids: set[str]) -> Any:
    if isinstance(node, dict):
        result = {}
        for key, value in node.items():
            if (
                key == "principles"
                and isinstance(value, list)
                and all(isinstance(v, str) for v in value)
            ):
                result[key] = [v for v in value if v not in ids]
            else:
                result[key] = _without(value, gone, ids)
        return result
    if isinstance(node, list):
        return [_without(v, gone, ids) for v in node if not (isinstance(v, str) and v in gone)]
    return node


# Parameters and the report ------------------------------------------------------------------


def _report(work: _Work, edition_spec: Spec) -> TailoringReport:
    data = work.profile.data
    organisation = data["organisation"]
    known = parameters()
    given = data.get("parameters", {})
    policies = given.get("policies", {})
    links: dict[str, list[PolicyLink]] = {}
    for policy_id, targets in known.policy_outcomes.items():
        if policy_id in policies:
            policy = policies[policy_id]
            link = PolicyLink(
                policy_id, str(policy.get("title", known.policies[policy_id])), str(policy["link"])
            )
            for target in targets:
                links.setdefault(target, []).append(link)
    contacts = tuple(
        ContactRow(
            name_id,
            known.contacts[name_id],
            str(row["name"]),
            str(row.get("phone", "")),
            str(row.get("email", "")),
            str(row.get("link", "")),
        )
        for name_id, row in given.get("contacts", {}).items()
    )
    tool = edition_spec.tools.get(CHECKLIST_ID)
    roles = {
        group: str(approver["role"])
        for group, approver in (tool.approvers.items() if isinstance(tool, Checklist) else ())
    }
    base_principles = len(work.spec.documents[CHARTER_ID]["principles"])
    edition = Edition(
        id=work.profile.id,
        name=str(organisation["name"]),
        short_name=str(organisation.get("short_name", organisation["name"])),
        website=str(organisation.get("website", "")),
        accent_colour=str(organisation.get("accent_colour", "")),
        logo=work.profile.logo,
        roles=roles,
        local_roles=dict(given.get("roles", {})),
        contacts=contacts,
        policy_links={key: tuple(value) for key, value in links.items()},
        marks=dict(work.marks),
        base_title=BASE_TITLE,
    )
    unset = [
        *(
            f"{title} (contact)"
            for key, title in known.contacts.items()
            if key not in given.get("contacts", {})
        ),
        *(f"{title}" for key, title in known.policies.items() if key not in policies),
        *(
            f"Title of the {group} approver"
            for group in roles
            if group not in given.get("roles", {})
        ),
    ]
    return TailoringReport(
        edition=edition,
        base_version=work.spec.version,
        profile_base=str(data["base"]["justculture"]),
        base_principles=base_principles,
        deviations=tuple(work.deviations),
        unset=tuple(unset),
        warnings=tuple(work.warnings),
    )
