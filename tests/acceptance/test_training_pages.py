"""The Training section of the built site: an index that can be filtered, and for every scenario a
participant copy that gives nothing away, a facilitator copy that has everything, and a page that
runs it in the browser from the JSON export.

Every expectation comes from the scenarios themselves (the ``documents`` fixture), never from
sentences typed into the test.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator, Mapping
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.site

INDEX = "training/index.html"
PARTICIPANT = "training/{id}/index.html"
FACILITATOR = "training/{id}/facilitator/index.html"
RUN = "training/{id}/run/index.html"
TOOLS = ("just-culture-guide", "pre-disciplinary-checklist")


# Helpers ----------------------------------------------------------------------------------------


def _scenarios(documents: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    found = [doc for doc in documents.values() if doc["kind"] == "scenario"]
    assert found, "the spec has no scenarios"
    return sorted(found, key=lambda doc: str(doc["id"]))


def _runs(scenario: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    for stage in scenario["stages"]:
        yield from stage["answers"]


def _outcome_title(documents: Mapping[str, Any], run: Mapping[str, Any]) -> str:
    outcomes = documents[run["tool"]]["outcomes"]
    return str(next(o["title"] for o in outcomes if o["id"] == run["expected_outcome"]))


def _words(text: str) -> str:
    """Text as a reader sees it: entities decoded, curly quotes straightened, spaces folded."""
    text = html.unescape(text)
    text = text.translate(
        str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})
    )
    return re.sub(r"\s+", " ", text).strip()


def _article(site: Path, path: str) -> str:
    """The words of a page's own content (the <article>), without the nav, header or footer."""
    page = (site / path).read_text(encoding="utf-8")
    start, end = page.find("<article"), page.rfind("</article>")
    assert start >= 0 and end > start, f"{path} has no <article>"
    body = re.sub(r"<script\b.*?</script>", " ", page[start:end], flags=re.S)
    return _words(re.sub(r"<[^>]+>", " ", body))


def _facilitator_texts(scenario: Mapping[str, Any]) -> list[str]:
    """Everything only a facilitator may see: reasons, notes, the summary, restorative answers."""
    notes = scenario["facilitator_notes"]
    texts = [str(scenario["summary"])]
    texts += [str(row["reason"]) for run in _runs(scenario) for row in run["values"].values()]
    texts += [str(note) for key in ("wrong_turns", "biases", "debrief") for note in notes[key]]
    restorative = scenario["restorative"]
    for key in ("who_is_hurt", "what_they_need", "whose_obligation"):
        texts += [str(value) for value in restorative[key].values()]
    texts.append(str(restorative["involve_community"]))
    return texts


