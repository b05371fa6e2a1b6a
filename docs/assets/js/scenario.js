/*
 * "Run it in your browser": takes a group through a training scenario stage by stage with the
 * real tools. A facilitator's page (it can show the expected answers): the participant copy and
 * the Training index use training.js, which is small and loads neither the engine nor tools.js.
 *
 * Every story, question, answer and outcome comes from the spec export; the engine
 * (justculture-engine.js) decides the outcomes and any alerts, and tools.js lends its DOM helpers
 * and export loader; this ES module imports both. Nothing is stored and nothing is sent anywhere:
 * reloading the page starts again.
 *
 * Markup it looks for (in the page generated from templates/site/training/run.md.j2):
 *   <div class="jct-tool jct-scenario" data-jc-scenario="SCENARIO-ID" data-spec-index="spec/latest.json">
 */
import { evaluate, questionLabel } from "./justculture-engine.js";
import * as tools from "./tools.js";

// Running a scenario -----------------------------------------------------------------------------

var ANSWER_WORDS = { yes: "Yes", no: "No" };

function T() {
  return tools;
}

function paragraphs(text) {
  return String(text).split("\n").filter(function (part) { return part.trim(); });
}

function byId(rows, id) {
  return (rows || []).filter(function (row) { return row.id === id; })[0];
}

function isNumbered(label) {
  return /^[0-9]/.test(label);
}

/** A question named in a sentence: "2a", or "the final question" for one with no number. */
function questionName(doc, id) {
  var label = questionLabel(doc, id);
  return isNumbered(label) ? label : "the final question";
}

// Alerts (answers to deal with before anyone acts on the outcome) are drawn as the tools draw
// them, above the outcome: tools.js alertsBox and alertGroups.
/** What the live region says of the alerts, before the outcome. */
function spokenAlerts(alerts) {
  return T().alertGroups(alerts).map(function (group) { return group.title + ": " + group.texts.join(" ") + " "; }).join("");
}

/** The whole scenario: its stages as they are revealed, and how the outcomes changed. */
function ScenarioRun(root, data, scenario) {
  this.root = root;
  this.data = data;
  this.scenario = scenario;
  this.prefix = "jcs-" + scenario.id;
  this.showExpected = false;
  this.build();
}

ScenarioRun.prototype.build = function () {
  var h = T().h;
  var self = this;
  T().clear(this.root);
  this.stages = [];
  this.live = h("div", { class: "jct-visually-hidden", role: "status", "aria-live": "polite", "aria-atomic": "true" });
  this.stageList = h("div", { class: "jcs-stages" });
  this.summary = h("div", { class: "jcs-summary__body" });
  var toggleId = this.prefix + "-expected";
  this.toggle = h("input", {
    type: "checkbox", id: toggleId, "aria-describedby": toggleId + "-hint", checked: this.showExpected,
    onchange: function (event) { self.setExpected(event.target.checked); },
  });
  T().append(this.root, [
    h("div", { class: "jcs-toggle" }, [
      h("div", { class: "jct-checkbox" }, [this.toggle, h("label", { for: toggleId, text: "Show the expected answers" })]),
      h("p", { class: "jct-hint", id: toggleId + "-hint", text: "For facilitators. Under each decision, shows the answers the scenario expects, the reasons for them and the outcome they reach." }),
    ]),
    this.stageList,
    h("section", { class: "jct-summary jcs-summary", "aria-labelledby": this.prefix + "-summary-heading" }, [
      h("h2", { id: this.prefix + "-summary-heading", text: "How the outcome changed" }),
      this.summary,
    ]),
    this.live,
  ]);
  this.reveal(false);
};

/** Show the next stage, with each decision's answers filled in from the one before. */
ScenarioRun.prototype.reveal = function (moveFocus) {
  var index = this.stages.length;
  var stage = new StageView(this, index, this.scenario.stages[index]);
  if (index > 0) this.stages[index - 1].closeActions();
  this.stages.push(stage);
  this.stageList.appendChild(stage.section);
  this.renderSummary();
  if (moveFocus) {
    T().focusHeading(stage.heading);
    T().announce(this.live, "Stage " + (index + 1) + " revealed: " + stage.data.title + ".");
  }
};

