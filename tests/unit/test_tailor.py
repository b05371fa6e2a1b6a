"""Resolving a profile against the spec: a new Spec and a report; the base and the logic untouched."""

from __future__ import annotations

import itertools
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from justculture.engine import evaluate
from justculture.errors import ProfileErrors
from justculture.tailor import read_profile, tailor

REPO = Path(__file__).resolve().parents[2]
NORTHSHIRE = REPO / "examples" / "profiles" / "northshire" / "northshire.yaml"
EASTBROOK = REPO / "examples" / "profiles" / "eastbrook.yaml"
GUIDE, CHECKLIST = "just-culture-guide", "pre-disciplinary-checklist"
MINIMAL = """\
kind: profile
id: test-trust
base: {justculture: 1.0.0}
organisation: {name: Test Trust}
"""


@pytest.fixture(scope="module")
def northshire(spec: Any) -> tuple[Any, Any]:
    return tailor(spec, read_profile(NORTHSHIRE))


def profile_at(tmp_path: Path, text: str) -> Any:
    path = tmp_path / "trust.yaml"
    path.write_text(text, encoding="utf-8")
    return read_profile(path, "trust.yaml")


def test_the_base_spec_is_never_changed(spec: Any) -> None:
    before = json.dumps(spec.documents, sort_keys=True)
    tailor(spec, read_profile(NORTHSHIRE))
    assert json.dumps(spec.documents, sort_keys=True) == before


def test_the_edition_is_frozen(northshire: tuple[Any, Any]) -> None:
    edition, _ = northshire
    with pytest.raises(TypeError):
        edition.documents["charter"]["principles"][0]["text"] = "changed"


def test_the_report_lists_every_deviation_with_its_reason(northshire: tuple[Any, Any]) -> None:
    _, report = northshire
    found = {(d.kind, d.id) for d in report.deviations}
    assert found == {
        ("altered", "P16"),
        ("excluded", "P17"),
        ("added", "L01"),
        ("added", "L02"),
        ("scenario-excluded", "seclusion-checks"),
        ("scenario-added", "northshire-night-handover"),
    }
    for deviation in report.deviations:
        if deviation.kind in ("altered", "excluded", "added"):
            assert deviation.reason
    assert report.summary().startswith(
        "Northshire Hospitals NHS Foundation Trust adopts 18 of 20 principles unchanged; "
        "alters 1; excludes 1; adds 2 local principles."
    )


def test_an_edition_without_deviations_adopts_in_full(spec: Any) -> None:
    _, report = tailor(spec, read_profile(EASTBROOK))
    assert report.in_full
    assert report.summary() == "Eastbrook Community Health NHS Trust adopts the charter in full."


def test_the_charter_is_altered_excluded_added_and_renumbered(northshire: tuple[Any, Any]) -> None:
    edition, report = northshire
    principles = edition.documents["charter"]["principles"]
    ids = [p["id"] for p in principles]
    assert "P17" not in ids
    assert ids.index("L01") == ids.index("P18") + 1
    assert ids.index("L02") == ids.index("P10") + 1
    assert [p["number"] for p in principles] == list(range(1, len(principles) + 1))
    p16 = next(p for p in principles if p["id"] == "P16")
    assert "agreed by the Chief Operating Officer" in p16["text"]
    mark = report.edition.mark("P16")
    assert mark.status == "altered" and "rare and is never" in mark.base_text
    altered = next(d for d in report.deviations if d.id == "P16")
    assert ("added", "rare, is agreed by the Chief Operating Officer,") in altered.diff
    assert ("removed", "rare") in altered.diff


def test_links_to_an_excluded_principle_go(northshire: tuple[Any, Any]) -> None:
    edition, _ = northshire
    text = json.dumps(edition.documents)
    assert "charter#P17" not in text
    for doc_id in edition.ids_of_kind("scenario"):
        for objective in edition.documents[doc_id]["learning_objectives"]:
            assert "P17" not in objective["principles"]