class _Rows(HTMLParser):
    """The scenario index's rows: each <tr data-scenario> with its data- attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: dict[str, dict[str, str]] = {}
        self.selects: dict[str, list[str]] = {}
        self._select: str | None = None
        self.filter_form: dict[str, str] | None = None
        self.labels: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "tr" and "data-scenario" in values:
            self.rows[values["data-scenario"]] = values
        elif tag == "form" and "data-jc-scenario-filter" in values:
            self.filter_form = values
        elif tag == "select":
            self._select = values.get("data-filter", "")
            self.selects[self._select] = []
        elif tag == "option" and self._select is not None:
            self.selects[self._select].append(values.get("value", ""))
        elif tag == "label" and "for" in values:
            self.labels.add(values["for"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None


# Pages ------------------------------------------------------------------------------------------


def test_every_scenario_has_a_participant_facilitator_and_run_page(
    built_site: Path, documents: Mapping[str, Any]
) -> None:
    missing = [
        page.format(id=scenario["id"])
        for scenario in _scenarios(documents)
        for page in (PARTICIPANT, FACILITATOR, RUN)
        if not (built_site / page.format(id=scenario["id"])).is_file()
    ]
    assert not missing, missing


def test_participant_pages_have_the_story_and_questions_and_nothing_else(
    built_site: Path, documents: Mapping[str, Any]
) -> None:
    problems: list[str] = []
    for scenario in _scenarios(documents):
        path = PARTICIPANT.format(id=scenario["id"])
        text = _article(built_site, path)
        for stage in scenario["stages"]:
            for part in [
                stage["title"],
                *stage["narrative"].split("\n"),
                *stage["discussion_questions"],
            ]:
                if part.strip() and _words(part) not in text:
                    problems.append(f"{path}: missing {part[:60]!r}")
        for secret in _facilitator_texts(scenario):
            if _words(secret) in text:
                problems.append(f"{path}: gives away {secret[:60]!r}")
        for run in _runs(scenario):
            title = _outcome_title(documents, run)
            if title in text:
                problems.append(f"{path}: names the outcome {title!r}")
    assert not problems, "\n".join(problems)


def test_participant_pages_say_so_at_the_top_and_never_link_to_facilitator_material(
    built_site: Path, documents: Mapping[str, Any]
) -> None:
    for scenario in _scenarios(documents):
        text = _article(built_site, PARTICIPANT.format(id=scenario["id"]))
        first_stage = _words(scenario["stages"][0]["title"])
        assert text.index("Participant copy") < text.index(first_stage), scenario["id"]
        page = (built_site / PARTICIPANT.format(id=scenario["id"])).read_text("utf-8")
        hrefs = re.findall(r'href="([^"]*)"', page)
        # The run page can show the expected answers, so the participant copy does not link it.
        assert not [href for href in hrefs if "run" in href.split("/")], scenario["id"]
        assert f"../packs/{scenario['id']}-handout.pdf" in hrefs, scenario["id"]
        assert not [href for href in hrefs if "facilitator" in href], scenario["id"]
        # The footer's "Next" link would lead to the facilitator copy.
        assert "md-footer__link" not in page, scenario["id"]
        assert "Facilitator copy" not in text.replace("Participant copy", ""), scenario["id"]


def test_participant_pages_hold_each_stage_in_a_section_for_the_reveal(
    built_site: Path, documents: Mapping[str, Any]
) -> None:
    for scenario in _scenarios(documents):
        page = (built_site / PARTICIPANT.format(id=scenario["id"])).read_text("utf-8")
        count = len(scenario["stages"])
        assert f'data-jc-stages="{count}"' in page, scenario["id"]
        for number in range(1, count + 1):
            assert f'data-jc-stage="{number}"' in page, (scenario["id"], number)
        assert "assets/js/training.js" in page, scenario["id"]


# The pages a participant or a trainer choosing a scenario opens need no tool: they load one small
# script of their own, not scenario.js with the engine and tools.js (about 105 KB before, 5 KB now).
SMALL_SCRIPT = 8_000


def test_participant_pages_and_the_index_load_only_a_small_script(
    built_site: Path, documents: Mapping[str, Any]
) -> None:
    pages = [INDEX] + [PARTICIPANT.format(id=scenario["id"]) for scenario in _scenarios(documents)]
    for path in pages:
        page = (built_site / path).read_text("utf-8")
        modules = re.findall(r'<script type="module" src="([^"]*)"', page)
        assert [src.rsplit("/", 1)[-1] for src in modules] == ["training.js"], (path, modules)
    script = (built_site / "assets" / "js" / "training.js").read_text("utf-8")
    assert len(script.encode("utf-8")) < SMALL_SCRIPT
    assert "import " not in script


def test_every_scenario_has_its_pack_and_handout_built_and_linked(
    built_site: Path, spec: Any
) -> None:
    from justculture.render.session_packs import site_pack_files

    packs = site_pack_files(spec)
    assert len(packs) == len(_scenarios(spec.documents))
    for pack in packs:
        for path in (pack.pack, pack.handout):
            assert (built_site / path).read_bytes().startswith(b"%PDF-"), path
        page = (built_site / FACILITATOR.format(id=pack.scenario_id)).read_text("utf-8")
        assert f'href="../../packs/{pack.scenario_id}-facilitator-pack.pdf"' in page
        assert f'href="../../packs/{pack.scenario_id}-handout.pdf"' in page


def test_a_site_pack_holds_the_introduction_the_before_list_and_the_close(
    built_site: Path, spec: Any
) -> None:
    from pypdf import PdfReader

    from justculture.render.session_packs import site_pack_files

    pack = site_pack_files(spec)[0]
    text = _words(
        " ".join(page.extract_text() or "" for page in PdfReader(built_site / pack.pack).pages)
    )
    assert "Before the session" in text
    assert re.search(r"Introduction \(\d+ minutes\)", text)
    assert re.search(r"Close \(\d+ minutes\)", text)
    assert pack.scenario_id not in text


def _missing_text(scenario: Mapping[str, Any], text: str) -> Iterator[str]:
    """What the facilitator copy should say and does not: notes, reasons and the story."""
    if text.find("Facilitator copy") > text.find(_words(scenario["summary"])):
        yield "'Facilitator copy' is not at the top"
    for needed in _facilitator_texts(scenario):
        if _words(needed) not in text:
            yield f"missing {needed[:60]!r}"
    for stage in scenario["stages"]:
        for part in stage["narrative"].split("\n"):
            if part.strip() and _words(part) not in text:
                yield f"missing the story {part[:60]!r}"


def _missing_links(
    documents: Mapping[str, Any], scenario: Mapping[str, Any], text: str, page: str
) -> Iterator[str]:
    """Outcomes named and linked, principles linked, timings shown, the other copies linked."""
    for run in _runs(scenario):
        title = _outcome_title(documents, run)
        if f"Expected outcome: {title}" not in text:
            yield f"missing the expected outcome {title!r}"
        anchor = "outcome-" + run["expected_outcome"]
        if f"tools/{run['tool']}/#{anchor}" not in page:
            yield f"no link to the outcome {anchor}"
    for objective in scenario["learning_objectives"]:
        for principle in objective["principles"]:
            if f'href="../../../charter/#{principle}"' not in page:
                yield f"no link to charter principle {principle}"
    for row in scenario["timings"]["stages"]:
        if f"<td>{row['reading']}</td><td>{row['discussion']}</td>" not in page:
            yield f"missing the timings of {row['stage']}"
    if 'href="../run/"' not in page or 'href="../"' not in page:
        yield "no links to the participant copy and the run page"


def test_facilitator_pages_have_the_answers_notes_outcomes_and_links(
    built_site: Path, documents: Mapping[str, Any]
) -> None:
    problems: list[str] = []
    for scenario in _scenarios(documents):
        path = FACILITATOR.format(id=scenario["id"])
        text = _article(built_site, path)
        page = (built_site / path).read_text("utf-8")
        assert text.startswith(_words(f"{scenario['title']}: facilitator copy")), path
        problems += [f"{path}: {problem}" for problem in _missing_text(scenario, text)]
        problems += [
            f"{path}: {problem}" for problem in _missing_links(documents, scenario, text, page)
        ]
    assert not problems, "\n".join(problems)


def test_the_run_pages_hold_no_answers_and_load_the_scenario_from_the_export(
    built_site: Path, documents: Mapping[str, Any]
) -> None:
    for scenario in _scenarios(documents):
        path = RUN.format(id=scenario["id"])
        page = (built_site / path).read_text("utf-8")
        assert f'data-jc-scenario="{scenario["id"]}"' in page, path
        assert 'data-spec-index="spec/latest.json"' in page, path
        assert "assets/js/scenario.js" in page, path
        text = _article(built_site, path)
        leaked = [secret for secret in _facilitator_texts(scenario) if _words(secret) in text]
        assert not leaked, (path, leaked[:2])


# The index --------------------------------------------------------------------------------------


def test_the_index_lists_every_scenario_with_its_filter_data(
    built_site: Path, documents: Mapping[str, Any]
) -> None:
    parser = _Rows()
    parser.feed((built_site / INDEX).read_text("utf-8"))
    scenarios = _scenarios(documents)
    assert set(parser.rows) == {scenario["id"] for scenario in scenarios}
    for scenario in scenarios:
        row = parser.rows[scenario["id"]]
        assert row["data-setting"] == scenario["setting"]
        assert row["data-staff-groups"].split() == list(scenario["staff_groups"])
        outcomes = {run["expected_outcome"] for run in _runs(scenario)}
        assert set(row["data-outcomes"].split()) == outcomes, scenario["id"]
    # Every value a row carries can be chosen, and every choice matches at least one row.
    for key, attribute in (
        ("setting", "data-setting"),
        ("staff-groups", "data-staff-groups"),
        ("outcomes", "data-outcomes"),
    ):
        offered = set(parser.selects[key]) - {""}
        carried = {value for row in parser.rows.values() for value in row[attribute].split()}
        assert offered == carried, key
        assert "" in parser.selects[key], f"the {key} filter has no 'any' choice"
    # The filters are labelled and hidden until the script runs; the table works without them.
    assert parser.filter_form is not None and "hidden" in parser.filter_form
    assert {
        "training-filter-setting",
        "training-filter-staff-group",
        "training-filter-outcome",
    } <= (parser.labels)
    page = (built_site / INDEX).read_text("utf-8")
    assert "<legend" in page and 'aria-live="polite"' in page


def test_the_index_offers_the_packs_and_the_planner_before_the_command_line(
    built_site: Path,
) -> None:
    text = _article(built_site, INDEX)
    page = (built_site / INDEX).read_text("utf-8")
    assert 'href="plan-a-session/"' in page
    assert "facilitator pack" in text and "participant handout" in text
    assert text.index("Plan a session") < text.index("justculture session --scenarios")
    assert "Developers" in text


def test_the_planner_page_and_its_data_follow_the_cli_rules(built_site: Path) -> None:
    from justculture.sessions import MINIMUMS, planner_rules

    page = (built_site / "training" / "plan-a-session" / "index.html").read_text("utf-8")
    assert 'data-jc-planner="../session-planner.json"' in page
    assert "assets/js/session-planner.js" in page
    text = _article(built_site, "training/plan-a-session/index.html")
    assert f"introduction and ground rules: {MINIMUMS['intro']} minutes" in text
    data = json.loads((built_site / "training" / "session-planner.json").read_text("utf-8"))
    assert data["rules"] == planner_rules()
    assert {row["id"] for row in data["scenarios"]} == set(_ids(built_site))


def _ids(site: Path) -> list[str]:
    return [p.parent.parent.name for p in (site / "training").glob("*/facilitator/index.html")]


def test_the_nav_has_one_training_entry_and_no_scenario(
    built_site: Path, documents: Mapping[str, Any]
) -> None:
    # Every page carries the nav, so a nav entry per scenario would make every page grow with
    # the number of scenarios. The index lists them instead.
    home = (built_site / "index.html").read_text("utf-8")
    assert 'href="training/"' in home
    for scenario in _scenarios(documents):
        assert f'href="training/{scenario["id"]}/' not in home, scenario["id"]


def test_every_scenario_page_is_reachable_from_the_index(
    built_site: Path, documents: Mapping[str, Any]
) -> None:
    index = (built_site / "training" / "index.html").read_text("utf-8")
    for scenario in _scenarios(documents):
        for page in ("", "facilitator/"):
            assert f'href="{scenario["id"]}/{page}"' in index, (scenario["id"], page)
        # The run page is the facilitator's: its copy links to it, the participant's does not.
        facilitator = built_site / FACILITATOR.format(id=scenario["id"])
        assert 'href="../run/"' in facilitator.read_text("utf-8"), scenario["id"]


# The export -------------------------------------------------------------------------------------


def test_the_export_carries_every_scenario_for_the_browser(
    built_site: Path, documents: Mapping[str, Any], spec: Any
) -> None:
    export = json.loads(
        (built_site / "spec" / spec.version / "justculture.json").read_text("utf-8")
    )
    for scenario in _scenarios(documents):
        exported = export["documents"][scenario["id"]]
        assert exported["kind"] == "scenario"
        assert exported["setting"] == scenario["setting"]
        assert exported["staff_groups"] == scenario["staff_groups"]
        assert [stage["id"] for stage in exported["stages"]] == [
            stage["id"] for stage in scenario["stages"]
        ]
        for stage, original in zip(exported["stages"], scenario["stages"], strict=True):
            assert stage["narrative"] == original["narrative"]
            for run, expected in zip(stage["answers"], original["answers"], strict=True):
                assert run["tool"] in TOOLS
                assert run["expected_outcome"] == expected["expected_outcome"]
                assert {key: row["answer"] for key, row in run["values"].items()} == {
                    key: row["answer"] for key, row in expected["values"].items()
                }
                assert all(row["reason"] for row in run["values"].values())


def test_the_error_page_documents_the_session_codes(built_site: Path) -> None:
    page = (built_site / "developers" / "errors" / "index.html").read_text("utf-8")
    for code, name in (("JC412", "session-too-short"), ("JC801", "session-tight")):
        assert f'id="{code}"' in page and name in page, code
    assert "Warnings: warning codes JC801 to JC899" in page


def test_the_planner_form_and_pack_links_escape_spec_text() -> None:
    from types import SimpleNamespace

    from justculture.render.renderer import Renderer

    hostile = '<script>alert(1)</script> & "q"'
    scenario = SimpleNamespace(id="a", title=hostile, minutes=3)
    form = Renderer().render(
        "site/training/planner-form.html.j2", data="../x.json", scenarios=[scenario]
    )
    assert "<script>" not in form and "&lt;script&gt;alert(1)&lt;/script&gt; &amp;" in form
    links = SimpleNamespace(pack='x" onclick="y', handout='x" onclick="y')
    for name in ("pack-links", "handout-link"):
        html = Renderer().render(f"site/training/{name}.html.j2", packs=links)
        assert 'onclick="y' not in html, name


# Question labels and alerts on the facilitator copy ---------------------------------------------


class _AnswerRows(HTMLParser):
    """The row headers (the question column) of every expected-answers table, as text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.headers: list[str] = []
        self._in_answers = False
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "table":
            self._in_answers = "jc-answers" in values.get("class", "")
        elif tag == "th" and self._in_answers and values.get("scope") == "row":
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "th" and self._cell is not None:
            self.headers.append(_words("".join(self._cell)))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def test_facilitator_pages_name_questions_by_their_number_or_their_words_never_an_id(
    built_site: Path, spec: Any, documents: Mapping[str, Any]
) -> None:
    for scenario in _scenarios(documents):
        parser = _AnswerRows()
        parser.feed((built_site / FACILITATOR.format(id=scenario["id"])).read_text("utf-8"))
        expected = []
        for run in _runs(scenario):
            tool = spec.tool(run["tool"])
            order = list(tool.nodes if run["tool"] == "just-culture-guide" else tool.items)
            for question in sorted(run["values"], key=order.index):
                label = tool.question_label(question)
                words = (
                    tool.nodes[question].question
                    if hasattr(tool, "nodes")
                    else tool.items[question].text
                )
                expected.append(_words(f"{label} {words}" if label[:1].isdigit() else words))
        assert parser.headers == expected, scenario["id"]
    page = (built_site / FACILITATOR.format(id="blood-sample-labels")).read_text("utf-8")
    assert ">final<" not in page and "final Finally" not in _article(
        built_site, FACILITATOR.format(id="blood-sample-labels")
    )


