/*
 * The interactive just culture guide and pre-disciplinary checklist.
 *
 * Every question, answer, route and sentence comes from the spec export and from the engine
 * (justculture-engine.js, imported below); this file only draws forms and records.
 * Nothing is sent anywhere and no cookies are set. Answers and record text are kept in
 * localStorage only when the user ticks "Save on this device"; "Download answers" writes the
 * answers file the command line reads (`justculture evaluate TOOL --answers FILE`), "Open
 * answers" reads one back, and the page asks before it closes on work kept nowhere else.
 * Each tool page loads this module from its front matter (`scripts:`) and fetches only its own
 * slice of the export (spec/<version>/slices/<tool>.json).
 *
 * Markup it looks for (put in the page's Markdown as raw HTML):
 *   <div class="jct-tool" data-jc-tool="just-culture-guide" data-spec-index="spec/latest.json"></div>
 * data-spec-index is relative to the site's root, which is found from this script's own URL
 * (assets/js/tools.js, an ES module: import.meta.url), so it works at any base path and with
 * mkdocs-material's instant loading.
 * data-site-root (relative to the page) or data-spec-url (the export itself, relative to the
 * page) override that.
 */
import { evaluate, questionLabel, questions, reasonText } from "./justculture-engine.js";

// This module's own address (assets/js/tools.js), from which the site's root is found.
var SCRIPT_SRC = import.meta.url;
var exportCache = new Map();
var DRAFT_PREFIX = "justculture-draft:";
var YES_NO = [{ value: "yes", label: "Yes" }, { value: "no", label: "No" }];

// Small DOM helpers -------------------------------------------------------------------------

/** Make an element. attrs: attributes (class, id, aria-*, ...) and on* listeners. */
function h(tag, attrs, children) {
  var el = document.createElement(tag);
  Object.keys(attrs || {}).forEach(function (key) {
    var value = attrs[key];
    if (value === null || value === undefined || value === false) return;
    if (key.slice(0, 2) === "on" && typeof value === "function") el.addEventListener(key.slice(2), value);
    else if (key === "text") el.textContent = value;
    else el.setAttribute(key, value === true ? "" : String(value));
  });
  append(el, children);
  return el;
}

function append(el, children) {
  (Array.isArray(children) ? children : [children]).forEach(function (child) {
    if (child === null || child === undefined || child === false) return;
    if (Array.isArray(child)) append(el, child);
    else el.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
  });
  return el;
}

function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

function focusHeading(el) {
  if (!el) return;
  el.setAttribute("tabindex", "-1");
  el.focus({ preventScroll: false });
}

function capitalise(text) {
  return text ? text.charAt(0).toUpperCase() + text.slice(1) : text;
}

function today() {
  return new Date().toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" });
}

function formatDate(iso) {
  var parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!parts) return iso;
  var date = new Date(Number(parts[1]), Number(parts[2]) - 1, Number(parts[3]));
  return date.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" });
}

function announce(region, message) {
  // Clearing first makes screen readers repeat a message that happens to be the same.
  region.textContent = "";
  window.setTimeout(function () { region.textContent = message; }, 50);
}

// Loading the export ------------------------------------------------------------------------

function siteRoot(root) {
  if (root.dataset.siteRoot) return new URL(root.dataset.siteRoot, window.location.href);
  if (SCRIPT_SRC) return new URL("../../", SCRIPT_SRC);
  return new URL("../../", window.location.href);
}

function getJson(url) {
  return fetch(url, { credentials: "omit", cache: "no-cache" }).then(function (response) {
    if (!response.ok) throw new Error("could not load " + url + " (" + response.status + ")");
    return response.json();
  });
}

/**
 * The data's URL: data-spec-url, or else from the version index, the slice of the export for
 * `documentId` (spec/<version>/slices/<id>.json: that page's documents only, in the export's
 * shape) or, with no id, the whole export (spec/<version>/justculture.json).
 */
function exportUrl(root, documentId) {
  if (root.dataset.specUrl) return Promise.resolve(new URL(root.dataset.specUrl, window.location.href));
  var base = siteRoot(root);
  var index = new URL(root.dataset.specIndex || "spec/latest.json", base);
  return getJson(index).then(function (latest) {
    var version = latest.spec_version || latest.version;
    if (documentId && version) {
      return new URL("spec/" + encodeURIComponent(version) + "/slices/" + encodeURIComponent(documentId) + ".json", base);
    }
    if (latest.export) return new URL(latest.export, index);
    if (!version) throw new Error(index + " does not name a spec_version");
    return new URL("spec/" + encodeURIComponent(version) + "/justculture.json", base);
  });
}

/** The export (or, given a document id, that document's slice of it) as plain data. */
function loadExport(root, documentId) {
  if (window.JustCultureExport) return Promise.resolve(window.JustCultureExport);
  return exportUrl(root, documentId).then(function (url) {
    var key = String(url);
    if (!exportCache.has(key)) {
      exportCache.set(key, getJson(url).catch(function (error) { exportCache.delete(key); throw error; }));
    }
    return exportCache.get(key);
  });
}

// Drafts (opt-in, this device only) ---------------------------------------------------------

function storage() {
  try {
    return window.localStorage;
  } catch (error) {
    return null;
  }
}

function readDraft(toolId) {
  var store = storage();
  if (!store) return null;
  try {
    return JSON.parse(store.getItem(DRAFT_PREFIX + toolId) || "null");
  } catch (error) {
    return null;
  }
}

function writeDraft(toolId, draft) {
  var store = storage();
  if (!store) return;
  try {
    if (draft) store.setItem(DRAFT_PREFIX + toolId, JSON.stringify(draft));
    else store.removeItem(DRAFT_PREFIX + toolId);
  } catch (error) {
    // Storage full or blocked: the tool still works, it just cannot keep a draft.
  }
}

// A draft saved under an older spec may name questions or values this one does not have.
function draftAnswers(doc, draft) {
  var allowed = questions(doc);
  var pairs = draft && Array.isArray(draft.answers) ? draft.answers : [];
  return pairs.filter(function (pair) {
    return Array.isArray(pair) && allowed.has(pair[0]) && allowed.get(pair[0]).indexOf(pair[1]) >= 0;
  });
}

function draftStaffGroup(doc, draft) {
  var group = draft && draft.staffGroup;
  var known = (doc.approvers || []).some(function (row) { return row.staff_group === group; });
  return known ? group : null;
}

// Shared pieces -----------------------------------------------------------------------------

function radioGroup(name, options, checked, onChange) {
  return h("div", { class: "jct-radios" }, options.map(function (option) {
    var id = name + "-" + option.value;
    return h("div", { class: "jct-radio" }, [
      h("input", {
        type: "radio", id: id, name: name, value: option.value,
        checked: checked === option.value, onchange: onChange || null,
      }),
      h("label", { for: id, class: "jct-radio__label" }, [
        option.prefix ? h("span", { class: "jct-radio__prefix", text: option.prefix }) : null,
        option.label,
      ]),
    ]);
  }));
}

function inlineRadios(group) {
  group.classList.add("jct-radios--inline");
  return group;
}

function button(text, onClick, variant) {
  return h("button", { type: "button", class: "jct-button" + (variant ? " jct-button--" + variant : ""), onclick: onClick }, text);
}

function decisionRecordForms(data) {
  var restorative = data.documents.restorative || {};
  var records = restorative.decision_record || [];
  return Array.isArray(records) ? records : [records];
}

