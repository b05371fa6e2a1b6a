/**
 * justculture-engine.js: the decision engine of justculture for JavaScript, in browsers and Node.
 *
 * The same rules as the Python engine (generator/justculture/engine.py), over the JSON export
 * (`justculture export --format json`, or spec/<version>/justculture.json on the site). Every
 * question, route and outcome comes from the export; none is written here.
 *
 *   import { evaluate, reasonTexts } from "./justculture-engine.js";
 *   const result = evaluate(spec, "just-culture-guide", { "1a": "no", "2a": "no" });
 *   result.next;                 // ["2b"]: the question to answer next
 *   reasonTexts(spec, result);   // the reasons, in words
 *
 * `evaluate` returns exactly what Python's Result.to_dict() gives (and what
 * `justculture evaluate --format json` prints): tests/browser/test_walker_parity.py (in Chromium)
 * and tests/node/engine.test.mjs (in Node) prove it on all 2,048 complete answer sets of the guide
 * and thousands of checklist answer sets, so change the two engines together.
 *
 * Alerts (`result.alerts`) are what every output shows above the outcome; they never change it.
 *
 * Like the Python engine, `evaluate` makes no English: reasons are data ({question, answer,
 * target} or {rule, target}). `reasonText` is the one place they are put into words, the twin of
 * the Jinja macro generator/justculture/render/templates/_reasons.j2.
 *
 * An ES module (ES2020) with no dependencies. It touches no page, network or file, so it runs the
 * same in a browser, in Node (18 or later) and in a worker. Documented on the site under
 * "For developers", "JavaScript engine".
 */

const FLOW_KIND = "flow";
const CHECKLIST_KIND = "checklist";

/**
 * Thrown for an unknown tool, question, answer or staff group: the Python engine's AnswerError,
 * with the same `code` (JC401 to JC405) and the same message.
 */
export class AnswerError extends Error {
  /**
   * @param {string} code The error code, for example "JC402".
   * @param {string} message What is wrong and what to use instead.
   */
  constructor(code, message) {
    super(code + ": " + message);
    this.name = "AnswerError";
    /** @type {string} */
    this.code = code;
  }
}

/**
 * Thrown when the export breaks a rule the validator enforces (a loop in the guide, an outcome
 * naming an unknown obligation). A valid export never causes it; check a file you received with
 * `justculture validate`.
 */
export class ExportError extends Error {
  /** @param {string} message What is wrong with the export. */
  constructor(message) {
    super("The spec export is not valid: " + message);
    this.name = "ExportError";
  }
}

function brokenExport(message) {
  return new ExportError(message);
}

function has(object, key) {
  return object !== null && typeof object === "object" && Object.prototype.hasOwnProperty.call(object, key);
}

// Python's dict.get(key, default): a present key keeps its value, even null.
function get(object, key, fallback) {
  return has(object, key) ? object[key] : fallback;
}

function pyRepr(value) {
  if (typeof value === "string") return "'" + value + "'";
  if (value === null || value === undefined) return "None";
  if (value === true) return "True";
  if (value === false) return "False";
  return String(value);
}

// Answers keep the order they were given in, as a Python dict does. A plain object puts
// integer-like keys ("1", "3") first, so callers that care about the order of `unused` can
// pass a Map or a list of [id, value] pairs instead.
function answerEntries(answers) {
  if (answers === null || answers === undefined) return [];
  if (answers instanceof Map) return Array.from(answers.entries());
  if (Array.isArray(answers)) return answers.map(function (pair) { return [pair[0], pair[1]]; });
  return Object.keys(answers).map(function (key) { return [key, answers[key]]; });
}

function byId(rows) {
  var map = new Map();
  (rows || []).forEach(function (row) { map.set(row.id, row); });
  return map;
}

// The typed views (the same as model.py) ---------------------------------------------------

