/*
 * "Plan a session": the training session planner in the browser.
 *
 * The same rules as `justculture session` (generator/justculture/sessions.py): the rules' numbers
 * come from the data file the build writes from that module (training/session-planner.json), and
 * this file repeats its arithmetic exactly, in whole numbers. tests/node/session-planner.test.mjs
 * runs both planners over many cases and compares every slot.
 *
 * Nothing is stored and nothing is sent anywhere: the only request is for the data file, on this
 * site.
 *
 * Markup it looks for (templates/site/training/plan.md.j2):
 *   <form data-jc-planner="URL OF THE DATA FILE" hidden> with checkboxes name="scenario" and an
 *   input name="minutes"; <div id="session-plan"> for the plan.
 */

// The planner (no DOM: Node's tests import these) -------------------------------------------------

/** "1 minute", "2 minutes": never "1 minutes". */
export function plural(count, word) {
  return count === 1 ? count + " " + word : count + " " + word + "s";
}

function floorDiv(a, b) {
  return (a - (a % b)) / b;
}

/**
 * Share `total` in proportion to `weights`, in whole numbers of at least `floors` that add up.
 * As sessions.apportion: largest remainders get the spare minutes; when the floors overshoot,
 * minutes come back from the parts furthest above their exact share; ties go to the earliest.
 * Each exact share is weight * total / whole; comparisons use numerators over `whole`.
 */
export function apportion(weights, total, floors) {
  var whole = weights.reduce(function (sum, weight) { return sum + weight; }, 0);
  var exact = weights.map(function (weight) { return weight * total; });
  var result = weights.map(function (weight, i) { return Math.max(floors[i], floorDiv(exact[i], whole)); });
  function sum() { return result.reduce(function (acc, value) { return acc + value; }, 0); }
  while (sum() > total) {
    var over = -1;
    for (var i = 0; i < result.length; i += 1) {
      if (result[i] > floors[i] && (over < 0 || result[i] * whole - exact[i] > result[over] * whole - exact[over])) over = i;
    }
    result[over] -= 1;
  }
  while (sum() < total) {
    var under = 0;
    for (var j = 1; j < result.length; j += 1) {
      if (exact[j] - result[j] * whole > exact[under] - result[under] * whole) under = j;
    }
    result[under] += 1;
  }
  return result;
}

function slotsOf(rules, scenarios) {
  var slots = [{ kind: "intro", base: rules.intro_minutes, scenario: null, stage: null }];
  scenarios.forEach(function (scenario) {
    scenario.timings.stages.forEach(function (row) {
      slots.push({ kind: "reading", base: row.reading, scenario: scenario.id, stage: row.stage });
      slots.push({ kind: "discussion", base: row.discussion, scenario: scenario.id, stage: row.stage });
    });
    slots.push({ kind: "debrief", base: scenario.timings.debrief, scenario: scenario.id, stage: null });
  });
  slots.push({ kind: "close", base: rules.close_minutes, scenario: null, stage: null });
  return slots;
}

function minimumsText(minimums) {
  return minimums.intro + " for the introduction, " + minimums.reading + " to read and " +
    minimums.discussion + " to discuss each stage, " + minimums.debrief + " for each debrief and " +
    minimums.close + " for the close";
}

/**
 * The plan for `scenarios` in `minutes`, as sessions.plan_session makes it:
 * {ok: true, minutes, slots: [{kind, base, scenario, stage, minutes, start}], warnings: [{code, message}]}
 * or, when it cannot be run, {ok: false, code, message}.
 */