/** The restorative decision record's fields as inputs; values live in state.fields. */
function decisionFields(prefix, data, state, onChange, level) {
  return decisionRecordForms(data).map(function (record) {
    return h("section", { class: "jct-decision", "aria-labelledby": prefix + "-record-heading" }, [
      h("h" + level, { id: prefix + "-record-heading", text: record.title + " (optional)" }),
      record.description ? h("p", { text: record.description }) : null,
      h("p", { class: "jct-hint", text: "What you write here goes into the printed record. It stays in this browser, and is kept after you close the page only if you save on this device." }),
      (record.fields || []).map(function (field) { return decisionField(prefix, field, state, onChange); }),
    ]);
  });
}

function decisionField(prefix, field, state, onChange) {
  var id = prefix + "-field-" + field.id;
  var hintId = id + "-hint";
  var value = state.fields[field.id] || "";
  function keep(event) { state.fields[field.id] = event.target.value; onChange(); }
  if (field.type === "yes-no") {
    var detailsId = field.id + "-details";
    return h("div", { class: "jct-field" }, [
      h("fieldset", { class: "jct-fieldset jct-fieldset--small", "aria-describedby": field.help ? hintId : null }, [
        h("legend", { class: "jct-legend jct-legend--small", text: field.label }),
        field.help ? h("p", { class: "jct-hint", id: hintId, text: field.help }) : null,
        inlineRadios(radioGroup(id, YES_NO, value, keep)),
      ]),
      field.details ? textField(id + "-details", field.details.label, field.details.help, state.fields[detailsId] || "", function (event) {
        state.fields[detailsId] = event.target.value; onChange();
      }, "textarea") : null,
    ]);
  }
  // The case fields are short (a reference, a name); the other text fields are paragraphs.
  var kind = field.type === "date" ? "date" : field.type === "text" && CASE_FIELDS.indexOf(field.id) < 0 ? "textarea" : "text";
  return textField(id, field.label, field.help, value, keep, kind);
}

function textField(id, label, help, value, onInput, kind) {
  var hintId = id + "-hint";
  var control = kind === "textarea"
    ? h("textarea", { id: id, rows: 3, class: "jct-input", "aria-describedby": help ? hintId : null, oninput: onInput })
    : h("input", { id: id, type: kind, class: "jct-input", "aria-describedby": help ? hintId : null, oninput: onInput, autocomplete: "off" });
  control.value = value;
  return h("div", { class: "jct-field" }, [
    h("label", { for: id, class: "jct-label", text: label }),
    help ? h("p", { class: "jct-hint", id: hintId, text: help }) : null,
    control,
  ]);
}

// Keeping answers: on this device, in a file, as a summary ----------------------------------

// The largest answers file "Open answers" reads; a real one is well under a kilobyte.
var MAX_ANSWERS_BYTES = 1024 * 1024;

function hasFieldText(fields) {
  return Object.keys(fields || {}).some(function (key) { return String(fields[key] || "").trim() !== ""; });
}

/** Whether closing the page now would lose something: answers or record text kept nowhere else. */
function unsaved(tool) {
  if (tool.state.saveDraft) return false;
  if (hasFieldText(tool.state.fields)) return true;
  var answers = JSON.stringify(tool.answersFile());
  return answers !== "{}" && answers !== tool.downloaded;
}

// One listener for the page: the browser's own "Leave site?" question, only when work would be lost.
window.addEventListener("beforeunload", function (event) {
  var roots = document.querySelectorAll("[data-jc-tool]");
  var losing = Array.prototype.some.call(roots, function (root) { return root.jcTool && unsaved(root.jcTool); });
  if (!losing) return;
  event.preventDefault();
  event.returnValue = "";
});

function downloadFile(name, text) {
  var url = URL.createObjectURL(new Blob([text], { type: "application/json" }));
  var link = h("a", { href: url, download: name, hidden: true });
  document.body.appendChild(link);
  link.click();
  link.remove();
  window.setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
}

/**
 * Answers from a file "Download answers" wrote (the answers file the command line reads: each
 * question's id with its answer). Throws an Error whose message says, in plain words, what is
 * wrong; the caller changes nothing then.
 */
function answersFromFile(doc, noun, text) {
  var data;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new Error("it is not a file of answers saved from this page.");
  }
  if (!data || typeof data !== "object" || Array.isArray(data)) throw new Error("it is not a file of answers saved from this page.");
  var allowed = questions(doc);
  var keys = Object.keys(data);
  if (!keys.length) throw new Error("it holds no answers.");
  // JSON.parse keeps the last of two answers to one question; the command line refuses the file.
  var twice = duplicateKey(text);
  if (twice !== null) {
    throw new Error("it answers " + (allowed.has(twice) ? questionName(doc, twice) : "“" + twice + "”") + " twice. Keep one answer to each question.");
  }
  keys.forEach(function (key) {
    if (!allowed.has(key)) throw new Error("it answers a question that is not in this " + noun + " (“" + key + "”). It may be for the other tool.");
    if (typeof data[key] !== "string" || allowed.get(key).indexOf(data[key]) < 0) {
      throw new Error("its answer to " + questionName(doc, key) + " is not one this " + noun + " takes.");
    }
  });
  return keys.map(function (key) { return [key, data[key]]; });
}

/**
 * The first key that appears twice in one object of `text` (JSON that JSON.parse accepted), or
 * null. A short scan: strings are skipped whole, and a string is a key when it opens an object
 * or follows a comma inside one.
 */
function duplicateKey(text) {
  var stack = [];
  for (var at = 0; at < text.length; at += 1) {
    var c = text.charAt(at);
    var top = stack[stack.length - 1];
    if (c === "\"") {
      var end = at + 1;
      while (text.charAt(end) !== "\"") end += text.charAt(end) === "\\" ? 2 : 1;
      if (top && top.keys && top.expectKey) {
        var key = JSON.parse(text.slice(at, end + 1));
        if (top.keys.has(key)) return key;
        top.keys.add(key);
        top.expectKey = false;
      }
      at = end;
    } else if (c === "{") {
      stack.push({ keys: new Set(), expectKey: true });
    } else if (c === "[") {
      stack.push({ keys: null });
    } else if (c === "}" || c === "]") {
      stack.pop();
    } else if (c === "," && top && top.keys) {
      top.expectKey = true;
    }
  }
  return null;
}

/**
 * A question as people know it: "question 2a" by its number (the engine's questionLabel: a
 * checklist sub-question with its parent's), or one with no number ("Finally") by its words.
 */
function questionName(doc, id) {
  var known = doc.kind === "flow" || (doc.items || []).some(function (row) { return row.id === id; });
  if (!known) return "\u201c" + id + "\u201d";
  var label = questionLabel(doc, id);
  if (/^[0-9]/.test(label)) return "question " + label;
  return "\u201c" + doc.items.filter(function (row) { return row.id === id; })[0].text + "\u201d";
}

function copyText(text) {
  if (navigator.clipboard && navigator.clipboard.writeText) {
    return navigator.clipboard.writeText(text).catch(function () { return copyBySelection(text); });
  }
  return copyBySelection(text);
}

// Older browsers, and pages the browser will not give the clipboard API to.
function copyBySelection(text) {
  var area = h("textarea", { class: "jct-visually-hidden", "aria-hidden": "true", tabindex: "-1" });
  area.value = text;
  document.body.appendChild(area);
  area.select();
  var copied = document.execCommand && document.execCommand("copy");
  area.remove();
  return copied ? Promise.resolve() : Promise.reject(new Error("copy refused"));
}

/**
 * The box at the top of each tool: what "Save on this device" does, and the buttons that keep
 * answers without it (download, open, copy). `tool` gives toolId, prefix, noun, state, save(),
 * answersFile(), openAnswers(entries) and summaryText().
 */
