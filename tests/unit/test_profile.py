"""Reading a trust's profile: located JC6xx errors for every kind of bad or hostile input."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from justculture.errors import CATALOGUE, ProfileError, ProfileErrors
from justculture.tailor import read_profile
from justculture.tailor.profile import contrast_on_white, did_you_mean, parameters, safe_link

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "profiles"
MINIMAL = """\
kind: profile
id: test-trust
base: {justculture: 1.0.0}
organisation:
  name: Test Trust
"""


def write(folder: Path, text: str, name: str = "trust.yaml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def problems(path: Path) -> list[ProfileError]:
    with pytest.raises(ProfileErrors) as caught:
        read_profile(path, path.name)
    return list(caught.value)


def only(path: Path) -> ProfileError:
    found = problems(path)
    assert len(found) == 1, [str(p) for p in found]
    return found[0]


def test_the_minimal_profile_reads(tmp_path: Path) -> None:
    profile = read_profile(write(tmp_path, MINIMAL))
    assert profile.name == "Test Trust"
    assert profile.logo is None


def test_every_profile_code_is_catalogued_with_a_fix() -> None:
    codes = [code for code in CATALOGUE if code.startswith("JC6")]
    assert len(codes) >= 10
    for code in codes:
        assert CATALOGUE[code].summary and CATALOGUE[code].fix


def test_bad_yaml_is_a_located_jc601(tmp_path: Path) -> None:
    error = only(write(tmp_path, MINIMAL + "  name: again\n"))
    assert error.code == "JC601"
    assert (error.file, error.line) == ("trust.yaml", 6)


def test_a_misspelt_field_suggests_the_right_one(tmp_path: Path) -> None:
    text = MINIMAL.replace("organisation:", "organisation:\n  shortname: T")
    error = only(write(tmp_path, text))
    assert error.code == "JC602"
    assert "did you mean 'short_name'?" in error.message
    assert error.format().startswith("trust.yaml:5:3: error[JC602]")


def test_touching_logic_is_refused_with_the_reason(tmp_path: Path) -> None:
    error = only(write(tmp_path, MINIMAL + "rules:\n  - {id: q7, outcome: development-plan}\n"))
    assert error.code == "JC604"
    assert "never tailorable" in error.message
    assert (error.line, error.column) == (6, 1)


@pytest.mark.parametrize(
    "link",
    [
        "javascript:alert(1)",
        "http://insecure.example/",
        "data:text/html,x",
        "https://",
        "file:///etc",
    ],
)
def test_only_https_and_mailto_links_are_allowed(tmp_path: Path, link: str) -> None:
    text = MINIMAL + f"  website: '{link}'\n"
    error = only(write(tmp_path, text))
    assert error.code == "JC605"
    assert error.pointer == "/organisation/website"
    assert error.line == 6


def test_safe_links_pass() -> None:
    assert safe_link("https://www.example.nhs.uk/policies/hr07") is None
    assert safe_link("mailto:hr@example.nhs.uk") is None
    assert safe_link("https://user:pw@example.nhs.uk/") is not None
    assert safe_link('https://example.nhs.uk/"onmouseover=alert(1)') is not None


def test_a_bad_email_is_refused(tmp_path: Path) -> None:
    text = MINIMAL + "parameters:\n  contacts:\n    hr: {name: HR, email: 'x@y\" onclick=1'}\n"
    assert only(write(tmp_path, text)).code == "JC605"


def test_a_pale_accent_colour_is_refused_with_its_contrast(tmp_path: Path) -> None:
    error = only(write(tmp_path, MINIMAL + '  accent_colour: "#7FB2E5"\n'))
    assert error.code == "JC606"
    assert ":1 on white" in error.message
    assert contrast_on_white("#005EB8") >= 4.5  # NHS blue passes
    assert contrast_on_white("#FFFFFF") == pytest.approx(1.0)


@pytest.mark.parametrize(
    "logo", ["script.svg", "external.svg", "onload.svg", "entity.svg", "style.svg", "fake.png"]
)
def test_hostile_logos_are_refused(tmp_path: Path, logo: str) -> None:
    shutil.copy(FIXTURES / logo, tmp_path / logo)
    error = only(write(tmp_path, MINIMAL + f"  logo: {logo}\n"))
    assert error.code == "JC607"
    assert error.pointer == "/organisation/logo"


def test_a_logo_outside_the_folder_is_refused(tmp_path: Path) -> None:
    assert only(write(tmp_path, MINIMAL + "  logo: ../../etc/passwd\n")).code == "JC607"


def test_a_plain_svg_logo_is_kept(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "good-logo.svg", tmp_path / "logo.svg")
    profile = read_profile(write(tmp_path, MINIMAL + "  logo: logo.svg\n"))
    assert profile.logo is not None and profile.logo.media_type == "image/svg+xml"


def test_unknown_parameters_suggest_the_nearest(tmp_path: Path) -> None:
    text = MINIMAL + "parameters:\n  policies:\n    disciplnary: {link: 'https://x.example/'}\n"
    error = only(write(tmp_path, text))
    assert error.code == "JC603"
    assert "did you mean 'disciplinary'?" in error.message


def test_huge_values_are_refused(tmp_path: Path) -> None:
    text = MINIMAL.replace("name: Test Trust", "name: " + "x" * 5000)
    assert only(write(tmp_path, text)).code == "JC602"


def test_an_alteration_needs_its_base_text_and_reason(tmp_path: Path) -> None:
    text = MINIMAL + "charter:\n  principles:\n    P01: {action: alter, text: New words}\n"
    found = problems(write(tmp_path, text))
    assert {p.code for p in found} == {"JC602"}
    assert any("base_text" in p.message or "reason" in p.message for p in found)


def test_did_you_mean_prefers_the_same_number() -> None:
    assert did_you_mean("P7", [f"P{n:02d}" for n in range(1, 21)]) == "; did you mean 'P07'?"
    assert did_you_mean("zzz", ["P01"]) == ""


def test_every_policy_names_outcomes_the_spec_has(spec: Any) -> None:
    for targets in parameters().policy_outcomes.values():
        for target in targets:
            tool_id, outcome = target.split("#")
            assert outcome in spec.tools[tool_id].outcomes, target


def test_errors_pickle_for_worker_processes(tmp_path: Path) -> None:
    import pickle

    with pytest.raises(ProfileErrors) as caught:
        read_profile(write(tmp_path, MINIMAL + "rules: []\n"))
    again = pickle.loads(pickle.dumps(caught.value))
    assert [e.format() for e in again] == [e.format() for e in caught.value]
