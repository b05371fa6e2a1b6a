"""The site's search index holds the guidance, not generated bulk or the scenarios' answers."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from justculture.render.site.links import page_url

# Generated reference bulk, and the facilitator copies (they hold the scenarios' answers).
LEFT_OUT = (
    "developers/schema/",
    "developers/changes/",
    "developers/api/engine/",
    "developers/api/model/",
    "developers/api/rendering/",
    "developers/api/errors/",
)
# What managers, trainers and developers look for.
KEPT = (
    "",
    "charter/",
    "tools/just-culture-guide/",
    "tools/pre-disciplinary-checklist/",
    "tools/restorative-approach/",
    "guidance/",
    "evidence/",
    "glossary/",
    "references/",
    "training/",
    "developers/",
    "developers/api/",
    "developers/cli/",
    "developers/errors/",  # where a code such as JC507 is looked up
)


def _indexed(built_site: Path) -> set[str]:
    index = json.loads((built_site / "search" / "search_index.json").read_text("utf-8"))
    return {str(entry["location"]).split("#", 1)[0] for entry in index["docs"]}


def test_generated_bulk_and_facilitator_copies_are_not_searched(
    built_site: Path, documents: Mapping[str, Any]
) -> None:
    indexed = _indexed(built_site)
    facilitator = [
        page_url(f"training/{doc['id']}/facilitator.md")
        for doc in documents.values()
        if doc["kind"] == "scenario"
    ]
    assert facilitator, "the shipped spec has scenarios"
    for page in (*LEFT_OUT, *facilitator):
        assert (built_site / page / "index.html").is_file(), f"{page} is still on the site"
        assert page not in indexed, f"{page} is in the search index"


def test_the_guidance_and_the_participant_pages_are_searched(
    built_site: Path, documents: Mapping[str, Any]
) -> None:
    indexed = _indexed(built_site)
    participant = [
        page_url(f"training/{doc['id']}/index.md")
        for doc in documents.values()
        if doc["kind"] == "scenario"
    ]
    for page in (*KEPT, *participant):
        assert page in indexed, f"{page or 'the home page'} is not in the search index"
