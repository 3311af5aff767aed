#!/usr/bin/env node
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  console.error('journey-audit: not built yet; run `npm run build` (npm install does it).');
  process.exit(3);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv);
