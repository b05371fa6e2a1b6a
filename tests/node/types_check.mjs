// Generate TypeScript types from every bundled schema in a folder with json-schema-to-typescript.
// Usage: node types_check.mjs BUNDLED_DIR [OUT_DIR]. Exits 1 if any schema fails. Offline.
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { compile } from "json-schema-to-typescript";

const [folder, outDir] = process.argv.slice(2);
let problems = 0;
const names = readdirSync(folder).filter((name) => name.endsWith(".schema.json")).sort();
if (outDir) mkdirSync(outDir, { recursive: true });
for (const name of names) {
  const schema = JSON.parse(readFileSync(join(folder, name), "utf8"));
  try {
    const types = await compile(schema, name.replace(".schema.json", ""), {
      bannerComment: "",
      cwd: folder,
      $refOptions: { resolve: { http: false, external: false } },
    });
    if (outDir) writeFileSync(join(outDir, name.replace(".schema.json", ".d.ts")), types);
    if (!/export (interface|type) /.test(types)) throw new Error("no types were generated");
  } catch (error) {
    problems += 1;
    console.log(`${name}: ${error.message}`);
  }
}
console.log(`${names.length} schemas, ${problems} problems`);
process.exit(problems ? 1 : 0);