function toolDocuments(exportData) {
  var tools = new Map();
  var documents = exportData.documents || {};
  Object.keys(documents).forEach(function (docId) {
    var kind = documents[docId] && documents[docId].kind;
    if (kind === FLOW_KIND || kind === CHECKLIST_KIND) tools.set(docId, documents[docId]);
  });
  return tools;
}

function toolOf(exportData, toolId) {
  var tools = toolDocuments(exportData);
  if (!tools.has(toolId)) {
    var known = Array.from(tools.keys()).join(", ");
    throw new AnswerError("JC401", "no guide or checklist has the id " + pyRepr(toolId) + "; use one of: " + known);
  }
  return tools.get(toolId);
}

function outcomeOf(row) {
  return {
    id: row.id,
    title: row.title,
    summary: get(row, "summary", ""),
    recommendation: get(row, "recommendation", ""),
    investigation_focus: get(row, "investigation_focus", ""),
    obligations: get(row, "obligations", []).slice(),
  };
}

function itemOf(row) {
  var answer = row.answer;
  var choices = (get(answer, "choices", []) || []).map(function (choice) { return String(choice.value); });
  return {
    id: row.id,
    text: row.text,
    answerType: answer.type,
    choices: choices,
    prompt: get(row, "prompt", null),
    data: row,
    answerable: answer.type === "yes-no" || answer.type === "choice",
    allowed: answer.type === "yes-no" ? ["yes", "no"] : choices,
  };
}

function conditionOf(row) {
  if (has(row, "item")) return { items: [String(row.item)], equals: String(row.equals), mode: "item" };
  var mode = has(row, "any_of") ? "any_of" : "all_of";
  return { items: row[mode].map(String), equals: String(row.equals), mode: mode };
}

// The order results list alerts in: every "stop" alert before every "check" alert.
const SEVERITY_ORDER = ["stop", "check"];

// A tool's alerts as model.py's _alerts gives them: deprecated ones left out, "stop" first, then
// "check", each in the document's order (Array.prototype.sort is stable, as Python's sorted is).
function alertsOf(doc) {
  return get(doc, "alerts", [])
    .filter(function (row) { return !get(row, "deprecated", false); })
    .map(function (row) {
      return { id: row.id, severity: row.severity, text: row.text, when: row.when.map(conditionOf), related: get(row, "related", []).slice() };
    })
    .sort(function (a, b) { return SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity); });
}

function checklistOf(doc) {
  var items = new Map();
  doc.items.forEach(function (row) { items.set(row.id, itemOf(row)); });
  var approvers = new Map();
  get(doc, "approvers", []).forEach(function (row) { approvers.set(row.staff_group, row); });
  return {
    id: doc.id,
    items: items,
    order: Array.from(items.keys()),
    rules: doc.rules.map(function (rule) {
      return { id: rule.id, text: get(rule, "text", ""), when: rule.when.map(conditionOf), outcome: rule.outcome };
    }),
    outcomes: byId(doc.outcomes),
    // Deprecated signposts (kept only so that their ids stay valid) are not reported.
    signposts: get(doc, "signposts", []).filter(function (sign) { return !get(sign, "deprecated", false); }).map(function (sign) {
      return { id: sign.id, text: sign.text, when: sign.when.map(conditionOf), related: get(sign, "related", []).slice() };
    }),
    approvers: approvers,
    alerts: alertsOf(doc),
  };
}

/**
 * Every question id of a tool with the values it accepts, in the tool's order.
 *
 * @param {object} doc The tool's document in the export: `spec.documents[toolId]`.
 * @returns {Map<string, string[]>} Question id -> accepted values, for example "1a" -> ["yes", "no"].
 */
export function questions(doc) {
  var allowed = new Map();
  if (doc.kind === FLOW_KIND) {
    doc.nodes.forEach(function (node) { allowed.set(node.id, ["yes", "no"]); });
  } else {
    doc.items.map(itemOf).forEach(function (item) {
      if (item.answerable) allowed.set(item.id, item.allowed);
    });
  }
  return allowed;
}

