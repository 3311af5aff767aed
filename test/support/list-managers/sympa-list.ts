import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { freePort } from '../../e2e/cli-harness.js';
import { FastCgiBridge } from './fastcgi-bridge.js';
import { startLoopbackMta } from './loopback-mta.js';
import { OwnedProcesses } from './owned-processes.js';

/** Debian's Sympa: mail (sympa_msg.pl, bulk.pl) and web (wwsympa.fcgi) parts. */
const BIN = '/usr/lib/sympa/bin';
const WWSYMPA = '/usr/lib/cgi-bin/sympa/wwsympa.fcgi';
export const SYMPA_DOMAIN = 'lists.example.test';
const SPOOLS = ['msg', 'moderation', 'digest', 'auth', 'outgoing', 'subscribe', 'topic', 'bounce', 'task', 'automatic', 'bulk', 'tmp', 'viewmail'];

/** Why the Sympa tests cannot run here, or undefined when they can. */
export function sympaMissing(): string | undefined {
  for (const program of [`${BIN}/sympa`, `${BIN}/sympa_msg.pl`, `${BIN}/bulk.pl`, WWSYMPA]) {
    if (!existsSync(program)) return `${program} is not installed (Debian package sympa; .ci/run installs it)`;
  }
  if (process.getuid?.() !== 0) return 'Sympa drops privileges to its own user, which needs root';
  try {
    execFileSync('id', ['-u', 'sympa']);
  } catch {
    return 'the system user "sympa" does not exist';
  }
  return undefined;
}

export interface SympaScenarios {
  /** Sympa scenario names for the list's `subscribe` and `unsubscribe` parameters. */
  subscribe?: string;
  unsubscribe?: string;
}

export interface SympaList {
  address: string;
  /** Loopback SMTP port that takes mail for the list's domain (journey-audit's --smtp-relay). */
  relayPort: number;
  /** Base URL of the web interface, e.g. http://127.0.0.1:PORT/wws. */
  webUrl: string;
  /** Adds a subscriber by the admin command line (no mail to them). */
  add(email: string): Promise<void>;
  /** The list's subscribers (sympa dump). */
  subscribers(): Promise<string[]>;
  close(): Promise<void>;
}

/**
 * The list a test file walks: journeys may join it by mail and confirm by the emailed link
 * (`subscribe auth_notify`), and an outsider may post (`send public`). Started before the
 * file's tests unless Sympa is missing here, closed after them.
 */
export function sympaListForFile(missing: string | undefined): { list: SympaList; sinkPort: number } {
  const fixture = {} as { list: SympaList; sinkPort: number };
  beforeAll(async () => {
    if (missing) return;
    fixture.sinkPort = await freePort();
    fixture.list = await startSympaList({ sinkPort: fixture.sinkPort, scenarios: { subscribe: 'auth_notify' }, send: 'public' });
  }, 180_000);
  afterAll(async () => {
    await fixture.list?.close();
  }, 30_000);
  return fixture;
}

/**
 * A real Sympa list in a temporary folder, under the test's control: its own sympa.conf
 * (SQLite database, spools and list home in the folder), the list made by `sympa create`
 * from the discussion_list template, sympa_msg.pl and bulk.pl in the foreground, outgoing
 * mail handed by a `sendmail` stand-in (Perl, Net::SMTP) to `sinkPort`, incoming mail
 * written into the incoming spool by a loopback SMTP server (as Sympa's `queue` program
 * does), and wwsympa.fcgi serving FastCGI on a Unix socket behind a loopback HTTP bridge.
 */
