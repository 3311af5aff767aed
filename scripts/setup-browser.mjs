#!/usr/bin/env node
// Installs a browser for journey-audit if none can be found. Runs from `npm install`
// (postinstall / prepare) and as `npm run setup-browser`. The logic lives in
// src/browser/setup.ts; this wrapper only finds the compiled module.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
const compiled = fileURLToPath(new URL('../dist/browser/setup.js', import.meta.url));
if (!existsSync(compiled)) {
  if (args.includes('--after-build')) process.exit(0); // `prepare` runs it again once built
  console.error('journey-audit: not built yet; run `npm run build` first.');
  process.exit(3);
}
const { setupBrowser } = await import(pathToFileURL(compiled).href);
process.exit(await setupBrowser({ ifMissing: args.includes('--if-missing') }));
