import { execFile } from 'node:child_process';
import { cp, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../..');
const run = promisify(execFile);

async function checkFloors(dir: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout } = await run(process.execPath, [join(root, 'scripts/check-floors.mjs'), dir]);
    return { code: 0, output: stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string };
    return { code: failed.code, output: failed.stdout };
  }
}

describe('the floors of the house (.dependency-cruiser.cjs)', () => {
  const copies: string[] = [];
  afterAll(async () => {
    await Promise.all(copies.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  async function copyOfTheHouse(): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'ja-floors-'));
    copies.push(dir);
    await cp(join(root, 'src'), join(dir, 'src'), { recursive: true });
    await cp(join(root, '.dependency-cruiser.cjs'), join(dir, '.dependency-cruiser.cjs'));
    await cp(join(root, 'tsconfig.json'), join(dir, 'tsconfig.json'));
    await symlink(join(root, 'node_modules'), join(dir, 'node_modules'));
    return dir;
  }

  it('holds in the code as it is: no import against the floors, no loop between files', async () => {
    const { code, output } = await checkFloors(root);
    expect(output).toContain('no dependency violations found');
    expect(code).toBe(0);
  }, 120_000);

  it('fails on an engine that imports the runner, and on two files that import each other', async () => {
    const dir = await copyOfTheHouse();
    await writeFile(join(dir, 'src/links/planted.ts'), "import type { RunPlan } from '../runner/run-plan.js';\nexport type Planted = RunPlan;\n");
    await writeFile(join(dir, 'src/core/planted-a.ts'), "import { b } from './planted-b.js';\nexport const a = () => b;\n");
    await writeFile(join(dir, 'src/core/planted-b.ts'), "import { a } from './planted-a.js';\nexport const b = () => a;\n");
    const { code, output } = await checkFloors(dir);
    expect(code).toBe(1);
    expect(output).toMatch(/floor-links: src\/links\/planted\.ts → src\/runner\/run-plan\.ts/);
    expect(output).toMatch(/no-file-loops: src\/core\/planted-[ab]\.ts →\s+src\/core\/planted-[ab]\.ts/);
  }, 120_000);
});