def test_facilitator_pages_show_the_alerts_the_expected_answers_raise_above_the_outcome(
    built_site: Path, spec: Any, documents: Mapping[str, Any]
) -> None:
    from justculture.scenarios import replay

    severities = spec.codelists["severity"]
    raised = 0
    for scenario in _scenarios(documents):
        text = _article(built_site, FACILITATOR.format(id=scenario["id"]))
        for stage in scenario["stages"]:
            for run in stage["answers"]:
                result = replay(spec, run)
                outcome_at = text.index(f"Expected outcome: {_outcome_title(documents, run)}")
                for alert in result.alerts:
                    raised += 1
                    title = severities[alert["severity"]]
                    said = _words(f"{title} {alert['text']}")
                    assert said in text, (scenario["id"], stage["id"], alert["id"])
                    # Above the outcome of its own run: after the run's heading, before its outcome.
                    assert text.rfind(said, 0, outcome_at) >= 0, (scenario["id"], alert["id"])
                if not result.alerts:
                    heading = text.rfind(_words(run["person"]), 0, outcome_at)
                    shown = [
                        severities[key]
                        for key in severities
                        if f" {severities[key]} " in text[heading:outcome_at]
                    ]
                    assert not shown, (scenario["id"], stage["id"], shown)
    assert raised >= 2, (
        "the shipped scenarios raise alerts in repeat-prescription and seclusion-checks"
    )