function keepControls(tool) {
  var id = tool.prefix + "-keep";
  var status = h("p", { class: "jct-keep__status", id: id + "-status", role: "status", "aria-live": "polite" });
  var clearButton;
  var box = h("input", {
    type: "checkbox", id: id + "-save", checked: tool.state.saveDraft, "aria-describedby": id + "-about",
    onchange: function (event) {
      tool.state.saveDraft = event.target.checked;
      tool.save();
      clearButton.hidden = !tool.state.saveDraft;
      announce(status, tool.state.saveDraft
        ? "Saving on. Your answers and record are kept in this browser on this device."
        : "Saving off. What was saved on this device has been deleted.");
    },
  });
  clearButton = button("Delete saved answers", function () {
    tool.state.saveDraft = false;
    box.checked = false;
    writeDraft(tool.toolId, null);
    clearButton.hidden = true;
    announce(status, "Saved answers deleted. Nothing is kept on this device.");
    box.focus();
  }, "link");
  clearButton.hidden = !tool.state.saveDraft;
  var file = h("input", {
    type: "file", id: id + "-file", accept: ".json,application/json", hidden: true,
    onchange: function (event) {
      var chosen = event.target.files && event.target.files[0];
      event.target.value = "";
      if (chosen) openFile(tool, chosen, status);
    },
  });
  return h("section", { class: "jct-keep", "aria-labelledby": id + "-heading" }, [
    h("h2", { class: "jct-keep__heading", id: id + "-heading", text: "Keep your answers" }),
    h("p", { id: id + "-about", text: "Save on this device keeps your answers and what you type in the record in this browser until you delete them. Nothing is sent anywhere. To delete them, untick the box. Do not use it on a computer you share." }),
    h("div", { class: "jct-checkbox" }, [box, h("label", { for: id + "-save", text: "Save on this device" })]),
    clearButton,
    h("div", { class: "jct-actions jct-actions--keep" }, [
      button("Download answers", function () {
        var answers = tool.answersFile();
        if (!Object.keys(answers).length) { announce(status, "Answer a question first. There is nothing to download yet."); return; }
        downloadFile(tool.toolId + "-answers.json", JSON.stringify(answers, null, 2) + "\n");
        tool.downloaded = JSON.stringify(answers);
        announce(status, "Answers downloaded. The file holds your answers only" + tool.notInFile + ".");
      }, "secondary"),
      button("Open answers", function () { file.click(); }, "secondary"),
      button("Copy summary", function () {
        copyText(tool.summaryText()).then(function () {
          announce(status, "Summary copied. Paste it where you keep your notes.");
        }, function () {
          announce(status, "This browser did not let the page copy. Print the record instead.");
        });
      }, "secondary"),
    ]),
    file,
    h("p", { class: "jct-hint", text: "Download answers saves your answers in a small file, to open here later or pass on. The file does not hold what you type in the record" + tool.notInFile + "." }),
    status,
  ]);
}

function openFile(tool, chosen, status) {
  var refuse = function (why) { announce(status, "Could not open " + chosen.name + ": " + why + " Nothing was changed."); };
  if (chosen.size > MAX_ANSWERS_BYTES) { refuse("it is too large to be a file of answers."); return; }
  chosen.text().then(function (text) {
    var entries;
    try {
      entries = answersFromFile(tool.doc, tool.noun, text);
    } catch (error) {
      refuse(error.message);
      return;
    }
    var current = Object.keys(tool.answersFile()).length;
    if (!current) { useAnswers(tool, entries, chosen.name, status); return; }
    askBeforeReplacing(tool, status, current, entries.length, chosen.name, function () {
      useAnswers(tool, entries, chosen.name, status);
    });
  }, function () { refuse("the file could not be read."); });
}

function useAnswers(tool, entries, name, status) {
  tool.openAnswers(entries);
  tool.downloaded = JSON.stringify(tool.answersFile());
  // Opening may redraw the tool, and with it this box: speak through the one on the page now.
  tellAndFocus(document.getElementById(status.id) || status, "Answers opened from " + name + ".");
}

/** Say what happened in the status message and move focus there, so nobody is left on <body>. */
function tellAndFocus(status, message) {
  // Set at once, not after announce's pause: an empty status is hidden, and cannot take focus.
  status.textContent = message;
  status.setAttribute("tabindex", "-1");
  status.focus();
}

/**
 * Answers already given are not thrown away unasked: a question in the page (not the browser's
 * own dialog, which some browsers suppress and screen readers read badly) with two buttons.
 * Opening replaces the answers rather than merging them: a file is a whole route through the
 * tool, and a mix of two routes would be an outcome nobody chose.
 */
function askBeforeReplacing(tool, status, current, incoming, name, onReplace) {
  var old = document.getElementById(status.id + "-confirm");
  if (old) old.remove();
  var questionId = status.id + "-confirm-question";
  var panel = h("div", { class: "jct-confirm", id: status.id + "-confirm", role: "group", "aria-labelledby": questionId }, [
    h("p", { class: "jct-confirm__question", id: questionId, tabindex: "-1" }, [
      h("strong", { text: "Replace your answers? " }),
      "You have answered " + plural(current, "question") + ". " + name + " holds " + plural(incoming, "answer") +
        ". Opening it replaces all your answers with the file's. What you typed in the record stays.",
    ]),
    h("div", { class: "jct-actions" }, [
      button("Replace my answers", function () { panel.remove(); onReplace(); }),
      button("Keep my answers", function () {
        panel.remove();
        tellAndFocus(status, "Nothing was changed. Your answers are as they were.");
      }, "secondary"),
    ]),
  ]);
  status.parentNode.insertBefore(panel, status);
  panel.querySelector(".jct-confirm__question").focus();
}

function plural(count, noun) {
  return count + " " + noun + (count === 1 ? "" : "s");
}

/** A plain-text summary: what to do first, the outcome, the reasons and the answers. */
function summaryText(tool, result, answerRows) {
  var lines = [tool.doc.title + ": summary", "Made on " + today() + ". Typed into this browser and not sent anywhere.", ""];
  alertGroups(result.alerts).forEach(function (group) {
    group.texts.forEach(function (text) { lines.push(group.title + ": " + text); });
    lines.push("");
  });
  if (result.outcome) {
    lines.push("Outcome: " + result.outcome.title, result.outcome.summary || "", result.outcome.recommendation || "");
  } else {
    lines.push("No outcome yet.");
  }
  if (result.reasons.length) {
    lines.push("", "Why:");
    result.reasons.forEach(function (reason) { lines.push("- " + reasonText(tool.doc, reason)); });
  }
  if (result.approver) lines.push("", "Who must agree to a formal investigation: " + result.approver.role + ".");
  lines.push("", "Answers:");
  answerRows.forEach(function (row) { lines.push("- " + (row.number ? row.number + ". " : "") + row.question + " " + row.answer); });
  return lines.filter(function (line, index) { return line !== "" || lines[index - 1] !== ""; }).join("\n").trim() + "\n";
}

// Alerts: answers that must be dealt with before anyone acts on the outcome -------------------

// The titles of the common schema's "severity" codelist (a browser test holds them equal).
var SEVERITY_TITLES = { stop: "Stop", check: "Check your answers" };

/** Alerts (a result's `alerts`) by severity, in the engine's order (most serious first). */
function alertGroups(alerts) {
  alerts = alerts || [];
  var order = [];
  alerts.forEach(function (alert) { if (order.indexOf(alert.severity) < 0) order.push(alert.severity); });
  return order.map(function (severity) {
    return {
      severity: severity,
      title: SEVERITY_TITLES[severity] || capitalise(severity),
      texts: alerts.filter(function (alert) { return alert.severity === severity; }).map(function (alert) { return alert.text; }),
    };
  });
}

