// Preload (node --import) that prints, at exit, the CommonJS packages the process loaded:
// `validate` must not pay for Playwright, the sink or the mail parser.
import { createRequire } from 'node:module';

const cache = createRequire(import.meta.url).cache;
process.on('exit', () => {
  const packages = new Set();
  for (const file of Object.keys(cache)) {
    const name = /node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)/.exec(file)?.[1];
    if (name) packages.add(name.replace('\\', '/'));
  }
  process.stderr.write(`loaded packages: ${[...packages].sort().join(' ')}\n`);
});
