"""Where every spec item lives on the site.

One function, :meth:`SiteIndex.target`, maps a ``DOCUMENT#ITEM`` reference to its page and anchor.
Every page, link list and back-link uses it, so an anchor scheme lives in one place:
principles keep their id (``charter/#P04``); flow questions are ``#node-1a``; outcomes
``#outcome-ID``; checklist items ``#item-ID``; glossary terms ``#term-ID``; references
``#ref-ID``; evidence ``#evidence-ID``; every other item keeps its own id.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from ...errors import SpecError
from ...loading import Locator
from ...model import Spec

# Page (mkdocs src_uri) of each kind of document; {id} is the document id.
_PAGES = {
    "charter": "charter/index.md",
    "flow": "tools/{id}.md",
    "checklist": "tools/{id}.md",
    "restorative": "tools/restorative-approach.md",
    "behaviours": "tools/behaviours.md",
    "guidance": "guidance/index.md",
    "evidence": "evidence/index.md",
    "glossary": "glossary/index.md",
    "references": "references/index.md",
}
# A second charter edition gets a page of its own beside the 2019 one.
_FIRST_CHARTER = "charter"

# Anchor prefix by (document kind, list the item sits in); anything else keeps its bare id.
_PREFIXES = {
    ("flow", "nodes"): "node-",
    ("flow", "outcomes"): "outcome-",
    ("checklist", "items"): "item-",
    ("checklist", "outcomes"): "outcome-",
    ("glossary", "terms"): "term-",
    ("references", "entries"): "ref-",
    ("evidence", "items"): "evidence-",
}
_LABEL_KEYS = ("title", "term", "label", "role")
_FIRST_SENTENCE = re.compile(r"^(.+?[.?!])(\s|$)")


@dataclass(frozen=True)
class Target:
    """One item's place on the site."""

    ref: str
    page: str
    anchor: str
    label: str
    document_title: str

    @property
    def url(self) -> str:
        """The site-relative URL, such as ``charter/#P04``."""
        fragment = f"#{self.anchor}" if self.anchor else ""
        return f"{page_url(self.page)}{fragment}"


