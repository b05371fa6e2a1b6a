// The "Plan a session" page's planner in Node equals the Python planner on every case given.
//
// tests/acceptance/test_session_planner_parity.py writes the page's own data file (the rules and
// the scenarios, as the build writes training/session-planner.json) and, for many (scenarios,
// minutes) cases, what justculture.sessions.plan_session gives, then runs
//   JUSTCULTURE_PLANNER_CASES=/path/to/cases.json node --test tests/node/session-planner.test.mjs
// The file holds {data: {rules, scenarios}, cases: [{scenarios: [id, ...], minutes, expected}]}.
// Without the file every test fails: a missing file must never pass as "nothing to check".

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { planSession, slotLabel } from "../../docs/assets/js/session-planner.js";

const VARIABLE = "JUSTCULTURE_PLANNER_CASES";

function loadCases() {
  const path = process.env[VARIABLE];
  if (!path) {
    throw new Error(`${VARIABLE} is not set: run this through tests/acceptance/test_session_planner_parity.py (pytest), which writes the expected plans`);
  }
  return JSON.parse(readFileSync(path, "utf8"));
}

// The JS plan in the shape the Python side wrote.
function jsSide(data, row) {
  const byId = Object.fromEntries(data.scenarios.map((scenario) => [scenario.id, scenario]));
  const chosen = row.scenarios.map((id) => byId[id]);
  const plan = planSession(data.rules, chosen, row.minutes);
  if (!plan.ok) return { error: plan.code };
  return {
    slots: plan.slots.map((slot) => [slot.kind, slot.scenario, slot.stage, slot.minutes, slot.start, slotLabel(slot, chosen)]),
    warnings: plan.warnings.map((warning) => warning.code),
  };
}

test("the browser's planner gives the CLI's plan for every case", () => {
  const { data, cases } = loadCases();
  assert.ok(cases.length > 100, "too few cases to prove anything");
  for (const row of cases) {
    assert.deepEqual(jsSide(data, row), row.expected, `${row.scenarios.join(",")} in ${row.minutes} minutes`);
  }
});

test("the cases cover refusals, warnings and plain plans", () => {
  const { cases } = loadCases();
  const kinds = new Set(cases.map((row) => (row.expected.error ? row.expected.error : row.expected.warnings.join(",") || "plain")));
  for (const kind of ["JC412", "JC408", "JC801", "plain"]) assert.ok(kinds.has(kind), `no ${kind} case`);
});