ScenarioRun.prototype.restart = function () {
  this.build();
  T().focusHeading(this.stages[0].heading);
  T().announce(this.live, "Started again at stage 1.");
};

ScenarioRun.prototype.setExpected = function (shown) {
  this.showExpected = shown;
  this.stages.forEach(function (stage) {
    stage.runs.forEach(function (run) { run.renderExpected(); });
  });
  this.renderSummary();
};

/** The group's answers for the same tool and person in the latest earlier stage, if any. */
ScenarioRun.prototype.earlierAnswers = function (stageIndex, run) {
  for (var index = stageIndex - 1; index >= 0; index -= 1) {
    var same = this.stages[index].runs.filter(function (other) {
      return other.run.tool === run.tool && other.run.person === run.person;
    });
    var sameAct = same.filter(function (other) { return other.run.act === run.act; });
    var source = sameAct[0] || same[0];
    if (source) return { stage: index + 1, answers: new Map(source.answers) };
  }
  return null;
};

/** Each person and tool in turn, with the outcome at every stage they appear in. */
ScenarioRun.prototype.tracks = function () {
  var tracks = [];
  var byKey = new Map();
  this.stages.forEach(function (stage) {
    stage.runs.forEach(function (run) {
      var key = run.run.tool + "\u0000" + run.run.person;
      if (!byKey.has(key)) {
        byKey.set(key, { person: run.run.person, toolTitle: run.doc.title, stages: [] });
        tracks.push(byKey.get(key));
      }
      var stages = byKey.get(key).stages;
      var last = stages[stages.length - 1];
      if (!last || last.number !== stage.index + 1) stages.push({ number: stage.index + 1, runs: [] });
      stages[stages.length - 1].runs.push(run);
    });
  });
  return tracks;
};

function trackSentence(track, expected) {
  return track.stages.map(function (stage) {
    var titles = stage.runs.map(function (run) {
      if (expected) return run.expectedOutcome().title;
      return run.result && run.result.outcome ? run.result.outcome.title : "no outcome yet";
    });
    return "Stage " + stage.number + ": " + titles.join("; ") + ".";
  }).join(" ");
}

ScenarioRun.prototype.renderSummary = function () {
  var h = T().h;
  var self = this;
  T().clear(this.summary);
  T().append(this.summary, [
    h("p", { text: "The outcome you reached for each person at each stage so far." }),
    h("ul", { class: "jcs-tracks" }, this.tracks().map(function (track) {
      return h("li", {}, [
        h("strong", { text: track.person + " (" + track.toolTitle + "): " }),
        h("span", { class: "jcs-track__outcomes", text: trackSentence(track, false) }),
        self.showExpected ? h("span", { class: "jcs-track__expected", text: " Expected: " + trackSentence(track, true) }) : null,
      ]);
    })),
  ]);
};

/** Called by a decision when it reaches a new outcome. */
ScenarioRun.prototype.outcomeReached = function (run) {
  this.renderSummary();
  var track = this.tracks().filter(function (row) {
    return row.person === run.run.person && row.toolTitle === run.doc.title;
  })[0];
  var said = spokenAlerts(run.result.alerts) + "Outcome for " + run.run.person + ": " + run.result.outcome.title + ".";
  if (track && track.stages.length > 1) said += " " + trackSentence(track, false);
  T().announce(this.live, said);
};

// One stage --------------------------------------------------------------------------------------

