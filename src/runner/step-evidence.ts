import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { slug } from '../core/ids.js';

/** Writes evidence files of one journey attempt under reports/<run>/evidence/. */
export class StepEvidence {
  private count = 0;
  readonly dir: string;

  constructor(private readonly runDir: string, journeyName: string, attempt: number) {
    this.dir = join(runDir, 'evidence', `${slug(journeyName)}${attempt ? `-retry${attempt}` : ''}`);
  }

  /** Saves a file and returns its path relative to the report folder. */
  save(name: string, body: Buffer | string): string {
    mkdirSync(this.dir, { recursive: true });
    const dot = name.lastIndexOf('.');
    const base = dot > 0 ? name.slice(0, dot) : name;
    const extension = dot > 0 ? name.slice(dot) : '';
    const file = join(this.dir, `${String(++this.count).padStart(2, '0')}-${slug(base)}${extension}`);
    writeFileSync(file, body);
    return this.relative(file);
  }

  relative(absolutePath: string): string {
    return relative(this.runDir, absolutePath).split('\\').join('/');
  }
}
