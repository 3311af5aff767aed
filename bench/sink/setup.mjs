// Installs the sink benchmark's peers when they are missing: MailDev into bench/.peers
// (npm, pinned in bench/lib/common.mjs) and Postfix's smtp-sink (Debian package `postfix`,
// with apt-get, only when running as root). A peer that cannot be installed is skipped.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { ensurePeers } from '../lib/common.mjs';

const SMTP_SINK_PATHS = ['/usr/sbin/smtp-sink', '/usr/lib/postfix/sbin/smtp-sink', '/usr/libexec/postfix/smtp-sink'];

export function findSmtpSink() {
  return SMTP_SINK_PATHS.find((path) => existsSync(path));
}

/** { maildev: boolean, smtpSink: path | undefined, notes: string[] } */
export function ensureSinkPeers() {
  const notes = [];
  const maildev = ensurePeers(['maildev']);
  if (!maildev) notes.push('MailDev could not be installed into bench/.peers: its rows are missing');
  let smtpSink = findSmtpSink();
  if (!smtpSink) {
    if (process.getuid?.() !== 0) {
      notes.push("Postfix's smtp-sink is not installed and this is not root: install the Debian package `postfix` to compare with it");
    } else {
      console.log('bench/sink: installing the Debian package postfix (for smtp-sink) with apt-get');
      const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
      const install = () => spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'postfix'], { env, stdio: ['ignore', 'ignore', 'pipe'], timeout: 300_000 });
      let result = install();
      if (result.status !== 0) {
        spawnSync('apt-get', ['update'], { env, stdio: 'ignore', timeout: 300_000 });
        result = install();
      }
      smtpSink = findSmtpSink();
      if (!smtpSink) notes.push(`apt-get install postfix failed (${result.stderr?.toString().trim().split('\n').pop() ?? result.status}): the smtp-sink rows are missing`);
    }
  }
  return { maildev, smtpSink, notes };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = ensureSinkPeers();
  console.log(JSON.stringify(result, null, 2));
}
