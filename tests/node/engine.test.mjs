// The JavaScript engine in Node equals the Python engine on every answer set the Python side wrote.
//
// tests/acceptance/test_node_engine.py writes the JSON export and the expected results (the
// Python engine's Result.to_dict() and its reasons in words, or its error code) to a file and runs
//   JUSTCULTURE_ENGINE_CASES=/path/to/cases.json node --test tests/node/engine.test.mjs
// The file holds {export, groups: {name: [{tool, answers: [[id, value], ...], staff_group, expected}]}}.
// Without the file every test fails: a missing file must never pass as "nothing to check".
// Node's own test runner and assert only; no packages.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { evaluate, reasonTexts } from "../../docs/assets/js/justculture-engine.js";

const VARIABLE = "JUSTCULTURE_ENGINE_CASES";

function loadCases() {
  const path = process.env[VARIABLE];
  if (!path) {
    throw new Error(`${VARIABLE} is not set: run this through tests/acceptance/test_node_engine.py (pytest), which writes the expected results`);
  }
  return JSON.parse(readFileSync(path, "utf8"));
}

let data = null;
let loadError = null;
try {
  data = loadCases();
} catch (error) {
  loadError = error;
}

function cases() {
  if (loadError) throw loadError;
  return data;
}

// What the JS engine says, in the shape the Python side wrote.
function jsSide(spec, row) {
  try {
    const result = evaluate(spec, row.tool, row.answers, row.staff_group);
    return { result, words: reasonTexts(spec, result) };
  } catch (error) {
    return { error: error.code || String(error) };
  }
}

function assertGroup(name) {
  const { export: spec, groups } = cases();
  const rows = groups[name];
  assert.ok(Array.isArray(rows) && rows.length > 0, `no cases in the group "${name}"`);
  const mismatches = [];
  for (const row of rows) {
    const got = jsSide(spec, row);
    try {
      assert.deepStrictEqual(got, row.expected);
    } catch (error) {
      mismatches.push(`${JSON.stringify([row.tool, row.answers, row.staff_group])}\n${error.message}`);
    }
  }
  assert.equal(mismatches.length, 0, `${mismatches.length} of ${rows.length} answer sets differ:\n${mismatches.slice(0, 3).join("\n")}`);
  return rows;
}

test("the expected results were written", () => {
  const { export: spec, groups } = cases();
  assert.equal(typeof spec.spec_version, "string");
  assert.ok(Object.keys(groups).length >= 7);
});

test("guide: all 2,048 complete answer sets", () => {
  const rows = assertGroup("guide-complete");
  assert.equal(rows.length, 2048);
  const outcomes = new Set(rows.map((row) => row.expected.result.outcome.id));
  const flow = cases().export.documents["just-culture-guide"];
  assert.deepStrictEqual([...outcomes].sort(), flow.outcomes.map((row) => row.id).sort());
});

test("guide: every prefix of every path, and partial answer sets in any order", () => {
  assertGroup("guide-prefixes");
  assertGroup("guide-partial");
});

test("checklist: every answer to question 3 with every answer to the steps before a decision", () => {
  assert.equal(assertGroup("checklist-combinations").length, 4 * 3 ** 5);
});

test("checklist: random answer sets with prompts, signposts and staff groups", () => {
  assertGroup("checklist-random");
});

test("alerts: every answer to the items alerts read, with every answer to question 3", () => {
  const rows = assertGroup("checklist-alerts");
  const checklist = cases().export.documents["pre-disciplinary-checklist"];
  const raised = new Set(rows.flatMap((row) => row.expected.result.alerts.map((alert) => alert.id)));
  assert.deepStrictEqual([...raised].sort(), checklist.alerts.map((row) => row.id).sort());
  // Stop alerts always come before check alerts.
  for (const row of rows) {
    const severities = row.expected.result.alerts.map((alert) => alert.severity);
    assert.deepStrictEqual(severities, [...severities].sort((a, b) => (a === b ? 0 : a === "stop" ? -1 : 1)));
  }
});

test("alerts: the guide raises each of its alerts, from answers on the path only", () => {
  const rows = cases().groups["guide-complete"];
  const guide = cases().export.documents["just-culture-guide"];
  const raised = new Set(rows.flatMap((row) => row.expected.result.alerts.map((alert) => alert.id)));
  assert.deepStrictEqual([...raised].sort(), guide.alerts.map((row) => row.id).sort());
  const harm = rows.find((row) => row.answers[0][1] === "yes" && row.answers[1][1] === "yes");
  assert.deepStrictEqual(harm.expected.result.alerts.map((alert) => alert.id), ["alert-deliberate-harm"]);
});

test("invalid answers: the same error codes", () => {
  const rows = assertGroup("invalid");
  assert.ok(rows.every((row) => typeof row.expected.error === "string"));
});

test("answers as an object, a Map or pairs give the same result", () => {
  const spec = cases().export;
  const pairs = [["1a", "no"], ["2a", "no"]];
  const fromPairs = evaluate(spec, "just-culture-guide", pairs);
  assert.deepStrictEqual(evaluate(spec, "just-culture-guide", new Map(pairs)), fromPairs);
  assert.deepStrictEqual(evaluate(spec, "just-culture-guide", Object.fromEntries(pairs)), fromPairs);
  assert.deepStrictEqual(fromPairs.next, ["2b"]);
});