/** A box per severity, each under its title ("Stop"), so neither colour nor place alone says it. */
function alertsBox(alerts, level, idPrefix) {
  var groups = alertGroups(alerts);
  if (!groups.length) return null;
  return h("div", { class: "jct-alerts" }, groups.map(function (group) {
    var headingId = idPrefix + "-" + group.severity;
    return h("section", { class: "jct-alert jct-alert--" + group.severity, "aria-labelledby": headingId }, [
      h("h" + level, { class: "jct-alert__title", id: headingId, text: group.title }),
      group.texts.length === 1 ? h("p", { text: group.texts[0] }) : list("ul", group.texts, function (text) { return text; }),
    ]);
  }));
}

/** What the live region says: the alerts' titles first, then the outcome. */
function spokenResult(result) {
  var said = alertGroups(result.alerts).map(function (group) { return group.title + ": " + group.texts.join(" "); });
  said.push(result.outcome ? "Outcome: " + result.outcome.title + "." : "No outcome yet.");
  return said.join(" ");
}

/** The signposts still current: those an alert replaced are marked deprecated in the data. */
function currentSignposts(doc, result) {
  var retired = (doc.signposts || []).filter(function (row) { return row.deprecated; }).map(function (row) { return row.id; });
  return result.signposts.filter(function (row) { return retired.indexOf(row.id) < 0; });
}

// What replaced a tool ----------------------------------------------------------------------

/** The reference entry `id` from the slice's references (only the few a tool page needs). */
function referenceEntry(data, id) {
  var references = data.documents.references || {};
  return (references.entries || []).filter(function (row) { return row.id === id; })[0] || null;
}

// As the PDF record's cite: "NHS England, being fair tool (2025)".
function cite(entry) {
  var who = entry.publisher || (entry.authors || []).join(", ");
  return who + (entry.title ? ", " + entry.title : "") + (entry.year ? " (" + entry.year + ")" : "");
}

// As the site's reference_label: "being fair tool (2025)".
function referenceLabel(entry) {
  return (entry.title || (entry.authors || []).join(" and ")) + (entry.year ? " (" + entry.year + ")" : "");
}

// Only a plain https: address becomes a link (the schema checks it; this makes sure).
function webAddress(entry) {
  return entry && typeof entry.url === "string" && /^https:\/\//.test(entry.url) ? entry.url : null;
}

/** "Go to the being fair tool (2025) on the NHS England website, or see which tool to use." */
function replacedByLine(root, later) {
  var whichTool = h("a", { href: new URL("which-tool/", siteRoot(root)).href, text: "which tool to use" });
  var url = webAddress(later);
  if (!url) return h("p", {}, ["See ", whichTool, "."]);
  return h("p", {}, [
    "Go to the ", h("a", { href: url, text: referenceLabel(later) }),
    later.publisher ? " on the " + later.publisher + " website" : "", ", or see ", whichTool, ".",
  ]);
}

/** The record's "Edition used" note, as the command line's record gives it: the edition, the
 * paper that describes it, the status note, and what replaced it with its address. */
function editionNote(data, doc) {
  var status = doc.status || {};
  if (status.state !== "superseded" || !status.note) return null;
  var source = referenceEntry(data, (doc.source || {}).ref);
  var paperId = ((data.documents.references || {}).source || {}).ref;
  var paper = source && source.id !== paperId ? referenceEntry(data, paperId) : null;
  var later = referenceEntry(data, status.superseded_by_ref);
  var used = source ? "This record used " + cite(source) + (paper ? ", as described in " + cite(paper) : "") + ". " : "";
  var where = later ? " " + cite(later) + (webAddress(later) ? ": " + webAddress(later) : ".") : "";
  return h("p", { class: "jct-record__note" }, [h("strong", { text: "Edition used. " }), used + status.note + where]);
}

// The printable record --------------------------------------------------------------------

// As justculture/views/record.py sorts the record's fields: the case first, the sign-off last.
var CASE_FIELDS = ["case-reference", "staff-member", "people-involved"];
var SIGN_OFF_TYPES = ["person", "date"];

function recordParts(data) {
  var record = decisionRecordForms(data)[0] || { title: "Your decision", fields: [] };
  var fields = record.fields || [];
  function isCase(field) { return CASE_FIELDS.indexOf(field.id) >= 0; }
  return {
    record: record,
    case: fields.filter(isCase),
    decision: fields.filter(function (field) { return !isCase(field) && SIGN_OFF_TYPES.indexOf(field.type) < 0; }),
    signOff: fields.filter(function (field) { return !isCase(field) && SIGN_OFF_TYPES.indexOf(field.type) >= 0; }),
  };
}

function shownValue(field, value) {
  if (field.type === "yes-no" && value) return value === "yes" ? "Yes" : "No";
  if (field.type === "date" && value) return formatDate(value);
  return value || "";
}

function recordHeader(data, doc, parts, state, result) {
  var rows = parts.case.map(function (field) {
    var shown = shownValue(field, state.fields[field.id]);
    return h("tr", {}, [
      h("th", { scope: "row", text: field.label }),
      h("td", {}, h("div", { class: "jct-record__box" + (shown ? "" : " jct-record__box--blank") }, shown)),
    ]);
  });
  if (result.approver) rows.push(h("tr", {}, [h("th", { scope: "row", text: "Staff group" }), h("td", { text: result.approver.applies_to })]));
  return [
    h("p", { class: "jct-record__kicker", text: "Decision record" }),
    h("h2", { class: "jct-record__title", text: doc.title }),
    h("p", { class: "jct-record__meta", text: "Record made on " + today() + "." }),
    rows.length ? h("table", { class: "jct-record__case" }, [h("caption", { class: "jct-visually-hidden", text: "The case" }), h("tbody", {}, rows)]) : null,
    editionNote(data, doc),
  ];
}

function answersTable(caption, rows) {
  return h("table", { class: "jct-table" }, [
    h("caption", { text: caption }),
    h("thead", {}, h("tr", {}, [h("th", { scope: "col", text: "Question" }), h("th", { scope: "col", text: "Answer" })])),
    h("tbody", {}, rows.map(function (row) {
      var number = row.number !== undefined ? row.number : row.id;
      return h("tr", {}, [
        h("td", {}, [number ? h("span", { class: "jct-qid", text: number }) : null, number ? " " : null, row.question]),
        h("td", { text: row.answer }),
      ]);
    })),
  ]);
}

// The paper's own question numbers (1, 2a, 3ii); an id that is not one (such as "final") is not shown.
function paperNumber(id) {
  return /^\d+[a-z]*$/.test(id) ? id : "";
}

function outcomeBlock(result, level) {
  var outcome = result.outcome;
  if (!outcome) return [h("h" + level, { text: "Outcome" }), h("p", { text: "No outcome yet." })];
  return [
    h("h" + level, { class: "jct-record__outcome", text: "Outcome: " + outcome.title }),
    outcome.summary ? h("p", { text: outcome.summary }) : null,
    outcome.recommendation ? h("p", { text: outcome.recommendation }) : null,
  ];
}

function list(tag, rows, render) {
  return rows.length ? h(tag, {}, rows.map(function (row) { return h("li", {}, render(row)); })) : null;
}

function fieldBox(field, state) {
  var shown = shownValue(field, state.fields[field.id]);
  var details = field.details ? state.fields[field.id + "-details"] || "" : "";
  return h("div", { class: "jct-record__field" }, [
    h("p", { class: "jct-record__label", text: field.label }),
    field.help && !shown ? h("p", { class: "jct-record__help", text: field.help }) : null,
    h("div", { class: "jct-record__box" + (shown ? "" : " jct-record__box--blank") + (field.type === "text" ? " jct-record__box--tall" : "") }, shown),
    field.details ? h("div", {}, [
      h("p", { class: "jct-record__label", text: field.details.label }),
      h("div", { class: "jct-record__box" + (details ? "" : " jct-record__box--blank") }, details),
    ]) : null,
  ]);
}

function recordFields(parts, state) {
  return h("div", { class: "jct-record__section" }, [
    h("h3", { text: parts.record.title }),
    parts.decision.map(function (field) { return fieldBox(field, state); }),
  ]);
}