function validateAnswers(doc, answers) {
  var allowed = questions(doc);
  var clean = new Map();
  answerEntries(answers).forEach(function (pair) {
    var key = String(pair[0]);
    var value = pair[1];
    if (!allowed.has(key)) {
      var known = Array.from(allowed.keys()).join(", ");
      throw new AnswerError("JC402", "'" + key + "' is not a question of " + doc.id + "; use one of: " + known);
    }
    if (typeof value !== "string" || allowed.get(key).indexOf(value) < 0) {
      var values = allowed.get(key).join(", ");
      throw new AnswerError("JC403", pyRepr(value) + " is not an answer to '" + key + "'; use one of: " + values);
    }
    clean.set(key, value);
  });
  return clean;
}

function mapToObject(map) {
  var object = {};
  map.forEach(function (value, key) { object[key] = value; });
  return object;
}

function result(fields) {
  return {
    tool: fields.tool,
    spec_version: fields.spec_version,
    complete: fields.complete,
    alerts: fields.alerts || [],
    next: fields.next,
    path: fields.path,
    outcome: fields.outcome,
    reasons: fields.reasons,
    unused: fields.unused,
    answers: mapToObject(fields.answers),
    outstanding: fields.outstanding || [],
    prompts: fields.prompts || [],
    signposts: fields.signposts || [],
    staff_group: fields.staff_group === undefined ? null : fields.staff_group,
    approver: fields.approver === undefined ? null : fields.approver,
  };
}

function outcomeDict(outcome, obligations) {
  return {
    id: outcome.id,
    title: outcome.title,
    summary: outcome.summary,
    recommendation: outcome.recommendation,
    investigation_focus: outcome.investigation_focus,
    obligations: outcome.obligations.map(function (key) {
      if (!obligations.has(key)) throw brokenExport("outcome " + outcome.id + " names an unknown obligation " + key);
      var row = obligations.get(key);
      return { id: key, title: row.title, text: row.text };
    }),
  };
}

// Reasons, as data: the same as Python's Reason.to_dict() -----------------------------------

// Where an answer led: {node: id} or {outcome: id}, leaving out what is not there.
function targetDict(node, outcome) {
  var target = {};
  if (node !== null && node !== undefined) target.node = node;
  if (outcome !== null && outcome !== undefined) target.outcome = outcome;
  return target;
}

function answerReason(question, answer, target) {
  return { question: question, answer: answer, target: target };
}

function ruleReason(ruleId, target) {
  return { rule: ruleId, target: target };
}

// The just culture guide -------------------------------------------------------------------

function evaluateFlow(version, doc, answers) {
  var nodes = byId(doc.nodes);
  var outcomes = new Map();
  doc.outcomes.forEach(function (row) { outcomes.set(row.id, outcomeOf(row)); });
  var obligations = byId(get(doc, "obligations", []));
  var path = [];
  var reasons = [];
  var nodeId = doc.start;
  var outcome = null;
  while (nodeId !== null && nodeId !== undefined) {
    // The validator rejects loops; this only stops a broken export from hanging the page.
    if (path.length > nodes.size) throw brokenExport("the guide's questions loop back on themselves at " + nodeId);
    var node = nodes.get(nodeId);
    path.push(nodeId);
    if (!answers.has(nodeId)) break;
    var answer = answers.get(nodeId);
    var target = answer === "yes" ? node.on_yes : node.on_no;
    var outcomeId = get(target, "outcome", null);
    reasons.push(answerReason(nodeId, answer, targetDict(get(target, "node", null), outcomeId)));
    if (outcomeId !== null) outcome = outcomes.get(outcomeId);
    nodeId = get(target, "node", null);
  }
  // Only answers on the path raise alerts: an answer the guide did not ask for is unused.
  var onPath = new Map();
  path.forEach(function (question) { if (answers.has(question)) onPath.set(question, answers.get(question)); });
  return result({
    tool: doc.id,
    spec_version: version,
    complete: outcome !== null,
    alerts: alertsFor(alertsOf(doc), onPath),
    next: outcome !== null ? [] : [path[path.length - 1]],
    path: path,
    outcome: outcome === null ? null : outcomeDict(outcome, obligations),
    reasons: reasons,
    unused: Array.from(answers.keys()).filter(function (question) { return path.indexOf(question) < 0; }),
    answers: answers,
  });
}