# Search -------------------------------------------------------------------------------------------


def test_search_leaves_out_the_outcomes_later_stages_and_the_run_pages(
    built_site: Path, documents: Mapping[str, Any]
) -> None:
    index = json.loads((built_site / "search" / "search_index.json").read_text("utf-8"))
    training = [doc for doc in index["docs"] if doc["location"].startswith("training/")]
    assert training, "the Training pages are not searched at all"
    titles = {_outcome_title(documents, run) for s in _scenarios(documents) for run in _runs(s)}
    for doc in training:
        location = doc["location"]
        assert "/run/" not in location and "/facilitator/" not in location, location
        assert "choose-a-scenario" not in location, location
        assert not re.search(r"#stage-([2-9]|\d\d)", location), location
        if location.startswith("training/#") or location == "training/":
            for title in titles:
                assert title not in doc["text"], (location, title)
    for scenario in _scenarios(documents):
        words = " ".join(
            doc["text"]
            for doc in training
            if doc["location"].startswith(f"training/{scenario['id']}/")
        )
        for stage in scenario["stages"][1:]:
            for part in stage["narrative"].split("\n"):
                assert not part.strip() or _words(part)[:80] not in _words(words), (
                    scenario["id"],
                    stage["id"],
                )
        page = (built_site / PARTICIPANT.format(id=scenario["id"])).read_text("utf-8")
        # The table of contents would show later stages' titles: the page hides it.
        assert re.search(r'md-sidebar--secondary"[^>]*hidden', page), scenario["id"]
