import { createHash, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { appendFileSync, cpSync, existsSync, readFileSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MANIFEST_PATH, type EvidenceManifest } from '../../src/report/evidence/manifest.js';
import { REPORT_SCHEMA_VERSION, type Report } from '../../src/model/report.js';
import { reportProblems } from '../../src/report/report-schema.js';
import { runCli, tempProject } from './cli-harness.js';

/**
 * Report folders as CI and auditors use them, through the real CLI: two real shard runs
 * against a loopback site, their evidence manifests, verify (tampering, signatures),
 * merge, GitHub Actions output, the report JSON Schema and the PDF.
 */
let site: Server;
let siteUrl: string;
let project: string;
let shard1: string;
let shard2: string;
let summaryFile: string;
let shard1Out: { code: number | null; stdout: string; stderr: string };
let shard2Out: { code: number | null; stdout: string; stderr: string };

const A = `name: Visitor sees the welcome page
baseURL: \${{ env.SITE_URL }}
steps:
  - goto: /
  - expectText: Welcome
`;
const B = `name: Visitor looks for a promise the page does not make
baseURL: \${{ env.SITE_URL }}
steps:
  - goto: /
  - expectText: Free shipping forever
    timeout: 1s
`;

function cli(args: string[], env: Record<string, string> = {}) {
  return runCli(args, { cwd: project, env: { SITE_URL: siteUrl, GITHUB_ACTIONS: '', GITHUB_STEP_SUMMARY: '', ...env } });
}

function runFolder(output: string): string {
  return join(project, output, readlinkSync(join(project, output, 'latest')));
}

function readReport(dir: string): Report {
  return JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Report;
}

beforeAll(async () => {
  site = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!doctype html><title>Shop</title><h1>Welcome</h1>');
  });
  await new Promise<void>((r) => site.listen(0, '127.0.0.1', r));
  siteUrl = `http://127.0.0.1:${(site.address() as { port: number }).port}`;
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const other = generateKeyPairSync('ed25519');
  project = tempProject({
    'journeys/a.journey.yaml': A,
    'journeys/b.journey.yaml': B,
    'keys/private.pem': privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    'keys/public.pem': publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    'keys/other-public.pem': other.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    'summary.md': '# Earlier step\n',
  });
  summaryFile = join(project, 'summary.md');
  // Two real shards, as two CI machines would run them.
  shard1Out = await cli(['run', '--shard', '1/2', '--workers', '1', '-o', 'out1', '--sign-key', 'keys/private.pem']);
  shard2Out = await cli(['run', '--shard', '2/2', '--workers', '1', '-o', 'out2'], { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summaryFile });
  expect(shard1Out.stderr).toBe('');
  shard1 = runFolder('out1');
  shard2 = runFolder('out2');
}, 400_000);

afterAll(() => {
  site?.close();
});