// The pre-disciplinary checklist -----------------------------------------------------------

/** Three-valued evaluation of a checklist's rules: true, false or null (not yet known). */
function RuleWalk(answers) {
  this.answers = answers;
  this.read = new Set();
}

RuleWalk.prototype.condition = function (condition) {
  var self = this;
  condition.items.forEach(function (item) { self.read.add(item); });
  var values = condition.items.map(function (item) { return self.answers.has(item) ? self.answers.get(item) : null; });
  var known = values.filter(function (value) { return value !== null; });
  if (condition.mode === "all_of") {
    if (known.some(function (value) { return value !== condition.equals; })) return false;
    return known.length < values.length ? null : true;
  }
  if (known.some(function (value) { return value === condition.equals; })) return true;
  return known.length < values.length ? null : false;
};

RuleWalk.prototype.rule = function (rule) {
  var state = true;
  for (var index = 0; index < rule.when.length; index += 1) {
    var value = this.condition(rule.when[index]);
    if (value === false) return false;
    if (value === null) state = null;
  }
  return state;
};

// The answers that met the deciding rule's conditions, in the rule's order, then the rule.
function checklistReasons(rule, answers) {
  if (rule === null) return [];
  var reasons = [];
  rule.when.forEach(function (condition) {
    condition.items.forEach(function (itemId) {
      var answer = answers.has(itemId) ? answers.get(itemId) : null;
      if (answer !== null && (condition.mode === "item" || answer === condition.equals)) {
        reasons.push(answerReason(itemId, answer, targetDict(null, rule.outcome)));
      }
    });
  });
  reasons.push(ruleReason(rule.id, targetDict(null, rule.outcome)));
  return reasons;
}

function outstandingSteps(checklist, rule, answers) {
  if (rule === null) return [];
  var rows = [];
  rule.when.forEach(function (condition) {
    if (condition.mode !== "any_of") return;
    condition.items.forEach(function (itemId) {
      if (answers.get(itemId) === condition.equals) rows.push({ id: itemId, text: checklist.items.get(itemId).text });
    });
  });
  return rows;
}

// Nudges for reflection items answered No; steps already listed as outstanding are not repeated.
function promptsFor(checklist, answers, outstanding) {
  var rows = [];
  checklist.items.forEach(function (item) {
    if (item.prompt && answers.get(item.id) === "no" && !outstanding.has(item.id)) {
      rows.push({ id: item.id, text: item.text, prompt: item.prompt });
    }
  });
  return rows;
}

function signpostsFor(checklist, answers) {
  var walk = new RuleWalk(answers);
  return checklist.signposts
    .filter(function (sign) { return sign.when.every(function (condition) { return walk.condition(condition) === true; }); })
    .map(function (sign) { return { id: sign.id, text: sign.text, related: sign.related.slice() }; });
}

function signpostItems(checklist) {
  var items = new Set();
  checklist.signposts.forEach(function (sign) {
    sign.when.forEach(function (condition) { condition.items.forEach(function (item) { items.add(item); }); });
  });
  return items;
}

// The alerts whose conditions all hold, in the order alertsOf gives (stop first, then check).
function alertsFor(alerts, answers) {
  var walk = new RuleWalk(answers);
  return alerts
    .filter(function (alert) { return alert.when.every(function (condition) { return walk.condition(condition) === true; }); })
    .map(function (alert) { return { id: alert.id, severity: alert.severity, text: alert.text, related: alert.related.slice() }; });
}

