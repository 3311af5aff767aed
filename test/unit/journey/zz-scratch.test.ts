import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'vitest';
import { formatDiagnostic } from '../../../src/journey/diagnostic.js';
import { loadJourneyFiles } from '../../../src/journey/loader.js';

const cases: Record<string, string> = {
  bomb: `a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\nname: x\nsteps:\n  - goto: /\n`,
  stepBomb: `name: x\nsteps:\n  - goto: /\n  - http: { url: /x, json: &a [1,2,3,4,5,6,7,8,9] }\n  - http: { url: /x, json: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a] }\n  - http: { url: /x, json: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b] }\n  - http: { url: /x, json: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c] }\n  - http: { url: /x, json: [*d,*d,*d,*d,*d,*d,*d,*d,*d] }\n`,
  numKey: `name: x\nsteps:\n  - 1: x\n  - ? [a, b]\n    : c\n`,
  nullSteps: `name: x\nsteps:\n`,
  emptyName: `name: ""\nsteps:\n  - goto: /\n`,
  nullGoto: `name: x\nsteps:\n  - goto:\n  - click:\n  - {}\n  - screenshot:\n`,
  multiDoc: `name: x\nsteps:\n  - goto: /\n---\nname: y\nsteps:\n  - goto: /\n`,
  merge: `name: x\nbase: &b { label: Email }\nsteps:\n  - fill: { <<: *b, value: x }\n`,
  scalar: `just some text\n`,
  stepsNum: `name: x\nsteps: 5\n`,
  nullMailbox: `name: x\nmailboxes: [~, 1st]\nsteps:\n  - goto: /\n`,
  negTimeout: `name: x\nstepTimeout: -5s\nsteps:\n  - goto: /\n    timeout: 0\n  - wait: 1e400\n`,
  exprKey: `name: x\nsteps:\n  - http: { url: /x, headers: { "\${{ env.X }}": y } }\n`,
  badAlias: `name: x\nsteps:\n  - goto: *nope\n`,
  tagged: `name: !!binary aGVsbG8=\nsteps:\n  - goto: !!int 5\n`,
  useBad: `name: x\nsteps:\n  - use: 5\n  - use: { file: a.yaml, with: { x: [1] } }\n  - use:\n`,
  useEmpty: `name: x\nsteps:\n  - use: parts/empty.yaml\n  - use: parts/list.yaml\n  - use: parts/inputs-bad.yaml\n`,
  useDir: `name: x\nsteps:\n  - use: parts\n`,
  nameNum: `name: 42\nsteps:\n  - goto: /\n`,
  locTwo: `name: x\nsteps:\n  - click: { text: a, css: b }\n  - click: { lable: Subscribe }\n  - fill: { label: Email, vaule: x }\n  - openLink: { in: c, expectstatus: 200 }\n`,
  stpes: `name: x\nstpes:\n  - goto: /\n`,
  nmae: `nmae: x\nsteps:\n  - goto: /\n`,
  typoFirst: `name: x\nsteps:\n  - nmae: open\n    goto: /\n`,
  crlf: `name: x\r\nsteps:\r\n  - clik: x\r\n`,
  expectJson: `name: x\nsteps:\n  - http: { url: /x, expect: { stauts: 200 } }\n`,
  captureExpr: `name: x\nsteps:\n  - goto: /\n  - fill: { label: A, value: "\${{ captures.order }} and \${{ captures.order }}" }\n  - capture: { css: .o, as: order }\n`,
  twoSameExpr: `name: x\nsteps:\n  - fill: { label: A, value: "\${{ evn.A }}" }\n  - fill: { label: B, value: "\${{ evn.A }}" }\n`,
  multiline: `name: x\nsteps:\n  - fill:\n      label: A\n      value: >\n        hello\n        \${{ evn.A }}\n`,
  bom: `\uFEFFname: x\nsteps:\n  - clik: x\n`,
  bigNum: `name: x\nsteps:\n  - goto: { url: /, expectStatus: 2.5 }\n`,
  sinceBad: `name: x\nmailboxes: [r]\nsteps:\n  - waitForEmail: { to: r, since: now }\n`,
  headersBad: `name: x\nsteps:\n  - http: { url: /x, headers: { a: 1 } }\n`,
  longLine: `name: x\nsteps:\n  - goto: { url: /${'a'.repeat(300)}, foo: 1 }\n`,
};

it('prints', () => {
  const dir = '/tmp/edge';
  mkdirSync(join(dir, 'parts'), { recursive: true });
  writeFileSync(join(dir, 'parts/empty.yaml'), '');
  writeFileSync(join(dir, 'parts/list.yaml'), '- goto: /\n');
  writeFileSync(join(dir, 'parts/inputs-bad.yaml'), 'inputs: [a]\nsteps:\n  - goto: /\n');
  for (const [name, text] of Object.entries(cases)) {
    const file = join(dir, `${name}.journey.yaml`);
    writeFileSync(file, text);
    let out: string;
    try {
      const r = loadJourneyFiles([file]);
      out = r.diagnostics.map((d) => formatDiagnostic(d, r.sources.get(d.file), d.file.replace(dir + '/', ''))).join('\n\n') + `\n[journeys: ${r.journeys.length}]`;
    } catch (e) {
      out = 'THROWS: ' + (e as Error).stack?.split('\n').slice(0, 3).join('\n');
    }
    console.log(`######## ${name}\n${out}`);
  }
});