describe('evidence manifest and report verify', () => {
  it('lists every file of the run folder with SHA-256, size and run metadata', () => {
    const manifest = JSON.parse(readFileSync(join(shard2, MANIFEST_PATH), 'utf8')) as EvidenceManifest;
    const paths = manifest.files.map((f) => f.path);
    for (const file of ['report.json', 'report.html', 'summary.md', 'junit.xml']) expect(paths).toContain(file);
    expect(paths.some((p) => p.endsWith('.png'))).toBe(true); // the failure screenshot
    expect(paths.some((p) => p.startsWith('.'))).toBe(false);
    expect(manifest.files.every((f) => /^[0-9a-f]{64}$/.test(f.sha256) && f.size > 0)).toBe(true);
    expect(manifest.run.tool.name).toBe('journey-audit');
    expect(manifest.run.node).toBe(process.version);
    expect(manifest.run.browser?.version).toMatch(/chrom/i);
    // The run read both files (Playwright picks the shard's journeys from them).
    expect(manifest.run.journeyFiles.map((f) => f.path).sort()).toEqual(['journeys/a.journey.yaml', 'journeys/b.journey.yaml']);
    expect(manifest.run.options).toMatchObject({ shard: '2/2', workers: '1' });
  });

  it('verifies an untouched folder (exit 0) and its signature with the right public key', async () => {
    const unsigned = await cli(['report', 'verify', shard2]);
    expect(unsigned.code).toBe(0);
    expect(unsigned.stdout).toContain('unchanged since it was written (unsigned: this does not prove who wrote it)');
    const signed = await cli(['report', 'verify', shard1, '--public-key', 'keys/public.pem']);
    const fingerprint = `SHA256:${createHash('sha256').update(createPublicKey(readFileSync(join(project, 'keys/public.pem'))).export({ type: 'spki', format: 'der' })).digest('base64').replace(/=+$/, '')}`;
    expect(signed.stdout).toContain(`signature: valid (Ed25519, key ${fingerprint})`);
    expect(signed.stdout).toContain(`signed by the holder of key ${fingerprint}`);
    expect(signed.code).toBe(0);
    const notChecked = await cli(['report', 'verify', shard1]);
    expect(notChecked.stdout).toContain('signed, but the signature was not checked');
  });

  it('refuses a signature checked with the wrong key: exit 1', async () => {
    const result = await cli(['report', 'verify', shard1, '--public-key', 'keys/other-public.pem']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('signature: INVALID');
  });

  it('catches one changed byte, a missing file and an extra file, naming each: exit 1', async () => {
    const copy = join(project, 'tampered');
    cpSync(shard2, copy, { recursive: true });
    const junit = join(copy, 'junit.xml');
    const bytes = readFileSync(junit);
    bytes[10] ^= 1;
    writeFileSync(junit, bytes);
    let result = await cli(['report', 'verify', copy]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('changed: junit.xml (content differs');
    rmSync(join(copy, 'summary.md'));
    appendFileSync(join(copy, 'planted.txt'), 'x');
    result = await cli(['report', 'verify', copy]);
    expect(result.stderr).toContain('missing: summary.md');
    expect(result.stderr).toContain('extra (not in the manifest): planted.txt');
    expect(result.code).toBe(1);
  });

  it('signs an existing folder with `report sign`, then the signature verifies', async () => {
    const copy = join(project, 'to-sign');
    cpSync(shard2, copy, { recursive: true });
    expect((await cli(['report', 'sign', copy, '--key', 'keys/private.pem'])).code).toBe(0);
    expect((await cli(['report', 'verify', copy, '--public-key', 'keys/public.pem'])).code).toBe(0);
    expect((await cli(['report', 'verify', copy, '--public-key', 'keys/other-public.pem'])).code).toBe(1);
  });

  it('explains a folder without a manifest and a bad key file', async () => {
    const noManifest = await cli(['report', 'verify', join(project, 'journeys')]);
    expect(noManifest.code).toBe(1);
    expect(noManifest.stderr).toContain('evidence/manifest.json is missing');
    const noFolder = await cli(['report', 'verify', 'no-such-run']);
    expect(noFolder.code).toBe(2);
    expect(noFolder.stderr).toContain('no-such-run is not a folder');
    const badKey = await cli(['report', 'verify', shard1, '--public-key', 'journeys/a.journey.yaml']);
    expect(badKey.code).toBe(2);
    expect(badKey.stderr).toContain('journeys/a.journey.yaml: not a PEM public key');
    // A run with an unusable signing key stops before anything runs, leaving no run folder.
    const badRun = await cli(['run', '-o', 'out-bad-key', '--sign-key', 'keys/public.pem']);
    expect(badRun.code).toBe(2);
    expect(badRun.stderr).toContain('keys/public.pem: not a PEM private key');
    expect(existsSync(join(project, 'out-bad-key')) && readdirSync(join(project, 'out-bad-key')).length).toBeFalsy();
  });
});

describe('GitHub Actions output', () => {
  it('appends summary.md to the job summary and annotates the failing YAML line', () => {
    expect(shard2Out.code).toBe(1);
    expect(shard2Out.stdout).toMatch(/^::error file=journeys\/b\.journey\.yaml,line=5,col=\d+,title=Visitor looks for a promise the page does not make%3A [^\n]*::[^\n]+$/m);
    const summary = readFileSync(summaryFile, 'utf8');
    expect(summary.startsWith('# Earlier step\n')).toBe(true);
    expect(summary).toContain('0 of 1 journey passed; 1 problem found.');
  });

  it('prints no annotations outside GitHub Actions', () => {
    expect(shard1Out.code).toBe(0);
    expect(shard1Out.stdout).toContain('1 of 1 journey passed');
    expect(shard1Out.stdout).not.toMatch(/^::/m);
    // One failing step, one annotation.
    expect(shard2Out.stdout.split('\n').filter((l) => l.startsWith('::')).length).toBe(1);
  });
});

describe('report merge', () => {
  it('merges two real shard runs into one report, html, md, junit and a verifiable manifest', async () => {
    const result = await cli(['report', 'merge', shard1, 'out2', '-o', 'merged']);
    expect(result.stdout).toContain('merged 2 reports: 1 of 2 journeys passed; 1 problem found.');
    expect(result.code).toBe(1); // a journey failed
    const merged = join(project, 'merged');
    for (const file of ['report.json', 'report.html', 'summary.md', 'junit.xml', MANIFEST_PATH]) expect(existsSync(join(merged, file))).toBe(true);
    const report = readReport(merged);
    expect(report.journeys.map((j) => j.name).sort()).toEqual(['Visitor looks for a promise the page does not make', 'Visitor sees the welcome page']);
    expect(report.summary).toMatchObject({ total: 2, passed: 1, failed: 1 });
    expect(report.complete).toBe(true);
    expect(report.shard).toBeUndefined();
    // Evidence paths point at the copied shard files.
    const paths = report.journeys.flatMap((j) => [...j.attachments, ...j.steps.flatMap((s) => s.attachments)].map((a) => a.path));
    expect(paths.length).toBeGreaterThan(0);
    for (const path of paths) expect(existsSync(join(merged, path))).toBe(true);
    expect(readFileSync(join(merged, 'junit.xml'), 'utf8').match(/<testcase /g)).toHaveLength(2);
    const manifest = JSON.parse(readFileSync(join(merged, MANIFEST_PATH), 'utf8')) as EvidenceManifest;
    expect(manifest.run.shards).toEqual([readReport(shard1).runId, readReport(shard2).runId]);
    expect(manifest.run.journeyFiles.map((f) => f.path).sort()).toEqual(['journeys/a.journey.yaml', 'journeys/b.journey.yaml']);
    expect((await cli(['report', 'verify', 'merged'])).code).toBe(0);
    // The shards' own manifests still verify inside the merged folder.
    for (const shard of readdirSync(join(merged, 'shards'))) expect((await cli(['report', 'verify', join(merged, 'shards', shard)])).code).toBe(0);
  });

  it('reports a missing shard as an error of the merged report', async () => {
    const result = await cli(['report', 'merge', shard1, '-o', 'half']);
    expect(result.code).toBe(1);
    expect(readReport(join(project, 'half')).errors).toContain('shard 2 of 2 missing from the merge');
  });

  it('refuses a folder that is not a report, and reports of another schema version: exit 2', async () => {
    const notReport = await cli(['report', 'merge', shard1, 'journeys', '-o', 'nope']);
    expect(notReport.code).toBe(2);
    expect(notReport.stderr).toContain('journeys is not a journey-audit report folder (no report.json)');
    const future = join(project, 'future');
    cpSync(shard2, future, { recursive: true });
    const report = readReport(future);
    writeFileSync(join(future, 'report.json'), JSON.stringify({ ...report, schemaVersion: REPORT_SCHEMA_VERSION + 1 }));
    const mismatch = await cli(['report', 'merge', shard1, 'future', '-o', 'nope']);
    expect(mismatch.code).toBe(2);
    expect(mismatch.stderr).toContain(`future has report schema version ${REPORT_SCHEMA_VERSION + 1}, this journey-audit`);
    expect(existsSync(join(project, 'nope'))).toBe(false);
  });
});

describe('schema --report', () => {
  it('prints the JSON Schema; every report these runs produced is valid against the zod schema', async () => {
    const result = await cli(['schema', '--report']);
    expect(result.code).toBe(0);
    const schema = JSON.parse(result.stdout) as { title: string; required: string[] };
    expect(schema.title).toBe('journey-audit report.json');
    expect(schema.required).toEqual(expect.arrayContaining(['schemaVersion', 'journeys', 'summary']));
    for (const dir of [shard1, shard2, join(project, 'merged'), join(project, 'half')]) expect(reportProblems(readReport(dir))).toEqual([]);
  });
});

describe('report pdf', () => {
  it('prints the report to a PDF next to the run folder, a page per journey', async () => {
    const result = await cli(['report', 'pdf', 'merged']);
    expect(result.code).toBe(0);
    const pdf = join(project, 'merged.pdf');
    const bytes = readFileSync(pdf);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const { getDocument } = await import('unpdf/pdfjs');
    const doc = await getDocument({ data: new Uint8Array(bytes) }).promise;
    expect(doc.numPages).toBeGreaterThanOrEqual(3); // summary + one page per journey
    const texts: string[] = [];
    for (let i = 1; i <= doc.numPages; i++) texts.push(((await (await doc.getPage(i)).getTextContent()).items as { str: string }[]).map((x) => x.str).join(' '));
    const pageOf = (name: string) => texts.findIndex((t) => t.includes(name) && t.includes('Steps'));
    expect(pageOf('Visitor sees the welcome page')).not.toBe(pageOf('Visitor looks for a promise the page does not make'));
    // The folder itself is unchanged: it still verifies.
    expect((await cli(['report', 'verify', 'merged'])).code).toBe(0);
  });
});