function alertItems(alerts) {
  var items = new Set();
  alerts.forEach(function (alert) {
    alert.when.forEach(function (condition) { condition.items.forEach(function (item) { items.add(item); }); });
  });
  return items;
}

function approverFor(checklist, staffGroup) {
  if (staffGroup === null || staffGroup === undefined) return null;
  if (!checklist.approvers.has(staffGroup)) {
    var known = Array.from(checklist.approvers.keys()).join(", ");
    throw new AnswerError("JC405", "'" + staffGroup + "' is not a staff group; use one of: " + known);
  }
  var row = checklist.approvers.get(staffGroup);
  return { staff_group: staffGroup, role: row.role, applies_to: row.applies_to };
}

function evaluateChecklist(version, doc, answers, staffGroup) {
  var checklist = checklistOf(doc);
  var walk = new RuleWalk(answers);
  var deciding = null;
  var blocking = null;
  for (var index = 0; index < checklist.rules.length; index += 1) {
    var state = walk.rule(checklist.rules[index]);
    if (state === null) { blocking = checklist.rules[index]; break; }
    if (state) { deciding = checklist.rules[index]; break; }
  }
  var path = Array.from(walk.read).sort(function (a, b) { return checklist.order.indexOf(a) - checklist.order.indexOf(b); });
  var waiting = blocking ? path.filter(function (item) { return !answers.has(item); }) : [];
  var outcome = deciding ? outcomeOf(checklist.outcomes.get(deciding.outcome)) : null;
  var outstanding = outstandingSteps(checklist, deciding, answers);
  var prompts = promptsFor(checklist, answers, new Set(outstanding.map(function (row) { return row.id; })));
  var used = new Set(path);
  prompts.forEach(function (row) { used.add(row.id); });
  signpostItems(checklist).forEach(function (item) { used.add(item); });
  alertItems(checklist.alerts).forEach(function (item) { used.add(item); });
  return result({
    tool: doc.id,
    spec_version: version,
    complete: outcome !== null,
    alerts: alertsFor(checklist.alerts, answers),
    next: waiting,
    path: path,
    outcome: outcome === null ? null : outcomeDict(outcome, new Map()),
    reasons: checklistReasons(deciding, answers),
    unused: Array.from(answers.keys()).filter(function (item) { return !used.has(item); }),
    answers: answers,
    outstanding: outstanding,
    prompts: prompts,
    signposts: signpostsFor(checklist, answers),
    approver: approverFor(checklist, staffGroup),
    staff_group: staffGroup === undefined ? null : staffGroup,
  });
}

/**
 * Evaluate a set of answers with one tool of the export.
 *
 * Never throws for an incomplete answer set: the result says which question comes next.
 *
 * @param {object} spec The JSON export: what `justculture export --format json` writes.
 * @param {string} toolId "just-culture-guide" or "pre-disciplinary-checklist".
 * @param {Object<string, string>|Map<string, string>|Array<Array<string>>} answers
 *   Question id -> answer ("yes", "no", or a choice such as "ii"). A plain object puts
 *   integer-like keys ("3") first; pass a Map or [id, value] pairs to keep your own order.
 * @param {string|null} [staffGroup] The checklist only: the worker's staff group (for example
 *   "medical"), which names who must agree to a formal investigation.
 * @returns {object} Equal to Python's Result.to_dict(): tool, spec_version, complete, alerts,
 *   next, path, outcome, reasons, unused, answers, outstanding, prompts, signposts, staff_group,
 *   approver. `alerts` lists {id, severity, text, related} for answers to show above the outcome:
 *   every "stop" alert, then every "check" alert, each in the tool's order. The guide counts only
 *   answers on its path; the checklist counts every answer.
 * @throws {AnswerError} For an unknown tool (JC401), question (JC402), answer (JC403) or staff
 *   group (JC405).
 */
