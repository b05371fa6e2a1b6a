"""The schemas as the site publishes them: at their real address, and bundled into single files.

In ``spec/schema/`` every ``$id`` is written with one fixed base, :data:`SOURCE_BASE`, which is
never fetched: validation resolves every ``$ref`` from the files themselves, offline. The site
serves each schema at ``<site_url>schema/<spec_version>/<name>.schema.json`` and rewrites its
``$id`` to that address (``site_url`` is mkdocs.yml's, so a trust that publishes the site
elsewhere gets ``$id``s that resolve there). References between schemas are relative
(``common.schema.json#/$defs/text``), so they resolve against whichever base the ``$id`` has.

A bundled schema holds everything it refers to, so tools that cannot follow ``$id``s
(json-schema-to-typescript, datamodel-code-generator, check-jsonschema offline) read it alone:
each schema it uses sits under ``$defs/<name>`` and every ``$ref`` is rewritten to point there.
"""

from __future__ import annotations

import copy
import json
import os
import re
from collections.abc import Mapping
from typing import Any

from .errors import BuildError, JustCultureWarning, shorten
from .frozen import thaw

SOURCE_BASE = "https://justculture.example/schema/"
SCHEMA_SUFFIX = ".schema.json"
SCHEMA_FOLDER = "schema/{version}/"
BUNDLED_FOLDER = "schema/{version}/bundled/"
COMMON = "common"

Schema = dict[str, Any]


# A plain web address: the site's own host and path, with nothing that could end a JSON string
# or an HTML attribute (quotes, angle brackets, spaces, backslashes).
_SITE_URL = re.compile(
    r"^https?://[A-Za-z0-9.-]+(?::[0-9]{1,5})?(?:/[A-Za-z0-9._~%!$&()*+,;=:@/-]*)?$"
)


SITE_URL_VARIABLE = "JUSTCULTURE_SITE_URL"
SITE_URL_SETTINGS = f"{SITE_URL_VARIABLE} (or site_url in mkdocs.yml)"
# mkdocs.yml's address when SITE_URL_VARIABLE is not set: `mkdocs serve`'s own, for the preview.
PREVIEW_SITE_URL = "http://127.0.0.1:8000/"
EXAMPLE_SITE_URL = "https://justculture.example.nhs.uk/"


def check_site_url(
    site_url: str | None, *, set_by: str = SITE_URL_SETTINGS, required: bool = False
) -> None:
    """Refuse (JC507) a site address that is not a plain http(s) address.

    It becomes every published schema's ``$id``, the canonical links and the sitemap, so a
    value from the environment (``JUSTCULTURE_SITE_URL``) or the command line (``set_by``, as
    the message names it) is checked like any other input. Unset is allowed unless
    ``required`` (an empty ``--site-url ""`` is a mistake, not a request for the default).
    """
    if (site_url or required) and not _SITE_URL.match(site_url or ""):
        message = (
            f"the site address {shorten(repr(site_url), 120)} is not a plain http(s) address; "
            f"set {set_by} to one such as {EXAMPLE_SITE_URL}"
        )
        raise BuildError("JC507", message)


def site_address_warnings(
    site_url: str | None, *, flag: bool = True, environ: Mapping[str, str] | None = None
) -> tuple[JustCultureWarning, ...]:
    """JC802 for a build given no address: not ``site_url`` (``--site-url``), not the variable.

    mkdocs.yml then falls back to the local preview's address, which is right for ``mkdocs
    serve`` and wrong for a site anyone else opens, so the build succeeds and says so. The
    test is the one mkdocs.yml's ``!ENV`` makes: a set variable, even an empty one, is a choice.
    ``flag`` is False where ``--site-url`` cannot be given (a trust's edition).
    """
    if site_url or SITE_URL_VARIABLE in (os.environ if environ is None else environ):
        return ()
    how = "with --site-url and" if flag else f"with {SITE_URL_VARIABLE} set to"
    message = (
        f"no site address was given, so the canonical links, the sitemap and the schemas' $ids "
        f"point at the local preview, {PREVIEW_SITE_URL}. Before you publish the site, build it "
        f"again {how} the address it will be published at, such as {EXAMPLE_SITE_URL}."
    )
    return (JustCultureWarning("JC802", message),)


def site_base(site_url: str | None) -> str:
    """The site's address with one trailing slash; without one, the documented source base."""
    if not site_url:
        return SOURCE_BASE.removesuffix("schema/")
    return site_url if site_url.endswith("/") else site_url + "/"


def schema_path(version: str, name: str, *, bundled: bool = False) -> str:
    """Where the site serves a schema, relative to the site's root."""
    folder = BUNDLED_FOLDER if bundled else SCHEMA_FOLDER
    return folder.format(version=version) + name + SCHEMA_SUFFIX


def schema_id(site_url: str | None, version: str, name: str, *, bundled: bool = False) -> str:
    return site_base(site_url) + schema_path(version, name, bundled=bundled)


