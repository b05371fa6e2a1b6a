"""A training session written to disk and read back: handouts hide the answers, the pack has them."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from cli_runs import run_justculture
from justculture.cli import main
from justculture.errors import JustCultureError
from justculture.model import Spec
from justculture.render.renderer import Renderer
from justculture.render.session_packs import write_session
from paper_text import normalise

CHOSEN = ["insulin-before-procedure", "seclusion-checks", "fall-at-home"]
MINUTES = 90
TOOLS = ("just-culture-guide", "pre-disciplinary-checklist")


@pytest.fixture(scope="module")
def session(spec: Spec, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("session")
    written = write_session(spec, CHOSEN, MINUTES, out, Renderer())
    return {path.name: path for path in written}


# WeasyPrint draws the page margins (running title, copy label, footer) after the body, and list
# markers on lines of their own; both would split a paragraph that runs over a page break.
MARGIN_LINE = re.compile(
    r"^(.* (Participant handout|Facilitator copy)|justculture edition of Being fair \(2019\) .* Page \d+ of \d+)$"
)
MARKER_LINE = re.compile(r"^\s*(\d+\.|•)\s*$")


def body_text(raw: str) -> str:
    lines = [line for line in raw.split("\n") if not MARGIN_LINE.match(line)]
    lines = [line for line in lines if not MARKER_LINE.match(line)]
    # A line that ends in a hyphen was broken after the hyphen, not between two words.
    return re.sub(r"-\n", "-", "\n".join(lines))


def pdf_text(path: Path) -> str:
    reader = PdfReader(str(path))
    return normalise(" ".join(body_text(page.extract_text() or "") for page in reader.pages))


def margin_text(path: Path) -> str:
    reader = PdfReader(str(path))
    return " ".join(page.extract_text() or "" for page in reader.pages)


def scenario(spec: Spec, scenario_id: str) -> Mapping[str, Any]:
    return spec.documents[scenario_id]


def reasons(data: Mapping[str, Any]) -> Iterator[str]:
    for stage in data["stages"]:
        for run in stage["answers"]:
            for row in run["values"].values():
                yield row["reason"]


def notes(data: Mapping[str, Any]) -> Iterator[str]:
    for rows in data["facilitator_notes"].values():
        yield from rows


def outcome_titles(spec: Spec) -> list[str]:
    return [outcome.title for tool in TOOLS for outcome in spec.tool(tool).outcomes.values()]


def expected_titles(spec: Spec, data: Mapping[str, Any]) -> set[str]:
    return {
        spec.tool(run["tool"]).outcomes[run["expected_outcome"]].title
        for stage in data["stages"]
        for run in stage["answers"]
    }


def test_writes_a_plan_a_pack_and_a_handout_per_scenario(session: dict[str, Path]) -> None:
    expected = {"session-plan.md", "facilitator-pack.pdf"} | {f"handout-{i}.pdf" for i in CHOSEN}
    assert set(session) == expected
    folder = next(iter(session.values())).parent
    assert sorted(p.name for p in folder.iterdir()) == sorted(expected)  # no temporary files left


@pytest.mark.parametrize("scenario_id", CHOSEN)
def test_handout_has_the_story_and_questions_only(
    spec: Spec, session: dict[str, Path], scenario_id: str
) -> None:
    data = scenario(spec, scenario_id)
    text = pdf_text(session[f"handout-{scenario_id}.pdf"])
    for stage in data["stages"]:
        assert normalise(stage["narrative"]) in text
        for question in stage["discussion_questions"]:
            assert normalise(question) in text
    leaked_reasons = [reason for reason in reasons(data) if normalise(reason) in text]
    assert leaked_reasons == []
    leaked_notes = [note for note in notes(data) if normalise(note)[:60] in text]
    assert leaked_notes == []
    lowered = text.lower()
    assert [title for title in outcome_titles(spec) if title.lower() in lowered] == []
    assert normalise(data["summary"]) not in text
    margins = margin_text(session[f"handout-{scenario_id}.pdf"])
    assert "Facilitator copy" not in margins
    assert "Participant handout" in margins


def test_facilitator_pack_has_everything(spec: Spec, session: dict[str, Path]) -> None:
    text = pdf_text(session["facilitator-pack.pdf"])
    pages = PdfReader(str(session["facilitator-pack.pdf"])).pages
    assert all("Facilitator copy" in (page.extract_text() or "") for page in pages)
    for scenario_id in CHOSEN:
        data = scenario(spec, scenario_id)
        for stage in data["stages"]:
            assert normalise(stage["narrative"]) in text
        for reason in reasons(data):
            assert normalise(reason) in text, reason
        for note in notes(data):
            assert normalise(note) in text, note
        for title in expected_titles(spec, data):
            assert f"Expected outcome: {title}" in text
        assert normalise(data["restorative"]["who_is_hurt"]["patient_and_family"]) in text
        assert normalise(data["restorative"]["involve_community"]) in text


def test_every_page_has_a_number_and_the_edition(spec: Spec, session: dict[str, Path]) -> None:
    for name, path in session.items():
        if not name.endswith(".pdf"):
            continue
        pages = PdfReader(str(path)).pages
        for number, page in enumerate(pages, start=1):
            text = normalise(page.extract_text() or "")
            assert f"Page {number} of {len(pages)}" in text, (name, number)
            assert f"Being fair (2019) • version {spec.version}" in text, (name, number)
            assert "Spec version" not in text, (name, number)


def timetable_minutes(plan: str) -> tuple[list[int], int]:
    rows = re.findall(r"^\| (\d+:\d\d) \| (\d+) \|", plan, re.MULTILINE)
    total = re.search(r"^\| Total \| (\d+) \|", plan, re.MULTILINE)
    assert rows and total
    return [int(minutes) for _, minutes in rows], int(total.group(1))


def test_plan_timings_add_up_to_the_session(session: dict[str, Path]) -> None:
    plan = session["session-plan.md"].read_text(encoding="utf-8")
    minutes, total = timetable_minutes(plan)
    assert sum(minutes) == total == MINUTES
    assert f"A {MINUTES}-minute session" in plan
    for name in session:
        if name.endswith(".pdf"):
            assert f"`{name}`" in plan


def test_pack_timetable_matches_the_plan(session: dict[str, Path]) -> None:
    plan = session["session-plan.md"].read_text(encoding="utf-8")
    minutes, _ = timetable_minutes(plan)
    pack = pdf_text(session["facilitator-pack.pdf"])
    assert f"Timetable: {MINUTES} minutes" in pack
    assert len(minutes) == 2 + sum(1 for _ in CHOSEN) + 2 * 2 * len(CHOSEN)


def test_a_shorter_session_still_adds_up(spec: Spec, tmp_path: Path) -> None:
    written = write_session(spec, CHOSEN[:2], 60, tmp_path, Renderer())
    plan = next(path for path in written if path.suffix == ".md").read_text(encoding="utf-8")
    minutes, total = timetable_minutes(plan)
    assert sum(minutes) == total == 60


def test_unknown_scenario_writes_nothing(spec: Spec, tmp_path: Path) -> None:
    with pytest.raises(JustCultureError) as caught:
        write_session(
            spec, ["fall-at-home", "no-such-scenario"], MINUTES, tmp_path / "out", Renderer()
        )
    assert caught.value.code == "JC407"
    assert not (tmp_path / "out").exists()


def test_too_short_a_session_is_refused(spec: Spec, tmp_path: Path) -> None:
    with pytest.raises(JustCultureError) as caught:
        write_session(spec, CHOSEN, 10, tmp_path, Renderer())
    assert caught.value.code == "JC412"
    assert list(tmp_path.iterdir()) == []


def test_cli_session_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        ["session", "--scenarios", "blood-sample-labels", "--minutes", "40", "--out", str(tmp_path)]
    )
    assert code == 0
    assert "handout-blood-sample-labels.pdf" in capsys.readouterr().out
    assert (tmp_path / "facilitator-pack.pdf").is_file()
    assert main(["session", "--scenarios", "nope", "--out", str(tmp_path / "x")]) == 1
    assert "JC407" in capsys.readouterr().err


# Minimum times -------------------------------------------------------------------------------

FOUR = ["fall-at-home", "seclusion-checks", "insulin-before-procedure", "blood-sample-labels"]


def test_four_scenarios_in_thirty_minutes_are_refused_with_the_minimum(tmp_path: Path) -> None:
    done = run_justculture(
        "session", "--scenarios", ",".join(FOUR), "--minutes", "30", "--out", tmp_path / "out"
    )
    assert done.returncode == 1
    assert "error[JC412]" in done.stderr
    assert "need at least 86 minutes" in done.stderr
    assert "5 for the introduction" in done.stderr
    assert not (tmp_path / "out").exists()


def test_a_tight_session_is_planned_with_a_warning_on_standard_error(tmp_path: Path) -> None:
    done = run_justculture(
        "session", "--scenarios", ",".join(FOUR), "--minutes", "100", "--out", tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.startswith("warning[JC801]: 100 minutes is tight")
    assert "warning" not in done.stdout
    plan = (tmp_path / "session-plan.md").read_text(encoding="utf-8")
    assert "Check before you run this plan: 100 minutes is tight" in plan
    assert "Check before you run this plan" in pdf_text(tmp_path / "facilitator-pack.pdf")


def test_a_tight_plan_keeps_every_part_at_its_minimum(spec: Spec, tmp_path: Path) -> None:
    from justculture.render.session_packs import session_plan
    from justculture.sessions import MINIMUMS

    plan = session_plan(spec, FOUR, 86)
    assert sum(slot.minutes for slot in plan.slots) == 86
    assert all(slot.minutes >= MINIMUMS[slot.kind] for slot in plan.slots)
    assert [warning.code for warning in plan.warnings] == ["JC801"]
    assert not session_plan(spec, FOUR[:2], 90).warnings


def test_no_plan_says_one_minutes(spec: Spec, tmp_path: Path) -> None:
    written = write_session(spec, FOUR, 86, tmp_path, Renderer())
    texts = [path.read_text(encoding="utf-8") for path in written if path.suffix == ".md"]
    texts += [pdf_text(path) for path in written if path.suffix == ".pdf"]
    for text in texts:
        assert not re.search(r"\b1 minutes\b", text)


# The pack carries the whole session -----------------------------------------------------------


def test_the_pack_holds_the_introduction_the_before_list_and_the_close(
    session: dict[str, Path],
) -> None:
    pack = pdf_text(session["facilitator-pack.pdf"])
    assert "Before the session" in pack
    assert normalise("Print the facilitator pack for facilitators only.") in pack
    assert re.search(r"Introduction \(\d+ minutes\)", pack)
    assert normalise("Welcome everyone and agree ground rules") in pack
    assert re.search(r"Close \(\d+ minutes\)", pack)
    assert normalise("Ask each person to name one thing they will do differently") in pack
    # The close is on the front pages with the introduction, said to come at the end: after the
    # last scenario it went over to a page of its own with three lines on it.
    assert pack.index("Before the session") < pack.index("Close (") < pack.index("Scenario 1:")
    assert "At the end of the session" in pack


def test_the_pack_shows_no_raw_ids(spec: Spec, session: dict[str, Path]) -> None:
    pack = pdf_text(session["facilitator-pack.pdf"])
    for scenario_id in CHOSEN:
        assert scenario_id not in pack
    assert "scenario `" not in pack


def page_lines(path: Path) -> list[int]:
    reader = PdfReader(str(path))
    return [
        len([line for line in body_text(page.extract_text() or "").split("\n") if line.strip()])
        for page in reader.pages
    ]


# A page with fewer lines than this, other than the last, is a page nearly wasted.
FEWEST_LINES = 20


def test_no_page_of_the_pack_but_the_last_is_nearly_empty(session: dict[str, Path]) -> None:
    lines = page_lines(session["facilitator-pack.pdf"])
    assert len(lines) > 2
    assert min(lines[:-1]) >= FEWEST_LINES, lines


# What a trainer reads: question numbers, source titles, alerts, the edition --------------------


def test_the_pack_names_questions_by_number_and_sources_by_title(
    spec: Spec, session: dict[str, Path]
) -> None:
    pack = pdf_text(session["facilitator-pack.pdf"])
    # "final" is an id: its row says "Finally, have you ...". The words "the final question" in
    # the scenarios' own notes are not an id.
    assert re.search(r"\bfinal\b(?! question)", pack) is None
    references = {entry["id"]: entry for entry in spec.documents["references"]["entries"]}
    for scenario_id in CHOSEN:
        data = scenario(spec, scenario_id)
        for cited in [data["source"], *data["draws_on"]]:
            assert str(cited["ref"]) not in pack, cited["ref"]
            entry = references[cited["ref"]]
            assert normalise(f"{entry['title']} ({entry['year']})") in pack, cited["ref"]


def test_the_pack_shows_each_alert_above_its_expected_outcome(
    spec: Spec, session: dict[str, Path]
) -> None:
    from justculture.scenarios import replay

    pack = pdf_text(session["facilitator-pack.pdf"])
    shown = 0
    start = 0
    for scenario_id in CHOSEN:
        for stage in scenario(spec, scenario_id)["stages"]:
            for run in stage["answers"]:
                title = next(
                    o["title"]
                    for o in spec.documents[run["tool"]]["outcomes"]
                    if o["id"] == run["expected_outcome"]
                )
                outcome_at = pack.index(f"Expected outcome: {title}", start)
                for alert in replay(spec, run).alerts:
                    said = normalise(f"{spec.label('severity', alert['severity'])} {alert['text']}")
                    assert pack.find(said, start, outcome_at) >= 0, (scenario_id, alert["id"])
                    shown += 1
                start = outcome_at + 1
    assert shown >= 1, "seclusion-checks' expected answers raise an alert"


def test_the_pack_says_which_edition_in_words(spec: Spec, session: dict[str, Path]) -> None:
    first = PdfReader(str(session["facilitator-pack.pdf"])).pages[0].extract_text() or ""
    header = normalise(first.split("\n")[0])
    assert header.endswith(f"justculture edition of Being fair (2019), version {spec.version}")
    pack = pdf_text(session["facilitator-pack.pdf"])
    assert "engine" not in pack and "spec" not in pack.lower().split()


# The review's packs that ended on a page with only the close, or only the sources, on it.
ENDINGS = [
    (["blood-sample-labels", "chemotherapy-second-check", "fall-at-home", "fetal-heart-trace"], 90),
    (["fetal-heart-trace"], None),
    (["hospital-letter-filed"], None),
    (["insulin-before-procedure"], None),
]
# A page with fewer body lines than this, the last one included, is a page nearly wasted. (The
# restorative questions and sources are kept together, so a page before them may end early.)
FEWEST_LAST_LINES = 15


@pytest.mark.parametrize(("ids", "minutes"), ENDINGS, ids=lambda value: str(value))
def test_the_last_page_of_a_pack_is_not_nearly_empty(
    spec: Spec, tmp_path: Path, ids: list[str], minutes: int | None
) -> None:
    from justculture.render.session_packs import _written_minutes
    from justculture.views import scenario_view

    length = minutes or _written_minutes(scenario_view(spec, ids[0]))
    written = write_session(spec, ids, length, tmp_path, Renderer())
    pack = next(path for path in written if path.name == "facilitator-pack.pdf")
    lines = page_lines(pack)
    assert min(lines) >= FEWEST_LAST_LINES, lines


# The command line's refusals -------------------------------------------------------------------


@pytest.mark.parametrize("minutes", ["0", "-5", "abc", ""])
def test_a_bad_length_is_refused_with_a_code(tmp_path: Path, minutes: str) -> None:
    done = run_justculture(
        "session", "--scenarios", "fall-at-home", f"--minutes={minutes}", "--out", tmp_path / "s"
    )
    assert done.returncode == 1, done.stderr
    assert done.stderr.startswith("error[JC408]: "), done.stderr
    assert "whole number of minutes" in done.stderr
    assert "usage:" not in done.stderr
    assert not (tmp_path / "s").exists()


def test_a_file_given_as_the_folder_is_refused_with_a_code(tmp_path: Path) -> None:
    existing = tmp_path / "g11.yaml"
    existing.write_text("kept\n", encoding="utf-8")
    done = run_justculture("session", "--scenarios", "fall-at-home", "--out", existing)
    assert done.returncode == 1
    assert done.stderr.strip() == (
        f"error[JC413]: {existing} is a file; choose a folder for the session's files."
    )
    assert existing.read_text(encoding="utf-8") == "kept\n"


def test_the_session_messages_end_with_a_full_stop(tmp_path: Path) -> None:
    short = run_justculture(
        "session", "--scenarios", ",".join(FOUR), "--minutes", "30", "--out", tmp_path / "a"
    )
    tight = run_justculture(
        "session", "--scenarios", ",".join(FOUR), "--minutes", "100", "--out", tmp_path / "b"
    )
    assert short.stderr.startswith("error[JC412]") and short.stderr.rstrip().endswith(".")
    warning = tight.stderr.splitlines()[0]
    assert warning.startswith("warning[JC801]") and warning.endswith(".")
    plan = (tmp_path / "b" / "session-plan.md").read_text(encoding="utf-8")
    assert ".." not in plan