export function planSession(rules, scenarios, minutes) {
  if (!scenarios.length) return { ok: false, code: "JC407", message: "Choose at least one scenario." };
  if (!(minutes > 0) || Math.floor(minutes) !== minutes) {
    return { ok: false, code: "JC408", message: "Give the length of the session as a whole number of minutes, more than 0." };
  }
  if (minutes > rules.longest_session) {
    return {
      ok: false,
      code: "JC408",
      message: minutes + " minutes is longer than one training day. Plan at most " + rules.longest_session +
        " minutes (" + rules.longest_session / 60 + " hours) and run longer courses as several sessions.",
    };
  }
  var slots = slotsOf(rules, scenarios);
  var floors = slots.map(function (slot) { return rules.minimums[slot.kind]; });
  var needed = floors.reduce(function (sum, value) { return sum + value; }, 0);
  if (minutes < needed) {
    return {
      ok: false,
      code: "JC412",
      needed: needed,
      message: plural(minutes, "minute") + " is too short for " + plural(scenarios.length, "scenario") +
        ": they need at least " + needed + " minutes (" + minimumsText(rules.minimums) + "). Give at least " +
        needed + " minutes or choose fewer scenarios.",
    };
  }
  var shares = apportion(slots.map(function (slot) { return slot.base; }), minutes, floors);
  var start = 0;
  var placed = slots.map(function (slot, i) {
    var row = { kind: slot.kind, base: slot.base, scenario: slot.scenario, stage: slot.stage, minutes: shares[i], start: start };
    start += shares[i];
    return row;
  });
  return { ok: true, minutes: minutes, slots: placed, warnings: warningsFor(rules, slots, minutes) };
}

function warningsFor(rules, slots, minutes) {
  var written = slots.reduce(function (sum, slot) { return sum + slot.base; }, 0);
  var tight = rules.tight;
  if (minutes * tight.denominator >= written * tight.numerator) return [];
  var suggested = Math.ceil((written * tight.numerator) / tight.denominator);
  return [{
    code: "JC801",
    message: plural(minutes, "minute") + " is tight. These parts were written for " + written +
      " minutes, so each part is cut by more than a quarter and the group will have to keep moving. Give at least " +
      suggested + " minutes or choose fewer scenarios.",
  }];
}

/** "0:05": the slot's start, from the beginning of the session. */
export function clock(start) {
  var minutes = start % 60;
  return Math.floor(start / 60) + ":" + (minutes < 10 ? "0" : "") + minutes;
}

/** What a slot is, in the words of the session plan (templates/print/training/macros.j2). */
export function slotLabel(slot, scenarios) {
  if (slot.kind === "intro") return "Introduction and ground rules";
  if (slot.kind === "close") return "Close, reflection and support";
  var scenario = scenarios.filter(function (row) { return row.id === slot.scenario; })[0];
  if (slot.kind === "debrief") return scenario.title + ": debrief";
  var number = scenario.stages.indexOf(slot.stage) + 1;
  return scenario.title + ", stage " + number + ": " + (slot.kind === "reading" ? "read" : "discuss and use the tools");
}

// The page --------------------------------------------------------------------------------------

function el(tag, attributes, children) {
  var node = document.createElement(tag);
  Object.keys(attributes || {}).forEach(function (key) {
    if (key === "text") node.textContent = attributes[key];
    else if (key.slice(0, 2) === "on") node.addEventListener(key.slice(2), attributes[key]);
    else node.setAttribute(key, attributes[key]);
  });
  [].concat(children || []).forEach(function (child) {
    node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
  });
  return node;
}

function notice(kind, code, heading, text) {
  return el("div", { class: "jc-planner__notice jc-planner__notice--" + kind, "data-code": code }, [
    el("p", {}, [el("strong", { text: heading + " " }), text]),
  ]);
}

function timetable(plan, chosen) {
  var caption = "Timetable for a " + plan.minutes + "-minute session";
  return el("div", { class: "jc-scroll", role: "region", "aria-labelledby": "session-plan-caption", tabindex: "0" }, [
    el("table", { class: "jc-table jc-planner__table" }, [
      el("caption", { id: "session-plan-caption", text: caption }),
      el("thead", {}, el("tr", {}, ["Start", "Minutes", "What"].map(function (text) {
        return el("th", { scope: "col", text: text });
      }))),
      el("tbody", {}, plan.slots.map(function (slot) {
        return el("tr", { "data-kind": slot.kind }, [
          el("td", { text: clock(slot.start) }),
          el("td", { text: String(slot.minutes) }),
          el("td", { text: slotLabel(slot, chosen) }),
        ]);
      })),
      el("tfoot", {}, el("tr", {}, [
        el("th", { scope: "row", text: "Total" }),
        el("td", { text: String(plan.minutes) }),
        el("td", {}),
      ])),
    ]),
  ]);
}

