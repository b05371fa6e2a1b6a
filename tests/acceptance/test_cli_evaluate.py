"""`justculture evaluate` and `justculture walk`, run as a user would run them."""

from __future__ import annotations

import io
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from cli_runs import run_justculture
from justculture.engine import evaluate
from justculture.frozen import thaw
from justculture.interactive import Walk
from justculture.model import Spec
from justculture.render.reasons import reason_texts
from justculture.render.renderer import Renderer
from justculture.reporters import result_text

GUIDE = "just-culture-guide"
CHECKLIST = "pre-disciplinary-checklist"


def run_cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return run_justculture(*args, stdin=stdin, timeout=60)


def test_json_output_is_exactly_the_library_result(spec: Any, tmp_path: Path) -> None:
    answers = {"1a": "no", "2a": "no", "2b": "no", "2c": "no", "3a": "yes", "3b": "no"}
    path = tmp_path / "answers.yaml"
    path.write_text(
        "\n".join(f"{key}: {value}" for key, value in answers.items()), encoding="utf-8"
    )
    done = run_cli("evaluate", GUIDE, "--answers", str(path), "--format", "json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == evaluate(spec, GUIDE, answers).to_dict()


def test_answers_from_stdin_and_flags_combine_and_flags_win(spec: Any) -> None:
    done = run_cli(
        "evaluate",
        CHECKLIST,
        "--answers",
        "-",
        "--answer",
        "3b=yes",
        "--staff-group",
        "medical",
        "--format",
        "json",
        stdin='{"3": "iii", "3a": "yes", "3b": "no", "3c": "yes", "3d": "yes", "final": "yes"}',
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["outcome"]["id"] == "formal-investigation"
    assert result["approver"]["role"] == "Site Medical Director"


def test_text_output_gives_outcome_reasons_and_obligations() -> None:
    done = run_cli("evaluate", GUIDE, "--answer", "1a=yes")
    assert done.returncode == 0
    assert (
        "Outcome:" in done.stdout
        and "Why:" in done.stdout
        and "Whatever the outcome:" in done.stdout
    )


def why_bullets(text: str) -> list[str]:
    """The bullets under "Why:", each unwrapped and with its spaces taken out (wrapping moves them)."""
    block = text.split("\nWhy:\n", 1)[1].split("\n\n", 1)[0]
    return ["".join(bullet.split()) for bullet in block.removeprefix("- ").split("\n- ")]


@pytest.mark.parametrize(
    ("tool", "answers"),
    [
        (GUIDE, {"1a": "no", "2a": "yes"}),
        (CHECKLIST, {"3": "iii", "3a": "yes", "3b": "no", "3c": "yes"}),
    ],
)
def test_json_gives_reasons_as_data_and_text_words_them(
    spec: Any, tool: str, answers: dict[str, str]
) -> None:
    flags = [part for key, value in answers.items() for part in ("--answer", f"{key}={value}")]
    data = json.loads(run_cli("evaluate", tool, *flags, "--format", "json").stdout)
    assert data["reasons"] == evaluate(spec, tool, answers).to_dict()["reasons"]
    assert all(
        set(row) in ({"question", "answer", "target"}, {"rule", "target"})
        for row in data["reasons"]
    )
    text = run_cli("evaluate", tool, *flags).stdout
    worded = reason_texts(spec.tool(tool), data["reasons"])
    assert why_bullets(text) == ["".join(sentence.split()) for sentence in worded]


def test_an_incomplete_answer_set_is_valid_and_names_the_next_question() -> None:
    done = run_cli("evaluate", GUIDE, "--answer", "1a=no", "--format", "json")
    assert done.returncode == 0
    assert json.loads(done.stdout)["next"] == ["2a"]


@pytest.mark.parametrize(
    ("content", "code", "line", "column"),
    [
        ("1a: no\n2a: perhaps\n", "JC403", 2, 5),
        ("1a: no\nzz: yes\n", "JC402", 2, 1),
        ("- 1a\n", "JC404", 1, 1),
        ("1a: no\n1a: yes\n", "JC104", 2, 1),
    ],
)
def test_invalid_answers_file_gives_a_located_coded_error(
    tmp_path: Path, content: str, code: str, line: int, column: int
) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text(content, encoding="utf-8")
    done = run_cli("evaluate", GUIDE, "--answers", str(path))
    assert done.returncode == 1
    assert f"{path}:{line}:{column}: error[{code}]" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout


@pytest.mark.parametrize(
    "args",
    [("evaluate",), ("evaluate", GUIDE, "--format", "xml"), ("walk",), ("no-such-command",)],
)
def test_usage_errors_exit_2(args: tuple[str, ...]) -> None:
    done = run_cli(*args)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr


def test_unknown_tool_and_bad_flag_values_exit_1() -> None:
    assert run_cli("evaluate", "no-such-tool").returncode == 1
    assert run_cli("evaluate", GUIDE, "--answer", "1a").returncode == 1
    assert run_cli("evaluate", CHECKLIST, "--staff-group", "porters").returncode == 1


def test_the_same_question_answered_twice_on_the_command_line_is_refused() -> None:
    # Keeping the last answer quietly would hide a typo; a file refuses the same (JC104).
    done = run_cli("evaluate", GUIDE, "--answer", "1a=yes", "--answer", "1a=no")
    assert done.returncode == 1
    assert "error[JC404]" in done.stderr and "given twice" in done.stderr


def test_walk_asks_one_question_at_a_time_with_back_and_writes_a_record(
    spec: Any, tmp_path: Path
) -> None:
    record = tmp_path / "record.md"
    # 1a no; 2a: an invalid reply, then no; 2b no, taken back and answered again; 2c no; 3a no.
    script = "no\nmaybe\nno\nno\nback\nno\nno\nno\n"
    done = run_cli("walk", GUIDE, "--record", str(record), stdin=script)
    assert done.returncode == 0, done.stderr
    assert "Please answer yes or no" in done.stdout
    assert "Outcome:" in done.stdout
    text = record.read_text(encoding="utf-8")
    assert "| 2a: " in text and "| 3a: " in text
    assert done.stdout.count("2b: Is there") == 2
    assert "Information obtained" in text
    assert "Signed:" in text
    # The record's "Why" words each reason with the same macro as the terminal.
    walked = {"1a": "no", "2a": "no", "2b": "no", "2c": "no", "3a": "no"}
    worded = reason_texts(spec.tool(GUIDE), evaluate(spec, GUIDE, walked).reasons)
    assert "## Why\n\n" + "".join(f"- {sentence}\n" for sentence in worded) in text


def test_walk_through_the_checklist_reaches_its_outcome_and_approver(spec: Any) -> None:
    checklist = spec.tool(CHECKLIST)
    replies = {"1": "conduct", "3": "iii"}
    script = "".join(f"{replies.get(item.id, 'yes')}\n" for item in checklist.answerable_items())
    done = run_cli("walk", CHECKLIST, "--staff-group", "nursing-midwifery", stdin=script)
    assert done.returncode == 0, done.stderr
    assert spec.tool(CHECKLIST).outcomes["formal-investigation"].title in done.stdout
    assert "Site Director of Nursing and Midwifery" in done.stdout


def test_walk_stopped_early_saves_nothing(tmp_path: Path) -> None:
    record = tmp_path / "record.md"
    done = run_cli("walk", GUIDE, "--record", str(record), stdin="no\nquit\n")
    assert done.returncode == 0
    assert "Nothing was saved" in done.stdout
    assert not record.exists()


def test_a_bad_flag_answer_is_blamed_on_the_command_line_not_the_file(tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text("1a: no\n", encoding="utf-8")
    done = run_cli("evaluate", GUIDE, "--answers", str(path), "--answer", "2a=perhaps")
    assert done.returncode == 1
    assert "<command line>: error[JC403]" in done.stderr
    assert str(path) not in done.stderr


def test_the_guide_refuses_a_staff_group() -> None:
    done = run_cli("evaluate", GUIDE, "--staff-group", "medical")
    assert done.returncode == 1
    assert "error[JC405]" in done.stderr


def test_every_guide_outcome_says_what_the_wider_investigation_should_look_at(spec: Any) -> None:
    for outcome in spec.tool(GUIDE).outcomes.values():
        assert outcome.investigation_focus, outcome.id
    done = run_cli("evaluate", GUIDE, "--answer", "1a=yes")
    assert "For the wider investigation:" in done.stdout


# Alerts: above the outcome, in text and JSON ---------------------------------------------------


def flat(text: str) -> str:
    """Text with its line wrapping undone, so a sentence can be found across lines."""
    return " ".join(text.split())


def test_harm_and_drink_alerts_come_before_the_development_plan(spec: Any) -> None:
    flags = ("--answer", "2a=yes", "--answer", "2b=yes", "--answer", "3=i")
    done = run_cli("evaluate", CHECKLIST, *flags)
    assert done.returncode == 0, done.stderr
    text = flat(done.stdout)
    alerts = evaluate(spec, CHECKLIST, {"2a": "yes", "2b": "yes", "3": "i"}).alerts
    shown = [text.index(f"STOP: {flat(alert['text'])}") for alert in alerts]
    assert len(shown) == 2 and shown == sorted(shown)
    assert shown[-1] < text.index("Outcome: Development plan")
    data = json.loads(run_cli("evaluate", CHECKLIST, *flags, "--format", "json").stdout)
    assert [(row["id"], row["severity"]) for row in data["alerts"]] == [
        ("alert-intent", "stop"),
        ("alert-impairment", "stop"),
    ]
    assert list(data)[: list(data).index("alerts") + 1][-2:] == ["complete", "alerts"]


def test_capability_with_a_gross_misconduct_yes_asks_to_check_the_answers() -> None:
    done = run_cli("evaluate", CHECKLIST, "--answer", "1=capability", "--answer", "2=yes")
    assert done.returncode == 0, done.stderr
    text = flat(done.stdout)
    stop, check = text.index("STOP: Follow your"), text.index("CHECK YOUR ANSWERS: Check")
    assert stop < check < text.index("Not finished yet")
    data = json.loads(
        run_cli(
            "evaluate",
            CHECKLIST,
            "--answer",
            "1=capability",
            "--answer",
            "2=yes",
            "--format",
            "json",
        ).stdout
    )
    assert [row["severity"] for row in data["alerts"]] == ["stop", "check"]


def test_no_alert_no_alert_lines() -> None:
    done = run_cli("evaluate", CHECKLIST, "--answer", "1=conduct", "--answer", "2=no")
    assert "STOP" not in done.stdout and "CHECK YOUR ANSWERS" not in done.stdout


def test_the_walk_shows_the_alert_above_the_guide_outcome(spec: Any) -> None:
    done = run_cli("walk", GUIDE, stdin="yes\n")
    assert done.returncode == 0, done.stderr
    text = flat(done.stdout)
    alert = flat(spec.tool(GUIDE).alerts[0].text)
    assert text.index(f"STOP: {alert}") < text.index("Outcome: Harm was intended")


def test_alert_text_is_shown_not_obeyed_by_the_terminal(spec: Any) -> None:
    documents = thaw(dict(spec.documents))
    documents[GUIDE]["alerts"][0]["text"] = "Red \x1b[31mflag\x1b[0m"
    hostile = Spec.from_documents(spec.version, documents, schemas=spec.schemas)
    text = result_text(hostile, evaluate(hostile, GUIDE, {"1a": "yes"}))
    assert "STOP: Red flag" in text
    assert "\x1b" not in text


def test_the_walk_says_a_stop_as_soon_as_an_answer_raises_it(spec: Any) -> None:
    # 1 capability, 2 yes, then 2a yes and quit: each alert is said before the next question.
    done = run_cli("walk", CHECKLIST, stdin="capability\nyes\nyes\nquit\n")
    assert done.returncode == 0, done.stderr
    text = flat(done.stdout)
    alerts = {alert.id: flat(alert.text) for alert in spec.tool(CHECKLIST).alerts}
    misconduct = text.index(f"STOP: {alerts['alert-gross-misconduct']}")
    check = text.index(f"CHECK YOUR ANSWERS: {alerts['alert-capability-and-gross-misconduct']}")
    intent = text.index(f"STOP: {alerts['alert-intent']}")
    assert misconduct < check < text.index("2a: Did the worker") < intent < text.index("2b: Did")
    assert text.count(alerts["alert-gross-misconduct"]) == 1  # said once, not at every question
    assert "Nothing was saved" in done.stdout


def test_a_walk_alert_comes_back_after_back_and_a_new_yes() -> None:
    done = run_cli("walk", GUIDE, stdin="no\nyes\n")
    # 1a no, 2a yes: the guide ends at its outcome, with the alert above it.
    assert flat(done.stdout).count("STOP: Get advice from HR") == 1
    done = run_cli("walk", CHECKLIST, stdin="conduct\nno\nyes\nback\nno\nback\nyes\nquit\n")
    assert flat(done.stdout).count("STOP: Use the deliberate harm test") == 2


def test_a_walk_alert_is_shown_not_obeyed_by_the_terminal(spec: Any) -> None:
    documents = thaw(dict(spec.documents))
    documents[CHECKLIST]["alerts"][0]["text"] = "Red \x1b]0;owned\x07flag"
    hostile = Spec.from_documents(spec.version, documents, schemas=spec.schemas)
    out = io.StringIO()
    Walk(hostile, CHECKLIST, Renderer()).run(io.StringIO("conduct\nno\nyes\nquit\n"), out)
    assert "STOP: Red" in out.getvalue() and "flag" in out.getvalue()
    assert "\x1b" not in out.getvalue() and "\x07" not in out.getvalue()
