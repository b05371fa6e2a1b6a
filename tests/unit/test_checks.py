"""Each semantic check on small in-memory documents: what it catches, where, and what it lets by."""

from __future__ import annotations

from pathlib import Path

import pytest

from justculture import checks
from justculture.errors import SpecError
from justculture.loading import SourceFile, parse_yaml

REPO = Path(__file__).resolve().parents[2]
VALID = REPO / "tests" / "fixtures" / "valid"
TINY_FLOW = (VALID / "tiny-flow" / "spec" / "extra" / "tiny-flow.yaml").read_text(encoding="utf-8")
TINY_CHECKLIST = (VALID / "tiny-checklist" / "spec" / "extra" / "tiny-checklist.yaml").read_text(
    encoding="utf-8"
)
REFERENCES = """\
kind: references
id: references
source: {ref: being-fair-2019}
entries:
  - id: being-fair-2019
    source: {ref: being-fair-2019}
  - id: dekker-2017
    source: {ref: being-fair-2019}
"""
TABLE = """\
kind: evidence
id: evidence
items:
  - id: claims
    kind: table
    columns:
      - {id: count, title: Claims, unit: claims}
      - {id: share, title: Share, unit: percent}
    rows:
      - label: One
        values: {count: 67, share: 10.1}
      - label: Two
        values: {count: 81, share: 20.2}
      - label: Three
        values: {count: 68, share: 30.3}
    total:
      label: Total
      values: {count: 216, share: 60.6}
    source: {ref: being-fair-2019}
"""


def changed(text: str, old: str, new: str, count: int = 1) -> str:
    assert old in text, old
    return text.replace(old, new, count)


def sources(*texts: str) -> dict[str, SourceFile]:
    parsed = [parse_yaml(text, f"spec/doc{index}.yaml") for index, text in enumerate(texts)]
    return {source.data["id"]: source for source in parsed}


def found(check: checks.Check, *texts: str) -> list[tuple[str, int, int, str]]:
    """(code, line, column, message) of every error ``check`` finds in the documents."""
    return [
        (error.code, error.line, error.column, error.message) for error in check(sources(*texts))
    ]


def codes(check: checks.Check, *texts: str) -> list[str]:
    return [error[0] for error in found(check, *texts)]


# --- walking documents


def test_walk_gives_every_value_with_its_pointer_parents_first() -> None:
    data = {"a": [{"id": "x", "b/c": 1}], "d": 2}
    assert list(checks.walk(data)) == [
        ("", data),
        ("/a", data["a"]),
        ("/a/0", data["a"][0]),
        ("/a/0/id", "x"),
        ("/a/0/b~1c", 1),
        ("/d", 2),
    ]


def test_items_are_objects_with_an_id_inside_a_list() -> None:
    source = parse_yaml("id: doc\nheader: {id: not-an-item}\nlist:\n  - id: one\n  - {x: 1}\n", "x")
    assert [pointer for pointer, _ in checks.items_of(source)] == ["/list/0"]
    assert checks.item_ids(source) == {"one"}


# --- ids


def test_an_id_used_twice_in_one_document_across_lists() -> None:
    text = changed(TINY_FLOW, "  - id: o1\n", "  - id: t1\n")
    assert found(checks.check_item_ids_unique, text) == [
        ("JC301", 54, 9, "the id 't1' is already used on line 16; ids must be unique")
    ]


def test_the_same_item_id_in_two_documents_is_fine() -> None:
    other = changed(TINY_FLOW, "id: tiny-flow", "id: other-flow")
    assert codes(checks.check_item_ids_unique, TINY_FLOW, other) == []


def test_numbers_and_text_that_print_the_same_count_as_the_same_id() -> None:
    text = "id: d\nitems:\n  - id: 1\n  - id: '1'\n"
    assert codes(checks.check_item_ids_unique, text) == ["JC301"]


def test_each_missing_required_document_is_named() -> None:
    errors = list(checks.check_required_documents(sources(REFERENCES)))
    assert {error.code for error in errors} == {"JC303"}
    assert {error.file for error in errors} == {"spec"}
    missing = set(checks.REQUIRED_DOCUMENTS) - {"references"}
    assert sorted(error.message for error in errors) == sorted(
        f"the spec has no document with id '{doc_id}'" for doc_id in missing
    )


def test_no_document_is_missing_when_all_are_there() -> None:
    present = {
        doc_id: parse_yaml(f"id: {doc_id}\n", doc_id) for doc_id in checks.REQUIRED_DOCUMENTS
    }
    assert list(checks.check_required_documents(present)) == []


# --- links and sources


def test_links_to_existing_items_resolve() -> None:
    assert codes(checks.check_links, TINY_FLOW) == []


