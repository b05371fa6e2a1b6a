"""The one escaping rule: spec text put into Markdown, raw HTML or a terminal stays text."""

from __future__ import annotations

import html
from pathlib import Path

import markdown
import pytest

from justculture.render.renderer import Renderer, html_text, markdown_text, terminal_text

EXTENSIONS = ["abbr", "admonition", "attr_list", "def_list", "fenced_code", "md_in_html", "tables"]

HOSTILE = [
    '!!! danger "Pwned"\n    body',
    '--8<-- "abbreviations.md"',
    "<script>alert(1)</script>",
    '<img src="http://evil.example/x">',
    "[link](javascript:alert(1)) ![image](http://evil.example/x.png)",
    "*[NHS]: a definition\n[ref]: http://evil.example/",
    "```\ncode\n```",
    "1. a list\n- another\n> a quote\n: a definition",
    'Title {: onclick="alert(1)" }',
    "Heading\n=======",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_markdown_text_renders_as_one_paragraph_of_the_same_text(text: str) -> None:
    rendered = markdown.markdown(markdown_text(text), extensions=EXTENSIONS)
    assert rendered.startswith("<p>") and rendered.endswith("</p>")
    assert rendered.count("<") == 2  # <p> and </p>: no element from the text
    assert html.unescape(rendered[3:-4]) == " ".join(text.split())


@pytest.mark.parametrize("text", HOSTILE)
def test_html_text_holds_no_markup_and_stays_one_line(text: str) -> None:
    escaped = html_text(text)
    assert "<" not in escaped and '"' not in escaped and "\n" not in escaped
    assert html.unescape(escaped) == " ".join(text.split())


def test_terminal_text_keeps_words_and_drops_escape_sequences() -> None:
    text = "Outcome \x1b[31mred\x1b[0m \x1b]0;title\x07 \x9b31m \u202eevil\u202c done\n\tnext"
    assert terminal_text(text) == "Outcome red  31m evil done\n\tnext"


def test_markdown_templates_have_the_filters(tmp_path: Path) -> None:
    (tmp_path / "sample.md.j2").write_text(
        "{{ a | md }}|{{ b | terminal }}|{{ c | line }}", encoding="utf-8"
    )
    rendered = Renderer(tmp_path).render("sample.md.j2", a="<b>*x*</b>", b="\x1b[1mbold", c="a\nb")
    assert rendered == "&lt;b&gt;\\*x\\*&lt;/b&gt;|bold|a b"
