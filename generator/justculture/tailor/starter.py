"""``justculture profile init``: a commented starter profile listing everything a trust can set."""

from __future__ import annotations

import json
import re
import textwrap
import unicodedata
from typing import Any

from ..errors import ProfileError
from ..model import Checklist, Spec
from ..render.renderer import Renderer
from ..scenarios import SCENARIO_KIND
from .profile import parameters
from .resolve import CHARTER_ID, CHECKLIST_ID

STARTER_TEMPLATE = "tailor/profile-init.yaml.j2"
MAX_NAME = 200
COMMENT_WIDTH = 88


def starter_profile(
    spec: Spec, organisation: str, renderer: Renderer, filename: str = "trust.yaml"
) -> str:
    """The starter profile's YAML for ``organisation``: valid as it stands, and kept in full."""
    name = " ".join(organisation.split())
    if not name or len(name) > MAX_NAME or any(unicodedata.category(c) == "Cc" for c in name):
        message = f"give the organisation's name in 1 to {MAX_NAME} characters, on one line"
        raise ProfileError("JC602", message, "--organisation")
    charter = spec.documents[CHARTER_ID]
    known = parameters()
    checklist = spec.tools.get(CHECKLIST_ID)
    roles = (
        {group: str(a["role"]) for group, a in checklist.approvers.items()}
        if isinstance(checklist, Checklist)
        else {}
    )
    policies = {
        key: {"title": title, "outcomes": [t.split("#")[1] for t in known.policy_outcomes[key]]}
        for key, title in known.policies.items()
    }
    context: dict[str, Any] = {
        "q": _quoted,
        "organisation": name,
        "profile_id": profile_id(name),
        "filename": filename,
        "version": spec.version,
        "contacts": dict(known.contacts),
        "roles": roles,
        "policies": policies,
        "preamble": _comment_lines(str(charter.get("preamble", {}).get("text", ""))),
        "principles": [
            {"id": p["id"], "lines": _comment_lines(f"{p['number']}. {p['text']}")}
            for p in charter["principles"]
        ],
        "scenarios": sorted(spec.ids_of_kind(SCENARIO_KIND)),
    }
    return renderer.render(STARTER_TEMPLATE, **context)


def profile_id(name: str) -> str:
    """A short id from the name: ``Northshire Hospitals NHS Trust`` -> ``northshire-hospitals``."""
    words = re.findall(r"[a-z0-9]+", unicodedata.normalize("NFKD", name).lower())
    kept = [w for w in words if w not in ("nhs", "trust", "foundation", "the", "of", "and")]
    slug = "-".join(kept or words or ["trust"])[:60].strip("-")
    return slug or "trust"


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is YAML's): safe for any text."""
    return json.dumps(text, ensure_ascii=False)


def _comment_lines(text: str) -> list[str]:
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines.extend(textwrap.wrap(" ".join(paragraph.split()), COMMENT_WIDTH) or [""])
    return lines
