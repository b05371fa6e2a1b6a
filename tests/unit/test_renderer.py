"""A Renderer reads an override folder first, then the package's templates, and shares nothing."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from jinja2 import TemplateNotFound

from justculture.render.renderer import Renderer

TEMPLATE = "text/walk_intro.txt.j2"


def test_the_package_templates_render_without_an_override() -> None:
    text = Renderer().render(TEMPLATE, title="A just culture guide")
    assert "A just culture guide" in text


def test_an_override_folder_wins_for_the_templates_it_has(tmp_path: Path) -> None:
    (tmp_path / "text").mkdir()
    (tmp_path / TEMPLATE).write_text("Our own intro to {{ title }}\n", encoding="utf-8")
    assert Renderer(tmp_path).render(TEMPLATE, title="the guide") == "Our own intro to the guide\n"
    # Any template the folder does not have still comes from the package.
    assert "Question" in Renderer(tmp_path).render(
        "text/walk_question.txt.j2",
        show_section=False,
        id="1a",
        number="1a",
        text="Question",
        help="",
        heading=None,
        group=None,
        choices=[],
    )


def test_two_renderers_never_share_templates(tmp_path: Path) -> None:
    (tmp_path / "text").mkdir()
    (tmp_path / TEMPLATE).write_text("Override\n", encoding="utf-8")
    assert Renderer(tmp_path).render(TEMPLATE, title="x") == "Override\n"
    assert Renderer().render(TEMPLATE, title="x") != "Override\n"


def test_a_missing_template_is_reported_by_name() -> None:
    with pytest.raises(TemplateNotFound):
        Renderer().render("no/such/template.j2")


def test_html_and_svg_templates_escape_every_value_markdown_leaves_it(tmp_path: Path) -> None:
    for name in ("page.html.j2", "chart.svg.j2", "page.md.j2"):
        (tmp_path / name).write_text("{{ value }}", encoding="utf-8")
    renderer = Renderer(tmp_path)
    hostile = "<img src=x onerror=alert(1)>"
    assert renderer.render("page.html.j2", value=hostile) == "&lt;img src=x onerror=alert(1)&gt;"
    assert renderer.render("chart.svg.j2", value=hostile).startswith("&lt;img")
    # Markdown templates escape through the page helpers (h.esc), not by autoescape.
    assert renderer.render("page.md.j2", value=hostile) == hostile


def test_a_renderer_pickles_by_its_override_folder(tmp_path: Path) -> None:
    again = pickle.loads(pickle.dumps(Renderer(tmp_path)))
    assert again.override_dir == tmp_path.resolve()


def test_compiled_templates_are_cached_and_a_changed_template_is_not_served_stale(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JUSTCULTURE_CACHE_DIR", str(tmp_path / "cache"))
    overrides = tmp_path / "overrides"
    overrides.mkdir()
    (overrides / "page.md.j2").write_text("first {{ value }}", encoding="utf-8")
    assert Renderer(overrides).render("page.md.j2", value=1) == "first 1"
    assert list((tmp_path / "cache" / "templates").iterdir()), "compiled code is kept"
    (overrides / "page.md.j2").write_text("second {{ value }}", encoding="utf-8")
    assert Renderer(overrides).render("page.md.j2", value=2) == "second 2"


def test_a_cache_folder_that_cannot_be_written_only_costs_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("JUSTCULTURE_CACHE_DIR", str(blocked))
    assert "A just culture guide" in Renderer().render(TEMPLATE, title="A just culture guide")