@pytest.mark.parametrize(
    ("link", "message"),
    [
        ("tiny-flow#q9", "'tiny-flow#q9' names 'q9', which is not an item of 'tiny-flow'"),
        ("glossary#q1", "'glossary#q1' names the document 'glossary', which does not exist"),
    ],
    ids=["unknown-item", "unknown-document"],
)
def test_a_dangling_link_is_located_at_the_link(link: str, message: str) -> None:
    text = changed(TINY_FLOW, "related: [tiny-flow#q1]", f"related: [tiny-flow#q1, {link}]")
    assert found(checks.check_links, text) == [("JC304", 36, 29, message)]


def test_see_also_links_are_checked_too() -> None:
    text = "id: doc\nitems:\n  - id: a\n    see_also: [doc#a, doc#b]\n"
    assert found(checks.check_links, text) == [
        ("JC304", 4, 23, "'doc#b' names 'b', which is not an item of 'doc'")
    ]


def test_a_known_source_passes_and_an_unknown_one_is_located() -> None:
    assert codes(checks.check_sources, TINY_FLOW, REFERENCES) == []
    text = changed(
        TINY_FLOW, "source: {ref: being-fair-2019}\npurpose", "source: {ref: nobody}\npurpose"
    )
    assert found(checks.check_sources, text, REFERENCES) == [
        ("JC305", 8, 15, "the reference key 'nobody' is not in references.yaml")
    ]


def test_cited_reference_keys_are_checked() -> None:
    text = changed(
        TABLE,
        "    source: {ref: being-fair-2019}\n",
        "    cited: [dekker-2017, hoel-2004]\n    source: {ref: being-fair-2019}\n",
    )
    assert found(checks.check_sources, text, REFERENCES) == [
        ("JC305", 19, 26, "the reference key 'hoel-2004' is not in references.yaml")
    ]


def test_without_a_references_document_sources_are_not_checked() -> None:
    assert codes(checks.check_sources, changed(TINY_FLOW, "ref: being-fair-2019", "ref: x")) == []


# --- flows


def test_a_sound_flow_passes() -> None:
    assert codes(checks.check_flows, TINY_FLOW) == []


def test_an_answer_that_goes_to_no_node_is_a_dead_end() -> None:
    text = changed(TINY_FLOW, "on_no: {outcome: stop}", "on_no: {node: q9}")
    assert found(checks.check_flows, text)[0] == (
        "JC306",
        28,
        19,
        "answering no at 'q1' goes to 'q9', which is not a node, so the path has no outcome",
    )


def test_a_start_that_is_not_a_node() -> None:
    assert found(checks.check_flows, changed(TINY_FLOW, "start: q1", "start: q0")) == [
        ("JC306", 21, 8, "the flow starts at 'q0', which is not a node")
    ]


def test_a_loop_back_to_an_earlier_question() -> None:
    text = changed(
        TINY_FLOW,
        "    on_yes: {outcome: go}\n    on_no: {outcome: stop}",
        "    on_yes: {outcome: go}\n    on_no: {node: q1}",
    )
    assert found(checks.check_flows, text) == [
        ("JC307", 35, 12, "answering no at 'q2' leads back to an earlier question")
    ]


def test_a_question_to_itself_is_a_loop() -> None:
    text = changed(TINY_FLOW, "on_no: {outcome: stop}", "on_no: {node: q1}")
    assert codes(checks.check_flows, text) == ["JC307"]


def test_a_node_nothing_leads_to() -> None:
    text = changed(TINY_FLOW, "on_yes: {node: q2}", "on_yes: {outcome: go}")
    assert found(checks.check_flows, text) == [
        ("JC308", 30, 9, "no path from the start reaches node 'q2'")
    ]


def test_an_outcome_nothing_leads_to() -> None:
    text = TINY_FLOW.replace("{outcome: stop}", "{outcome: go}")
    assert found(checks.check_flows, text) == [
        ("JC308", 46, 9, "no path from the start reaches outcome 'stop'")
    ]


def test_an_answer_that_gives_an_unknown_outcome() -> None:
    text = changed(TINY_FLOW, "on_yes: {outcome: go}", "on_yes: {outcome: gone}")
    assert found(checks.check_flows, text)[0] == (
        "JC312",
        34,
        23,
        "answering yes at 'q2' gives the outcome 'gone', which does not exist",
    )


def test_an_outcome_that_lists_an_unknown_obligation() -> None:
    text = changed(TINY_FLOW, "obligations: [o1]", "obligations: [o1, o2]")
    assert found(checks.check_flows, text) == [
        ("JC304", 44, 23, "the outcome 'go' names the obligation 'o2', which does not exist")
    ]


# --- checklists


def test_a_sound_checklist_passes() -> None:
    assert codes(checks.check_checklists, TINY_CHECKLIST) == []