def test_local_roles_reach_the_approver_and_the_outcome(northshire: tuple[Any, Any]) -> None:
    edition, _ = northshire
    answers = {"1": "conduct", "3": "iii", **{k: "yes" for k in ("3a", "3b", "3c", "3d", "final")}}
    result = evaluate(edition, CHECKLIST, answers, staff_group="nursing-midwifery")
    assert result.to_dict()["approver"]["role"] == "Chief Nurse"
    words = edition.documents[CHECKLIST]["outcomes"][1]["recommendation"]
    assert "Chief Nurse" in words and "Site Director of Nursing" not in words


def test_policy_links_are_set_at_outcomes(northshire: tuple[Any, Any]) -> None:
    _, report = northshire
    links = report.edition.policies_for(GUIDE, "individual-management")
    assert [link.policy for link in links][:2] == ["disciplinary", "capability"]
    assert links[0].link.startswith("https://www.northshire.example.nhs.uk/")


def test_scenarios_are_excluded_added_and_replayed(northshire: tuple[Any, Any]) -> None:
    edition, _ = northshire
    scenarios = edition.ids_of_kind("scenario")
    assert "seclusion-checks" not in scenarios
    assert "northshire-night-handover" in scenarios


def test_a_local_scenario_that_does_not_replay_is_located(spec: Any, tmp_path: Path) -> None:
    source = (NORTHSHIRE.parent / "scenarios" / "northshire-night-handover.yaml").read_text()
    broken = source.replace("expected_outcome: system-foresight", "expected_outcome: mitigation", 1)
    assert broken != source
    (tmp_path / "local.yaml").write_text(broken, encoding="utf-8")
    profile = profile_at(tmp_path, MINIMAL + "scenarios: {add: [local.yaml]}\n")
    with pytest.raises(ProfileErrors) as caught:
        tailor(spec, profile)
    error = caught.value.errors[0]
    assert error.code == "JC610" and "JC314" in error.message
    assert error.file.endswith("local.yaml") and error.line > 1


def test_drift_warns_and_strict_refuses(spec: Any, tmp_path: Path) -> None:
    text = MINIMAL + (
        "charter:\n  principles:\n    P06:\n      action: alter\n      text: We learn.\n"
        "      base_text: We will learn about what works.\n      reason: Shorter.\n"
    )
    profile = profile_at(tmp_path, text)
    _, report = tailor(spec, profile)
    assert [w.code for w in report.warnings] == ["JC609"]
    assert "We will learn about what works well" in report.warnings[0].message
    assert report.warnings[0].line == 10
    with pytest.raises(ProfileErrors) as caught:
        tailor(spec, profile, strict=True)
    assert caught.value.code == "JC609"


def test_another_major_version_is_refused_with_upgrade_steps(spec: Any, tmp_path: Path) -> None:
    profile = profile_at(tmp_path, MINIMAL.replace("1.0.0", "2.1.0"))
    with pytest.raises(ProfileErrors) as caught:
        tailor(spec, profile)
    assert caught.value.code == "JC608"
    assert "profile check --strict" in caught.value.message
    assert caught.value.line == 3


def test_unknown_ids_suggest_the_nearest(spec: Any, tmp_path: Path) -> None:
    text = MINIMAL + (
        "parameters: {roles: {medicl: Boss}}\n"
        "charter:\n  principles:\n    P7: {action: exclude, reason: r}\n"
        "scenarios: {exclude: [fall-at-hom]}\n"
    )
    with pytest.raises(ProfileErrors) as caught:
        tailor(spec, profile_at(tmp_path, text))
    messages = [e.message for e in caught.value]
    assert any("did you mean 'P07'?" in m for m in messages)
    assert any("did you mean 'fall-at-home'?" in m for m in messages)
    assert any("did you mean 'medical'?" in m for m in messages)
    assert {e.code for e in caught.value} == {"JC603"}