/** Who decided, who agreed and when, with the data's labels ("Decision made by", "Agreed by"). */
function signOff(parts, state, approverRole) {
  return h("div", { class: "jct-record__section jct-record__signoff" }, [
    h("h3", { text: "Sign-off" }),
    parts.signOff.map(function (field) {
      var shown = shownValue(field, state.fields[field.id]);
      var hint = field.id === "approver" && approverRole ? "The checklist says: " + approverRole + "." : null;
      return h("div", { class: "jct-record__sign" }, [
        h("p", { class: "jct-record__label", text: field.label }),
        hint ? h("p", { class: "jct-record__help", text: hint }) : null,
        h("div", { class: "jct-record__lines" }, field.type === "date"
          ? [h("span", { text: shown ? "Date: " + shown : "Date" })]
          : [h("span", { text: shown ? "Name and role: " + shown : "Name and role" }), h("span", { text: "Signature" })]),
      ]);
    }),
  ]);
}

function recordFooter(extra) {
  return h("p", { class: "jct-record__foot" }, [
    "Printed from the justculture site. The answers were typed into this browser and were not sent anywhere. Keep this record with the case papers and share it only with the people who need it. ",
    extra || "",
  ]);
}

// The just culture guide ------------------------------------------------------------------

function longestFrom(doc, nodeId, memo) {
  if (memo.has(nodeId)) return memo.get(nodeId);
  memo.set(nodeId, 1); // guards a loop the validator would reject anyway
  var node = doc.nodes.filter(function (row) { return row.id === nodeId; })[0];
  var best = 1;
  [node.on_yes, node.on_no].forEach(function (target) {
    if (target && target.node) best = Math.max(best, 1 + longestFrom(doc, target.node, memo));
  });
  memo.set(nodeId, best);
  return best;
}

function Guide(root, data, toolId) {
  this.root = root;
  this.data = data;
  this.toolId = toolId;
  this.doc = data.documents[toolId];
  this.prefix = "jc-" + toolId;
  var draft = readDraft(toolId);
  this.state = {
    answers: new Map(draftAnswers(this.doc, draft)),
    remembered: new Map(draftAnswers(this.doc, draft)),
    fields: (draft && draft.fields) || {},
    saveDraft: Boolean(draft),
  };
  this.noun = "guide";
  this.notInFile = "";
  this.downloaded = null;
  this.build();
}

/** The answers on the current route, as the answers file the command line reads. */
Guide.prototype.answersFile = function () {
  var file = {};
  this.state.answers.forEach(function (value, key) { file[key] = value; });
  return file;
};

Guide.prototype.openAnswers = function (entries) {
  this.state.answers = new Map(entries);
  this.state.remembered = new Map(entries);
  this.render(true);
};

Guide.prototype.summaryText = function () {
  return summaryText(this, this.result, this.answerRows(this.result));
};

Guide.prototype.evaluate = function () {
  return evaluate(this.data, this.toolId, Array.from(this.state.answers.entries()), null);
};

Guide.prototype.node = function (nodeId) {
  return this.doc.nodes.filter(function (row) { return row.id === nodeId; })[0];
};

Guide.prototype.save = function () {
  writeDraft(this.toolId, this.state.saveDraft ? { answers: Array.from(this.state.answers.entries()), fields: this.state.fields } : null);
};

Guide.prototype.build = function () {
  var self = this;
  clear(this.root);
  this.live = h("div", { class: "jct-visually-hidden", role: "status", "aria-live": "polite", "aria-atomic": "true" });
  this.view = h("div", { class: "jct-view" });
  this.record = h("section", { class: "jct-record", "aria-label": "Printable record" });
  this.ui = h("div", { class: "jct-ui" }, [
    keepControls(this),
    this.statusNote(),
    this.view,
    this.live,
  ]);
  append(this.root, [this.ui, this.record]);
  this.render(false);
};

Guide.prototype.statusNote = function () {
  var status = this.doc.status || {};
  if (status.state !== "superseded" || !status.note) return null;
  return h("div", { class: "jct-notice", role: "note" }, [
    h("p", {}, [h("strong", { text: "This guide has been replaced. " }), status.note]),
    replacedByLine(this.root, referenceEntry(this.data, status.superseded_by_ref)),
  ]);
};

Guide.prototype.render = function (moveFocus) {
  var result = this.evaluate();
  // Only the answers on the current route count; others are remembered to pre-fill the form.
  var self = this;
  result.unused.forEach(function (nodeId) { self.state.answers.delete(nodeId); });
  if (result.unused.length) result = this.evaluate();
  this.result = result;
  clear(this.view);
  this.root.classList.toggle("jct-tool--has-record", result.complete);
  var heading = result.complete ? this.renderOutcome(result) : this.renderQuestion(result);
  this.renderRecord(result);
  this.save();
  if (moveFocus) focusHeading(heading);
  if (result.complete) announce(this.live, spokenResult(result) + " " + result.outcome.summary);
};

Guide.prototype.progress = function (result) {
  var position = result.path.length;
  var upTo = position - 1 + longestFrom(this.doc, result.next[0], new Map());
  return "Question " + position + " of up to " + upTo;
};

Guide.prototype.testCaption = function (node) {
  var tests = this.doc.tests || [];
  var test = tests.filter(function (row) { return row.id === node.test; })[0];
  if (!test) return "Question " + node.id;
  return "Test " + test.number + " of " + tests.length + ": " + test.title + ", question " + node.id;
};

Guide.prototype.renderQuestion = function (result) {
  var self = this;
  var nodeId = result.next[0];
  var node = this.node(nodeId);
  var question = yesNoQuestion({
    idPrefix: this.prefix,
    name: this.prefix + "-answer",
    headingLevel: "h2",
    node: node,
    caption: this.testCaption(node),
    remembered: this.state.remembered.get(nodeId) || null,
    canGoBack: result.path.length > 1,
    onBack: function () { self.back(); },
    onAnswer: function (value) {
      self.state.answers.set(nodeId, value);
      self.state.remembered.set(nodeId, value);
      self.render(true);
    },
  });
  var heading = question.heading;
  var form = question.form;
  append(this.view, [
    result.path.length === 1 ? this.beforeYouStart() : null,
    h("p", { class: "jct-progress", text: this.progress(result) }),
    h("progress", { class: "jct-progress__bar", max: this.progressMax(result), value: result.path.length, "aria-hidden": "true" }),
    form,
  ]);
  return heading;
};

Guide.prototype.progressMax = function (result) {
  return result.path.length - 1 + longestFrom(this.doc, result.next[0], new Map());
};

Guide.prototype.beforeYouStart = function () {
  var rows = this.doc.preconditions || [];
  if (!rows.length) return null;
  return h("div", { class: "jct-before" }, [
    h("h2", { class: "jct-before__heading", text: "Before you start" }),
    list("ul", rows, function (row) { return row.text; }),
  ]);
};

Guide.prototype.back = function () {
  var keys = Array.from(this.state.answers.keys());
  if (keys.length) this.state.answers.delete(keys[keys.length - 1]);
  this.render(true);
};

Guide.prototype.restart = function () {
  this.state.answers.clear();
  this.state.remembered.clear();
  this.state.fields = {};
  this.build();
  focusHeading(this.root.querySelector(".jct-question__heading"));
};

Guide.prototype.answerRows = function (result) {
  var self = this;
  return result.path.filter(function (nodeId) { return result.answers[nodeId]; }).map(function (nodeId) {
    return { id: nodeId, number: paperNumber(nodeId), question: self.node(nodeId).question, answer: result.answers[nodeId] === "yes" ? "Yes" : "No" };
  });
};

