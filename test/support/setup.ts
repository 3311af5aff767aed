import { afterAll, afterEach, beforeEach } from 'vitest';
import { endChildren, markInsideTest } from './child-processes.js';

// Runs in every test file (vitest.config.ts setupFiles): processes a test started end with
// it, even when it timed out; processes a file started end with the file.
beforeEach(() => markInsideTest(true));
afterEach(async () => {
  markInsideTest(false);
  await endChildren('test');
});
afterAll(async () => {
  await endChildren('file');
});
