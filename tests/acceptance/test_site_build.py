"""The built site: every item has its anchor, every internal link resolves, downloads validate,
nothing is fetched from another host, and a failed build leaves the previous site untouched."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from collections.abc import Iterator, Mapping
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urldefrag, urlsplit

import pytest
import yaml
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from justculture import SpecErrors
from justculture.errors import BuildError

REPO = Path(__file__).resolve().parents[2]
SPEC_DIR = REPO / "spec"

pytestmark = pytest.mark.site

PAGES = {
    "charter": "charter/index.html",
    "just-culture-guide": "tools/just-culture-guide/index.html",
    "pre-disciplinary-checklist": "tools/pre-disciplinary-checklist/index.html",
    "glossary": "glossary/index.html",
    "references": "references/index.html",
    "evidence": "evidence/index.html",
    "errors": "developers/errors/index.html",
}

CODE = re.compile(r"<pre\b.*?</pre>|<code\b.*?</code>", re.DOTALL)


class _Page(HTMLParser):
    """Collects a page's ids and every URL it points to, with the tag and attribute it came from."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.urls: list[tuple[str, str, str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        for key in ("id", "name"):
            if values.get(key) and (key == "id" or tag == "a"):
                self.ids.add(values[key])
        for key in ("href", "src"):
            if key in values:
                self.urls.append((tag, key, values[key], values))


@cache
def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def _html_files(site: Path) -> Iterator[Path]:
    yield from sorted(site.rglob("*.html"))


