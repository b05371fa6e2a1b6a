// Evaluate one answer set with the justculture engine in Node, from the JSON export.
//
//   justculture export --format json > justculture.json
//   node evaluate.js justculture.json 1a=no 2a=no
//   node evaluate.js justculture.json --tool pre-disciplinary-checklist --staff-group medical 3=i 3a=yes
//
// Prints any alerts first, then the outcome (or the question to answer next) and the reasons in
// words. Exits 1 with the engine's error code (JC401 to JC405) for an unknown tool, question,
// answer or staff group, and 2 with a usage line for a wrong command line or an unreadable export.
// Node 18 or later; no packages. In your own project, copy justculture-engine.js (from this
// repository's docs/assets/js/, or the site's assets/js/) beside your code and import it from there.

import { readFile } from "node:fs/promises";

import { ExportError, evaluate, reasonTexts } from "../../docs/assets/js/justculture-engine.js";

const USAGE = "usage: node evaluate.js [EXPORT.json] [--tool TOOL] [--staff-group GROUP] ID=ANSWER ...";

// A wrong command line is the user's to fix: say what is wrong and how to run it, exit 2.
class UsageProblem extends Error {}

function parseArguments(argv) {
  const options = { exportPath: "justculture.json", tool: "just-culture-guide", staffGroup: null, answers: [] };
  const valueOf = (flag, index) => {
    const value = argv[index];
    if (value === undefined || value.startsWith("--")) throw new UsageProblem(`${flag} needs a value`);
    return value;
  };
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index];
    if (argument === "--tool") options.tool = valueOf(argument, (index += 1));
    else if (argument === "--staff-group") options.staffGroup = valueOf(argument, (index += 1));
    else if (argument === "--help" || argument === "-h") throw new UsageProblem("");
    else if (argument.startsWith("-")) throw new UsageProblem(`unknown option ${argument}`);
    else if (argument.includes("=")) {
      const at = argument.indexOf("=");
      options.answers.push([argument.slice(0, at), argument.slice(at + 1)]);
    } else options.exportPath = argument;
  }
  return options;
}

async function readExport(path) {
  let text;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new UsageProblem(`cannot read ${path} (${error.code || error.message}); make it with: justculture export --format json > ${path}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageProblem(`${path} is not JSON (${error.message}); make it with: justculture export --format json`);
  }
}

const SEVERITY_WORDS = { stop: "STOP", check: "CHECK YOUR ANSWERS" };

function report(spec, result) {
  const lines = [`${spec.documents[result.tool].title} (justculture edition, version ${result.spec_version})`];
  // Alerts come before the outcome: they say what to do before acting on it.
  for (const alert of result.alerts) lines.push(`${SEVERITY_WORDS[alert.severity] || alert.severity}: ${alert.text}`);
  if (result.outcome) lines.push(`Outcome: ${result.outcome.title}`, result.outcome.summary);
  else lines.push(`No outcome yet. Answer next: ${result.next.join(", ")}`);
  if (result.reasons.length) lines.push("Why:", ...reasonTexts(spec, result).map((text) => `- ${text}`));
  if (result.approver) lines.push(`Who must agree to a formal investigation: ${result.approver.role}`);
  return lines.join("\n");
}

async function main() {
  try {
    const options = parseArguments(process.argv.slice(2));
    const spec = await readExport(options.exportPath);
    // Answers as [id, value] pairs keep the order you gave them in.
    const result = evaluate(spec, options.tool, options.answers, options.staffGroup);
    console.log(report(spec, result));
  } catch (error) {
    if (error instanceof UsageProblem) {
      if (error.message) console.error(`error: ${error.message}`);
      console.error(USAGE);
      process.exitCode = 2;
    } else if (error.code || error instanceof ExportError) {
      // The engine's own errors: JC401 to JC405 carry a code; an export it cannot use says so.
      console.error(error.message);
      process.exitCode = 1;
    } else throw error;
  }
}

await main();