function StageView(owner, index, data) {
  var h = T().h;
  var self = this;
  this.owner = owner;
  this.index = index;
  this.data = data;
  var id = owner.prefix + "-stage-" + (index + 1);
  var total = owner.scenario.stages.length;
  this.heading = h("h2", { id: id + "-heading", class: "jcs-stage__heading", text: "Stage " + (index + 1) + ": " + data.title });
  this.runs = data.answers.map(function (run, runIndex) {
    return new RunView(owner, self, runIndex, run, owner.earlierAnswers(index, run));
  });
  this.actions = h("div", { class: "jct-actions jcs-stage__actions" }, index + 1 < total
    ? [T().button("Reveal the next stage", function () { owner.reveal(true); })]
    : [
      h("p", { class: "jcs-end", text: total > 1
        ? "This is the last stage. Talk through what changed, and why, in the debrief."
        : "This scenario has one stage. Talk through your answers, and why you gave them, in the debrief." }),
      T().button("Start the scenario again", function () { owner.restart(); }, "secondary"),
    ]);
  this.section = h("section", { class: "jcs-stage", id: id, "aria-labelledby": this.heading.id }, [
    h("p", { class: "jct-caption", text: "Stage " + (index + 1) + " of " + total }),
    this.heading,
    h("div", { class: "jcs-narrative" }, paragraphs(data.narrative).map(function (text) { return h("p", { text: text }); })),
    h("h3", { text: "Discuss" }),
    T().list("ol", data.discussion_questions, function (text) { return text; }),
    this.runs.map(function (run) { return run.panel; }),
    this.actions,
  ]);
}

// Once the next stage is out, this stage's button has done its job.
StageView.prototype.closeActions = function () {
  T().clear(this.actions);
  this.actions.hidden = true;
};

// One decision: one run of the guide or the checklist ---------------------------------------------

function RunView(owner, stage, index, run, earlier) {
  var h = T().h;
  this.owner = owner;
  this.stage = stage;
  this.run = run;
  this.doc = owner.data.documents[run.tool];
  this.id = owner.prefix + "-s" + (stage.index + 1) + "-r" + (index + 1);
  this.earlier = earlier;
  // The guide asks one question at a time: earlier answers pre-select each question's radios.
  // The checklist is one form, so its earlier answers are simply its starting answers.
  this.isGuide = this.doc.kind === "flow";
  this.remembered = earlier ? new Map(earlier.answers) : new Map();
  this.answers = this.isGuide ? new Map() : new Map(this.remembered);
  this.result = null;
  this.lastOutcome = null;
  this.body = h("div", { class: "jcs-run__body" });
  this.expected = h("div", { class: "jcs-expected", hidden: true });
  this.heading = h("h3", { id: this.id + "-heading", class: "jcs-run__heading", text: this.doc.title + ": " + run.person });
  this.panel = h("section", { class: "jcs-run", "aria-labelledby": this.heading.id }, [
    this.heading,
    h("p", {}, [h("strong", { text: "The act: " }), run.act]),
    this.staffGroupNote(),
    earlier ? h("p", { class: "jct-hint", text: "Your answers from stage " + earlier.stage + " are already chosen. Change any that the new information changes." }) : null,
    this.body,
    this.expected,
  ]);
  // Drawing the first time is quiet: the stage's own announcement says what happened.
  this.quiet = true;
  this.render(false);
  this.quiet = false;
  this.renderExpected();
}

RunView.prototype.staffGroupNote = function () {
  if (this.isGuide || !this.run.staff_group) return null;
  var row = (this.doc.approvers || []).filter(function (item) { return item.staff_group === this.run.staff_group; }, this)[0];
  return row ? T().h("p", {}, [T().h("strong", { text: "Staff group: " }), row.applies_to + "."]) : null;
};

RunView.prototype.evaluate = function () {
  var pairs = this.isGuide ? Array.from(this.answers.entries()) : this.orderedAnswers();
  return evaluate(this.owner.data, this.run.tool, pairs, this.isGuide ? null : this.run.staff_group || null);
};

RunView.prototype.orderedAnswers = function () {
  var answers = this.answers;
  return this.doc.items.filter(function (item) { return answers.has(item.id); }).map(function (item) {
    return [item.id, answers.get(item.id)];
  });
};