def test_a_local_principle_after_an_excluded_one_is_explained(spec: Any, tmp_path: Path) -> None:
    text = MINIMAL + (
        "charter:\n  principles:\n    P05: {action: exclude, reason: r}\n"
        "  add:\n    - {id: L01, after: P05, text: t, reason: r}\n"
    )
    with pytest.raises(ProfileErrors) as caught:
        tailor(spec, profile_at(tmp_path, text))
    assert "it is excluded" in caught.value.message


def test_profile_text_stays_data(spec: Any, tmp_path: Path) -> None:
    hostile = "<script>alert(1)</script> {{ 7*7 }} {% raw %}"
    text = MINIMAL.replace("{name: Test Trust}", f"{{name: {json.dumps(hostile)}}}")
    _, report = tailor(spec, profile_at(tmp_path, text))
    assert report.edition.name == hostile


# The decision logic is the source's: same outcome ids on a tailored edition as on the base ----

GUIDE_QUESTIONS = ("1a", "2a", "2b", "2c", "3a", "3b", "3c", "4a", "4b", "4c", "5a")


def test_every_guide_answer_set_gives_the_same_outcome(spec: Any, northshire: Any) -> None:
    edition, _ = northshire
    for values in itertools.product(("yes", "no"), repeat=len(GUIDE_QUESTIONS)):
        answers = dict(zip(GUIDE_QUESTIONS, values, strict=True))
        base = evaluate(spec, GUIDE, answers)
        ours = evaluate(edition, GUIDE, answers)
        assert (ours.outcome or {}).get("id") == (base.outcome or {}).get("id")
        assert ours.next == base.next


ITEMS = (
    "2", "2a", "2b", "2c", "2d", "3a", "3b", "3c", "3d", "4a", "4b", "4c", "4d", "4e",
    "5a", "5b", "5c", "5d", "5e", "5f", "5g", "6i", "6ii", "6iii", "final",
)  # fmt: skip


@st.composite
def checklist_answers(draw: st.DrawFn) -> dict[str, str]:
    answers = {item: draw(st.sampled_from(["yes", "no"])) for item in ITEMS if draw(st.booleans())}
    for item, values in (("1", ["capability", "conduct"]), ("3", ["i", "ii", "iii"])):
        value = draw(st.sampled_from([None, *values]))
        if value is not None:
            answers[item] = value
    return answers


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    answers=checklist_answers(), group=st.sampled_from(["nursing-midwifery", "medical", "other"])
)
def test_every_checklist_case_gives_the_same_outcome(
    spec: Any, northshire: Any, answers: dict[str, str], group: str
) -> None:
    edition, _ = northshire
    base = evaluate(spec, CHECKLIST, answers, staff_group=group).to_dict()
    ours = evaluate(edition, CHECKLIST, answers, staff_group=group).to_dict()
    assert (ours["outcome"] or {}).get("id") == (base["outcome"] or {}).get("id")
    assert ours["reasons"] == base["reasons"]


def test_an_unchanged_copy_of_the_example_folder_still_resolves(spec: Any, tmp_path: Path) -> None:
    shutil.copytree(NORTHSHIRE.parent, tmp_path / "northshire")
    edition, _ = tailor(spec, read_profile(tmp_path / "northshire" / "northshire.yaml"))
    assert "L01" in [p["id"] for p in edition.documents["charter"]["principles"]]


def test_a_folder_of_profiles_includes_a_trust_kept_in_a_folder_of_its_own(tmp_path: Path) -> None:
    from justculture.editions import profile_files

    (tmp_path / "a.yaml").write_text("kind: profile\n", encoding="utf-8")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "b.yaml").write_text("kind: profile\n", encoding="utf-8")
    (tmp_path / "b" / "scenarios").mkdir()
    (tmp_path / "b" / "scenarios" / "local.yaml").write_text("kind: scenario\n", encoding="utf-8")
    (tmp_path / "notes").mkdir()
    found = [path.relative_to(tmp_path).as_posix() for path in profile_files([tmp_path])]
    assert found == ["a.yaml", "b/b.yaml"]