def _resolve(site: Path, page: Path, url: str) -> tuple[Path, str] | None:
    """The file and fragment an internal URL points to; None for other hosts and schemes."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None
    path, fragment = urldefrag(url)
    if not path:
        return page, unquote(fragment)
    path = urlsplit(path).path
    target = (site / path.lstrip("/")) if path.startswith("/") else (page.parent / path)
    target = Path(str(target.resolve()))
    if target.is_dir() or path.endswith("/"):
        target = target / "index.html"
    return target, unquote(fragment)


def _tree_digest(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


# Anchors --------------------------------------------------------------------------------------


def _ids(site: Path, key: str) -> set[str]:
    return _parse(site / PAGES[key]).ids


def test_every_principle_has_its_anchor(built_site: Path, documents: Mapping[str, Any]) -> None:
    ids = _ids(built_site, "charter")
    expected = [principle["id"] for principle in documents["charter"]["principles"]]
    assert expected == [f"P{number:02d}" for number in range(1, 21)]
    assert set(expected) <= ids, sorted(set(expected) - ids)


def test_every_guide_question_and_outcome_has_its_anchor(
    built_site: Path, documents: Mapping[str, Any]
) -> None:
    guide = documents["just-culture-guide"]
    ids = _ids(built_site, "just-culture-guide")
    expected = {f"node-{node['id']}" for node in guide["nodes"]}
    expected |= {f"outcome-{outcome['id']}" for outcome in guide["outcomes"]}
    assert "node-1a" in expected
    assert expected <= ids, sorted(expected - ids)


def test_every_checklist_item_and_outcome_has_its_anchor(
    built_site: Path, documents: Mapping[str, Any]
) -> None:
    checklist = documents["pre-disciplinary-checklist"]
    ids = _ids(built_site, "pre-disciplinary-checklist")
    expected = {f"item-{item['id']}" for item in checklist["items"]}
    expected |= {f"outcome-{outcome['id']}" for outcome in checklist["outcomes"]}
    assert {"item-3a", "item-final"} <= expected
    assert expected <= ids, sorted(expected - ids)


def test_every_glossary_term_reference_and_figure_has_its_anchor(
    built_site: Path, documents: Mapping[str, Any]
) -> None:
    for key, prefix, items in (
        ("glossary", "term-", documents["glossary"]["terms"]),
        ("references", "ref-", documents["references"]["entries"]),
        ("evidence", "evidence-", documents["evidence"]["items"]),
    ):
        expected = {f"{prefix}{item['id']}" for item in items}
        ids = _ids(built_site, key)
        assert expected <= ids, (key, sorted(expected - ids))


def test_every_error_code_has_its_anchor(built_site: Path) -> None:
    from justculture import CATALOGUE

    ids = _ids(built_site, "errors")
    assert set(CATALOGUE) <= ids, sorted(set(CATALOGUE) - ids)


def test_the_guide_has_an_accessible_diagram_and_a_superseded_notice(built_site: Path) -> None:
    html = (built_site / PAGES["just-culture-guide"]).read_text(encoding="utf-8")
    assert '<svg class="jc-svg" role="img" aria-labelledby=' in html
    assert "<title id=" in html and "<desc id=" in html
    assert "<caption" in html  # the diagram in words
    assert "being fair tool" in html and "May 2025" in html
    assert "mermaid" not in html.lower()


def test_every_chart_has_a_table_of_its_numbers(
    built_site: Path, documents: Mapping[str, Any]
) -> None:
    html = (built_site / PAGES["evidence"]).read_text(encoding="utf-8")
    assert html.count('<svg class="jc-svg jc-chart" role="img"') >= 6
    for item in documents["evidence"]["items"]:
        if item["kind"] in ("table", "statistic") or item.get("parts"):
            assert f'id="table-{item["id"]}-caption"' in html, item["id"]


def test_references_link_back_to_where_they_are_cited(built_site: Path) -> None:
    page = _parse(built_site / PAGES["references"])
    back_links = [url for tag, _, url, _ in page.urls if tag == "a" and "charter/#P04" in url]
    assert back_links, "the references page should link back to principle 4, which cites the paper"


def test_no_markup_or_template_syntax_leaks_into_pages(built_site: Path) -> None:
    leaks: list[str] = []
    for page_path in _html_files(built_site):
        html = page_path.read_text(encoding="utf-8")
        html = html[html.find("<article") : html.rfind("</article>")]  # the page's own content
        html = CODE.sub("", html)  # code samples may show template syntax on purpose
        for marker in ("{: ", "{%", "{{", "}}", "&amp;amp;", "\\*", "\\_", "\\["):
            if marker in html:
                leaks.append(f"{page_path.relative_to(built_site)}: {marker!r}")
    assert not leaks, "\n".join(leaks)


# Links and hosts ------------------------------------------------------------------------------


def test_every_internal_link_resolves(built_site: Path) -> None:
    broken: list[str] = []
    for page_path in _html_files(built_site):
        for tag, attribute, url, _ in _parse(page_path).urls:
            resolved = _resolve(built_site, page_path, url)
            if resolved is None or url.startswith(("mailto:", "data:", "javascript:")):
                continue
            target, fragment = resolved
            where = f"{page_path.relative_to(built_site)}: <{tag} {attribute}={url!r}>"
            if not target.is_file():
                broken.append(f"{where}: no file {target}")
            elif fragment and target.suffix == ".html" and fragment not in _parse(target).ids:
                broken.append(f"{where}: no id {fragment!r} in {target.relative_to(built_site)}")
    assert not broken, "\n".join(broken[:40])


def test_no_page_loads_anything_from_another_host(built_site: Path) -> None:
    foreign: list[str] = []
    for page_path in _html_files(built_site):
        for tag, attribute, url, attrs in _parse(page_path).urls:
            loads = tag in {"script", "img", "iframe", "source", "audio", "video", "embed"} or (
                tag == "link" and attrs.get("rel", "") not in {"canonical", "alternate"}
            )
            if loads and (urlsplit(url).scheme in {"http", "https"} or url.startswith("//")):
                foreign.append(f"{page_path.relative_to(built_site)}: <{tag} {attribute}={url}>")
    for css in built_site.rglob("*.css"):
        text = css.read_text(encoding="utf-8")
        if "url(http" in text.replace('"', "").replace("'", "") or "@import url(http" in text:
            foreign.append(f"{css.relative_to(built_site)} loads from another host")
    assert not foreign, "\n".join(foreign)


# Downloads ------------------------------------------------------------------------------------


def test_the_downloads_parse_and_validate_against_the_served_schemas(
    built_site: Path, spec: Any
) -> None:
    export = json.loads(
        (built_site / "spec" / spec.version / "justculture.json").read_text("utf-8")
    )
    latest = json.loads((built_site / "spec" / "latest.json").read_text("utf-8"))
    assert latest["spec_version"] == spec.version == export["spec_version"]
    schemas = {
        path.name.removesuffix(".schema.json"): json.loads(path.read_text("utf-8"))
        for path in (built_site / "schema").glob("*.schema.json")
    }
    assert {path.name for path in (SPEC_DIR / "schema").glob("*.schema.json")} == {
        f"{name}.schema.json" for name in schemas
    }
    registry: Registry[Any] = Registry().with_resources(
        (schema["$id"], Resource.from_contents(schema, default_specification=DRAFT202012))
        for schema in schemas.values()
    )
    assert set(export["documents"]) == set(spec.documents)
    for doc_id, document in export["documents"].items():
        validator = Draft202012Validator(schemas[document["kind"]], registry=registry)
        problems = [error.message for error in validator.iter_errors(document)]
        assert not problems, (doc_id, problems[:3])


# Failed builds --------------------------------------------------------------------------------


def test_a_failed_validation_leaves_the_previous_site_untouched(
    built_site: Path, tmp_path: Path
) -> None:
    broken = tmp_path / "spec"
    shutil.copytree(SPEC_DIR, broken)
    charter = broken / "charter.yaml"
    charter.write_text(
        charter.read_text("utf-8").replace("number: 4\n", "number: four\n", 1), "utf-8"
    )
    before = _tree_digest(built_site)
    with pytest.raises(SpecErrors) as raised:
        from justculture.build import build_site

        build_site(built_site, spec_dir=broken)
    assert any(error.code == "JC204" for error in raised.value)
    assert _tree_digest(built_site) == before
    assert sorted(path.name for path in built_site.parent.iterdir()) == [built_site.name]


def test_a_failed_mkdocs_build_raises_jc501_and_leaves_the_previous_site_untouched(
    built_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mkdocs.utils.yaml import yaml_load  # mkdocs.yml may use mkdocs' own tags (!ENV)

    from justculture import build

    # The project's mkdocs.yml with one nav entry to a page that does not exist.
    settings = yaml_load(build.MKDOCS_CONFIG.read_text(encoding="utf-8"))
    settings["docs_dir"] = str(REPO / "docs")
    settings["watch"] = [str(REPO / path) for path in settings.get("watch", [])]
    settings["nav"].append({"Missing": "no-such-page.md"})
    config = tmp_path / "mkdocs.yml"
    config.write_text(yaml.safe_dump(settings), encoding="utf-8")
    monkeypatch.setattr(build, "MKDOCS_CONFIG", config)
    before = _tree_digest(built_site)
    with pytest.raises(BuildError) as raised:
        build.build_site(built_site)
    assert raised.value.code == "JC501"
    assert "no-such-page.md" in raised.value.message
    assert "Traceback" not in raised.value.message
    assert _tree_digest(built_site) == before
    assert sorted(path.name for path in built_site.parent.iterdir()) == [built_site.name]


def test_a_document_whose_page_collides_with_another_is_a_located_error(tmp_path: Path) -> None:
    # A second charter with the id "index" would be shown on charter/index.md, the first
    # charter's page, and one of the two would be lost.
    from justculture.build import build_site
    from justculture.errors import SpecError

    spec = tmp_path / "spec"
    shutil.copytree(SPEC_DIR, spec)
    charter = (spec / "charter.yaml").read_text(encoding="utf-8")
    (spec / "second-charter.yaml").write_text(
        charter.replace("\nid: charter\n", "\nid: index\n", 1), encoding="utf-8"
    )
    out = tmp_path / "site"
    with pytest.raises(SpecError) as raised:
        build_site(out, spec)
    assert raised.value.code == "JC316"
    assert raised.value.file.endswith(("charter.yaml", "second-charter.yaml"))
    assert raised.value.line > 0
    assert "charter/index.md" in raised.value.message
    assert not out.exists()


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>")


def test_every_page_has_a_content_security_policy_and_no_inline_script(built_site: Path) -> None:
    # The policy comes first in <head>, so it covers every script and style after it.
    for page_path in _html_files(built_site):
        html = page_path.read_text(encoding="utf-8")
        head = html[html.find("<head>") : html.find("</head>")]
        policy = head.find('<meta http-equiv="Content-Security-Policy"')
        assert 0 <= policy < min(head.find("<script"), head.find("<link")), page_path
        content = head[policy : head.find(">", policy)]
        for directive in ("script-src 'self'", "style-src 'self'", "connect-src 'self'"):
            assert directive in content, (page_path, directive)
        assert "img-src 'self' data:" in content
        assert "unsafe-inline" not in content and "unsafe-eval" not in content
        assert INLINE_SCRIPT.findall(html) == [], page_path