RunView.prototype.render = function (moveFocus) {
  var result = this.evaluate();
  var self = this;
  if (this.isGuide && result.unused.length) {
    // Only answers on the current route count; the rest stay remembered to pre-fill the radios.
    result.unused.forEach(function (nodeId) { self.answers.delete(nodeId); });
    result = this.evaluate();
  }
  this.result = result;
  var heading = null;
  if (this.isGuide) {
    T().clear(this.body);
    heading = result.complete ? this.renderOutcome(result) : this.renderQuestion(result);
  } else if (!this.form) {
    this.renderChecklist();
  }
  if (!this.isGuide) this.renderStatus(result);
  if (moveFocus && heading) T().focusHeading(heading);
  var outcomeId = result.outcome ? result.outcome.id : null;
  var changed = outcomeId !== this.lastOutcome;
  this.lastOutcome = outcomeId;
  if (this.quiet || !changed) return;
  if (outcomeId) this.owner.outcomeReached(this);
  else this.owner.renderSummary();
};

// The guide, one question at a time ----------------------------------------------------------

RunView.prototype.node = function (nodeId) {
  return byId(this.doc.nodes, nodeId);
};

RunView.prototype.caption = function (node) {
  var tests = this.doc.tests || [];
  var test = byId(tests, node.test);
  if (!test) return "Question " + node.id;
  return "Test " + test.number + " of " + tests.length + ": " + test.title + ", question " + node.id;
};

RunView.prototype.renderQuestion = function (result) {
  var h = T().h;
  var self = this;
  var nodeId = result.next[0];
  var node = this.node(nodeId);
  var upTo = result.path.length - 1 + T().longestFrom(this.doc, nodeId, new Map());
  var question = T().yesNoQuestion({
    idPrefix: this.id + "-" + nodeId,
    name: this.id + "-" + nodeId,
    headingLevel: "h4",
    inline: true,
    node: node,
    caption: this.caption(node),
    remembered: this.remembered.get(nodeId) || null,
    canGoBack: result.path.length > 1,
    onBack: function () { self.back(); },
    onAnswer: function (value) {
      self.answers.set(nodeId, value);
      self.remembered.set(nodeId, value);
      self.render(true);
    },
  });
  var heading = question.heading;
  var form = question.form;
  T().append(this.body, [h("p", { class: "jct-progress", text: "Question " + result.path.length + " of up to " + upTo }), form]);
  return heading;
};

RunView.prototype.renderOutcome = function (result) {
  var h = T().h;
  var self = this;
  var outcome = result.outcome;
  var heading = h("h4", { class: "jct-outcome__heading", id: this.id + "-outcome", text: "Outcome: " + outcome.title });
  var rows = result.path.filter(function (nodeId) { return result.answers[nodeId]; }).map(function (nodeId) {
    return { id: nodeId, question: self.node(nodeId).question, answer: ANSWER_WORDS[result.answers[nodeId]] };
  });
  T().append(this.body, T().alertsBox(result.alerts, 4, this.id + "-alert"));
  T().append(this.body, h("div", { class: "jct-outcome" }, [
    heading,
    h("p", { class: "jct-lead", text: outcome.summary }),
    outcome.recommendation ? h("p", {}, [h("strong", { text: "What to do: " }), outcome.recommendation]) : null,
    T().answersTable("Your answers for " + this.run.person + ", stage " + (this.stage.index + 1), rows),
    h("div", { class: "jct-actions" }, [
      T().button("Change the last answer", function () { self.back(); }, "secondary"),
      T().button("Start this decision again", function () { self.restart(); }, "secondary"),
    ]),
  ]));
  return heading;
};

RunView.prototype.back = function () {
  var keys = Array.from(this.answers.keys());
  if (keys.length) this.answers.delete(keys[keys.length - 1]);
  this.render(true);
};

RunView.prototype.restart = function () {
  this.answers.clear();
  this.render(true);
};

// The checklist, as one form -------------------------------------------------------------------

function answerable(item) {
  return item.answer.type === "yes-no" || item.answer.type === "choice";
}

