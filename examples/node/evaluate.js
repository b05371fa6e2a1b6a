// Evaluate one answer set with the justculture engine in Node, from the JSON export.
//
//   justculture export --format json > justculture.json
//   node evaluate.js justculture.json 1a=no 2a=no
//   node evaluate.js justculture.json --tool pre-disciplinary-checklist --staff-group medical 3=i 3a=yes
//
// Prints the outcome (or the question to answer next) and the reasons in words. Exits 1 with the
// engine's error code (JC401 to JC405) for an unknown tool, question, answer or staff group.
// Node 18 or later; no packages. In your own project, copy justculture-engine.js (from this
// repository's docs/assets/js/, or the site's assets/js/) beside your code and import it from there.

import { readFile } from "node:fs/promises";

import { evaluate, reasonTexts } from "../../docs/assets/js/justculture-engine.js";

function parseArguments(argv) {
  const options = { exportPath: "justculture.json", tool: "just-culture-guide", staffGroup: null, answers: [] };
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index];
    if (argument === "--tool") options.tool = argv[(index += 1)];
    else if (argument === "--staff-group") options.staffGroup = argv[(index += 1)];
    else if (argument.includes("=")) {
      const at = argument.indexOf("=");
      options.answers.push([argument.slice(0, at), argument.slice(at + 1)]);
    } else options.exportPath = argument;
  }
  return options;
}

function report(spec, result) {
  const lines = [`${spec.documents[result.tool].title}. Spec version ${result.spec_version}.`];
  if (result.outcome) lines.push(`Outcome: ${result.outcome.title}`, result.outcome.summary);
  else lines.push(`No outcome yet. Answer next: ${result.next.join(", ")}`);
  if (result.reasons.length) lines.push("Why:", ...reasonTexts(spec, result).map((text) => `- ${text}`));
  if (result.approver) lines.push(`Who must agree to a formal investigation: ${result.approver.role}`);
  return lines.join("\n");
}

const options = parseArguments(process.argv.slice(2));
const spec = JSON.parse(await readFile(options.exportPath, "utf8"));
try {
  // Answers as [id, value] pairs keep the order you gave them in.
  const result = evaluate(spec, options.tool, options.answers, options.staffGroup);
  console.log(report(spec, result));
} catch (error) {
  if (!error.code) throw error;
  console.error(error.message);
  process.exitCode = 1;
}
