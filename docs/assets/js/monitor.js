/*
 * "Check your figures": the fairness monitor's statistics in the browser.
 *
 * figures() computes exactly what justculture.monitor.stats.figures() does in Python (a parity
 * test, tests/browser/test_monitor_parity.py, holds them together), and the numbers are written
 * by the same rules as justculture.monitor.report. Only this page loads the script. Nothing typed
 * here is sent anywhere or stored: there is no network call and no storage in this file.
 */
(function () {
  "use strict";

  var Z95 = 1.959963984540054;
  var CORRECTION = 0.5;
  var STAGES = ["entered", "investigated", "suspended", "hearing", "sanctioned", "dismissed"];
  var STAGE_LABELS = {
    entered: "Entered the process", investigated: "Investigated", suspended: "Suspended",
    hearing: "Went to a hearing", sanctioned: "Given a sanction", dismissed: "Dismissed"
  };
  var REQUIRED = ["period", "group", "headcount", "entered"];
  var OPTIONAL = ["dimension", "organisation"];
  var PERSONAL = ("name firstname forename forenames surname lastname fullname staffnumber staffno " +
    "staffid employeenumber employeeno employeeid assignmentnumber esrnumber payrollnumber ninumber " +
    "nino nationalinsurance nationalinsurancenumber nhsnumber dateofbirth dob birthdate age email " +
    "emailaddress address postcode phone telephone mobile gmcnumber nmcpin pin casenumber caseid").split(" ");

  // Statistics (mirrors monitor/stats.py) -------------------------------------------------------

  function rate(count, base) { return base > 0 ? count / base : null; }

  function relativeLikelihood(a, n1, c, n2) {
    if (n1 <= 0 || n2 <= 0) return { ratio: null, low: null, high: null, corrected: false };
    var ratio = c > 0 ? (a / n1) / (c / n2) : null;
    var corrected = a === 0 || c === 0;
    var x = a, m = n1, y = c, k = n2;
    if (corrected) { x += CORRECTION; y += CORRECTION; m += 2 * CORRECTION; k += 2 * CORRECTION; }
    var centre = Math.log((x / m) / (y / k));
    var error = Math.sqrt(1 / x - 1 / m + 1 / y - 1 / k);
    return { ratio: ratio, low: Math.exp(centre - Z95 * error), high: Math.exp(centre + Z95 * error), corrected: corrected };
  }

  function position(interval) {
    if (interval.low === null || interval.high === null) return null;
    if (interval.low > 1) return "above";
    if (interval.high < 1) return "below";
    return "across";
  }

  function median(values) {
    var ordered = values.slice().sort(function (p, q) { return p - q; });
    var middle = Math.floor(ordered.length / 2);
    return ordered.length % 2 ? ordered[middle] : (ordered[middle - 1] + ordered[middle]) / 2;
  }

  function mean(values) {
    var total = 0;
    values.forEach(function (value) { total += value; });
    return total / values.length;
  }

  function measure(a, n1, c, n2, settings) {
    var interval = relativeLikelihood(a, n1, c, n2);
    return {
      count: a, base: n1, reference_count: c, reference_base: n2,
      rate: rate(a, n1), reference_rate: rate(c, n2),
      ratio: interval.ratio, low: interval.low, high: interval.high, corrected: interval.corrected,
      small: Math.min(a, n1, c, n2) < settings.threshold,
      position: position(interval),
      in_band: interval.ratio === null ? null : settings.band[0] <= interval.ratio && interval.ratio <= settings.band[1]
    };
  }

  function key(organisation, period, group) { return JSON.stringify([organisation, period, group]); }

  function addOnce(items, item) { if (items.indexOf(item) < 0) items.push(item); }

  function gather(table, settings) {
    var dimensions = [], byName = {};
    table.rows.forEach(function (row) {
      var d = byName[row.dimension];
      if (!d) { d = byName[row.dimension] = { name: row.dimension, periods: [], groups: [], organisations: [], cells: new Map() }; dimensions.push(d); }
      addOnce(d.periods, row.period); addOnce(d.groups, row.group); addOnce(d.organisations, row.organisation);
      (row.organisation === "" ? [""] : ["", row.organisation]).forEach(function (organisation) {
        var id = key(organisation, row.period, row.group);
        var cell = d.cells.get(id);
        if (!cell) { cell = { headcount: 0, counts: table.stages.map(function () { return 0; }) }; d.cells.set(id, cell); }
        cell.headcount += row.headcount;
        cell.counts = cell.counts.map(function (total, i) { return total + row.counts[i]; });
      });
    });
    dimensions.forEach(function (d) {
      var reference = referenceOf(settings, d.name);
      var at = d.groups.indexOf(reference);
      if (at >= 0) { d.groups.splice(at, 1); d.groups.unshift(reference); }
    });
    return dimensions;
  }

  function referenceOf(settings, dimension) {
    return Object.prototype.hasOwnProperty.call(settings.references, dimension) ? settings.references[dimension] : "";
  }

  function cellFigures(d, organisation, period, group, reference, settings) {
    var cell = d.cells.get(key(organisation, period, group));
    var bases = [cell.headcount].concat(cell.counts.slice(0, -1));
    var isReference = group === reference;
    var own = d.cells.get(key(organisation, period, reference));
    var measures = [];
    if (!isReference && own) {
      var referenceBases = [own.headcount].concat(own.counts.slice(0, -1));
      measures = cell.counts.map(function (count, i) { return measure(count, bases[i], own.counts[i], referenceBases[i], settings); });
    }
    return {
      period: period, group: group, reference: isReference, headcount: cell.headcount,
      counts: cell.counts.slice(), rates: cell.counts.map(function (count, i) { return rate(count, bases[i]); }),
      measures: measures
    };
  }

  function spread(d, reference, settings) {
    var rows = [], stages = d.cells.values().next().value.counts.length;
    d.periods.forEach(function (period) {
      d.groups.forEach(function (group) {
        if (group === reference) return;
        var own = d.organisations.filter(function (o) { return d.cells.has(key(o, period, group)); })
          .map(function (o) { return cellFigures(d, o, period, group, reference, settings); });
        for (var stage = 0; stage < stages; stage++) {
          var measures = own.filter(function (c) { return c.measures.length; }).map(function (c) { return c.measures[stage]; });
          var ratios = measures.filter(function (m) { return m.ratio !== null; }).map(function (m) { return m.ratio; });
          var inside = 0;
          ratios.forEach(function (value) { if (settings.band[0] <= value && value <= settings.band[1]) inside += 1; });
          rows.push({
            period: period, group: group, stage: stage, organisations: own.length, with_ratio: ratios.length,
            small: measures.filter(function (m) { return m.small; }).length,
            mean: ratios.length ? mean(ratios) : null, median: ratios.length ? median(ratios) : null,
            min: ratios.length ? Math.min.apply(null, ratios) : null, max: ratios.length ? Math.max.apply(null, ratios) : null,
            in_band: inside
          });
        }
      });
    });
    return rows;
  }

  /** The figures for a table {stages, rows: [{period, group, headcount, counts, dimension, organisation}]}. */
  function figures(table, settings) {
    return {
      stages: table.stages.slice(), threshold: settings.threshold, band: settings.band.slice(),
      confidence: 0.95, correction: CORRECTION,
      dimensions: gather(table, settings).map(function (d) {
        var reference = referenceOf(settings, d.name);
        var cells = [];
        d.periods.forEach(function (period) {
          d.groups.forEach(function (group) {
            if (d.cells.has(key("", period, group))) cells.push(cellFigures(d, "", period, group, reference, settings));
          });
        });
        var several = d.organisations.length > 1;
        return {
          dimension: d.name, reference: reference, periods: d.periods.slice(), groups: d.groups.slice(),
          organisations: several ? d.organisations.slice() : [], cells: cells,
          spread: several ? spread(d, reference, settings) : []
        };
      })
    };
  }

  // Numbers as text (mirrors monitor/report.py) ----------------------------------------------

  function ratioText(value) { return value === null ? "" : value.toFixed(2); }
  function percentText(value) {
    if (value === null) return "";
    var percent = value * 100;
    if (percent > 0 && percent < 0.05) return "less than 0.1%";
    return percent.toFixed(1) + "%";
  }
  function countText(value, threshold) {
    return value < threshold ? "fewer than " + threshold : String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  }

  // Reading what was typed or pasted ----------------------------------------------------------

  function problem(line, column, message) {
    var error = new Error("Row " + line + ", column " + column + ": " + message);
    error.line = line; error.column = column;
    return error;
  }

  function splitLine(text, delimiter) {
    var cells = [], value = "", quoted = false, column = 1, start = 1;
    for (var i = 0; i <= text.length; i++) {
      var ch = text.charAt(i);
      if (i === text.length || (!quoted && ch === delimiter)) {
        cells.push({ text: value.trim(), column: start }); value = ""; start = i + 2; continue;
      }
      if (ch === '"') {
        if (quoted && text.charAt(i + 1) === '"') { value += '"'; i++; } else { quoted = !quoted; }
      } else { value += ch; }
      column++;
    }
    return cells;
  }

  function count(cell, line, name) {
    var text = cell.text;
    if (/^[0-9]{1,3}(,[0-9]{3})+$|^[0-9]+$/.test(text)) return parseInt(text.replace(/,/g, ""), 10);
    if (/^[-\u2212][0-9][0-9,]*$/.test(text)) throw problem(line, cell.column, "the " + name + " count is " + text + "; a count is 0 or more.");
    throw problem(line, cell.column, "the " + name + " count is " + (text ? "'" + text + "'" : "empty") + "; write a whole number of staff. The page hides small numbers itself.");
  }

  /** Rows typed or pasted (commas or tabs, headings first) as a table, or a thrown problem. */
  function parse(text) {
    var lines = text.replace(/\r/g, "").split("\n");
    var delimiter = lines[0].indexOf("\t") >= 0 && lines[0].indexOf(",") < 0 ? "\t" : ",";
    var header = splitLine(lines[0], delimiter);
    var known = REQUIRED.concat(OPTIONAL, STAGES), columns = {};
    header.forEach(function (cell, index) {
      var name = cell.text.toLowerCase();
      if (PERSONAL.indexOf(name.replace(/[\s_\-.]+/g, "")) >= 0) throw problem(1, cell.column, "the column '" + cell.text + "' looks like details of individual people. This page takes counts for groups of staff only: remove the column.");
      if (known.indexOf(name) < 0) throw problem(1, cell.column, "'" + cell.text + "' is not a column this page reads. Use: " + known.join(", ") + ".");
      columns[name] = index;
    });
    REQUIRED.forEach(function (name) { if (!(name in columns)) throw problem(1, 1, "the column '" + name + "' is missing. The first row must name " + REQUIRED.join(", ") + "."); });
    var stages = STAGES.filter(function (stage) { return stage in columns; });
    var rows = [], seen = {};
    lines.forEach(function (raw, index) {
      if (index === 0 || !raw.trim()) return;
      var line = index + 1, cells = splitLine(raw, delimiter);
      if (cells.length !== header.length) throw problem(line, 1, "this row has " + cells.length + " cells but the first row has " + header.length + " headings.");
      function text(name) {
        if (!(name in columns)) return "";
        var cell = cells[columns[name]];
        if (!cell.text) throw problem(line, cell.column, "the " + name + " must be given.");
        return cell.text;
      }
      var headcount = count(cells[columns.headcount], line, "headcount");
      if (headcount === 0) throw problem(line, cells[columns.headcount].column, "the headcount is 0; a group with no staff has no rate.");
      var counts = stages.map(function (stage) { return count(cells[columns[stage]], line, stage); });
      if (counts[0] > headcount) throw problem(line, cells[columns.entered].column, counts[0] + " entered, but the group's headcount is " + headcount + ".");
      for (var i = 1; i < counts.length; i++) {
        if (counts[i] > counts[i - 1]) throw problem(line, cells[columns[stages[i]]].column, counts[i] + " " + stages[i] + ", more than the " + counts[i - 1] + " at the stage before (" + stages[i - 1] + ").");
      }
      var row = { period: text("period"), group: text("group"), headcount: headcount, counts: counts, dimension: text("dimension"), organisation: text("organisation"), line: line };
      var id = JSON.stringify([row.organisation, row.dimension, row.group, row.period]);
      if (seen[id]) throw problem(line, 1, "'" + row.group + "' in " + row.period + " already has a row (row " + seen[id] + "). Give one row of counts per period and group: this page takes counts only, never one row per person.");
      seen[id] = line;
      rows.push(row);
    });
    if (!rows.length) throw problem(1, 1, "there are headings but no rows of counts.");
    checkEveryGroupInEveryPeriod(rows);
    return { stages: stages, rows: rows };
  }

  function checkEveryGroupInEveryPeriod(rows) {
    var scopes = {};
    rows.forEach(function (row) {
      var id = JSON.stringify([row.organisation, row.dimension]);
      var scope = scopes[id] || (scopes[id] = { groups: [], periods: [], lines: {}, present: {} });
      addOnce(scope.groups, row.group);
      if (scope.periods.indexOf(row.period) < 0) { scope.periods.push(row.period); scope.lines[row.period] = row.line; }
      scope.present[JSON.stringify([row.group, row.period])] = true;
    });
    Object.keys(scopes).forEach(function (id) {
      var scope = scopes[id];
      scope.periods.forEach(function (period) {
        scope.groups.forEach(function (group) {
          if (!scope.present[JSON.stringify([group, period])]) throw problem(scope.lines[period], 1, "'" + group + "' has counts in other periods but none in " + period + ". Add its row (with 0 if no one entered).");
        });
      });
    });
  }

  /** Each dimension's reference group as the rows spell it (compared ignoring case), or a problem. */
  function references(table, wanted) {
    var found = {}, groups = {};
    table.rows.forEach(function (row) { addOnce(groups[row.dimension] || (groups[row.dimension] = []), row.group); });
    Object.keys(groups).forEach(function (dimension) {
      var match = groups[dimension].filter(function (g) { return g.toLowerCase() === wanted.trim().toLowerCase(); })[0];
      if (match === undefined) throw problem(2, 1, "the reference group '" + wanted + "' has no rows" + (dimension ? " for " + dimension : "") + ". The groups are: " + groups[dimension].join(", ") + ".");
      found[dimension] = match;
    });
    return found;
  }

  // The trend chart (mirrors monitor/chart.py) ------------------------------------------------

  var SVG = "http://www.w3.org/2000/svg";
  var W = 680, H = 300, LEFT = 64, RIGHT = 664, TOP = 16, BOTTOM = 236;
  var TICKS = [0.1, 0.25, 0.5, 1, 2, 4, 10];

  function svg(tag, attrs, text) {
    var el = document.createElementNS(SVG, tag);
    Object.keys(attrs).forEach(function (name) { el.setAttribute(name, String(attrs[name])); });
    if (text !== undefined) el.textContent = text;
    return el;
  }

  function trendChart(id, title, description, values, band) {
    var lows = [band[0], 0.5], highs = [band[1], 2];
    values.forEach(function (v) { if (v.shown) { lows.push(v.low); highs.push(v.high); } });
    var low = Math.max(Math.min.apply(null, lows) / 1.1, 0.05), high = Math.min(Math.max.apply(null, highs) * 1.1, 20);
    var span = Math.log(high) - Math.log(low);
    function y(ratio) { var r = Math.min(Math.max(ratio, low), high); return Math.round((BOTTOM - (Math.log(r) - Math.log(low)) / span * (BOTTOM - TOP)) * 100) / 100; }
    var root = svg("svg", { "class": "jc-svg jc-chart jc-trend", role: "img", "aria-labelledby": id + "-title " + id + "-desc", viewBox: "0 0 " + W + " " + H, width: W, height: H });
    root.appendChild(svg("title", { id: id + "-title" }, "Trend chart: " + title));
    root.appendChild(svg("desc", { id: id + "-desc" }, "Relative likelihood by period, with its 95% interval. " + description + ". The shaded band is the non-adverse range, a target, not a test."));
    root.appendChild(svg("rect", { x: LEFT, y: y(band[1]), width: RIGHT - LEFT, height: y(band[0]) - y(band[1]), fill: "#e3efe6", stroke: "none" }));
    root.appendChild(svg("line", { x1: LEFT, y1: TOP, x2: LEFT, y2: BOTTOM, stroke: "#5f6b73", "stroke-width": 1 }));
    root.appendChild(svg("line", { x1: LEFT, y1: BOTTOM, x2: RIGHT, y2: BOTTOM, stroke: "#5f6b73", "stroke-width": 1 }));
    root.appendChild(svg("line", { x1: LEFT, y1: y(1), x2: RIGHT, y2: y(1), stroke: "#212b32", "stroke-width": 1, "stroke-dasharray": "6 4" }));
    var ticks = [[band[0], ratioText(band[0])], [1, "1"], [band[1], ratioText(band[1])]];
    TICKS.forEach(function (t) { if (low <= t && t <= high && t !== 1) ticks.push([t, String(t)]); });
    var placed = [];
    ticks.forEach(function (tick) {
      var at = y(tick[0]);
      if (placed.every(function (p) { return Math.abs(p - at) >= 14; })) {
        placed.push(at);
        root.appendChild(svg("text", { x: LEFT - 8, y: at + 5, "text-anchor": "end", fill: "#212b32", "font-size": 14 }, tick[1]));
      }
    });
    var step = (RIGHT - LEFT) / Math.max(values.length, 1), path = [];
    values.forEach(function (v, index) {
      var x = Math.round((LEFT + step * (index + 0.5)) * 100) / 100;
      root.appendChild(svg("text", { x: x, y: BOTTOM + 18, "text-anchor": "middle", fill: "#212b32", "font-size": 14 }, v.label));
      if (!v.shown) {
        root.appendChild(svg("text", { x: x, y: BOTTOM - 10, "text-anchor": "middle", fill: "#212b32", "font-size": 14 }, "not shown"));
        return;
      }
      var line = { stroke: "#1d4f91", "stroke-width": 2 };
      root.appendChild(svg("line", Object.assign({ x1: x, y1: y(v.low), x2: x, y2: y(v.high) }, line)));
      root.appendChild(svg("line", Object.assign({ x1: x - 6, y1: y(v.low), x2: x + 6, y2: y(v.low) }, line)));
      root.appendChild(svg("line", Object.assign({ x1: x - 6, y1: y(v.high), x2: x + 6, y2: y(v.high) }, line)));
      root.appendChild(svg("circle", { cx: x, cy: y(v.ratio), r: 5, fill: "#1d4f91" }));
      root.appendChild(svg("text", { x: x + 10, y: y(v.ratio) - 6, fill: "#212b32", "font-size": 14, "font-weight": 700 }, v.text));
      path.push(x + "," + y(v.ratio));
    });
    if (path.length) root.insertBefore(svg("polyline", { points: path.join(" "), fill: "none", stroke: "#1d4f91", "stroke-width": 2 }), root.querySelector("circle") || null);
    return root;
  }

  // The page ----------------------------------------------------------------------------------

  function h(tag, attrs, children) {
    var el = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { el.setAttribute(name, attrs[name]); });
    (children || []).forEach(function (child) { el.appendChild(typeof child === "string" ? document.createTextNode(child) : child); });
    return el;
  }

  function shown(m, threshold) {
    var finding = !m.small && m.ratio !== null;
    return {
      finding: finding, ratio: finding ? ratioText(m.ratio) : "", low: finding ? ratioText(m.low) : "", high: finding ? ratioText(m.high) : "",
      rate: Math.min(m.count, m.base) >= threshold ? percentText(m.rate) : "",
      reference_rate: Math.min(m.reference_count, m.reference_base) >= threshold ? percentText(m.reference_rate) : "",
      position: finding ? m.position : "", in_band: finding ? m.in_band : null
    };
  }

  function positionWords(s) {
    if (s.position === "above") return "the whole 95% interval (" + s.low + " to " + s.high + ") lies above 1, so chance alone is an unlikely explanation";
    if (s.position === "below") return "the whole 95% interval (" + s.low + " to " + s.high + ") lies below 1, so chance alone is an unlikely explanation";
    return "the 95% interval (" + s.low + " to " + s.high + ") includes 1, so the difference could be chance";
  }

  function shortPosition(s) {
    if (!s.finding) return "Not shown: small numbers";
    return { above: "Above 1", below: "Below 1" }[s.position] || "Includes 1";
  }

  function summary(d, data) {
    var latest = d.periods[d.periods.length - 1], bandText = ratioText(data.band[0]) + " to " + ratioText(data.band[1]);
    var sentences = d.cells.filter(function (c) { return c.period === latest && c.measures.length; }).map(function (c) {
      var s = shown(c.measures[0], data.threshold);
      if (!s.finding) return "In " + latest + ", the numbers for " + c.group + " staff are too small to give a finding: fewer than " + data.threshold + " people in a count.";
      return "In " + latest + ", " + c.group + " staff were " + s.ratio + " times as likely as " + d.reference + " staff to enter the process (" + s.rate + " against " + s.reference_rate + "): " +
        positionWords(s) + ". The ratio is " + (s.in_band ? "inside" : "outside") + " the non-adverse range of " + bandText + " (a target, not a test).";
    });
    return h("p", { "class": "jc-monitor-summary" }, [sentences.join(" ")]);
  }

  function table(caption, id, headings, rows) {
    var head = h("tr", {}, headings.map(function (text) { return h("th", { scope: "col" }, [text]); }));
    var body = rows.map(function (cells) {
      return h("tr", {}, cells.map(function (text, i) { return i === 0 ? h("th", { scope: "row" }, [text]) : h("td", {}, [text]); }));
    });
    var t = h("table", { "class": "jc-table jc-numbers" }, [h("caption", { id: id }, [caption]), h("thead", {}, [head]), h("tbody", {}, body)]);
    return h("div", { "class": "jc-scroll", role: "region", "aria-labelledby": id, tabindex: "0" }, [t]);
  }

  function results(data, out) {
    data.dimensions.forEach(function (d, di) {
      var dimension = d.dimension ? " (" + d.dimension + ")" : "";
      out.appendChild(h("h2", {}, ["Summary" + dimension]));
      out.appendChild(summary(d, data));
      d.groups.filter(function (g) { return g !== d.reference; }).forEach(function (group, gi) {
        data.stages.forEach(function (stage, si) {
          var rows = d.cells.filter(function (c) { return c.group === group && c.measures.length; });
          var items = rows.map(function (c) { return { period: c.period, s: shown(c.measures[si], data.threshold) }; });
          if (!items.some(function (item) { return item.s.finding; })) return;
          var title = group + " staff compared with " + d.reference + " staff: " + STAGE_LABELS[stage].toLowerCase();
          var id = "monitor-chart-" + di + "-" + gi + "-" + si;
          var description = items.map(function (item) {
            return item.s.finding ? item.period + ": " + item.s.ratio + " (95% interval " + item.s.low + " to " + item.s.high + ")" : item.period + ": not shown (small numbers)";
          }).join("; ");
          var values = items.map(function (item, i) {
            var m = rows[i].measures[si];
            return { label: item.period, ratio: m.ratio, low: m.low, high: m.high, text: item.s.ratio, shown: item.s.finding };
          });
          out.appendChild(h("h3", {}, [title]));
          out.appendChild(h("figure", { "class": "jc-chart-figure" }, [trendChart(id, title, description, values, data.band)]));
          out.appendChild(table("Data for the chart: " + title, id + "-caption", ["Period", "Relative likelihood", "95% interval", "Interval against 1"],
            items.map(function (item) { return [item.period, item.s.ratio || "Not shown", item.s.finding ? item.s.low + " to " + item.s.high : "", shortPosition(item.s)]; })));
        });
      });
      var rows = [];
      d.cells.forEach(function (c) {
        c.measures.forEach(function (m, si) {
          var s = shown(m, data.threshold);
          rows.push([c.period, c.group, STAGE_LABELS[data.stages[si]], s.rate || "Not shown", s.reference_rate || "Not shown", s.ratio || "Not shown", s.finding ? s.low + " to " + s.high : "", shortPosition(s)]);
        });
      });
      out.appendChild(h("h3", {}, ["Table of figures"]));
      out.appendChild(table("Relative likelihood against " + d.reference + " staff, with 95% intervals", "monitor-table-" + di,
        ["Period", "Group", "Stage", "Rate", d.reference + " rate", "Relative likelihood", "95% interval", "Interval against 1"], rows));
    });
  }

  function run(form) {
    var out = form.parentNode.querySelector("[data-jc-monitor-results]");
    while (out.firstChild) out.removeChild(out.firstChild);
    var threshold = parseInt(form.elements.threshold.value, 10);
    var band = [parseFloat(form.elements.low.value), parseFloat(form.elements.high.value)];
    try {
      if (!(threshold >= 1 && threshold <= 1000)) throw new Error("Small numbers: give a whole number from 1 to 1000.");
      if (!(band[0] > 0 && band[0] < 1 && band[1] > 1)) throw new Error("Range: the lower end must be between 0 and 1, the upper end above 1.");
      var parsed = parse(form.elements.counts.value);
      var data = figures(parsed, { references: references(parsed, form.elements.reference.value), threshold: threshold, band: band });
      results(data, out);
      var heading = out.querySelector("h2");
      heading.setAttribute("tabindex", "-1");
      heading.focus();
    } catch (error) {
      var box = h("div", { "class": "jct-notice jct-notice--error", role: "alert", tabindex: "-1" }, [
        h("h2", {}, ["There is a problem with the counts"]), h("p", {}, [error.message])
      ]);
      out.appendChild(box);
      box.focus();
    }
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-jc-monitor]"), function (form) {
      form.addEventListener("submit", function (event) { event.preventDefault(); run(form); });
      var example = form.querySelector("[data-jc-monitor-example]");
      if (example) example.addEventListener("click", function () {
        form.elements.counts.value = document.getElementById(example.getAttribute("data-jc-monitor-example")).textContent.trim();
        form.elements.reference.value = "White";
        run(form);
      });
    });
  }

  window.JustCultureMonitor = {
    figures: figures, relativeLikelihood: relativeLikelihood, parse: parse, references: references,
    ratioText: ratioText, percentText: percentText, countText: countText, trendChart: trendChart
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
