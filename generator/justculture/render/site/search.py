"""Which pages the site's search leaves out.

The search index is downloaded whole by every visitor who searches, so it should hold what a
manager, trainer or developer looks for, not generated bulk that drowns it in results:

- the schema reference and the changes between versions: every field of every schema, which a
  developer reads in order (or in the JSON) rather than finds by a word;
- the Python API reference, made from the package's docstrings (its first page stays);
- the scenarios' facilitator copies and browser runs: they hold or can show the answers, so a
  participant who searches for a scenario should land on the participant page, not on the answers.

Parts of a page can be left out too, with a ``data-search-exclude`` attribute in its template: the
Training index's table of scenarios (it names the outcomes each one reaches) and a participant
copy's stages after the first (a participant reads them only when the facilitator says).

Material for MkDocs leaves a page out when its metadata has ``search: {exclude: true}``; the
plugin sets that from :func:`searched` for generated and hand-written pages alike.
"""

from __future__ import annotations

from fnmatch import fnmatchcase

from .links import FACILITATOR_PAGE, RUN_PAGE

NOT_SEARCHED = (
    "developers/schema.md",
    "developers/changes.md",
    "developers/api/*.md",
    FACILITATOR_PAGE.format(id="*"),
    RUN_PAGE.format(id="*"),
)
SEARCHED_ANYWAY = ("developers/api/index.md",)


def searched(src_uri: str) -> bool:
    """Whether the page with this source path goes into the search index."""
    if src_uri in SEARCHED_ANYWAY:
        return True
    return not any(fnmatchcase(src_uri, pattern) for pattern in NOT_SEARCHED)