export async function startSympaList(options: { sinkPort: number; name?: string; scenarios?: SympaScenarios; send?: string }): Promise<SympaList> {
  const processes = new OwnedProcesses();
  const uid = Number(execFileSync('id', ['-u', 'sympa'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'sympa'], { encoding: 'utf8' }).trim());
  const name = options.name ?? 'demo';
  const address = `${name}@${SYMPA_DOMAIN}`;
  const dir = mkdtempSync(join(tmpdir(), 'ja-sympa-'));
  chmodSync(dir, 0o755);
  for (const sub of ['etc', 'list_data', 'arc', 'bounce', 'css', 'pictures', ...SPOOLS.map((s) => `spool/${s}`)]) mkdirSync(join(dir, sub), { recursive: true });

  const web = await FastCgiBridge.listen();
  /** A set-up step failed: nothing the test started may outlive it. */
  const undo = async (error: unknown): Promise<never> => {
    await web.close();
    await processes.stopAll();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  };
  const webUrl = `http://127.0.0.1:${web.port}/wws`;
  const config = join(dir, 'sympa.conf');
  writeFileSync(
    join(dir, 'sendmail.pl'),
    `#!/usr/bin/perl
# Sympa's "sendmail": -f sender [options] -- recipients; the message on stdin, relayed by SMTP to the test's sink.
use strict; use Net::SMTP;
my ($from, @rcpt, $seen);
while (@ARGV) { my $a = shift @ARGV; if ($seen) { push @rcpt, $a } elsif ($a eq '-f') { $from = shift @ARGV } elsif ($a eq '--') { $seen = 1 } }
local $/; my $message = <STDIN>;
my $smtp = Net::SMTP->new('127.0.0.1', Port => ${options.sinkPort}, Timeout => 30) or die "cannot reach the sink: $!";
$smtp->mail($from // '') or die 'MAIL FROM refused';
$smtp->to(@rcpt) or die 'RCPT TO refused';
$smtp->data($message) or die 'DATA refused';
$smtp->quit;
`,
    { mode: 0o755 },
  );
  writeFileSync(
    config,
    Object.entries({
      domain: SYMPA_DOMAIN,
      listmaster: `listmaster@${SYMPA_DOMAIN}`,
      lang: 'en_US',
      wwsympa_url: webUrl,
      db_type: 'SQLite',
      db_name: join(dir, 'sympa.sqlite'),
      home: join(dir, 'list_data'),
      etc: join(dir, 'etc'),
      spool: join(dir, 'spool'),
      queue: join(dir, 'spool/msg'),
      ...Object.fromEntries(SPOOLS.filter((s) => !['msg', 'tmp', 'viewmail'].includes(s)).map((s) => [`queue${s === 'moderation' ? 'mod' : s}`, join(dir, 'spool', s)])),
      tmpdir: join(dir, 'spool/tmp'),
      viewmail_dir: join(dir, 'spool/viewmail'),
      bounce_path: join(dir, 'bounce'),
      arc_path: join(dir, 'arc'),
      css_path: join(dir, 'css'),
      pictures_path: join(dir, 'pictures'),
      static_content_path: '/usr/share/sympa/static_content',
      sendmail: join(dir, 'sendmail.pl'),
      sendmail_aliases: 'none',
      aliases_program: 'none',
      alias_manager: '/bin/true',
      log_level: '1',
      // sympa_msg.pl looks at its spool every `sleep` seconds (default 5): quicker answers for the tests.
      sleep: '1',
    })
      .map(([key, value]) => `${key}\t${value}`)
      .join('\n') + '\n',
  );
  writeFileSync(
    join(dir, 'list.xml'),
    `<?xml version="1.0" encoding="UTF-8"?>
<list>
  <listname>${name}</listname>
  <type>discussion_list</type>
  <subject>Journey-audit test list</subject>
  <description>A list for the journey-audit end-to-end tests</description>
  <status>open</status>
  <language>en</language>
  <topics>other</topics>
  <owner multiple="1"><email>owner@${SYMPA_DOMAIN}</email></owner>
</list>
`,
  );
  execFileSync('chown', ['-R', 'sympa:sympa', dir]);

  const cli = async (args: string[], input = '') => {
    // As the sympa user, so that the database and list files it creates stay writable for wwsympa.
    const result = await processes.run(`${BIN}/sympa`, [...args, `--config=${config}`], { cwd: dir, timeoutMs: 60_000, input, uid, gid });
    if (result.code !== 0) throw new Error(`sympa ${args.join(' ')} exited ${result.code}: ${result.stderr.trim()}`);
    return result.stdout;
  };
  await cli(['upgrade']).catch(undo);
  await cli(['create', `--input_file=${join(dir, 'list.xml')}`]).catch(undo);
  const listConfig = join(dir, 'list_data', name, 'config');
  let text = readFileSync(listConfig, 'utf8');
  if (options.scenarios?.subscribe) text = text.replace(/^subscribe .*$/m, `subscribe ${options.scenarios.subscribe}`);
  if (options.scenarios?.unsubscribe) text = text.replace(/^unsubscribe .*$/m, `unsubscribe ${options.scenarios.unsubscribe}`);
  if (options.send) text = text.replace(/^send .*$/m, `send ${options.send}`);
  writeFileSync(listConfig, text);
  chownSync(listConfig, uid, gid);

  // In the foreground the daemons log to stderr: kept in the folder for a failing test's reader.
  for (const daemon of ['sympa_msg.pl', 'bulk.pl']) {
    processes.start(`${BIN}/${daemon}`, ['--foreground', `--config=${config}`], { cwd: dir, stdio: ['ignore', 'ignore', openSync(join(dir, `${daemon}.log`), 'a')] });
  }

  // wwsympa.fcgi opens its own FastCGI socket when FCGI_SOCKET_PATH is set (CGI::Fast), and keeps serving.
  const socketPath = join(dir, 'wwsympa.sock');
  processes.start(WWSYMPA, [], {
    cwd: dir,
    uid,
    gid,
    env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', SYMPA_CONFIG: config, FCGI_SOCKET_PATH: socketPath },
    stdio: ['ignore', 'ignore', openSync(join(dir, 'wwsympa.fcgi.log'), 'a')],
  });
  web.handle({ socketPath, scriptName: '/wws', staticDirs: { '/static-sympa': '/usr/share/sympa/static_content', '/css-sympa': join(dir, 'css') }, errorLog: join(dir, 'wwsympa.log') });

  let count = 0;
  const queue = join(dir, 'spool/msg');
  const mta = await startLoopbackMta({
    acceptsDomain: SYMPA_DOMAIN,
    async deliver({ mailFrom, rcptTo, file }) {
      // As Sympa's queue program: the recipient and envelope sender on top, then the message.
      const spooled = Buffer.concat([Buffer.from(`X-Sympa-To: ${rcptTo}\nReturn-Path: <${mailFrom}>\n`), readFileSync(file)]);
      const id = `${rcptTo}.${Math.floor(Date.now() / 1000)}.${process.pid},${++count}`;
      const temporary = join(queue, `T.${id}`);
      writeFileSync(temporary, spooled);
      chownSync(temporary, uid, gid);
      renameSync(temporary, join(queue, id));
    },
  }).catch(undo);

  return {
    address,
    relayPort: mta.port,
    webUrl,
    async add(email) {
      await cli(['add', '--quiet', address], `${email}\n`);
    },
    async subscribers() {
      await cli(['dump', address]);
      const dump = join(dir, 'list_data', name, 'member.dump');
      return existsSync(dump) ? [...readFileSync(dump, 'utf8').matchAll(/^email (\S+)$/gm)].map((m) => m[1]) : [];
    },
    async close() {
      await mta.close();
      await web.close();
      await processes.stopAll();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
