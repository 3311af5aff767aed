import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { InvalidInputError } from '../core/errors.js';
import { newRunId, slug } from '../core/ids.js';
import { toolVersion } from '../core/version.js';
import { readManifestText, type EvidenceManifest } from './evidence/manifest.js';
import { sealRun } from './evidence/seal-run.js';
import { describeVerification, verifyRunFolder } from './evidence/verify.js';
import { REPORT_SCHEMA_VERSION, type JourneyResult, type MailRecord, type Report } from '../model/report.js';
import { reportProblems } from './report-schema.js';
import { summarize } from './summary.js';
import { REPORT_FILES, writeReport } from './write-report.js';

export interface MergeOptions {
  dirs: string[];
  output: string;
  cwd?: string;
  signKey?: string;
}

interface Shard {
  dir: string;
  report: Report;
  /** Where its files go inside the merged folder. */
  prefix: string;
}

/**
 * Merges the run folders of shards (`run --shard i/n` on several machines) into one:
 * each shard's folder is kept whole under shards/<name>/ (its own manifest still
 * verifies), the journeys and their evidence paths point there, and one report and one
 * evidence manifest cover the lot.
 */
export async function mergeReports(options: MergeOptions): Promise<Report> {
  const output = resolve(options.output);
  if (!options.dirs.length) throw new InvalidInputError('report merge: name the shard report folders to merge');
  const shards = options.dirs.map((dir, i) => readShard(dir, i));
  checkVersions(shards);
  for (const shard of shards) {
    if (output === shard.dir || output.startsWith(`${shard.dir}/`) || shard.dir.startsWith(`${output}/`)) {
      throw new InvalidInputError(`report merge: the output folder ${options.output} overlaps the input ${shard.dir}`, 'write the merged report to a new folder');
    }
    if (readManifestText(shard.dir) !== undefined) {
      const check = await verifyRunFolder(shard.dir);
      if (!check.ok) throw new InvalidInputError(`report merge: ${shard.dir} does not match its evidence manifest`, describeVerification(shard.dir, check).join('\n'));
    }
  }
  if (existsSync(output) && readdirSync(output).length) throw new InvalidInputError(`report merge: ${options.output} exists and is not empty`, 'write the merged report to a new folder');
  mkdirSync(output, { recursive: true });
  for (const shard of shards) {
    cpSync(shard.dir, join(output, shard.prefix), { recursive: true, filter: (src) => !basename(src).startsWith('.') || src === shard.dir });
  }
  const report = mergedReport(shards);
  await writeReport(output, report, options.cwd);
  await sealRun({
    runDir: output,
    runId: report.runId,
    startedAt: report.startedAt,
    finishedAt: report.finishedAt,
    journeyFiles: [],
    options: { merged: shards.map((s) => relative(options.cwd ?? process.cwd(), s.dir) || s.dir) },
    shards: shards.map((s) => s.report.runId),
    signKey: options.signKey,
    inheritedJourneyFiles: shards.flatMap((s) => journeyFilesOf(s.dir)),
  });
  return report;
}

function readShard(input: string, index: number): Shard {
  let dir = resolve(input);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new InvalidInputError(`report merge: ${input} is not a folder`);
  // `reports/` of a shard job: its newest run.
  if (!existsSync(join(dir, REPORT_FILES.json)) && existsSync(join(dir, 'latest', REPORT_FILES.json))) dir = resolve(dir, 'latest');
  const path = join(dir, REPORT_FILES.json);
  if (!existsSync(path)) throw new InvalidInputError(`report merge: ${input} is not a journey-audit report folder (no ${REPORT_FILES.json})`);
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    throw new InvalidInputError(`report merge: ${input}/${REPORT_FILES.json} is not valid JSON`);
  }
  const version = (value as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (version !== REPORT_SCHEMA_VERSION) {
    throw new InvalidInputError(
      `report merge: ${input} has report schema version ${JSON.stringify(version)}, this journey-audit (${toolVersion()}) reads version ${REPORT_SCHEMA_VERSION}`,
      'merge shard reports made by the same journey-audit version (docs/report-format.md)',
    );
  }
  const problems = reportProblems(value);
  if (problems.length) throw new InvalidInputError(`report merge: ${input}/${REPORT_FILES.json} is not a valid report: ${problems.slice(0, 3).join('; ')}`);
  const report = value as Report;
  const name = report.shard ? `shard-${report.shard.current}-of-${report.shard.total}` : `part-${index + 1}`;
  return { dir, report, prefix: `shards/${name}-${slug(report.runId, 30)}` };
}

