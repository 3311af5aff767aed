import type { ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

/**
 * Every process a test starts is ended when its test ends — passed, failed or timed out —
 * with everything it started in turn (the CLI starts Playwright in its own process
 * group, Playwright starts Chromium in another), so nothing keeps a port, a browser or
 * a CPU busy for the next test. test/support/setup.ts runs the clean-up hooks.
 */
const byTest = new Set<ChildProcess>();
const byFile = new Set<ChildProcess>();
let insideTest = false;

export function markInsideTest(inside: boolean): void {
  insideTest = inside;
}

/**
 * Tracks a child: started inside a test it ends with the test; started in a beforeAll (or
 * with `lifetime: 'file'`) it ends with the file.
 */
export function trackChild<T extends ChildProcess>(child: T, lifetime: 'test' | 'file' = insideTest ? 'test' : 'file'): T {
  const set = lifetime === 'test' ? byTest : byFile;
  set.add(child);
  child.once('close', () => set.delete(child));
  return child;
}

/** Ends the children that belong to the test that just ended (or to the file, with 'file'). */
export async function endChildren(lifetime: 'test' | 'file'): Promise<void> {
  const children = lifetime === 'test' ? [...byTest] : [...byTest, ...byFile];
  await Promise.all(children.map((child) => killTree(child)));
}

/** SIGKILL to a process and all its descendants (found before any dies, so none is orphaned unseen); resolves once it closed. */
export async function killTree(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const closed = new Promise<void>((resolve) => {
    child.once('close', () => resolve());
    // Its pipes may stay open in a grandchild we could not see: do not wait forever.
    setTimeout(resolve, 10_000).unref();
  });
  for (const pid of [child.pid, ...descendants(child.pid)]) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  await closed;
}

/** Pids of every descendant of `root`, from /proc (Linux); none elsewhere. */
export function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // pid (comm) state ppid …: comm may hold spaces and parentheses.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(entry));
      children.set(ppid, list);
    } catch {
      // exited while we looked
    }
  }
  const found: number[] = [];
  const queue = [root];
  while (queue.length) {
    for (const pid of children.get(queue.shift()!) ?? []) {
      found.push(pid);
      queue.push(pid);
    }
  }
  return found;
}