RunView.prototype.choices = function (item) {
  var doc = this.doc;
  if (item.answer.type === "yes-no") return T().YES_NO;
  return item.answer.choices.map(function (choice) {
    var linked = choice.item ? byId(doc.items, choice.item) : null;
    return { value: String(choice.value), prefix: linked ? (linked.number || choice.value) + ". " : null, label: linked ? linked.text : choice.label };
  });
};

RunView.prototype.controls = function (item) {
  var self = this;
  var group = T().radioGroup(this.id + "-item-" + item.id, this.choices(item), this.answers.get(item.id) || null, function (event) {
    self.answers.set(item.id, event.target.value);
    self.render(false);
  });
  return item.answer.type === "yes-no" ? T().inlineRadios(group) : group;
};

function itemLabel(item) {
  var number = item.number || item.id;
  return item.text.indexOf(number) === 0 ? item.text : number + ". " + item.text;
}

RunView.prototype.renderChecklist = function () {
  var h = T().h;
  var self = this;
  var items = this.doc.items;
  var groups = items.filter(function (item) { return !item.parent; }).map(function (item) {
    var children = items.filter(function (child) { return child.parent === item.id && answerable(child); });
    if (!answerable(item) && !children.length) return null;
    return h("fieldset", { class: "jct-fieldset jct-group" }, [
      h("legend", { class: "jct-legend jct-legend--group", text: itemLabel(item) }),
      answerable(item) ? self.controls(item) : null,
      children.map(function (child) {
        return h("fieldset", { class: "jct-fieldset jct-fieldset--small" }, [
          h("legend", { class: "jct-legend jct-legend--small", text: itemLabel(child) }),
          self.controls(child),
        ]);
      }),
    ]);
  });
  this.status = h("div", { class: "jcs-status" });
  this.form = h("form", { class: "jct-checklist", novalidate: true, "aria-label": this.doc.title + ": " + this.run.person, onsubmit: function (event) { event.preventDefault(); } }, groups);
  T().append(this.body, [
    this.form,
    this.status,
    h("div", { class: "jct-actions" }, [T().button("Clear all answers for this decision", function () { self.clearChecklist(); }, "secondary")]),
  ]);
};

RunView.prototype.renderStatus = function (result) {
  var h = T().h;
  var doc = this.doc;
  T().clear(this.status);
  T().append(this.status, T().alertsBox(result.alerts, 4, this.id + "-alert"));
  if (result.outcome) {
    T().append(this.status, [
      h("p", { class: "jct-outcome__heading jcs-status__outcome", text: "Outcome so far: " + result.outcome.title }),
      h("p", { text: result.outcome.summary }),
    ]);
    return;
  }
  var next = result.next.length ? " Answer next: " + result.next.map(function (id) { return questionName(doc, id); }).join(", ") + "." : "";
  T().append(this.status, h("p", { class: "jcs-status__outcome", text: "No outcome yet." + next }));
};

RunView.prototype.clearChecklist = function () {
  this.answers.clear();
  T().clear(this.body);
  this.form = null;
  this.render(false);
  var first = this.form.querySelector("input");
  if (first) first.focus();
  T().announce(this.owner.live, "Answers cleared for " + this.run.person + ".");
};

// The expected answers, for facilitators -----------------------------------------------------

RunView.prototype.expectedOutcome = function () {
  return byId(this.doc.outcomes, this.run.expected_outcome) || { title: this.run.expected_outcome };
};

RunView.prototype.questionText = function (questionId) {
  var row = this.isGuide ? this.node(questionId) : byId(this.doc.items, questionId);
  return row ? (this.isGuide ? row.question : row.text) : questionId;
};

RunView.prototype.answerText = function (questionId, value) {
  if (this.isGuide) return ANSWER_WORDS[value] || value;
  var item = byId(this.doc.items, questionId);
  if (!item || item.answer.type === "yes-no") return ANSWER_WORDS[value] || value;
  var choice = this.choices(item).filter(function (row) { return row.value === value; })[0];
  return choice ? (choice.prefix || "") + choice.label : value;
};

