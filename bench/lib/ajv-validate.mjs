// Peer for bench/validate.mjs, run as a process: parses every *.journey.yaml under a folder
// with the `yaml` package and validates it with Ajv (from bench/.peers) against the JSON
// Schema that `journey-audit schema` prints. `--parse-only` stops after parsing (the floor).
//
//   node bench/lib/ajv-validate.mjs <schema.json> <folder> [--parse-only]
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { requirePeer } from './common.mjs';

const [schemaPath, dir, flag] = process.argv.slice(2);
const parseOnly = flag === '--parse-only';
const files = readdirSync(dir, { recursive: true })
  .filter((name) => String(name).endsWith('.journey.yaml'))
  .sort()
  .map((name) => join(dir, String(name)));

let validate = () => true;
if (!parseOnly) {
  const Ajv = requirePeer('ajv').default;
  const ajv = new Ajv({ allErrors: true, strict: false });
  validate = ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')));
}
let invalid = 0;
for (const file of files) {
  const data = parse(readFileSync(file, 'utf8'));
  if (!validate(data)) {
    invalid++;
    if (invalid <= 3) console.error(`${file}: ${JSON.stringify(validate.errors?.slice(0, 2))}`);
  }
}
console.log(`${parseOnly ? 'parsed' : 'validated'} ${files.length} files, ${invalid} invalid`);
process.exitCode = invalid ? 1 : 0;
