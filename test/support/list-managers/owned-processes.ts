import { spawn, type SpawnOptions } from 'node:child_process';

/**
 * Processes a test starts for a third-party server, each in its own process group, so that
 * the server and everything it forks (mlmmj-send, sympa's daemons) end when the test ends,
 * even after a timeout: `killAll()` in afterAll, and a last resort on the worker's exit.
 */
export class OwnedProcesses {
  private readonly groups = new Set<number>();
  private readonly onExit = () => this.killAll();

  constructor() {
    process.once('exit', this.onExit);
  }

  /** Runs a command to its end (its children may live on in its group until killAll). */
  run(command: string, args: string[], options: SpawnOptions & { input?: Buffer | string; timeoutMs?: number } = {}): Promise<{ code: number | null; stdout: string; stdoutBytes: Buffer; stderr: string }> {
    return new Promise((resolve, reject) => {
      const child = this.start(command, args, { ...options, stdio: ['pipe', 'pipe', 'pipe'] });
      const out: Buffer[] = [];
      let stderr = '';
      child.stdout?.on('data', (d: Buffer) => out.push(d));
      child.stderr?.on('data', (d) => (stderr += d));
      const timer = setTimeout(() => this.kill(child.pid), options.timeoutMs ?? 30_000);
      child.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        if (child.pid && !signalGroup(child.pid, 0)) this.groups.delete(child.pid); // nothing of it lives on
        const stdoutBytes = Buffer.concat(out);
        resolve({ code, stdout: stdoutBytes.toString('utf8'), stdoutBytes, stderr });
      });
      child.stdin?.on('error', () => undefined); // a program that never reads its input closes the pipe early
      child.stdin?.end(options.input ?? '');
    });
  }

  /** Starts a long-running command in its own process group. */
  start(command: string, args: string[], options: SpawnOptions = {}) {
    const child = spawn(command, args, { stdio: 'ignore', ...options, detached: true });
    if (child.pid) this.groups.add(child.pid);
    return child;
  }

  kill(pid: number | undefined): void {
    if (!pid) return;
    signalGroup(pid, 'SIGKILL');
    this.groups.delete(pid);
  }

  /** Asks every group to end (SIGTERM, so daemons remove their pid files), then kills what is left. */
  async stopAll(graceMs = 3000): Promise<void> {
    for (const pid of this.groups) signalGroup(pid, 'SIGTERM');
    const deadline = Date.now() + graceMs;
    while (Date.now() < deadline && [...this.groups].some((pid) => signalGroup(pid, 0))) await new Promise((r) => setTimeout(r, 100));
    this.killAll();
  }

  killAll(): void {
    for (const pid of [...this.groups]) this.kill(pid);
    process.removeListener('exit', this.onExit);
  }
}

/** Sends a signal to a process group; false when the group is gone. */
function signalGroup(pid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}