Guide.prototype.outcomeData = function (result) {
  return (this.doc.outcomes || []).filter(function (row) { return row.id === result.outcome.id; })[0] || {};
};

Guide.prototype.renderOutcome = function (result) {
  var self = this;
  var outcome = result.outcome;
  var focus = this.outcomeData(result).investigation_focus;
  var heading = h("h2", { class: "jct-outcome__heading", id: this.prefix + "-outcome", text: "Outcome: " + outcome.title });
  append(this.view, h("div", { class: "jct-outcome" }, [
    h("p", { class: "jct-progress", text: "You answered " + this.answerRows(result).length + " questions." }),
    alertsBox(result.alerts, 2, this.prefix + "-alert"),
    heading,
    h("p", { class: "jct-lead", text: outcome.summary }),
    h("h3", { text: "What to do" }),
    h("p", { text: outcome.recommendation }),
    focus ? [h("h3", { text: "What the investigation should look at" }), h("p", { text: focus })] : null,
    h("h3", { text: "Why the guide points here" }),
    list("ol", result.reasons, function (reason) { return reasonText(self.doc, reason); }),
    h("h3", { text: "Whatever the outcome" }),
    list("ul", outcome.obligations, function (row) { return [h("strong", { text: row.title + "." }), " ", row.text]; }),
    this.restorative(),
    answersTable("Your answers", this.answerRows(result)),
    decisionFields(this.prefix, this.data, this.state, function () { self.save(); self.renderRecord(self.result); }, 3),
    h("div", { class: "jct-actions" }, [
      button("Print or save as PDF", function () { window.print(); }),
      button("Back", function () { self.back(); }, "secondary"),
      button("Start again", function () { self.restart(); }, "secondary"),
    ]),
  ]));
  return heading;
};

Guide.prototype.restorative = function () {
  var doc = this.data.documents.restorative;
  if (!doc) return null;
  var questions = doc.questions || [];
  var core = questions.filter(function (row) { return !row.extended; });
  var extended = questions.filter(function (row) { return row.extended; });
  function item(row) { return [h("strong", { text: capitalise(row.text) }), " ", row.explanation || ""]; }
  return h("div", { class: "jct-restorative" }, [
    h("h3", { text: "What comes next: " + doc.title.toLowerCase() }),
    doc.summary ? h("p", { text: doc.summary }) : null,
    h("p", { text: "Whatever the outcome, talk through these questions with the people involved:" }),
    list("ol", core, item),
    extended.length ? [h("p", { text: "Sidney Dekker's longer version adds:" }), list("ul", extended, item)] : null,
  ]);
};

/**
 * The record's reason in one sentence: the answer that led to the outcome. The answers table
 * below it is the whole route, so the record does not repeat each question as a reason.
 */
Guide.prototype.whyInBrief = function (result) {
  var last = result.reasons[result.reasons.length - 1];
  var said = last ? reasonText(this.doc, last) : "";
  return said + (result.reasons.length > 1 ? " The answers below show each question the guide asked on the way." : "");
};

Guide.prototype.renderRecord = function (result) {
  clear(this.record);
  if (!result.complete) return;
  var outcome = result.outcome;
  var parts = recordParts(this.data);
  append(this.record, [
    recordHeader(this.data, this.doc, parts, this.state, result),
    alertsBox(result.alerts, 3, this.prefix + "-record-alert"),
    h("div", { class: "jct-record__section" }, [
      outcomeBlock(result, 3),
      h("h4", { text: "Why" }),
      h("p", { text: this.whyInBrief(result) }),
      h("h4", { text: "Whatever the outcome" }),
      list("ul", outcome.obligations, function (row) { return [h("strong", { text: row.title + "." }), " ", row.text]; }),
    ]),
    h("div", { class: "jct-record__section" }, answersTable("Questions asked and answers", this.answerRows(result))),
    recordFields(parts, this.state),
    signOff(parts, this.state, null),
    recordFooter(),
  ]);
};

// The pre-disciplinary checklist -----------------------------------------------------------

function Checklist(root, data, toolId) {
  this.root = root;
  this.data = data;
  this.toolId = toolId;
  this.doc = data.documents[toolId];
  this.prefix = "jc-" + toolId;
  this.items = new Map(this.doc.items.map(function (item) { return [item.id, item]; }));
  var draft = readDraft(toolId);
  this.state = {
    answers: new Map(draftAnswers(this.doc, draft)),
    staffGroup: draftStaffGroup(this.doc, draft),
    fields: (draft && draft.fields) || {},
    saveDraft: Boolean(draft),
  };
  this.noun = "checklist";
  this.notInFile = " or the staff group";
  this.downloaded = null;
  this.lastAnnounced = null;
  this.build();
}

/** The answers in checklist order, as the answers file the command line reads. */
Checklist.prototype.answersFile = function () {
  var file = {};
  this.orderedAnswers().forEach(function (pair) { file[pair[0]] = pair[1]; });
  return file;
};

Checklist.prototype.openAnswers = function (entries) {
  this.state.answers = new Map(entries);
  this.build();
};

/** The checklist points managers to the just culture guide; say what has replaced it since. */
Checklist.prototype.replacedNotes = function () {
  var self = this;
  var references = (this.data.documents.references || {}).entries || [];
  var replaced = references.filter(function (row) { return row.superseded_by && referenceEntry(self.data, row.superseded_by); });
  return replaced.map(function (row) {
    return h("div", { class: "jct-notice", role: "note" }, [
      h("p", {}, [h("strong", { text: "Replaced since. " }), "In places the checklist points you to " + referenceLabel(row) + ". It has been replaced."]),
      replacedByLine(self.root, referenceEntry(self.data, row.superseded_by)),
    ]);
  });
};

Checklist.prototype.summaryText = function () {
  var answered = this.answerRows().filter(function (row) { return row.answered; });
  return summaryText(this, this.result, answered);
};

Checklist.prototype.evaluate = function () {
  return evaluate(this.data, this.toolId, this.orderedAnswers(), this.state.staffGroup);
};

// In checklist order, so the record and the engine's "unused" list read top to bottom.
Checklist.prototype.orderedAnswers = function () {
  var answers = this.state.answers;
  return this.doc.items.filter(function (item) { return answers.has(item.id); }).map(function (item) {
    return [item.id, answers.get(item.id)];
  });
};

Checklist.prototype.save = function () {
  writeDraft(this.toolId, this.state.saveDraft ? {
    answers: Array.from(this.state.answers.entries()), staffGroup: this.state.staffGroup, fields: this.state.fields,
  } : null);
};

Checklist.prototype.itemDomId = function (itemId) {
  return this.prefix + "-item-" + itemId;
};

Checklist.prototype.build = function () {
  var self = this;
  clear(this.root);
  this.summary = h("div", { class: "jct-summary__body" });
  this.live = h("div", { class: "jct-visually-hidden", role: "status", "aria-live": "polite", "aria-atomic": "true" });
  this.record = h("section", { class: "jct-record", "aria-label": "Printable record" });
  var onChange = function () { self.update(); };
  this.jumps = [];
  this.form = h("form", { class: "jct-checklist", novalidate: true, "aria-label": this.doc.title, onsubmit: function (event) { event.preventDefault(); } }, [
    this.topItems().map(function (item) { return [self.group(item, onChange), self.jumpLink()]; }),
    this.staffGroupField(),
  ]);
  this.ui = h("div", { class: "jct-ui" }, [
    keepControls(this),
    this.doc.usage ? h("p", { class: "jct-notice" }, [h("strong", { text: "From the checklist: " }), this.doc.usage.text]) : null,
    this.replacedNotes(),
    this.doc.introduction ? h("p", { class: "jct-lead", text: this.doc.introduction.text }) : null,
    this.form,
    this.summarySection(),
    this.live,
    decisionFields(this.prefix, this.data, this.state, function () { self.save(); self.renderRecord(self.result); }, 2),
    h("div", { class: "jct-actions" }, [
      button("Print or save as PDF", function () { window.print(); }),
      button("Clear all answers", function () { self.restart(); }, "secondary"),
    ]),
  ]);
  append(this.root, [this.ui, this.record]);
  this.update(true);
};