def test_a_rule_on_an_unknown_item() -> None:
    text = changed(TINY_CHECKLIST, '{item: "1", equals: "no"}', '{item: "9", equals: "no"}')
    assert found(checks.check_checklists, text) == [("JC309", 32, 9, "the item '9' does not exist")]


def test_a_rule_on_a_heading() -> None:
    text = changed(
        TINY_CHECKLIST, '{all_of: ["1"], equals: "yes"}', '{all_of: ["1", h], equals: "yes"}'
    )
    assert found(checks.check_checklists, text) == [
        ("JC309", 37, 9, "the item 'h' cannot be answered")
    ]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            '{item: "2", equals: ii}',
            '{item: "2", equals: iii}',
            "'2' can never be 'iii'; its answers are: i, ii",
        ),
        (
            '{item: "1", equals: "no"}',
            '{item: "1", equals: "maybe"}',
            "'1' can never be 'maybe'; its answers are: yes, no",
        ),
    ],
    ids=["choice", "yes-no"],
)
def test_a_rule_on_a_value_the_item_never_has(old: str, new: str, message: str) -> None:
    [(code, _, _, text)] = found(checks.check_checklists, changed(TINY_CHECKLIST, old, new))
    assert (code, text) == ("JC310", message)


def test_a_rule_that_gives_an_unknown_outcome() -> None:
    text = changed(TINY_CHECKLIST, "    outcome: ready\n", "    outcome: steady\n")
    assert found(checks.check_checklists, text) == [
        ("JC312", 39, 14, "the rule 'r2' gives the outcome 'steady', which does not exist")
    ]


def test_signposts_are_checked_like_rules() -> None:
    signpost = (
        'signposts:\n  - id: s1\n    when:\n      - {item: h, equals: "yes"}\n'
        "    text: See the guide.\n    source: {ref: being-fair-2019}\napprovers:"
    )
    text = changed(TINY_CHECKLIST, "approvers:", signpost)
    assert codes(checks.check_checklists, text) == ["JC309"]


def test_approvers_need_exactly_one_per_staff_group() -> None:
    text = changed(TINY_CHECKLIST, "staff_group: other", "staff_group: medical")
    assert found(checks.check_checklists, text) == [
        ("JC313", 64, 18, "the staff group 'medical' has 2 approvers; it needs exactly one"),
        ("JC313", 53, 3, "the staff group 'other' has 0 approvers; it needs exactly one"),
    ]


def test_a_checklist_without_approvers_names_every_group() -> None:
    text = TINY_CHECKLIST[: TINY_CHECKLIST.index("approvers:")]
    assert codes(checks.check_checklists, text) == ["JC313"] * 3


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            '    number: "2"\n',
            '    number: "2"\n    parent: "7"\n',
            "the parent '7' is not an item",
        ),
        (
            '    number: "2"\n',
            '    number: "2"\n    footnotes: [f1]\n',
            "the footnote 'f1' does not exist",
        ),
        (
            "{value: i, label: The first}",
            "{value: i, label: The first, item: 2i}",
            "the choice names '2i', which is not an item",
        ),
    ],
    ids=["parent", "footnote", "choice-item"],
)
def test_item_links_inside_a_checklist(old: str, new: str, message: str) -> None:
    [(code, _, _, text)] = found(checks.check_checklists, changed(TINY_CHECKLIST, old, new))
    assert (code, text) == ("JC304", message)


# --- evidence


def test_a_table_whose_rows_add_up_passes_even_with_decimals() -> None:
    assert codes(checks.check_evidence_totals, TABLE) == []


def test_a_mistyped_figure_is_located_at_the_total() -> None:
    text = changed(TABLE, "{count: 81,", "{count: 18,")
    assert found(checks.check_evidence_totals, text) == [
        (
            "JC311",
            18,
            23,
            "the rows of 'claims' add up to 153 in 'count', but the total says 216; "
            "check each figure against the paper",
        )
    ]


def test_a_recorded_discrepancy_is_accepted_only_for_its_exact_figures() -> None:
    mistyped = changed(TABLE, "{count: 81,", "{count: 82,")
    recorded = "    discrepancies:\n      - {column: count, rows_sum: 217, printed_total: 216, note: As printed.}\n"
    assert codes(checks.check_evidence_totals, mistyped + recorded) == []
    wrong_sum = recorded.replace("217", "218")
    assert codes(checks.check_evidence_totals, mistyped + wrong_sum) == ["JC311"]


def test_a_column_with_a_missing_figure_is_not_summed() -> None:
    text = changed(TABLE, "{count: 81, share: 20.2}", "{share: 20.2}")
    assert codes(checks.check_evidence_totals, text) == []


def test_tables_outside_evidence_documents_are_not_summed() -> None:
    text = changed(changed(TABLE, "kind: evidence", "kind: other"), "{count: 81,", "{count: 18,")
    assert codes(checks.check_evidence_totals, text) == []


# --- all together