// The order the tool asks its questions in, whatever order the scenario lists them in.
RunView.prototype.inToolOrder = function (questionIds) {
  var order = (this.isGuide ? this.doc.nodes : this.doc.items).map(function (row) { return row.id; });
  return questionIds.slice().sort(function (a, b) { return order.indexOf(a) - order.indexOf(b); });
};

RunView.prototype.renderExpected = function () {
  var h = T().h;
  var self = this;
  T().clear(this.expected);
  this.expected.hidden = !this.owner.showExpected;
  if (!this.owner.showExpected) return;
  var values = this.run.values;
  var captionId = this.id + "-expected-caption";
  T().append(this.expected, [
    h("h4", { text: "Expected answers" }),
    h("div", { class: "jc-scroll", role: "region", "aria-labelledby": captionId, tabindex: "0" }, h("table", { class: "jct-table" }, [
      h("caption", { id: captionId, text: "What the scenario expects for " + this.run.person + ", stage " + (this.stage.index + 1) }),
      h("thead", {}, h("tr", {}, ["Question", "Answer", "Why"].map(function (text) { return h("th", { scope: "col", text: text }); }))),
      h("tbody", {}, this.inToolOrder(Object.keys(values)).map(function (questionId) {
        return h("tr", {}, [
          h("td", {}, self.questionCell(questionId)),
          h("td", { text: self.answerText(questionId, values[questionId].answer) }),
          h("td", { text: values[questionId].reason }),
        ]);
      })),
    ])),
    T().alertsBox(this.expectedAlerts(), 5, this.id + "-expected-alert"),
    h("p", { class: "jcs-expected__outcome" }, [h("strong", { text: "Expected outcome: " }), this.expectedOutcome().title + "."]),
  ]);
};

/** A question as the expected answers name it: its number and words, or its words alone. */
RunView.prototype.questionCell = function (questionId) {
  var label = questionLabel(this.doc, questionId);
  var text = this.questionText(questionId);
  if (!isNumbered(label)) return [text];
  return [T().h("span", { class: "jct-qid", text: label }), " ", text];
};

/** The alerts the expected answers raise, from the engine, as the facilitator copy shows them. */
RunView.prototype.expectedAlerts = function () {
  var values = this.run.values;
  var pairs = this.inToolOrder(Object.keys(values)).map(function (questionId) {
    return [questionId, String(values[questionId].answer)];
  });
  return evaluate(this.owner.data, this.run.tool, pairs, this.isGuide ? null : this.run.staff_group || null).alerts || [];
};

// Start-up ----------------------------------------------------------------------------------------

function showError(root, error) {
  var h = T().h;
  T().clear(root);
  T().append(root, h("div", { class: "jct-notice jct-notice--error", role: "alert" }, [
    h("p", {}, [h("strong", { text: "This scenario could not load. " }), "Reload the page to try again. If you opened the site from files on your computer, open it through the site's web address instead."]),
  ]));
  if (window.console) window.console.warn("justculture:", error);
}

function initRun(root) {
  if (root.dataset.jcReady) return;
  root.dataset.jcReady = "loading";
  var scenarioId = root.dataset.jcScenario;
  // The scenario's own slice of the export (its tools and the restorative questions); the
  // whole export when the site has no slices.
  T().loadExport(root, scenarioId).catch(function () { return T().loadExport(root); }).then(function (data) {
    var scenario = data.documents && data.documents[scenarioId];
    if (!scenario || scenario.kind !== "scenario") throw new Error("no scenario " + scenarioId + " in the export");
    root.jcScenario = new ScenarioRun(root, data, scenario);
    root.dataset.jcReady = "ready";
  }).catch(function (error) {
    root.dataset.jcReady = "failed";
    showError(root, error);
  });
}

function initAll() {
  Array.prototype.forEach.call(document.querySelectorAll("[data-jc-scenario]"), initRun);
}

T().onEveryPage(initAll);
