/*
 * The Training pages that need no tool: the scenario index's filters, and the participant copy's
 * "Show the next stage". A small script of its own, so these pages do not download the engine
 * and tools.js (scenario.js, which runs a scenario with the real tools, is only on the run page).
 * Nothing is stored and nothing is sent anywhere.
 *
 * Markup it looks for (in the pages generated from templates/site/training):
 *   <form data-jc-scenario-filter="TABLE-ID" hidden> with <select data-filter="setting">, ...
 *     rows of the table carry data-setting, data-staff-groups and data-outcomes.
 *   <div data-jc-stages="N"> holding <section data-jc-stage="1">, ... (the participant copy): one
 *     stage shows at a time, and "Show the next stage" shows the next. Without this script, all show.
 */

function element(tag, className, text) {
  var node = document.createElement(tag);
  if (className) node.className = className;
  if (text) node.textContent = text;
  return node;
}

// The scenario index's filters ---------------------------------------------------------------

function shownMessage(count) {
  if (count === 0) return "0 scenarios shown. Choose \u201cAny\u201d in a filter to see more.";
  return count === 1 ? "1 scenario shown" : count + " scenarios shown";
}

/** Hide the rows that do not match every chosen filter; say how many are left. */
function initFilter(form) {
  if (form.dataset.jcReady) return;
  var table = document.getElementById(form.dataset.jcScenarioFilter);
  if (!table) return;
  form.dataset.jcReady = "ready";
  var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-filter]"));
  var rows = Array.prototype.slice.call(table.querySelectorAll("tbody tr"));
  var status = form.querySelector("[role='status']");
  function matches(row) {
    return selects.every(function (select) {
      if (!select.value) return true;
      var values = (row.getAttribute("data-" + select.dataset.filter) || "").split(" ");
      return values.indexOf(select.value) >= 0;
    });
  }
  function apply() {
    var shown = rows.filter(function (row) {
      row.hidden = !matches(row);
      return !row.hidden;
    }).length;
    status.textContent = shownMessage(shown);
  }
  form.addEventListener("change", apply);
  // A reset puts the selects back only after the event, so filter once it has happened.
  form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  apply(); // while the form is still hidden, so the first count is not announced
  form.hidden = false;
}

// The participant copy: one stage at a time ----------------------------------------------------

/** Show the first stage only, and a button under the shown stages to show the next one. */
function initStages(root) {
  if (root.dataset.jcReady) return;
  var stages = Array.prototype.slice.call(root.querySelectorAll("[data-jc-stage]"));
  if (stages.length < 2) return;
  root.dataset.jcReady = "ready";
  var shown = 1;
  var status = element("p", "jcs-stages__status");
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  // The tools' button (tools.css), in the colours training.css gives the controls.
  var button = element("button", "jct-button", "Show the next stage");
  button.type = "button";
  button.addEventListener("click", function () {
    shown += 1;
    update();
    var heading = stages[shown - 1].querySelector("h2");
    if (heading) heading.focus();
  });
  var controls = element("div", "jcs-stages__controls");
  controls.appendChild(status);
  controls.appendChild(button);
  root.appendChild(controls);
  function update() {
    stages.forEach(function (stage, index) { stage.hidden = index >= shown; });
    status.textContent = "Stage " + shown + " of " + stages.length + " shown.";
    button.hidden = shown >= stages.length;
    if (button.hidden) status.textContent = "All " + stages.length + " stages shown.";
  }
  // A link to a later stage (a shared address) shows the stages up to it.
  function showTarget() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var target = id && document.getElementById(id);
    var index = target ? stages.findIndex(function (stage) { return stage.contains(target); }) : -1;
    if (index + 1 > shown) {
      shown = index + 1;
      update();
      target.scrollIntoView();
    }
  }
  window.addEventListener("hashchange", showTarget);
  update();
  showTarget();
}

// Start-up ----------------------------------------------------------------------------------------

function initAll() {
  Array.prototype.forEach.call(document.querySelectorAll("[data-jc-scenario-filter]"), initFilter);
  Array.prototype.forEach.call(document.querySelectorAll("[data-jc-stages]"), initStages);
}

// Material's instant loading swaps pages without reloading: start on every page it shows.
if (window.document$ && typeof window.document$.subscribe === "function") {
  window.document$.subscribe(initAll);
} else if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", initAll);
} else {
  initAll();
}
