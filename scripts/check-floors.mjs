#!/usr/bin/env node
// The house's floors (.dependency-cruiser.cjs): which folder of src/ may import which, and no
// import loops between files. Prints one line per wrong import and exits 1; `npm test` runs it too.
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { cruise } from 'dependency-cruiser';

export async function checkFloors(root) {
  const config = createRequire(import.meta.url)(resolve(root, '.dependency-cruiser.cjs'));
  const cwd = process.cwd();
  process.chdir(root);
  try {
    const { output, exitCode } = await cruise(['src'], { ...config.options, validate: true, ruleSet: { forbidden: config.forbidden }, outputType: 'err' });
    return { output, violations: exitCode };
  } finally {
    process.chdir(cwd);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { output, violations } = await checkFloors(resolve(process.argv[2] ?? '.'));
  process.stdout.write(output);
  process.exit(violations === 0 ? 0 : 1);
}