@dataclass
class SiteIndex:
    """Every item of every document that has a page, and where each reference is cited."""

    spec: Spec
    pages: dict[str, str] = field(default_factory=dict)
    targets: dict[str, Target] = field(default_factory=dict)
    citations: dict[str, list[Target]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        shown_on: dict[str, str] = {}
        for doc_id, doc in self.spec.documents.items():
            page = page_of(doc)
            if page is None:
                continue
            if page in shown_on:
                raise page_collision(self.spec, doc_id, page, f"'{shown_on[page]}'")
            shown_on[page] = doc_id
            self.pages[doc_id] = page
            for list_key, item in _items(doc):
                target = _target(doc, page, list_key, item)
                self.targets[target.ref] = target
        for doc_id, doc in self.spec.documents.items():
            if doc_id in self.pages:
                self._collect_citations(doc)

    def target(self, ref: str) -> Target:
        """The page and anchor of ``DOCUMENT#ITEM``."""
        try:
            return self.targets[ref]
        except KeyError:
            raise SpecError("JC304", f"'{ref}' is not an item on any page of the site") from None

    def has(self, ref: str) -> bool:
        return ref in self.targets

    def document_target(self, doc_id: str) -> Target:
        """The top of a document's page."""
        doc = self.spec.documents[doc_id]
        return Target(doc_id, self.pages[doc_id], "", str(doc["title"]), str(doc["title"]))

    def _collect_citations(self, doc: Mapping[str, Any]) -> None:
        top = self.document_target(str(doc["id"]))
        for key, where in _sources(doc, self.targets, top):
            cited = self.citations.setdefault(key, [])
            if where not in cited:
                cited.append(where)


def page_collision(spec: Spec, doc_id: str, page: str, other: str) -> SpecError:
    """JC316 at the document's id: its page would replace ``other`` on the site."""
    where = spec.locators.get(doc_id) or Locator(doc_id)
    message = (
        f"document '{doc_id}' would be shown on the page {page}, which already shows {other}; "
        "one of them would not appear on the site"
    )
    return where.error("JC316", message, "/id")


def page_of(doc: Mapping[str, Any]) -> str | None:
    """The src_uri of a document's page, or None for kinds the site does not show."""
    kind, doc_id = str(doc.get("kind")), str(doc.get("id"))
    if kind == "charter" and doc_id != _FIRST_CHARTER:
        return f"charter/{doc_id}.md"
    pattern = _PAGES.get(kind)
    return pattern.format(id=doc_id) if pattern else None


def page_url(src_uri: str) -> str:
    """The directory URL mkdocs gives a page: ``tools/x.md`` -> ``tools/x/``."""
    stem = src_uri.removesuffix(".md")
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem.removesuffix("index")
    return f"{stem}/"


def relative_md(target_page: str, from_page: str) -> str:
    """A Markdown link path from one page's source to another's (mkdocs rewrites and checks it)."""
    if target_page == from_page:
        return ""
    return posixpath.relpath(target_page, posixpath.dirname(from_page) or ".")


def relative_url(site_path: str, from_page: str) -> str:
    """A URL for raw HTML, from a page's directory URL to a site path such as ``schema/x.json``."""
    base = page_url(from_page) or "."
    return posixpath.relpath(site_path or ".", base) + ("/" if site_path.endswith("/") else "")


def anchor_for(kind: str, list_key: str, item_id: str) -> str:
    prefix = _PREFIXES.get((kind, list_key), "")
    return f"{prefix}{item_id}"


def _target(doc: Mapping[str, Any], page: str, list_key: str, item: Mapping[str, Any]) -> Target:
    kind, item_id = str(doc["kind"]), str(item["id"])
    return Target(
        ref=f"{doc['id']}#{item_id}",
        page=page,
        anchor=anchor_for(kind, list_key, item_id),
        label=item_label(kind, list_key, item),
        document_title=str(doc["title"]),
    )


def item_label(kind: str, list_key: str, item: Mapping[str, Any]) -> str:
    """A short name for an item, for link text."""
    item_id = str(item["id"])
    if list_key == "principles":
        return f"Principle {item['number']}"
    if list_key == "nodes":
        return f"Question {item_id}"
    if kind == "checklist" and list_key == "items":
        return "The final question" if item_id == "final" else f"Question {item_id}"
    if kind == "checklist" and list_key == "footnotes":
        return f"Footnote {item['marker']}"
    if kind == "references":
        return reference_label(item)
    for key in _LABEL_KEYS:
        if key in item:
            return str(item[key])
    text = str(item.get("text", item_id))
    return _first_sentence(text[:1].upper() + text[1:])


def reference_label(entry: Mapping[str, Any]) -> str:
    """``Being fair (2019)``, ``Marx, D (2017)``: a title if there is one, else the authors."""
    if "title" in entry and "year" in entry:
        return f"{entry['title']} ({entry['year']})"
    authors = list(entry.get("authors", []))
    who = authors[0] if len(authors) == 1 else " and ".join(authors[:2])
    if len(authors) > 2:
        who = f"{authors[0]} and others"
    name = who or str(entry.get("title", entry["id"]))
    if "title" in entry and who:
        name = f"{who}, {entry['title']}"
    return f"{name} ({entry['year']})" if "year" in entry else name


def _first_sentence(text: str) -> str:
    match = _FIRST_SENTENCE.match(text.strip())
    return match.group(1) if match else text.strip()


def _items(node: Any, list_key: str = "") -> Iterator[tuple[str, Mapping[str, Any]]]:
    """Every item (a mapping with an id, inside a list) with the name of its list."""
    if isinstance(node, Mapping):
        for key, value in node.items():
            yield from _items(value, str(key))
    elif isinstance(node, list):
        for element in node:
            if isinstance(element, Mapping) and "id" in element:
                yield list_key, element
            yield from _items(element, list_key)


def _sources(
    node: Any, targets: Mapping[str, Target], here: Target
) -> Iterator[tuple[str, Target]]:
    """(reference key, where it is cited) for every source.ref and evidence 'cited' key."""
    if isinstance(node, list):
        for element in node:
            inner = here
            if isinstance(element, Mapping) and "id" in element:
                inner = targets.get(f"{here.ref.split('#')[0]}#{element['id']}", here)
            yield from _sources(element, targets, inner)
        return
    if not isinstance(node, Mapping):
        return
    for key, value in node.items():
        if key == "source" and isinstance(value, Mapping) and "ref" in value:
            yield str(value["ref"]), here
        elif key == "cited" and isinstance(value, list):
            yield from ((str(ref), here) for ref in value)
        else:
            yield from _sources(value, targets, here)


# Training pages: three for each scenario, under the Training section.
INDEX_PAGE = "training/index.md"
PARTICIPANT_PAGE = "training/{id}/index.md"
FACILITATOR_PAGE = "training/{id}/facilitator.md"
RUN_PAGE = "training/{id}/run.md"


def scenario_pages(scenario_id: str) -> dict[str, str]:
    """The src_uris of a scenario's three pages."""
    return {
        "participant": PARTICIPANT_PAGE.format(id=scenario_id),
        "facilitator": FACILITATOR_PAGE.format(id=scenario_id),
        "run": RUN_PAGE.format(id=scenario_id),
    }