// The paper's questions, except question 7: that one is the route, drawn as the live summary.
Checklist.prototype.topItems = function () {
  var route = this.routeItem();
  return this.doc.items.filter(function (item) { return !item.parent && item !== route; });
};

Checklist.prototype.children = function (parentId) {
  return this.doc.items.filter(function (item) { return item.parent === parentId && item.answer.type !== "option"; });
};

function itemLabel(item) {
  var number = item.number || item.id;
  return item.text.indexOf(number) === 0 ? item.text : number + ". " + item.text;
}

// A footnote the parent question already shows is not repeated under each sub-question.
// For lists outside the form, where "a." alone would not say which question.
function shortLabel(item) {
  return item.text.indexOf(item.number || item.id) === 0 ? item.text : item.id + ": " + item.text;
}

Checklist.prototype.footnotes = function (item) {
  var notes = this.doc.footnotes || [];
  var parent = item.parent ? this.items.get(item.parent) : null;
  var shown = parent && parent.footnotes ? parent.footnotes : [];
  return (item.footnotes || []).filter(function (key) { return shown.indexOf(key) < 0; }).map(function (key) {
    var note = notes.filter(function (row) { return row.id === key; })[0];
    return note ? h("p", { class: "jct-footnote", text: note.marker + " " + note.text }) : null;
  });
};

Checklist.prototype.choices = function (item) {
  var items = this.items;
  if (item.answer.type === "yes-no") return YES_NO;
  return item.answer.choices.map(function (choice) {
    var linked = choice.item ? items.get(choice.item) : null;
    return { value: String(choice.value), prefix: linked ? (linked.number || choice.value) + ". " : null, label: linked ? linked.text : choice.label };
  });
};

Checklist.prototype.controls = function (item, onChange) {
  var self = this;
  var name = this.itemDomId(item.id) + "-answer";
  var group = radioGroup(name, this.choices(item), this.state.answers.get(item.id) || null, function (event) {
    self.state.answers.set(item.id, event.target.value);
    onChange();
  });
  return item.answer.type === "yes-no" ? inlineRadios(group) : group;
};

/** One question of the paper: a fieldset with its own answer (if any) and its sub-questions. */
Checklist.prototype.group = function (item, onChange) {
  var self = this;
  var answerable = item.answer.type === "yes-no" || item.answer.type === "choice";
  return h("fieldset", { class: "jct-fieldset jct-group", id: this.itemDomId(item.id) }, [
    h("legend", { class: "jct-legend jct-legend--group" }, [
      /^\d+$/.test(item.number || "") ? h("span", { class: "jct-caption", text: "Question " + item.number }) : null,
      h("span", { class: "jct-legend__text", text: /^\d+$/.test(item.number || "") ? item.text : itemLabel(item) }),
    ]),
    answerable ? this.controls(item, onChange) : null,
    this.footnotes(item),
    this.children(item.id).map(function (child) { return self.subItem(child, onChange); }),
  ]);
};

Checklist.prototype.subItem = function (item, onChange) {
  return h("fieldset", { class: "jct-fieldset jct-fieldset--small", id: this.itemDomId(item.id) }, [
    h("legend", { class: "jct-legend jct-legend--small", text: itemLabel(item) }),
    this.controls(item, onChange),
    this.footnotes(item),
  ]);
};

Checklist.prototype.staffGroupField = function () {
  var self = this;
  var id = this.prefix + "-staff-group";
  var select = h("select", {
    id: id, class: "jct-select", "aria-describedby": id + "-hint",
    onchange: function (event) { self.state.staffGroup = event.target.value || null; self.update(); },
  }, [h("option", { value: "", text: "Not chosen yet" })].concat((this.doc.approvers || []).map(function (row) {
    return h("option", { value: row.staff_group, text: row.applies_to });
  })));
  select.value = this.state.staffGroup || "";
  return h("div", { class: "jct-field jct-group" }, [
    h("label", { for: id, class: "jct-label", text: "Which staff group is the worker in?" }),
    h("p", { class: "jct-hint", id: id + "-hint", text: "This tells you who must agree before a formal investigation starts." }),
    select,
  ]);
};

/** After each question: a link to the summary, saying what it shows now, so it is one step away. */
Checklist.prototype.jumpLink = function () {
  var link = h("a", { href: "#" + this.prefix + "-summary", class: "jct-jump__link" });
  this.jumps.push(link);
  return h("p", { class: "jct-jump" }, link);
};

Checklist.prototype.jumpText = function (result) {
  var first = alertGroups(result.alerts)[0];
  if (first) return first.title + ": read the summary before you go on";
  return (result.outcome ? "Outcome so far: " + result.outcome.title : "No outcome yet") + ". Go to the summary";
};

Checklist.prototype.routeItem = function () {
  return this.doc.items.filter(function (item) { return !item.parent && item.answer.type === "heading" && item.bullets; })[0];
};

Checklist.prototype.summarySection = function () {
  var route = this.routeItem();
  var headingId = this.prefix + "-summary-heading";
  return h("section", { class: "jct-summary", id: this.prefix + "-summary", "aria-labelledby": headingId }, [
    h("h2", { id: headingId, text: route ? "Question " + route.number + ": what the checklist says" : "What the checklist says" }),
    route ? h("p", { text: route.text }) : null,
    route ? list("ul", route.bullets, function (text) { return text; }) : null,
    h("p", { class: "jct-hint", text: "This summary updates as you answer." }),
    this.summary,
  ]);
};

Checklist.prototype.update = function (initial) {
  var self = this;
  var result = this.evaluate();
  this.result = result;
  this.root.classList.add("jct-tool--has-record");
  this.renderSummary(result);
  this.renderRecord(result);
  this.save();
  this.jumps.forEach(function (link) { link.textContent = self.jumpText(result); });
  var said = spokenResult(result);
  if (!initial && said !== this.lastAnnounced) announce(this.live, said);
  this.lastAnnounced = said;
};

Checklist.prototype.itemLink = function (itemId) {
  var item = this.items.get(itemId);
  return h("a", { href: "#" + this.itemDomId(itemId), text: shortLabel(item) });
};

Checklist.prototype.renderSummary = function (result) {
  var self = this;
  var signposts = currentSignposts(this.doc, result);
  clear(this.summary);
  append(this.summary, [
    alertsBox(result.alerts, 3, this.prefix + "-alert"),
    h("p", { class: "jct-summary__status" }, [h("strong", { text: result.outcome ? "Outcome: " + result.outcome.title : "No outcome yet" })]),
    result.outcome ? [h("p", { text: result.outcome.summary }), h("p", { text: result.outcome.recommendation })] : null,
    result.reasons.length ? [h("h3", { text: "Why" }), list("ol", result.reasons, function (reason) { return reasonText(self.doc, reason); })] : null,
    !result.complete && result.next.length
      ? [h("h3", { text: "Answer next" }), list("ul", result.next, function (itemId) { return self.itemLink(itemId); })] : null,
    result.outstanding.length
      ? [h("h3", { text: "Steps still to take" }), list("ul", result.outstanding, function (row) { return self.itemLink(row.id); })] : null,
    result.prompts.length
      ? [h("h3", { text: "Things to think about" }), list("ul", result.prompts, function (row) { return [paperNumber(row.id) ? h("strong", { text: row.id + ": " }) : null, row.prompt]; })] : null,
    signposts.length
      ? [h("h3", { text: "Also consider" }), list("ul", signposts, function (row) { return row.text; })] : null,
    h("h3", { text: "Who must agree to a formal investigation" }),
    h("p", { text: this.approverSentence(result) }),
  ]);
};

