"""The site's address becomes every schema $id, canonical link and sitemap entry: it is checked."""

from __future__ import annotations

from pathlib import Path

import pytest

from justculture.build import build_site
from justculture.errors import BuildError
from justculture.published import check_site_url


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1:8000/", "https://justculture.example.nhs.uk/", "https://a.example/x/y/"],
)
def test_plain_addresses_pass(url: str) -> None:
    check_site_url(url)


@pytest.mark.parametrize(
    "url",
    [
        'https://evil.example/"><script>alert(1)</script>',
        "javascript:alert(1)",
        "https://a.example/ space",
        "file:///etc/passwd",
        "https://a.example/\\x",
    ],
)
def test_anything_else_is_jc507(url: str) -> None:
    with pytest.raises(BuildError) as raised:
        check_site_url(url)
    assert raised.value.code == "JC507"


def test_a_build_with_a_hostile_address_stops_before_writing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JUSTCULTURE_SITE_URL", 'https://evil.example/"><img src=x>')
    with pytest.raises(BuildError) as raised:
        build_site(tmp_path / "site")
    assert raised.value.code == "JC507"
    assert not (tmp_path / "site").exists()
