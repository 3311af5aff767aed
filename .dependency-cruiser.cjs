/**
 * The floors of the house: which folder of src/ may import which. One-way: a folder never
 * imports a folder above it, and no two files import each other in a loop.
 * Checked by `npm test` (test/unit/house/floors.test.ts) and `npm run check:floors`.
 * docs/architecture.md draws the same picture.
 */
const floors = {
  core: [],
  model: ['core'],
  mail: ['model', 'core'],
  browser: ['core'],
  links: ['mail', 'browser', 'model', 'core'],
  unsubscribe: ['links', 'mail', 'browser', 'model', 'core'],
  report: ['links', 'mail', 'browser', 'model', 'core'],
  steps: ['unsubscribe', 'links', 'mail', 'browser', 'model', 'core'],
  journey: ['steps', 'model', 'core'],
  docs: ['journey', 'steps', 'model', 'core'],
  demo: ['links', 'mail', 'model', 'core'],
  runner: ['journey', 'steps', 'unsubscribe', 'links', 'mail', 'report', 'browser', 'model', 'core'],
  monitor: ['runner', 'journey', 'unsubscribe', 'links', 'mail', 'report', 'browser', 'model', 'core'],
  cli: ['monitor', 'runner', 'journey', 'steps', 'unsubscribe', 'links', 'mail', 'report', 'browser', 'docs', 'demo', 'model', 'core'],
};

const folderRules = Object.entries(floors).map(([folder, allowed]) => ({
  name: `floor-${folder}`,
  comment: `src/${folder}/ may import only ${allowed.length ? allowed.map((f) => `src/${f}/`).join(', ') : 'packages'} (and itself)`,
  severity: 'error',
  from: { path: `^src/${folder}/` },
  to: { path: '^src/', pathNot: [`^src/${folder}/`, ...allowed.map((f) => `^src/${f}/`)] },
}));

module.exports = {

  forbidden: [
    ...folderRules,
    {
      name: 'unknown-folder',
      comment: 'a new folder under src/ needs its floor in .dependency-cruiser.cjs',
      severity: 'error',
      from: { path: '^src/[^/]+/', pathNot: `^src/(${Object.keys(floors).join('|')})/` },
      to: {},
    },
    {
      name: 'no-file-loops',
      comment: 'files that import each other in a loop',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '\\.d\\.ts$' },
  },
};