Checklist.prototype.approverSentence = function (result) {
  if (result.approver) return result.approver.role + " (for " + result.approver.applies_to.toLowerCase() + ").";
  return "Choose the worker's staff group to see who must agree.";
};

Checklist.prototype.answerRows = function () {
  var self = this;
  return this.doc.items.filter(function (item) { return item.answer.type === "yes-no" || item.answer.type === "choice"; }).map(function (item) {
    var value = self.state.answers.get(item.id);
    var choice = value ? self.choices(item).filter(function (row) { return row.value === value; })[0] : null;
    return { id: item.id, number: paperNumber(item.id), question: item.text, answer: choice ? (choice.prefix || "") + choice.label : "Not answered", answered: Boolean(choice) };
  });
};

/**
 * The record's answers: those given, and those the outcome still needs. The questions nobody
 * needed to answer are counted once, not listed, so a complete record stays within three pages.
 */
Checklist.prototype.recordAnswers = function (result) {
  var needed = result.complete ? [] : result.next;
  var rows = this.answerRows().filter(function (row) { return row.answered || needed.indexOf(row.id) >= 0; });
  var left = this.answerRows().length - rows.length;
  var said = left === 1 ? "1 question was not answered." : left + " questions were not answered.";
  if (result.complete) said += " The outcome did not need " + (left === 1 ? "it." : "them.");
  return [
    answersTable("Questions and answers", rows),
    left ? h("p", { class: "jct-record__unanswered", text: (needed.length ? "Besides these, " : "") + said }) : null,
  ];
};

// "4a: Take time to understand the situation" in the record, in two columns when printed.
function promptList(prompts) {
  var shown = list("ul", prompts, function (row) { return paperNumber(row.id) ? row.id + ": " + row.prompt : row.prompt; });
  shown.classList.add("jct-record__prompts");
  return shown;
}

Checklist.prototype.renderRecord = function (result) {
  var self = this;
  var parts = recordParts(this.data);
  var signposts = currentSignposts(this.doc, result);
  clear(this.record);
  append(this.record, [
    recordHeader(this.data, this.doc, parts, this.state, result),
    alertsBox(result.alerts, 3, this.prefix + "-record-alert"),
    h("div", { class: "jct-record__section" }, [
      outcomeBlock(result, 3),
      result.reasons.length ? [h("h4", { text: "Why" }), list("ol", result.reasons, function (reason) { return reasonText(self.doc, reason); })] : null,
      result.outstanding.length ? [h("h4", { text: "Steps still to take" }), list("ul", result.outstanding, function (row) { return shortLabel(self.items.get(row.id)); })] : null,
      result.prompts.length ? [h("h4", { text: "Things to think about" }), promptList(result.prompts)] : null,
      signposts.length ? [h("h4", { text: "Also consider" }), list("ul", signposts, function (row) { return row.text; })] : null,
      h("h4", { text: "Who must agree" }),
      h("p", { text: this.approverSentence(result) }),
    ]),
    h("div", { class: "jct-record__section" }, this.recordAnswers(result)),
    recordFields(parts, this.state),
    signOff(parts, this.state, result.approver ? result.approver.role : null),
    recordFooter(this.doc.attribution || ""),
  ]);
};

Checklist.prototype.restart = function () {
  this.state.answers.clear();
  this.state.staffGroup = null;
  this.state.fields = {};
  this.build();
  announce(this.live, "All answers cleared.");
  var first = this.form.querySelector("input");
  if (first) first.focus();
};

/**
 * One yes/no question of a flow as a form: the question in a fieldset's legend, help text,
 * radios, an error message linked when nothing is chosen, Continue and (optionally) Back.
 * Used by the guide walkthrough and by the training scenarios' run mode.
 */
function yesNoQuestion(options) {
  var node = options.node;
  var name = options.name;
  var helpId = options.idPrefix + "-help";
  var errorId = options.idPrefix + "-error";
  var heading = h(options.headingLevel, { class: "jct-question__heading", id: options.idPrefix + "-question", text: node.question });
  var error = h("p", { class: "jct-error", id: errorId, hidden: true }, [h("span", { class: "jct-visually-hidden", text: "Error: " }), "Choose Yes or No."]);
  var radios = radioGroup(name, YES_NO, options.remembered);
  var fieldset = h("fieldset", { class: "jct-fieldset", "aria-describedby": node.help ? helpId : null }, [
    h("legend", { class: "jct-legend" }, [h("span", { class: "jct-caption", text: options.caption }), heading]),
    node.help ? h("p", { class: "jct-hint", id: helpId, text: node.help }) : null,
    error,
    options.inline ? inlineRadios(radios) : radios,
  ]);
  var form = h("form", {
    class: "jct-question", novalidate: true, "aria-labelledby": heading.id,
    onsubmit: function (event) {
      event.preventDefault();
      var chosen = form.querySelector("input[name='" + name + "']:checked");
      if (!chosen) {
        error.hidden = false;
        fieldset.classList.add("jct-fieldset--error");
        fieldset.setAttribute("aria-describedby", [node.help ? helpId : null, errorId].filter(Boolean).join(" "));
        form.querySelector("input[name='" + name + "']").focus();
        return;
      }
      options.onAnswer(chosen.value);
    },
  }, [
    fieldset,
    h("div", { class: "jct-actions" }, [
      h("button", { type: "submit", class: "jct-button", text: "Continue" }),
      options.canGoBack ? button("Back", options.onBack, "secondary") : null,
    ]),
  ]);
  return { form: form, heading: heading };
}

// mkdocs-material's instant loading swaps pages without a new DOMContentLoaded; document$
// fires for each page (and once at first load). Without material, wait for the DOM.
function onEveryPage(start) {
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(start);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}

// Shared with scenario.js (the training scenarios), which draws its forms the same way and
// reads the same export. Nothing here holds state.
export {
  onEveryPage,
  yesNoQuestion,
  h,
  append,
  clear,
  focusHeading,
  announce,
  loadExport,
  radioGroup,
  inlineRadios,
  button,
  list,
  reasonText,
  answersTable,
  longestFrom,
  alertGroups,
  alertsBox,
  YES_NO,
};

// Start-up ----------------------------------------------------------------------------------

function showError(root, error) {
  clear(root);
  append(root, h("div", { class: "jct-notice jct-notice--error", role: "alert" }, [
    h("p", {}, [h("strong", { text: "This tool could not load. " }), "Reload the page to try again. If you opened the site from files on your computer, open it through the site's web address instead."]),
  ]));
  if (window.console) window.console.warn("justculture:", error);
}

function initTool(root) {
  if (root.dataset.jcReady) return;
  root.dataset.jcReady = "loading";
  var toolId = root.dataset.jcTool;
  // Until the data arrives (seconds on a slow connection) the tool area says so.
  clear(root);
  append(root, h("p", { class: "jct-loading", role: "status", text: root.dataset.jcLoading || "Loading the tool…" }));
  // A site built before slices existed (or a kept release) has only the whole export.
  loadExport(root, toolId).catch(function () { return loadExport(root); }).then(function (data) {
    var doc = data.documents && data.documents[toolId];
    if (!doc) throw new Error("no tool " + toolId + " in the export");
    root.jcTool = doc.kind === "flow" ? new Guide(root, data, toolId) : new Checklist(root, data, toolId);
    root.dataset.jcReady = "ready";
  }).catch(function (error) {
    root.dataset.jcReady = "failed";
    showError(root, error);
  });
}

function initAll() {
  Array.prototype.forEach.call(document.querySelectorAll("[data-jc-tool]"), initTool);
}

onEveryPage(initAll);
