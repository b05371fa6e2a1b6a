"""The 2019 charter is faithful to Being fair, Example 1: every quoted word is the paper's."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import pytest

CHARTER_ID = "charter"
EXPECTED_IDS = [f"P{n:02d}" for n in range(1, 21)]
# One sentence: no full stop, question or exclamation mark followed by more words.
SENTENCE_BREAK = re.compile(r"[.!?][\"'\u2019\u201d)]?\s+\S")


@pytest.fixture(scope="module")
def charter(documents: Mapping[str, Any]) -> Mapping[str, Any]:
    assert CHARTER_ID in documents, f"no document with id {CHARTER_ID!r}; found {sorted(documents)}"
    document = documents[CHARTER_ID]
    assert document["kind"] == "charter", f"{CHARTER_ID!r} has kind {document['kind']!r}"
    return document


@pytest.fixture(scope="module")
def principles(charter: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return list(charter["principles"])


def test_has_exactly_twenty_principles_in_order(principles: list[Mapping[str, Any]]) -> None:
    ids = [principle["id"] for principle in principles]
    assert ids == EXPECTED_IDS, f"principle ids should be P01..P20 in order, got {ids}"


def test_numbers_match_ids(principles: list[Mapping[str, Any]]) -> None:
    for index, principle in enumerate(principles, start=1):
        assert principle["number"] == index, (
            f"{principle['id']} has number {principle['number']!r}, expected {index}"
        )
        assert principle["source"]["locator"] == f"principle {index}", (
            f"{principle['id']} cites {principle['source']!r}"
        )


@pytest.mark.parametrize("index", range(20), ids=EXPECTED_IDS)
def test_principle_text_is_quoted_exactly(
    principles: list[Mapping[str, Any]], paper: Any, index: int
) -> None:
    principle = principles[index]
    for paragraph in principle["text"].split("\n\n"):
        assert paper.contains(paragraph), (
            f"{principle['id']}: this text is not in the paper, word for word: {paragraph!r}"
        )


def test_principle_18_keeps_its_second_paragraph(principles: list[Mapping[str, Any]]) -> None:
    paragraphs = principles[17]["text"].split("\n\n")
    assert len(paragraphs) == 2, f"P18 should have two paragraphs, has {len(paragraphs)}"
    assert paragraphs[1] == (
        "We will ensure that advice given by Occupational Health will be followed"
        " in a timely manner."
    ), f"P18's second paragraph is {paragraphs[1]!r}"


def test_only_principle_18_has_two_paragraphs(principles: list[Mapping[str, Any]]) -> None:
    several = [p["id"] for p in principles if "\n\n" in p["text"]]
    assert several == ["P18"], f"only P18 has a second paragraph in the paper, found {several}"


def test_texts_have_single_spaces(principles: list[Mapping[str, Any]]) -> None:
    for principle in principles:
        for paragraph in principle["text"].split("\n\n"):
            assert paragraph == paragraph.strip(), f"{principle['id']} has stray spaces at an edge"
            assert "  " not in paragraph and "\n" not in paragraph, (
                f"{principle['id']}: PDF lines must be joined with single spaces"
            )


def test_preamble_and_introduction_are_in_the_paper(charter: Mapping[str, Any], paper: Any) -> None:
    preamble = charter["preamble"]["text"]
    assert preamble.startswith("Our organisation accepts the evidence"), preamble
    assert preamble.endswith("they make mistakes and errors."), preamble
    assert paper.contains(preamble), f"preamble not in the paper: {preamble!r}"
    introduction = charter["introduction"]
    assert paper.contains(introduction), f"introduction not in the paper: {introduction!r}"
    assert "\u2018Just and Learning Culture Charter\u2019" in introduction, (
        "keep the paper's curly quotes in the introduction"
    )


@pytest.mark.parametrize("index", range(20), ids=EXPECTED_IDS)
def test_summary_is_one_sentence_in_our_own_words(
    principles: list[Mapping[str, Any]], paper: Any, index: int
) -> None:
    principle = principles[index]
    summary = principle["summary"]
    assert summary.endswith("."), f"{principle['id']}: summary should end with a full stop"
    assert not SENTENCE_BREAK.search(summary), (
        f"{principle['id']}: summary should be one sentence: {summary!r}"
    )
    assert summary != principle["text"], f"{principle['id']}: summary copies the text"
    assert not paper.contains(summary), (
        f"{principle['id']}: summary is lifted from the paper; write it in our own words"
    )
    words = len(summary.split())
    assert words <= 30, f"{principle['id']}: summary has {words} words; keep it under 30"


def test_themes_are_one_to_four_and_distinct(principles: list[Mapping[str, Any]]) -> None:
    for principle in principles:
        themes = principle["themes"]
        assert 1 <= len(themes) <= 4, f"{principle['id']} has {len(themes)} themes"
        assert len(set(themes)) == len(themes), f"{principle['id']} repeats a theme: {themes}"


def test_sources_cite_example_1(
    charter: Mapping[str, Any], principles: list[Mapping[str, Any]]
) -> None:
    assert charter["source"]["ref"] == "being-fair-2019"
    for principle in principles:
        source = principle["source"]
        assert (source["ref"], source["section"]) == ("being-fair-2019", "Example 1"), (
            f"{principle['id']} cites {source!r}"
        )


def test_related_links_are_well_formed_and_not_to_self(principles: list[Mapping[str, Any]]) -> None:
    for principle in principles:
        for link in principle["related"]:
            assert re.fullmatch(r"[a-z0-9-]+#[A-Za-z0-9._-]+", link), f"{principle['id']}: {link!r}"
            assert link != f"{CHARTER_ID}#{principle['id']}", f"{principle['id']} links to itself"


def test_links_within_the_charter_name_real_principles(principles: list[Mapping[str, Any]]) -> None:
    for principle in principles:
        for link in principle["related"]:
            document, _, item = link.partition("#")
            if document == CHARTER_ID:
                assert item in EXPECTED_IDS, f"{principle['id']} links to unknown {link!r}"


def test_status_says_superseded_by_the_2023_charter(charter: Mapping[str, Any]) -> None:
    status = charter["status"]
    assert status["state"] == "superseded", status
    assert "2023" in status["superseded_by"], status
    assert "10" in status["note"] and "2019" in status["note"], (
        "the note should say the 2023 charter has 10 headings and why the 2019 edition is kept"
    )
    assert charter["edition"] == "2019"
    assert charter["publisher"] == "NHS Resolution"
    assert "Example 1" in charter["attribution"] and "Being fair" in charter["attribution"]
