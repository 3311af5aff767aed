import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { descendants, killTree, trackChild } from './child-processes.js';

/**
 * A CLI run is a tree: the CLI (holding the sink's port), Playwright in its own process
 * group, Chromium in another. Killing only the CLI left the rest running and, in a test
 * that timed out, the next run found the port taken (exit 3).
 */
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

// A parent that starts a grandchild in its own process group (as the CLI starts Playwright);
// the grandchild holds a listening port and prints "<pid> <port>".
const PARENT = `
const { spawn } = require('node:child_process');
const child = spawn(process.execPath, ['-e', \`
  const server = require('node:net').createServer().listen(0, '127.0.0.1', () => console.log(process.pid + ' ' + server.address().port));
\`], { detached: true, stdio: ['ignore', 'inherit', 'inherit'] });
setInterval(() => {}, 1000);
`;

function startTree(): Promise<{ parent: ReturnType<typeof spawn>; grandchild: number; port: number }> {
  const parent = trackChild(spawn(process.execPath, ['-e', PARENT], { stdio: ['ignore', 'pipe', 'inherit'] }));
  return new Promise((resolve) => {
    parent.stdout!.once('data', (d: Buffer) => {
      const [pid, port] = String(d).trim().split(' ').map(Number);
      resolve({ parent, grandchild: pid, port });
    });
  });
}

const bindable = (port: number) =>
  new Promise<boolean>((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });

describe('ending what a test started', () => {
  it('kills a process with every descendant, even one in its own process group, and frees its port', async () => {
    const { parent, grandchild, port } = await startTree();
    expect(descendants(parent.pid!)).toContain(grandchild);
    expect(await bindable(port)).toBe(false);
    await killTree(parent);
    await expect.poll(() => alive(grandchild), { timeout: 10_000 }).toBe(false);
    expect(alive(parent.pid!)).toBe(false);
    expect(await bindable(port)).toBe(true);
  });

  it('killing only the parent (as before) leaves the grandchild holding the port', async () => {
    const { parent, grandchild, port } = await startTree();
    try {
      parent.kill('SIGKILL');
      await new Promise((resolve) => parent.once('exit', resolve));
      expect(alive(grandchild)).toBe(true);
      expect(await bindable(port)).toBe(false);
    } finally {
      process.kill(grandchild, 'SIGKILL');
    }
  });
});
