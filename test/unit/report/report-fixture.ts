import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { REPORT_SCHEMA_VERSION, type JourneyResult, type LinkResult, type MailRecord, type Report } from '../../../src/model/report.js';
import { summarize } from '../../../src/report/summary.js';

/** Builds Report objects for view tests: realistic shapes, small code. */

/** A 1×1 PNG. */
export const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

export function journey(name: string, overrides: Partial<JourneyResult> = {}): JourneyResult {
  return {
    name,
    file: '/project/journeys/shop.journey.yaml',
    status: 'passed',
    durationMs: 1234,
    retries: 0,
    steps: [
      { title: 'open /', kind: 'goto', file: '/project/journeys/shop.journey.yaml', line: 5, column: 5, status: 'passed', durationMs: 300, attachments: [] },
      { title: 'click Buy', kind: 'click', file: '/project/journeys/shop.journey.yaml', line: 6, column: 5, status: 'passed', durationMs: 120, attachments: [] },
    ],
    findings: [],
    mailboxes: {},
    mails: [],
    attachments: [],
    ...overrides,
  };
}

export function link(url: string, state: LinkResult['state'], overrides: Partial<LinkResult> = {}): LinkResult {
  return { url, parent: 'mail:abc', text: `Text of ${url}`, state, status: state === 'ok' ? 200 : state === 'broken' ? 404 : undefined, reason: state === 'broken' ? 'status' : undefined, chain: [{ url, status: 200 }], ms: 12, ...overrides };
}

export function report(journeys: JourneyResult[], overrides: Partial<Report> = {}): Report {
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'journey-audit', version: '0.1.0' },
    runId: '2026-11-23T16-00-00-abcd',
    startedAt: '2026-11-23T16:00:00.000Z',
    finishedAt: '2026-11-23T16:00:10.000Z',
    durationMs: 10_000,
    complete: true,
    summary: summarize(journeys),
    errors: [],
    journeys,
    strayMails: [],
    ...overrides,
  };
}

export function mailRecord(id: string, subject: string, path = `mail/0000${id}.eml`): MailRecord {
  return { id, from: 'Shop <shop@example.test>', to: ['buyer@journey-audit.test'], subject, receivedAt: '2026-11-23T16:00:05.000Z', size: 900, path, sha256: '0'.repeat(64) };
}

/** A raw email with an HTML part. */
export function eml(subject: string, html: string, text = 'plain text version'): string {
  return [
    'From: Shop <shop@example.test>',
    'To: buyer@journey-audit.test',
    `Subject: ${subject}`,
    'MIME-Version: 1.0',
    'List-Unsubscribe: <https://shop.example.test/unsub?u=1>',
    'Content-Type: multipart/alternative; boundary="b1"',
    '',
    '--b1',
    'Content-Type: text/plain; charset=utf-8',
    '',
    text,
    '--b1',
    'Content-Type: text/html; charset=utf-8',
    '',
    html,
    '--b1--',
    '',
  ].join('\r\n');
}

/** A temp folder with the given files. */
export function tempDir(files: Record<string, string | Buffer> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'ja-report-'));
  for (const [path, body] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), body);
  }
  return dir;
}