function checkVersions(shards: Shard[]): void {
  const versions = new Set(shards.map((s) => s.report.schemaVersion));
  if (versions.size > 1) throw new InvalidInputError(`report merge: the reports have different schema versions (${[...versions].join(', ')})`);
  const seen = new Map<string, string>();
  for (const s of shards) {
    if (seen.has(s.report.runId)) throw new InvalidInputError(`report merge: ${s.dir} and ${seen.get(s.report.runId)} are the same run (${s.report.runId})`);
    seen.set(s.report.runId, s.dir);
  }
}

function mergedReport(shards: Shard[]): Report {
  const journeys = shards.flatMap((s) => s.report.journeys.map((j) => rebaseJourney(j, s.prefix)));
  const startedAt = shards.map((s) => s.report.startedAt).sort()[0];
  const finishedAt = shards.map((s) => s.report.finishedAt).sort().reverse()[0];
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'journey-audit', version: toolVersion() },
    runId: `merged-${newRunId()}`,
    startedAt,
    finishedAt,
    durationMs: Math.max(0, Date.parse(finishedAt) - Date.parse(startedAt)),
    complete: shards.every((s) => s.report.complete) && coversAllShards(shards),
    summary: summarize(journeys),
    errors: [...shards.flatMap((s) => s.report.errors.map((e) => `${s.prefix}: ${e}`)), ...missingShards(shards)],
    journeys,
    strayMails: shards.flatMap((s) => s.report.strayMails.map((m) => rebaseMail(m, s.prefix))),
  };
}

/** Shards i/n that were expected but not given. */
function missingShards(shards: Shard[]): string[] {
  const totals = new Set(shards.map((s) => s.report.shard?.total).filter((t): t is number => t !== undefined));
  if (totals.size !== 1) return totals.size > 1 ? [`the shards come from runs split differently (${[...totals].join(', ')} shards)`] : [];
  const total = [...totals][0];
  const present = new Set(shards.map((s) => s.report.shard?.current));
  const missing = Array.from({ length: total }, (_, i) => i + 1).filter((i) => !present.has(i));
  return missing.length ? [`shard ${missing.join(', ')} of ${total} missing from the merge`] : [];
}

function coversAllShards(shards: Shard[]): boolean {
  return missingShards(shards).length === 0;
}

function rebaseJourney(j: JourneyResult, prefix: string): JourneyResult {
  const path = (p: string) => `${prefix}/${p}`;
  return {
    ...j,
    steps: j.steps.map((s) => ({ ...s, attachments: s.attachments.map((a) => ({ ...a, path: path(a.path) })) })),
    findings: j.findings.map((f) => ({ ...f, evidence: f.evidence.map(path) })),
    mails: j.mails.map((m) => rebaseMail(m, prefix)),
    attachments: j.attachments.map((a) => ({ ...a, path: path(a.path) })),
    ...(j.unsubscribe ? { unsubscribe: j.unsubscribe.map((v) => ({ ...v, evidence: v.evidence.map(path) })) } : {}),
    ...(j.observations ? { observations: j.observations.map((o) => ({ ...o, mails: o.mails.map((m) => (m.path ? { ...m, path: path(m.path) } : m)) })) } : {}),
  };
}

function rebaseMail(m: MailRecord, prefix: string): MailRecord {
  return { ...m, path: `${prefix}/${m.path}` };
}

function journeyFilesOf(dir: string): { path: string; sha256: string }[] {
  const text = readManifestText(dir);
  if (!text) return [];
  try {
    return (JSON.parse(text) as EvidenceManifest).run.journeyFiles ?? [];
  } catch {
    return [];
  }
}