function papers(chosen) {
  return [
    el("h3", { text: "Papers to print" }),
    el("p", { text: "Each facilitator pack is timed for its scenario as written. Use the timetable above for this session." }),
    el("ul", { class: "jc-downloads" }, chosen.map(function (scenario) {
      return el("li", {}, [
        scenario.title + ": ",
        el("a", { href: scenario.pack, class: "jc-download" }, ["facilitator pack (PDF)"]),
        " and ",
        el("a", { href: scenario.handout, class: "jc-download" }, ["participant handout (PDF)"]),
      ]);
    })),
  ];
}

function render(output, plan, chosen) {
  output.textContent = "";
  if (!plan.ok) {
    output.appendChild(notice("error", plan.code, "This session cannot be planned.", plan.message));
    return;
  }
  output.appendChild(el("h3", { text: "Session plan: " + plural(plan.minutes, "minute") + ", " + plural(chosen.length, "scenario") }));
  plan.warnings.forEach(function (warning) {
    output.appendChild(notice("warning", warning.code, "Check before you run this plan:", warning.message));
  });
  output.appendChild(timetable(plan, chosen));
  output.appendChild(el("p", {}, el("button", {
    type: "button",
    class: "md-button",
    text: "Print this plan",
    onclick: function () { window.print(); },
  })));
  papers(chosen).forEach(function (node) { output.appendChild(node); });
}

/** The minutes typed, as a number; NaN for anything but a whole number (planSession refuses it). */
function minutesGiven(text) {
  var trimmed = String(text).trim();
  return /^-?[0-9]+$/.test(trimmed) ? Number(trimmed) : NaN;
}

function initPlanner(form) {
  if (form.dataset.jcReady) return;
  form.dataset.jcReady = "loading";
  var output = document.getElementById("session-plan");
  var url = new URL(form.dataset.jcPlanner, window.location.href);
  fetch(url, { credentials: "omit" }).then(function (response) {
    if (!response.ok) throw new Error("could not load " + url + " (" + response.status + ")");
    return response.json();
  }).then(function (data) {
    var byId = {};
    data.scenarios.forEach(function (scenario) { byId[scenario.id] = scenario; });
    var boxes = Array.prototype.slice.call(form.querySelectorAll("input[name='scenario']"));
    // The scenarios in the order the trainer ticked them, as `justculture session --scenarios`
    // takes them in the order given. Boxes the browser ticked itself (going back to the page)
    // come after, in the page's order.
    var ticked = [];
    boxes.forEach(function (box) {
      box.addEventListener("change", function () {
        ticked = ticked.filter(function (id) { return id !== box.value; });
        if (box.checked) ticked.push(box.value);
      });
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var checked = boxes.filter(function (box) { return box.checked; }).map(function (box) { return box.value; });
      var order = ticked.filter(function (id) { return checked.indexOf(id) >= 0; });
      checked.forEach(function (id) { if (order.indexOf(id) < 0) order.push(id); });
      var chosen = order.map(function (id) { return byId[id]; });
      var minutes = minutesGiven(form.elements.minutes.value);
      render(output, planSession(data.rules, chosen, minutes), chosen);
      output.focus();
    });
    form.hidden = false;
    form.dataset.jcReady = "ready";
  }).catch(function (error) {
    form.dataset.jcReady = "failed";
    output.textContent = "";
    output.appendChild(notice("error", "", "The planner could not load.", "Reload the page to try again."));
    if (window.console) window.console.warn("justculture:", error);
  });
}

function initAll() {
  Array.prototype.forEach.call(document.querySelectorAll("[data-jc-planner]"), initPlanner);
}

if (typeof document !== "undefined") {
  // Material's instant loading swaps pages without a new load: run on each page it shows.
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(initAll);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", initAll);
  else initAll();
}