export function evaluate(spec, toolId, answers, staffGroup) {
  var doc = toolOf(spec, toolId);
  var clean = validateAnswers(doc, answers);
  if (doc.kind === FLOW_KIND) {
    if (staffGroup !== null && staffGroup !== undefined) {
      throw new AnswerError("JC405", doc.id + " does not use a staff group; leave it out");
    }
    return evaluateFlow(spec.spec_version, doc, clean);
  }
  return evaluateChecklist(spec.spec_version, doc, clean, staffGroup === undefined ? null : staffGroup);
}

// Reasons in words: the twin of render/templates/_reasons.j2 -----------------------------------

const ANSWER_WORDS = { yes: "Yes", no: "No" };

function rowById(rows, id) {
  return (rows || []).filter(function (row) { return row.id === id; })[0];
}

function answerWord(value) {
  return has(ANSWER_WORDS, value) ? ANSWER_WORDS[value] : value;
}

/**
 * The words for one reason of a result, as the site, the PDFs and the command line say it.
 *
 * @param {object} doc The tool's document in the export: `spec.documents[result.tool]`.
 * @param {object} reason One row of `result.reasons`: {question, answer, target} or {rule, target}.
 * @returns {string} One sentence, for example: You answered No to 1a, “Were the actions as
 *   intended?”, so the guide goes on to the next question.
 */
export function reasonText(doc, reason) {
  if (has(reason, "rule")) return rowById(doc.rules, reason.rule).text || "";
  if (doc.kind === FLOW_KIND) {
    var said = "You answered " + answerWord(reason.answer) + " to " + reason.question + ", \u201c";
    said += rowById(doc.nodes, reason.question).question + "\u201d, so the guide";
    if (has(reason.target, "outcome")) {
      return said + " points to: " + rowById(doc.outcomes, reason.target.outcome).title + ".";
    }
    return said + " goes on to the next question.";
  }
  var item = rowById(doc.items, reason.question);
  // Named by the number people know it by (2a); an item with no number ("Finally") by its words.
  var label = questionLabel(doc, reason.question);
  var numbered = /^[0-9]/.test(label);
  if (item.answer.type === "yes-no") {
    return "You answered " + answerWord(reason.answer) + " to " + (numbered ? label + ", " : "") +
      "\u201c" + item.text + "\u201d.";
  }
  var choice = item.answer.choices.filter(function (row) { return String(row.value) === reason.answer; })[0];
  var chosen = choice.item ? rowById(doc.items, choice.item).text : choice.label;
  var asked = numbered ? "question " + label : "\u201c" + item.text + "\u201d";
  return "For " + asked + " you chose " + reason.answer + ": \u201c" + chosen + "\u201d.";
}

/**
 * The number people know a question by, as the paper prints it: the guide's own (`3b`), a
 * checklist sub-item with its parent's (`2a`), or a word such as `Finally` for an item with no
 * number. The same rule as `question_label` in the Python model.
 *
 * @param {object} doc The guide's or the checklist's document from the export.
 * @param {string} id The question's id.
 * @returns {string} Its label.
 */
export function questionLabel(doc, id) {
  if (doc.kind === FLOW_KIND) return id;
  var item = rowById(doc.items, id);
  if (!item) throw new AnswerError("JC402", "'" + id + "' is not a question of " + doc.id);
  var number = has(item, "number") ? String(item.number) : String(item.id);
  if (!item.parent) return number;
  var parent = rowById(doc.items, item.parent);
  return (has(parent, "number") ? String(parent.number) : String(parent.id)) + number;
}

/**
 * Every reason of a result in words, in order.
 *
 * @param {object} spec The JSON export the result came from.
 * @param {object} result What `evaluate` returned.
 * @returns {string[]} One sentence per row of `result.reasons`.
 */
export function reasonTexts(spec, result) {
  var doc = toolOf(spec, result.tool);
  return result.reasons.map(function (reason) { return reasonText(doc, reason); });
}
