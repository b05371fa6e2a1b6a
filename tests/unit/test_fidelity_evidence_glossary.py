"""Fidelity of the evidence, glossary, guidance and references documents to Being fair (2019).

The expected numbers below are typed in from the paper independently of spec/evidence.yaml, so a
slip in either place shows up here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import pytest

Doc = Mapping[str, Any]
Paper = Any  # the `paper` fixture from tests/conftest.py
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-"})

# --- Expected figures, copied from the paper by hand --------------------------------------------

# Statistics with named figures: item id -> {figure name: value}.
EXPECTED_FIGURES: dict[str, dict[str, float]] = {
    "disciplinary-entry-2016-17": {
        "white-percent": 1.3,
        "white-count": 11_857,
        "bame-percent": 1.7,
        "bame-count": 3_854,
        "staff-entered": 16_000,
        "trusts-reporting": 232,
        "trusts-in-england": 235,
        "trusts-reporting-percent": 98.7,
    },
    "wres-relative-likelihood": {"likelihood-2016-17": 1.37, "likelihood-2017-18": 1.24},
    "trusts-over-2-percent": {
        "trusts-white-over-2": 30,
        "trusts-white-over-2-percent": 13,
        "trusts-bame-over-2": 77,
    },
    "trusts-higher-likelihood": {
        "trusts-more-likely-percent": 70.1,
        "trusts-twice-as-likely": 59,
        "trusts-twice-as-likely-percent": 27.6,
    },
    "nao-suspensions": {
        "staff-suspended": 1_000,
        "weeks-doctors": 47,
        "weeks-other-clinical": 19,
        "cost-per-year": 40_000_000,
    },
    "hoel-case-cost": {"cost-2003": 28_109, "cost-2019-prices": 44_125},
    "nmc-hearing-cost": {"hearing-cost-before": 25_000, "hearing-cost-after": 18_000},
    "mersey-care-reduction": {"reduction": 64, "no-case-to-answer": 50},
    "mersey-care-benefit": {"share-of-total-costs": 1, "share-of-labour-costs": 2},
}

# Statistics with a single value: item id -> (value, unit, qualifier).
EXPECTED_SINGLE: dict[str, tuple[float, str, str | None]] = {
    "bullying-share": (25, "percent", "almost"),
    "claims-mental-health-organisations": (36, "organisations", None),
    "claims-incident-dates": (50, "percent", "over"),
}

# How the paper prints each figure, to prove the expected values above are the paper's.
PRINTED_IN_PAPER = (
    "98.7% n=232 of 235",
    "almost 16,000 staff",
    "1.3% of white staff (n = 11,857)",
    "1.7% of BAME staff (n = 3,854)",
    "1.24 times more likely (2017-18)",
    "on average 1.37 times more likely",
    "In 30 trusts (13%) more than 2% of white staff",
    "in 77 trusts more than 2% BAME staff",
    "In 70.1% of trusts",
    "in 59 (27.6%) trusts",
    "2013/14 67 3,096,707",
    "2014/15 81 3,022,488",
    "2015/16 68 6,624,735",
    "2016/17 57 4,890,787",
    "2017/18 44 9,844,286",
    "Grand Total 317 27,479,003",
    "Foundation Trust 155 13,794,280",
    "Acute Trust 131 10,885,969",
    "Special Trust 14 1,490,617",
    "Community Trust 11 997,070",
    "Clinical Commissioning Group 6 311,068",
    "212 were from women and 105 from men",
    "Some 91 cases are under investigation, in 92 cases damages were paid and in 134 cases "
    "damages were not paid",
    "1,000 clinical staff were suspended for, on average, 47 weeks for doctors and 19 weeks for "
    "other clinical staff",
    "in excess of £40 million per year",
    "£28,109 (or £44,125 in 2019 prices)",
    "from £25,000 to £18,000",
    "64% reduction in disciplinary cases between 2016 and 2017",
    "over 50% of investigations resulting in there being no case to answer",
    "approximately 1% of the total costs and approximately 2% of the labour costs",
    "a two-year period",
    "Almost a quarter of NHS staff report being bullied",
    "36 mental health organisations",
)

TABLE_1 = {
    "2013/14": (67, 3_096_707),
    "2014/15": (81, 3_022_488),
    "2015/16": (68, 6_624_735),
    "2016/17": (57, 4_890_787),
    "2017/18": (44, 9_844_286),
}
TABLE_2 = {
    "Foundation Trust": (155, 13_794_280),
    "Acute Trust": (131, 10_885_969),
    "Special Trust": (14, 1_490_617),
    "Community Trust": (11, 997_070),
    "Clinical Commissioning Group": (6, 311_068),
}
GRAND_TOTAL = (317, 27_479_003)

EXPECTED_BREAKDOWNS: dict[str, dict[str, int]] = {
    "claims-by-gender": {"Women": 212, "Men": 105},
    "claims-status": {"Under investigation": 91, "Damages paid": 92, "Damages not paid": 134},
}

REQUIRED_TERMS = (
    "just-culture",
    "restorative-just-culture",
    "human-factors",
    "safety-i",
    "safety-ii",
    "hindsight-bias",
    "outcome-bias",
    "confirmation-bias",
    "substitution-test",
    "second-victim",
    "duty-of-candour",
    "freedom-to-speak-up-guardian",
    "triumvirate",
    "capability",
    "conduct",
    "gross-misconduct",
    "suspension",
    "exclusion",
    "wres",
    "bame",
    "practitioner-performance-advice",
    "incivility",
    "bullying",
    "occupational-health",
    "psychological-safety",
    "human-error",
    "at-risk-behaviour",
    "reckless-behaviour",
    "serious-incident",
    "plea-bargaining",
    "staff-side",
    "learning-organisation",
    "protective-hesitancy",
    "presenteeism",
    "professional-regulator",
    "patient-safety-investigation",
)

REQUIRED_REFERENCES = (
    "being-fair-2019",
    "nhsi-2018-just-culture-guide",
    "npsa-2003-incident-decision-tree",
    "reason-1997",
    "johnston-1995",
    "marx-2017",
    "dekker-2014",
    "dekker-2017",
    "dekker-2018",
    "dekker-restorative-checklist",
    "brenner-2018",
    "hollnagel-2013",
    "shorrock-williams-2017",
    "shorrock-2017",
    "woodward-2017",
    "kennedy-2001",
    "francis-2013",
    "berwick-2013",
    "kirkup-2015",
    "argyris-putnam-smith-1985",
    "senge-1990",
    "archibong-darr-2010",
    "nhs-edc-2017",
    "nhs-edc-2019",
    "porath-pearson-2013",
    "turner-2018",
    "bourne-2015",
    "cunningham-2011",
    "kliff-2016",
    "nao-2003",
    "hoel-2003",
    "nmc-2017",
    "nmc-2018",
    "gogay-2000",
    "crawford-2012",
    "wres-2015",
    "nhsr-2023-being-fair-2",
    "nhsr-2023-charter",
    "nhse-2022-psirf",
    "nhse-2025-being-fair-tool",
    "mersey-care-2018",
)

# A definition "differs from the paper" if it shares no run of this many words with it.
SHARED_RUN = 8


# --- Helpers -------------------------------------------------------------------------------------


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.translate(_QUOTES).lower())


def _runs(words: list[str], size: int) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}


@pytest.fixture(scope="module")
def paper_runs(paper: Paper) -> set[tuple[str, ...]]:
    return _runs(_words(paper.text), SHARED_RUN)


@pytest.fixture(scope="module")
def evidence(documents: Mapping[str, Doc]) -> dict[str, Doc]:
    return {item["id"]: item for item in documents["evidence"]["items"]}


@pytest.fixture(scope="module")
def terms(documents: Mapping[str, Doc]) -> dict[str, Doc]:
    return {term["id"]: term for term in documents["glossary"]["terms"]}


@pytest.fixture(scope="module")
def reference_keys(documents: Mapping[str, Doc]) -> set[str]:
    return {entry["id"] for entry in documents["references"]["entries"]}


def _figures(item: Doc) -> dict[str, float]:
    return {figure["name"]: figure["value"] for figure in item.get("figures", [])}


def _table(item: Doc) -> dict[str, tuple[float, ...]]:
    columns = [column["id"] for column in item["columns"]]
    return {row["label"]: tuple(row["values"][c] for c in columns) for row in item["rows"]}


def _column_sums(item: Doc) -> tuple[float, ...]:
    rows = _table(item).values()
    return tuple(sum(values) for values in zip(*rows, strict=True))


def _total(item: Doc) -> tuple[float, ...]:
    return tuple(item["total"]["values"][column["id"]] for column in item["columns"])


# --- The paper itself ----------------------------------------------------------------------------


@pytest.mark.parametrize("printed", PRINTED_IN_PAPER)
def test_expected_figures_are_the_papers(paper: Paper, printed: str) -> None:
    assert paper.contains(printed), f"the paper does not print {printed!r}"


def test_the_papers_tables_add_up_as_expected() -> None:
    for table in (TABLE_1, TABLE_2):
        assert sum(claims for claims, _ in table.values()) == GRAND_TOTAL[0]
    assert sum(value for _, value in TABLE_1.values()) == GRAND_TOTAL[1]
    # Table 2's printed values add up to £1 more than its printed total (27,479,003).
    assert sum(value for _, value in TABLE_2.values()) == GRAND_TOTAL[1] + 1


# --- Evidence ------------------------------------------------------------------------------------


@pytest.mark.parametrize("item_id", sorted(EXPECTED_FIGURES))
def test_statistic_figures_match_the_paper(evidence: dict[str, Doc], item_id: str) -> None:
    item = evidence[item_id]
    assert item["kind"] == "statistic"
    assert _figures(item) == pytest.approx(EXPECTED_FIGURES[item_id])


@pytest.mark.parametrize("item_id", sorted(EXPECTED_SINGLE))
def test_single_statistics_match_the_paper(evidence: dict[str, Doc], item_id: str) -> None:
    item = evidence[item_id]
    value, unit, qualifier = EXPECTED_SINGLE[item_id]
    assert item["kind"] == "statistic"
    assert item["value"] == pytest.approx(value)
    assert item["unit"] == unit
    assert item.get("qualifier") == qualifier


def test_qualified_figures_keep_their_qualifier(evidence: dict[str, Doc]) -> None:
    qualifiers = {
        ("disciplinary-entry-2016-17", "staff-entered"): "almost",
        ("nao-suspensions", "cost-per-year"): "over",
        ("nao-suspensions", "weeks-doctors"): "average",
        ("mersey-care-reduction", "no-case-to-answer"): "over",
        ("mersey-care-benefit", "share-of-total-costs"): "about",
        ("mersey-care-benefit", "share-of-labour-costs"): "about",
    }
    for (item_id, name), qualifier in qualifiers.items():
        figure = next(f for f in evidence[item_id]["figures"] if f["name"] == name)
        assert figure.get("qualifier") == qualifier, (item_id, name)


def test_periods_are_the_papers(evidence: dict[str, Doc]) -> None:
    assert evidence["disciplinary-entry-2016-17"]["period"] == "2016-17"
    assert evidence["nao-suspensions"]["period"] == "2002"
    assert evidence["nmc-hearing-cost"]["period"] == "2016-17"
    assert "two-year" in evidence["mersey-care-benefit"]["period"]
    periods = {f["name"]: f.get("period") for f in evidence["wres-relative-likelihood"]["figures"]}
    assert periods == {"likelihood-2016-17": "2016-17", "likelihood-2017-18": "2017-18"}


@pytest.mark.parametrize(
    ("item_id", "expected"), [("claims-by-year", TABLE_1), ("claims-by-organisation", TABLE_2)]
)
def test_tables_match_the_paper(
    evidence: dict[str, Doc], item_id: str, expected: dict[str, Any]
) -> None:
    item = evidence[item_id]
    assert item["kind"] == "table"
    assert [column["unit"] for column in item["columns"]] == ["claims", "GBP"]
    assert _table(item) == expected
    assert list(_table(item)) == list(expected), "rows are in the paper's order"
    assert _total(item) == GRAND_TOTAL


def test_table_1_sums_to_its_total(evidence: dict[str, Doc]) -> None:
    assert _column_sums(evidence["claims-by-year"]) == GRAND_TOTAL


def test_table_2_sums_to_its_total_apart_from_the_recorded_pound(evidence: dict[str, Doc]) -> None:
    item = evidence["claims-by-organisation"]
    claims, value = _column_sums(item)
    assert claims == 317
    assert value == 27_479_004
    (discrepancy,) = item["discrepancies"]
    assert discrepancy["column"] == item["columns"][1]["id"]
    assert (discrepancy["rows_sum"], discrepancy["printed_total"]) == (27_479_004, 27_479_003)


@pytest.mark.parametrize("item_id", sorted(EXPECTED_BREAKDOWNS))
def test_breakdowns_match_the_paper(evidence: dict[str, Doc], item_id: str) -> None:
    item = evidence[item_id]
    assert item["kind"] == "breakdown"
    assert {part["label"]: part["value"] for part in item["parts"]} == EXPECTED_BREAKDOWNS[item_id]
    assert item["total"] == 317
    assert sum(part["value"] for part in item["parts"]) == 317


def test_harm_descriptions_are_the_seven_in_order(evidence: dict[str, Doc]) -> None:
    item = evidence["claims-harm-descriptions"]
    texts = [part["text"].lower() for part in item["parts"]]
    assert len(texts) == 7
    keywords = (
        "consultant",
        "suicide",
        "workload",
        "suspended",
        "staffing levels",
        "role",
        "excessive hours",
    )
    for text, keyword in zip(texts, keywords, strict=True):
        assert keyword in text


def test_figure_1_is_recorded_without_invented_values(
    evidence: dict[str, Doc], paper: Paper
) -> None:
    item = evidence["claims-by-staff-role"]
    assert item["total"] == 317
    assert "parts" not in item
    assert paper.contains(item["caption"])


def test_every_printed_wording_is_in_the_paper(documents: Mapping[str, Doc], paper: Paper) -> None:
    for item in documents["evidence"]["items"]:
        printed = [item.get("as_printed"), item.get("caption")]
        printed += [figure.get("as_printed") for figure in item.get("figures", [])]
        printed += [part.get("as_printed") for part in item.get("parts", [])]
        for wording in filter(None, printed):
            assert paper.contains(wording), f"{item['id']}: {wording!r} is not in the paper"


def test_evidence_cites_the_paper_and_known_works(
    documents: Mapping[str, Doc], reference_keys: set[str]
) -> None:
    for item in documents["evidence"]["items"]:
        assert item["source"]["ref"] == "being-fair-2019", item["id"]
        assert set(item.get("cited", [])) <= reference_keys, item["id"]


def test_cited_works_are_the_papers(evidence: dict[str, Doc]) -> None:
    assert evidence["disciplinary-entry-2016-17"]["cited"] == ["nhs-edc-2017"]
    assert evidence["wres-relative-likelihood"]["cited"] == ["nhs-edc-2019"]
    assert evidence["nao-suspensions"]["cited"] == ["nao-2003"]
    assert evidence["hoel-case-cost"]["cited"] == ["hoel-2003"]
    assert evidence["nmc-hearing-cost"]["cited"] == ["nmc-2017"]
    assert evidence["mersey-care-benefit"]["cited"] == ["mersey-care-2018"]


# --- Glossary ------------------------------------------------------------------------------------


def test_glossary_has_enough_terms_and_the_required_ones(terms: dict[str, Doc]) -> None:
    assert len(terms) >= 30
    missing = [term_id for term_id in REQUIRED_TERMS if term_id not in terms]
    assert not missing, f"missing glossary terms: {missing}"


def test_abbreviations(terms: dict[str, Doc]) -> None:
    assert terms["wres"]["abbreviation"] == "WRES"
    assert terms["bame"]["abbreviation"] == "BAME"
    assert terms["freedom-to-speak-up-guardian"]["abbreviation"] == "FTSU"


def test_definitions_are_our_own_words(
    terms: dict[str, Doc], paper: Paper, paper_runs: set[tuple[str, ...]]
) -> None:
    for term in terms.values():
        definition = term["definition"]
        assert not paper.contains(definition), f"{term['id']}: the definition is the paper's text"
        shared = _runs(_words(definition), SHARED_RUN) & paper_runs
        assert not shared, f"{term['id']}: shares '{' '.join(sorted(shared)[0])}' with the paper"


def test_definitions_are_short(terms: dict[str, Doc]) -> None:
    for term in terms.values():
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", term["definition"].strip()) if s]
        assert 1 <= len(sentences) <= 3, f"{term['id']} has {len(sentences)} sentences"


def test_glossary_sources_are_known(terms: dict[str, Doc], reference_keys: set[str]) -> None:
    for term in terms.values():
        assert term["source"]["ref"] in reference_keys, term["id"]


# --- Guidance ------------------------------------------------------------------------------------


def test_guidance_lists_are_complete(documents: Mapping[str, Doc]) -> None:
    guidance = documents["guidance"]
    assert [aim["id"] for aim in guidance["aims"]] == [
        "aim-learning",
        "aim-consistency",
        "aim-avoid-suspension",
    ]
    assert len(guidance["roundtable_needs"]) == 11
    assert len(guidance["codesign_needs"]) == 11
    assert len(guidance["safety_ii"]["actions"]) == 3
    assert [theme["id"] for theme in guidance["impact"]["themes"]] == [
        "impact-inequity",
        "impact-fear",
        "impact-incivility-and-bullying",
    ]
    assert len(guidance["impact"]["disproportion_reasons"]) == 4
    assert len(guidance["costs"]) == 7
    assert len(guidance["claim_drivers"]) == 6
    assert guidance["introduction"]["text"].strip()


def test_guidance_is_in_our_own_words(
    documents: Mapping[str, Doc], paper_runs: set[tuple[str, ...]]
) -> None:
    def texts(value: Any) -> Any:
        if isinstance(value, dict):
            if isinstance(value.get("text"), str):
                yield value.get("id", "passage"), value["text"]
            for child in value.values():
                yield from texts(child)
        elif isinstance(value, list):
            for child in value:
                yield from texts(child)

    for item_id, text in texts(documents["guidance"]):
        shared = _runs(_words(text), SHARED_RUN) & paper_runs
        assert not shared, f"{item_id}: shares '{' '.join(sorted(shared)[0])}' with the paper"


# --- References ----------------------------------------------------------------------------------


def test_required_references_exist(reference_keys: set[str]) -> None:
    missing = [key for key in REQUIRED_REFERENCES if key not in reference_keys]
    assert not missing, f"missing reference keys: {missing}"


def test_reference_details_are_the_papers(documents: Mapping[str, Doc]) -> None:
    entries = {entry["id"]: entry for entry in documents["references"]["entries"]}
    assert entries["being-fair-2019"]["title"] == "Being fair"
    assert entries["being-fair-2019"]["year"] == 2019
    assert entries["nhsi-2018-just-culture-guide"]["title"] == "A just culture guide"
    assert entries["gogay-2000"]["title"] == "Gogay v Hertfordshire County Council"
    assert (
        entries["crawford-2012"]["title"]
        == "Crawford & Anor v Suffolk Mental Health Partnership NHS Trust"
    )
    assert entries["gogay-2000"]["kind"] == entries["crawford-2012"]["kind"] == "case-law"
    for key in REQUIRED_REFERENCES:
        year = re.search(r"(\d{4})", key)
        if year:
            assert entries[key]["year"] == int(year.group(1)), key


def test_cited_in_names_where_the_paper_cites_the_author(
    documents: Mapping[str, Doc], paper: Paper
) -> None:
    """Every work said to be cited in the paper is named there, by its first author's surname."""
    for entry in documents["references"]["entries"]:
        if "cited_in" not in entry or "authors" not in entry:
            continue
        surname = re.split(r"[ ,]", entry["authors"][0])[0]
        assert surname.lower() in paper.text.lower(), entry["id"]