def published(
    schemas: Mapping[str, Mapping[str, Any]], site_url: str | None, version: str
) -> dict[str, Schema]:
    """Every schema with its ``$id`` set to its address on the site; nothing else changes."""
    return {
        name: _with_id(schema, schema_id(site_url, version, name))
        for name, schema in sorted(schemas.items())
    }


def bundles(
    schemas: Mapping[str, Mapping[str, Any]], site_url: str | None, version: str
) -> dict[str, Schema]:
    """A single-file schema for every schema but the common one (export: the whole spec)."""
    return {
        name: bundle(schemas, name, schema_id(site_url, version, name, bundled=True))
        for name in sorted(schemas)
        if name != COMMON
    }


def bundle(schemas: Mapping[str, Mapping[str, Any]], name: str, new_id: str) -> Schema:
    """``schemas[name]`` with every schema it uses embedded under ``$defs/<that name>``."""
    root = _rewrite(copy.deepcopy(thaw(schemas[name])), owner=None, root=name)
    definitions: dict[str, Any] = root.setdefault("$defs", {})
    for other in sorted(_used(schemas, name) - {name}):
        if other in definitions:
            raise ValueError(f"{name}.schema.json already has a $defs/{other}; rename it")
        embedded = {
            key: value
            for key, value in copy.deepcopy(thaw(schemas[other])).items()
            if key not in ("$id", "$schema")
        }
        definitions[other] = _rewrite(embedded, owner=other, root=name)
    return _with_id(root, new_id)


def dumps(schema: Mapping[str, Any]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2, allow_nan=False) + "\n"


def _with_id(schema: Mapping[str, Any], new_id: str) -> Schema:
    rebuilt: Schema = {"$schema": schema.get("$schema"), "$id": new_id}
    rebuilt.update((key, thaw(value)) for key, value in schema.items() if key not in rebuilt)
    if rebuilt["$schema"] is None:
        del rebuilt["$schema"]
    return rebuilt


def _used(schemas: Mapping[str, Mapping[str, Any]], name: str) -> set[str]:
    """``name`` and every schema it refers to, directly or not."""
    seen: set[str] = set()
    waiting = [name]
    while waiting:
        current = waiting.pop()
        if current in seen:
            continue
        seen.add(current)
        for reference in _refs(schemas[current]):
            target = _target_file(reference)
            if target is not None and target in schemas:
                waiting.append(target)
    return seen


def _refs(node: Any) -> list[str]:
    found: list[str] = []
    waiting = [node]
    while waiting:
        current = waiting.pop()
        if isinstance(current, Mapping):
            if isinstance(current.get("$ref"), str):
                found.append(current["$ref"])
            waiting.extend(current.values())
        elif isinstance(current, list):
            waiting.extend(current)
    return found


def _target_file(reference: str) -> str | None:
    file_part = reference.split("#", 1)[0]
    return file_part.removesuffix(SCHEMA_SUFFIX) if file_part.endswith(SCHEMA_SUFFIX) else None


def _rewrite(node: Any, *, owner: str | None, root: str) -> Any:
    """Point every ``$ref`` inside the bundle: ``X.schema.json#/a`` -> ``#/$defs/X/a``."""
    if isinstance(node, list):
        return [_rewrite(child, owner=owner, root=root) for child in node]
    if not isinstance(node, dict):
        return node
    rewritten = {key: _rewrite(value, owner=owner, root=root) for key, value in node.items()}
    reference = node.get("$ref")
    if isinstance(reference, str):
        rewritten["$ref"] = _bundled_ref(reference, owner, root)
    return rewritten


def _bundled_ref(reference: str, owner: str | None, root: str) -> str:
    file_part, _, fragment = reference.partition("#")
    target = _target_file(file_part) if file_part else owner
    if target is None or target == root:
        return "#" + fragment
    return f"#/$defs/{target}{fragment}"


def main(argv: list[str] | None = None) -> int:
    """``python -m justculture.published OUT_DIR [SITE_URL]``: the current spec's schemas as the
    site serves them, into ``OUT_DIR`` and ``OUT_DIR/bundled`` (for ``make types``)."""
    import sys
    from pathlib import Path

    from .errors import JustCultureError
    from .outputs import write_all
    from .validation import load_spec

    args = list(sys.argv[1:] if argv is None else argv)
    if not args:
        print("usage: python -m justculture.published OUT_DIR [SITE_URL]", file=sys.stderr)
        return 2
    out, site_url = Path(args[0]), (args[1] if len(args) > 1 else None)
    try:
        spec = load_spec()
        schemas = spec.schemas.schemas if spec.schemas is not None else {}
        flat = published(schemas, site_url, spec.version)
        single = bundles(schemas, site_url, spec.version)
        write_all(out, [(f"{name}{SCHEMA_SUFFIX}", dumps(s).encode()) for name, s in flat.items()])
        bundled = [(f"{name}{SCHEMA_SUFFIX}", dumps(s).encode()) for name, s in single.items()]
        write_all(out / "bundled", bundled)
    except JustCultureError as error:
        print(error.format(), file=sys.stderr)
        return 1
    print(f"The schemas of spec {spec.version} are in {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
