import type { Command } from 'commander';
import { existsSync, statSync } from 'node:fs';
import { relative } from 'node:path';
import { InvalidInputError } from '../core/errors.js';
import { ExitCode } from '../core/exit-codes.js';

/**
 * `journey-audit report …`: work with finished run folders — verify and sign their
 * evidence, merge shards, print to PDF. Heavy modules load inside each action.
 */
export function registerReportCommand(program: Command, setExitCode: (code: number) => void): void {
  const report = program.command('report').description('Verify, sign, merge or print finished reports');

  report
    .command('verify')
    .description('Check every file of a run folder against its evidence manifest (exit 1 on any mismatch)')
    .argument('<dir>', 'run folder, e.g. reports/latest')
    .option('--public-key <file>', 'also check manifest.sig with this Ed25519 public key (PEM)')
    .action(async (dir: string, opts: { publicKey?: string }) => {
      const { loadPublicKey } = await import('../report/evidence/signing.js');
      const { verifyRunFolder, describeVerification } = await import('../report/evidence/verify.js');
      requireFolder(dir);
      const key = opts.publicKey ? loadPublicKey(opts.publicKey) : undefined;
      const result = await verifyRunFolder(dir, key);
      const lines = describeVerification(dir, result);
      for (const line of lines) (result.ok ? console.log : console.error)(`journey-audit: ${line}`);
      setExitCode(result.ok ? ExitCode.passed : ExitCode.failed);
    });

  report
    .command('sign')
    .description('Sign the evidence manifest of a run folder with an Ed25519 private key (writes evidence/manifest.sig)')
    .argument('<dir>', 'run folder, e.g. reports/latest')
    .requiredOption('--key <file>', 'Ed25519 private key (PEM)')
    .action(async (dir: string, opts: { key: string }) => {
      const { writeFileSync } = await import('node:fs');
      const { join } = await import('node:path');
      const { keyFingerprint, loadPrivateKey, signManifest } = await import('../report/evidence/signing.js');
      const { verifyRunFolder, describeVerification } = await import('../report/evidence/verify.js');
      const { readManifestText, SIGNATURE_PATH } = await import('../report/evidence/manifest.js');
      requireFolder(dir);
      const key = loadPrivateKey(opts.key);
      const check = await verifyRunFolder(dir);
      if (!check.ok) {
        // Signing an altered folder would vouch for the alteration.
        for (const line of describeVerification(dir, check)) console.error(`journey-audit: ${line}`);
        console.error('journey-audit: not signed');
        setExitCode(ExitCode.failed);
        return;
      }
      writeFileSync(join(dir, SIGNATURE_PATH), signManifest(readManifestText(dir)!, key));
      console.log(`journey-audit: signed ${join(dir, SIGNATURE_PATH)} with key ${keyFingerprint(key)}`);
      setExitCode(ExitCode.passed);
    });

  report
    .command('merge')
    .description('Merge the report folders of shard runs (run --shard i/n) into one report and one evidence manifest')
    .argument('<dirs...>', 'report folders of the shards (a run folder, or a reports/ folder with latest)')
    .requiredOption('-o, --output <dir>', 'new folder for the merged report')
    .option('--sign-key <file>', 'sign the merged manifest with this Ed25519 private key (PEM)')
    .action(async (dirs: string[], opts: { output: string; signKey?: string }) => {
      const { mergeReports } = await import('../report/merge.js');
      const { headline } = await import('../report/summary.js');
      const { inGitHubActions, publishToGitHubActions } = await import('../report/github-actions.js');
      const merged = await mergeReports({ dirs, output: opts.output, signKey: opts.signKey });
      console.log(`journey-audit: merged ${dirs.length} reports: ${headline(merged)}`);
      console.log(`journey-audit: report written to ${relative(process.cwd(), opts.output) || '.'}/report.html`);
      // The summary only: the shard jobs annotated the failing lines already.
      if (inGitHubActions()) publishToGitHubActions(merged, { annotate: false });
      const failed = merged.summary.failed > 0 || !merged.complete || merged.errors.length > 0;
      setExitCode(failed ? ExitCode.failed : ExitCode.passed);
    });

  report
    .command('pdf')
    .description('Print report.html to PDF with Chromium, a page per journey (default: next to the run folder, <run>.pdf)')
    .argument('<run>', 'run folder, e.g. reports/latest')
    .option('-o, --output <file>', 'where to write the PDF')
    .action(async (run: string, opts: { output?: string }) => {
      const { printReportPdf } = await import('../report/pdf.js');
      const path = await printReportPdf(run, opts.output);
      console.log(`journey-audit: PDF written to ${relative(process.cwd(), path) || path}`);
      setExitCode(ExitCode.passed);
    });
}

function requireFolder(dir: string): void {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new InvalidInputError(`${dir} is not a folder`, 'give the folder of a run, e.g. reports/latest');
}
