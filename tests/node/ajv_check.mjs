// Compile every schema in a folder with Ajv in strict mode, then validate documents against them.
// Usage: node ajv_check.mjs SCHEMA_DIR [SCHEMA_ID=DATA.json ...]
// Prints one line per problem and exits 1 if there is any. Offline: nothing is fetched.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import Ajv2020 from "ajv/dist/2020.js";

const [schemaDir, ...checks] = process.argv.slice(2);
const ajv = new Ajv2020({ strict: true, allErrors: true, loadSchema: undefined });
let problems = 0;
const names = readdirSync(schemaDir).filter((name) => name.endsWith(".schema.json")).sort();
for (const name of names) {
  ajv.addSchema(JSON.parse(readFileSync(join(schemaDir, name), "utf8")));
}
for (const name of names) {
  const schema = JSON.parse(readFileSync(join(schemaDir, name), "utf8"));
  try {
    ajv.getSchema(schema.$id) || ajv.compile(schema);
  } catch (error) {
    problems += 1;
    console.log(`${name}: does not compile: ${error.message}`);
  }
}
for (const check of checks) {
  const [id, file] = check.split("=");
  const validate = ajv.getSchema(id);
  if (!validate) {
    problems += 1;
    console.log(`${file}: no schema with $id ${id}`);
    continue;
  }
  if (!validate(JSON.parse(readFileSync(file, "utf8")))) {
    problems += 1;
    for (const error of validate.errors) console.log(`${file}${error.instancePath}: ${error.message}`);
  }
}
console.log(`${names.length} schemas, ${checks.length} documents, ${problems} problems`);
process.exit(problems ? 1 : 0);
