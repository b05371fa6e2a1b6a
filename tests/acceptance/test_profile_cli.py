"""``justculture profile init|check|report`` as a trust's HR lead would use them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from justculture.cli import main

REPO = Path(__file__).resolve().parents[2]
NORTHSHIRE = REPO / "examples" / "profiles" / "northshire" / "northshire.yaml"
EASTBROOK = REPO / "examples" / "profiles" / "eastbrook.yaml"


def test_init_writes_a_starter_that_checks_clean(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["profile", "init", "--organisation", "Riverside Mental Health NHS Trust"]) == 0
    starter = capsys.readouterr().out
    assert 'name: "Riverside Mental Health NHS Trust"' in starter
    for number in range(1, 21):
        assert f"    P{number:02d}:\n      action: keep\n" in starter
    for parameter in (
        "occupational-health",
        "freedom-to-speak-up",
        "disciplinary",
        "nursing-midwifery",
    ):
        assert parameter in starter
    path = tmp_path / "trust.yaml"
    path.write_text(starter, encoding="utf-8")
    assert main(["profile", "check", str(path)]) == 0
    assert "adopts the charter in full" in capsys.readouterr().out


def test_init_quotes_a_hostile_name(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    name = 'Evil": {x: 1} # <script>'
    assert main(["profile", "init", "--organisation", name]) == 0
    path = tmp_path / "trust.yaml"
    path.write_text(capsys.readouterr().out, encoding="utf-8")
    assert main(["profile", "check", str(path), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["report"]["organisation"] == name


def test_init_refuses_a_name_on_two_lines(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["profile", "init", "--organisation", "A\x1b[31mB"]) == 1
    assert "error[JC602]" in capsys.readouterr().err


def test_check_the_altering_example(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["profile", "check", str(NORTHSHIRE)]) == 0
    out = capsys.readouterr().out
    assert "adopts 18 of 20 principles unchanged; alters 1; excludes 1; adds 2" in out


def test_check_as_json_lists_every_deviation(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["profile", "check", str(NORTHSHIRE), "--format", "json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert found["valid"] is True
    ids = [d["id"] for d in found["report"]["deviations"]]
    assert ids[:4] == ["P16", "P17", "L01", "L02"]
    assert all(d["reason"] for d in found["report"]["deviations"][:4])


def test_a_bad_profile_exits_1_with_located_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "trust.yaml"
    path.write_text(
        "kind: profile\nid: t\nbase: {justculture: 1.0.0}\norganisation: {name: T}\n"
        "charter:\n  principles:\n    P7: {action: exclude, reason: r}\n",
        encoding="utf-8",
    )
    assert main(["profile", "check", str(path)]) == 1
    err = capsys.readouterr().err
    assert (
        f"{path}:7:5: error[JC603]: 'P7' is not a principle of the charter; did you mean 'P07'?"
        in err
    )
    assert "Traceback" not in err
    assert main(["profile", "check", str(path), "--format", "json"]) == 1
    assert json.loads(capsys.readouterr().out)["errors"][0]["code"] == "JC603"


def test_a_direction_control_in_a_profile_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # U+202E would print the trust's name reversed ("tsurT") in every footer and page.
    path = tmp_path / "trust.yaml"
    path.write_text(
        "kind: profile\nid: t\nbase: {justculture: 1.0.0}\n"
        'organisation: {name: "Eastbrook \u202eTrust"}\n',
        encoding="utf-8",
    )
    assert main(["profile", "check", str(path)]) == 1
    err = capsys.readouterr().err
    assert f"{path}:4:22: error[JC601]" in err and "U+202E" in err
    assert "Traceback" not in err


def test_drift_warns_then_strict_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = NORTHSHIRE.read_text(encoding="utf-8").replace(
        "rare and is never a knee jerk", "rare and never a knee jerk"
    )
    path = NORTHSHIRE.parent / "drifted-test-copy.yaml"
    try:
        path.write_text(text, encoding="utf-8")
        assert main(["profile", "check", str(path)]) == 0
        assert "warning[JC609]" in capsys.readouterr().err
        assert main(["profile", "check", str(path), "--strict"]) == 1
        assert "error[JC609]" in capsys.readouterr().err
    finally:
        path.unlink()


def test_a_bad_command_line_exits_2() -> None:
    with pytest.raises(SystemExit) as caught:
        main(["profile", "check"])
    assert caught.value.code == 2


def test_report_never_replaces_a_file_it_did_not_write(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mine = tmp_path / "charter.docx"
    mine.write_bytes(b"the trust's own document")
    assert main(["profile", "report", str(EASTBROOK), "--out", str(tmp_path)]) == 1
    assert "error[JC505]" in capsys.readouterr().err
    assert mine.read_bytes() == b"the trust's own document"
    assert not (tmp_path / "tailoring-report.md").exists()


def test_report_never_replaces_the_profile(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    profile = tmp_path / "tailoring-report.md"
    profile.write_text(EASTBROOK.read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["profile", "report", str(profile), "--out", str(tmp_path), "--force"]) == 1
    assert "error[JC506]" in capsys.readouterr().err


def test_a_decision_record_carries_the_trust_and_its_local_approver(tmp_path: Path) -> None:
    import pypdf

    answers = tmp_path / "answers.yaml"
    answers.write_text(
        '1: conduct\n3: iii\n3a: "yes"\n3b: "yes"\n3c: "yes"\n3d: "yes"\nfinal: "yes"\n',
        encoding="utf-8",
    )
    out = tmp_path / "record.pdf"
    arguments = ["record", "pre-disciplinary-checklist", "--answers", str(answers)]
    arguments += ["--staff-group", "nursing-midwifery", "--profile", str(NORTHSHIRE)]
    assert main([*arguments, "--out", str(out)]) == 0
    text = " ".join(" ".join(p.extract_text() for p in pypdf.PdfReader(out).pages).split())
    assert "Chief Nurse" in text
    assert "Site Director of Nursing" not in text
    assert "Adapted from Being fair (2019) by Northshire Hospitals NHS Foundation Trust" in text