def test_run_checks_on_sound_documents_only_misses_the_absent_ones() -> None:
    errors: list[SpecError] = checks.run_checks(
        sources(TINY_FLOW, TINY_CHECKLIST, REFERENCES, TABLE)
    )
    assert {error.code for error in errors} == {"JC303"}


def long_chain_flow(length: int, loop: bool = False) -> str:
    """A flow of ``length`` questions, each leading on to the next (the red team's 1,500)."""
    nodes = "".join(
        f"  - id: q{index}\n    test: t1\n    question: Q{index}?\n"
        f"    on_yes: {{outcome: go}}\n"
        f"    on_no: {{node: q{index + 1 if index + 1 < length else (0 if loop else 'end')}}}\n"
        for index in range(length)
    ).replace("{node: qend}", "{outcome: stop}")
    return (
        "kind: flow\nid: chain\nstart: q0\ntests:\n  - {id: t1, title: T}\n"
        f"nodes:\n{nodes}outcomes:\n  - {{id: go, title: Go}}\n  - {{id: stop, title: Stop}}\n"
    )


def test_a_very_long_chain_of_questions_is_checked_without_recursion() -> None:
    assert codes(checks.check_flows, long_chain_flow(1500)) == []
    # Looping back to the start: the loop is found, and the "stop" outcome is never reached.
    assert codes(checks.check_flows, long_chain_flow(1500, loop=True)) == ["JC307", "JC308"]


# --- alerts and what replaced a document

FLOW_ALERT = """\
alerts:
  - id: a1
    severity: stop
    when:
      - {item: q2, equals: "yes"}
    text: Deal with this first.
    source: {ref: being-fair-2019}
"""
CHECKLIST_ALERT = """\
alerts:
  - id: a1
    severity: check
    when:
      - {item: "1", equals: "no"}
      - {item: "2", equals: ii}
    text: Check your answers to questions 1 and 2.
    source: {ref: being-fair-2019}
approvers:"""


def test_sound_alerts_pass_in_a_flow_and_a_checklist() -> None:
    assert codes(checks.check_flows, TINY_FLOW + FLOW_ALERT) == []
    assert (
        codes(checks.check_checklists, changed(TINY_CHECKLIST, "approvers:", CHECKLIST_ALERT)) == []
    )


@pytest.mark.parametrize(
    ("old", "new", "code", "message"),
    [
        ("item: q2,", "item: q9,", "JC309", "the item 'q9' does not exist"),
        (
            'equals: "yes"}',
            "equals: maybe}",
            "JC310",
            "'q2' can never be 'maybe'; its answers are: yes, no",
        ),
    ],
)
def test_a_flow_alert_must_name_a_question_of_the_flow_and_an_answer_it_takes(
    old: str, new: str, code: str, message: str
) -> None:
    [(got, line, _, text)] = found(checks.check_flows, TINY_FLOW + changed(FLOW_ALERT, old, new))
    # Located at the condition: the fifth line of the alerts block.
    assert (got, line, text) == (code, TINY_FLOW.count("\n") + 5, message)


@pytest.mark.parametrize(
    ("old", "new", "code", "message"),
    [
        (
            '{item: "1", equals: "no"}',
            '{item: h, equals: "no"}',
            "JC309",
            "the item 'h' cannot be answered",
        ),
        (
            '{item: "1", equals: "no"}',
            '{any_of: ["1", x], equals: "no"}',
            "JC309",
            "the item 'x' does not exist",
        ),
        (
            '{item: "2", equals: ii}',
            '{item: "2", equals: iii}',
            "JC310",
            "'2' can never be 'iii'; its answers are: i, ii",
        ),
    ],
)
def test_a_checklist_alert_is_checked_like_a_rule(
    old: str, new: str, code: str, message: str
) -> None:
    alert = changed(CHECKLIST_ALERT, old, new)
    [(got, line, _, text)] = found(
        checks.check_checklists, changed(TINY_CHECKLIST, "approvers:", alert)
    )
    assert (got, text) == (code, message)
    start = TINY_CHECKLIST[: TINY_CHECKLIST.index("approvers:")].count("\n") + 1
    assert line in (start + 4, start + 5)  # at one of the alert's two conditions


def test_what_replaced_a_document_must_be_a_known_reference() -> None:
    status = "status: {state: current}\n"
    named = "status:\n  state: superseded\n  note: Replaced.\n  superseded_by: Another tool, 2025\n"
    good = changed(TINY_FLOW, status, named + "  superseded_by_ref: dekker-2017\n")
    assert codes(checks.check_sources, good, REFERENCES) == []
    bad = changed(TINY_FLOW, status, named + "  superseded_by_ref: nhse-2099\n")
    assert found(checks.check_sources, bad, REFERENCES) == [
        ("JC305", 11, 22, "the reference key 'nhse-2099' is not in references.yaml")
    ]
