import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLoopbackMta } from './loopback-mta.js';
import { OwnedProcesses } from './owned-processes.js';

/** Debian's mlmmj (mail-only list manager); its programs refuse to run unless called by full path. */
const MLMMJ = '/usr/bin';
export const MLMMJ_DOMAIN = 'lists.example.test';

/** Why the mlmmj tests cannot run here, or undefined when they can. */
export function mlmmjMissing(): string | undefined {
  for (const program of ['mlmmj-make-ml', 'mlmmj-receive', 'mlmmj-list']) {
    if (!existsSync(join(MLMMJ, program))) return `${MLMMJ}/${program} is not installed (Debian package mlmmj; .ci/run installs it)`;
  }
  return undefined;
}

export interface MlmmjList {
  /** The list's posting address, e.g. demo@lists.example.test. */
  address: string;
  listDir: string;
  /** Loopback SMTP port that takes mail for the list's domain (journey-audit's --smtp-relay). */
  relayPort: number;
  /** The list's subscribers, as mlmmj-list prints them. */
  subscribers(): Promise<string[]>;
  close(): Promise<void>;
}

/**
 * A real mlmmj list in a temporary folder: made by mlmmj-make-ml (answers given on stdin),
 * its outgoing mail sent by mlmmj-send over SMTP to `sinkPort` (control/relayhost, smtpport),
 * its incoming mail taken by a loopback SMTP server that pipes each message to
 * `mlmmj-receive -F -L <listdir> -s <envelope sender> -e <extension>` as an MTA alias would.
 */
export async function startMlmmjList(options: { sinkPort: number; name?: string; customHeaders?: string[] }): Promise<MlmmjList> {
  const processes = new OwnedProcesses();
  const spool = mkdtempSync(join(tmpdir(), 'ja-mlmmj-'));
  const name = options.name ?? 'demo';
  const listDir = join(spool, name);
  const made = await processes.run(join(MLMMJ, 'mlmmj-make-ml'), ['-L', name, '-s', spool], { input: `${MLMMJ_DOMAIN}\nowner@${MLMMJ_DOMAIN}\nen\n` });
  if (made.code !== 0 || !existsSync(join(listDir, 'control'))) {
    rmSync(spool, { recursive: true, force: true });
    throw new Error(`mlmmj-make-ml failed: ${made.stderr || made.stdout}`);
  }
  writeFileSync(join(listDir, 'control', 'relayhost'), '127.0.0.1\n');
  writeFileSync(join(listDir, 'control', 'smtpport'), `${options.sinkPort}\n`);
  if (options.customHeaders?.length) writeFileSync(join(listDir, 'control', 'customheaders'), `${options.customHeaders.join('\n')}\n`);

  const mta = await startLoopbackMta({
    acceptsDomain: MLMMJ_DOMAIN,
    async deliver({ mailFrom, rcptTo, file }) {
      const local = rcptTo.split('@')[0];
      const plus = local.indexOf('+');
      if ((plus < 0 ? local : local.slice(0, plus)) !== name) throw new Error(`no such list: ${rcptTo}`);
      const args = ['-F', '-L', listDir, '-s', mailFrom || `mailer-daemon@${MLMMJ_DOMAIN}`];
      if (plus >= 0) args.push('-e', local.slice(plus + 1));
      const received = await processes.run(join(MLMMJ, 'mlmmj-receive'), args, { input: readFileSync(file) });
      if (received.code !== 0) throw new Error(`mlmmj-receive exited ${received.code}: ${received.stderr.trim()}`);
    },
  });

  return {
    address: `${name}@${MLMMJ_DOMAIN}`,
    listDir,
    relayPort: mta.port,
    async subscribers() {
      const listed = await processes.run(join(MLMMJ, 'mlmmj-list'), ['-L', listDir]);
      return listed.stdout.split('\n').map((line) => line.trim()).filter(Boolean);
    },
    async close() {
      await mta.close();
      processes.killAll();
      rmSync(spool, { recursive: true, force: true });
    },
  };
}
