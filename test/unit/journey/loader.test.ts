import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../../src/model/diagnostic.js';
import { loadJourneyFiles } from '../../../src/journey/loader.js';

/** Valid journeys load, and a few loader behaviours the golden files cannot show. */

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'journey-loader-'));
  mkdirSync(join(dir, 'parts'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function write(name: string, text: string | Buffer): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

const codes = (files: string[]) => loadJourneyFiles(files).diagnostics.map((d) => `${d.line}:${d.column} ${d.code}`);

describe('valid journeys', () => {
  it('loads the example journeys without a diagnostic', () => {
    const examples = readdirSync('journeys')
      .filter((f) => f.endsWith('.journey.yaml'))
      .map((f) => join('journeys', f));
    expect(examples.length).toBeGreaterThan(0);
    const result = loadJourneyFiles(examples);
    expect(result.diagnostics.map((d) => formatDiagnostic(d, result.sources.get(d.file), (file) => relative(process.cwd(), file)))).toEqual([]);
    expect(result.journeys).toHaveLength(examples.length);
    for (const journey of result.journeys) expect(journey.steps.length).toBeGreaterThan(1);
  });

  it('loads the journey from the docs, with its steps, timeouts and references', () => {
    const file = write(
      'unsubscribe.journey.yaml',
      `name: Unsubscribe stops the newsletter
baseURL: \${{ env.NEWSLETTER_URL }}
mailboxes: [reader]
steps:
  - goto: /
  - fill: { label: Email, value: "\${{ mailbox.reader.address }}" }
  - click: Subscribe
  - waitForEmail: { to: reader, subject: /confirm/i, as: confirm }
  - openLink: { in: confirm, text: /confirm/i }
  - http: { method: POST, url: /admin/send-campaign }
  - expectNoEmail: { to: reader, for: 5s, reason: unsubscribed }
`,
    );
    const { journeys, diagnostics } = loadJourneyFiles([file]);
    expect(diagnostics).toEqual([]);
    const [journey] = journeys;
    expect(journey).toMatchObject({ name: 'Unsubscribe stops the newsletter', file, mailboxes: ['reader'], env: ['NEWSLETTER_URL'], secrets: [], tags: [] });
    expect(journey.location).toEqual({ file, line: 1, column: 7 });
    expect(journey.steps.map((s) => s.kind)).toEqual(['goto', 'fill', 'click', 'waitForEmail', 'openLink', 'http', 'expectNoEmail']);
    expect(journey.steps.map((s) => s.location.line)).toEqual([5, 6, 7, 8, 9, 10, 11]);
    expect(journey.steps.every((s) => s.location.column === 5 && s.via === undefined && !s.optional)).toBe(true);
    // Shorthands become mappings; arguments keep their expressions for the run.
    expect(journey.steps[0].args).toEqual({ url: '/' });
    expect(journey.steps[1].args).toEqual({ label: 'Email', value: '${{ mailbox.reader.address }}' });
    // Waiting steps get their window on top of the step time limit.
    expect(journey.steps[0].timeoutMs).toBe(15_000);
    expect(journey.steps[3].timeoutMs).toBe(15_000 + 30_000);
    expect(journey.steps[6].timeoutMs).toBe(15_000 + 5_000);
    expect(journey.steps[2].title).toBe('click "Subscribe"');
  });

  it('applies stepTimeout, and a step timeout over it', () => {
    const file = write('timeouts.journey.yaml', 'name: Timeouts\nstepTimeout: 5s\nsteps:\n  - goto: /\n  - click: Go\n    timeout: 1m\n    optional: true\n    name: go on\n  - wait: 500\n');
    const { journeys, diagnostics } = loadJourneyFiles([file]);
    expect(diagnostics).toEqual([]);
    expect(journeys[0].steps.map((s) => [s.timeoutMs, s.optional, s.title])).toEqual([
      [5000, false, 'open /'],
      [60_000, true, 'go on'],
      [5000 + 500, false, 'wait 500ms'],
    ]);
  });

  it('takes timeout, optional and name inside a step\'s mapping as well as beside it', () => {
    const file = write('inner-options.journey.yaml', 'name: Inner options\nsteps:\n  - expectText: { text: Welcome, timeout: 2s, optional: true, name: greets }\n  - screenshot: { name: home }\n  - expectNotSoft404: { probe: false, name: not a soft 404 }\n');
    const { journeys, diagnostics } = loadJourneyFiles([file]);
    expect(diagnostics).toEqual([]);
    expect(journeys[0].steps.map((s) => [s.timeoutMs, s.optional, s.title, s.args])).toEqual([
      [2000, true, 'greets', { text: 'Welcome' }],
      [15_000, false, 'screenshot "home"', { name: 'home' }],
      [expect.any(Number), false, 'not a soft 404', { probe: false }],
    ]);
  });

  it('suggests the step option for a misspelling inside the mapping, and refuses an option given twice', () => {
    const file = write('inner-typo.journey.yaml', 'name: Inner typo\nsteps:\n  - expectText: { text: Welcome, timout: 2s }\n  - expectText: { text: Welcome, timeout: 2s }\n    timeout: 3s\n');
    const { diagnostics } = loadJourneyFiles([file]);
    expect(diagnostics.map((d) => [d.line, d.code, d.suggestion])).toEqual([
      [3, 'JA022', 'timeout'],
      [4, 'JA021', undefined],
    ]);
  });

  it('expands use: with inputs, keeping their types, and records where steps came from', () => {
    write(
      'parts/sign-in.yaml',
      'inputs:\n  email: {}\n  remember: { default: true }\n  count: { default: 1 }\nsteps:\n  - fill: { label: Email, value: "${{ inputs.email }}" }\n  - check: { label: Remember me, checked: "${{ inputs.remember }}" }\n  - fill: { label: Count, value: "${{ inputs.count }} books" }\n',
    );
    const file = write('use.journey.yaml', 'name: Use\nsteps:\n  - goto: /\n  - use: { file: parts/sign-in.yaml, with: { email: "${{ secrets.EMAIL }}", remember: false } }\n');
    const { journeys, diagnostics } = loadJourneyFiles([file]);
    expect(diagnostics).toEqual([]);
    const steps = journeys[0].steps;
    expect(steps.map((s) => s.args)).toEqual([{ url: '/' }, { label: 'Email', value: '${{ secrets.EMAIL }}' }, { label: 'Remember me', checked: false }, { label: 'Count', value: '1 books' }]);
    expect(steps[1].location).toEqual({ file: join(dir, 'parts/sign-in.yaml'), line: 6, column: 5 });
    expect(steps[1].via).toEqual([{ file, line: 4, column: 5 }]);
    expect(journeys[0].secrets).toEqual(['EMAIL']);
  });

  it('shows the name of a use: step in the title of every step it brings in', () => {
    write('parts/pay.yaml', 'steps:\n  - click: Pay\n  - expectText: Paid\n');
    const file = write('named-use.journey.yaml', 'name: Named use\nsteps:\n  - goto: /\n  - use: parts/pay.yaml\n    name: Pay for the book\n');
    const { journeys, diagnostics } = loadJourneyFiles([file]);
    expect(diagnostics).toEqual([]);
    expect(journeys[0].steps.map((s) => s.title)).toEqual(['open /', 'Pay for the book › click "Pay"', 'Pay for the book › expect text "Paid"']);
  });

  it('decides per step whether it goes on after failing: audits by default, checks when soft, drivers never', () => {
    const file = write(
      'soft.journey.yaml',
      'name: Soft\nsoft: true\nsteps:\n  - goto: /\n  - expectText: A\n  - expectText: B\n    soft: false\n  - checkLinks\n  - expectNotSoft404: {}\n    soft: false\n',
    );
    const hard = write('hard.journey.yaml', 'name: Hard\nsteps:\n  - expectText: A\n  - expectUrl: /a\n    soft: true\n  - checkLinks\n');
    const { journeys, diagnostics } = loadJourneyFiles([file, hard]);
    expect(diagnostics).toEqual([]);
    expect(journeys[0].steps.map((s) => s.soft)).toEqual([false, true, false, true, false]);
    expect(journeys[1].steps.map((s) => s.soft)).toEqual([false, true, true]);
  });

  it('lets a sub-journey hand its inputs on to the sub-journey it uses, and accepts a bare step name', () => {
    write('parts/inner.yaml', 'inputs:\n  email: {}\nsteps:\n  - fill: { label: Email, value: "${{ inputs.email }}" }\n');
    write('parts/outer.yaml', 'inputs:\n  address: {}\nsteps:\n  - use: { file: inner.yaml, with: { email: "${{ inputs.address }}" } }\n  - checkLinks\n');
    const file = write('nested.journey.yaml', 'name: Nested\nsteps:\n  - use: { file: parts/outer.yaml, with: { address: a@example.test } }\n');
    const { journeys, diagnostics } = loadJourneyFiles([file]);
    expect(diagnostics).toEqual([]);
    expect(journeys[0].steps.map((s) => [s.kind, s.args])).toEqual([
      ['fill', { label: 'Email', value: 'a@example.test' }],
      ['checkLinks', {}],
    ]);
    expect(journeys[0].steps[1].location).toEqual({ file: join(dir, 'parts/outer.yaml'), line: 5, column: 5 });
  });
});

describe('problems', () => {
  it('never throws, even for a missing file or a folder', () => {
    expect(codes([join(dir, 'nope.journey.yaml')])).toEqual(['1:1 JA007']);
    expect(codes([join(dir, 'parts')])).toEqual(['1:1 JA007']);
  });

  it('reports nothing twice when the same file is given twice', () => {
    const file = write('twice.journey.yaml', 'name: Twice\nsteps:\n  - clik: x\n');
    expect(codes([file, file])).toEqual(['3:5 JA020']);
  });

  it('reports a problem in a sub-journey once, from the first use: that brings it in, however many journeys use it', () => {
    write('parts/broken.yaml', 'steps:\n  - goto: /\n  - clik: Subscribe\n');
    const first = write('uses-broken-a.journey.yaml', 'name: A\nsteps:\n  - use: parts/broken.yaml\n  - use: parts/broken.yaml\n');
    const second = write('uses-broken-b.journey.yaml', 'name: B\nsteps:\n  - use: parts/broken.yaml\n');
    const { journeys, diagnostics } = loadJourneyFiles([first, second]);
    expect(journeys).toEqual([]);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ file: join(dir, 'parts/broken.yaml'), line: 3, column: 5, code: 'JA020', usedFrom: { file: first, line: 3, column: 5 } });
  });

  it('says why a relay is not host:port', () => {
    const file = write('relay.journey.yaml', 'name: Relay\nmailboxes: [me]\nsteps:\n  - sendEmail: { from: me, to: shop@example.test, relay: "smtp.example.test:70000" }\n  - sendEmail: { from: me, to: shop@example.test, relay: "::1:25" }\n');
    const { diagnostics } = loadJourneyFiles([file]);
    expect(diagnostics.map((d) => `${d.line} ${d.message}`)).toEqual([
      '4 "relay": "smtp.example.test:70000" is not host:port: port 70000 is out of range (1–65535)',
      '5 "relay": "::1:25" is not host:port: an IPv6 address goes in brackets before the port, as in [::1]:25',
    ]);
  });

  it('names the other journey of a duplicate name relative to the working directory', () => {
    const a = write('dup-a.journey.yaml', 'name: Same\nsteps:\n  - goto: /\n');
    const b = write('dup-b.journey.yaml', 'steps:\n  - goto: /\nname: Same\n');
    const [d] = loadJourneyFiles([a, b]).diagnostics;
    expect(d).toMatchObject({ file: b, line: 3, column: 7, code: 'JA031' });
    expect(d.message).toBe(`two journeys are named "Same" (the other is ${relative(process.cwd(), a)}:1)`);
  });

  it('counts the column of a bad byte in characters, after multi-byte ones', () => {
    const file = write('latin1.journey.yaml', Buffer.concat([Buffer.from('name: “Café” and caf'), Buffer.from([0xe9]), Buffer.from('\nsteps: []\n')]));
    const [d] = loadJourneyFiles([file]).diagnostics;
    expect(d).toMatchObject({ line: 1, column: 21, code: 'JA003' });
    expect(d.message).toBe('file is not valid UTF-8 (byte 0xe9 at offset 25)');
  });

  it('points at each occurrence of an expression written twice in one string', () => {
    const file = write('twice-expr.journey.yaml', 'name: x\nsteps:\n  - fill: { label: A, value: "${{ evn.A }}-${{ evn.A }}" }\n');
    expect(codes([file])).toEqual(['3:31 JA032', '3:44 JA032']);
  });

  it('points at the unclosed ${{, not at an earlier closed one', () => {
    const file = write('unclosed.journey.yaml', 'name: x\nsteps:\n  - fill: { label: A, value: "${{ env.A }} ${{ env.B" }\n');
    expect(codes([file])).toEqual(['3:44 JA032']);
  });

  it('does not take inputs from the object prototype', () => {
    write('parts/proto.yaml', 'inputs:\n  a: {}\nsteps:\n  - fill: { label: A, value: "${{ inputs.constructor }}" }\n');
    const file = write('proto.journey.yaml', 'name: x\nsteps:\n  - use: { file: parts/proto.yaml, with: { a: x, toString: y } }\n');
    const result = loadJourneyFiles([file]);
    expect(result.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual(['JA043 proto.yaml has no input "toString"']);
    const sub = loadJourneyFiles([write('proto2.journey.yaml', 'name: x\nsteps:\n  - use: { file: parts/proto.yaml, with: { a: x } }\n')]);
    expect(sub.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual(['JA043 unknown input "constructor"']);
  });

  it('treats mailboxes: NAME as a list of one, after reporting it', () => {
    const file = write('mailbox.journey.yaml', 'name: x\nmailboxes: reader\nsteps:\n  - waitForEmail: reader\n');
    expect(codes([file])).toEqual(['2:12 JA013']);
  });

  it('reports a number that is not a duration as the user wrote it', () => {
    const file = write('wait.journey.yaml', 'name: x\nsteps:\n  - wait: -5\n  - wait: { for: [1] }\n');
    expect(loadJourneyFiles([file]).diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([
      'JA025 "for": -5 is not a duration',
      'JA024 "for" should be text or a number, not a list',
    ]);
  });
});

describe('who acts on a mail', () => {
  it('`as:` on auditUnsubscribe and reply must name one of the journey’s mailboxes, and followChallenges is read', () => {
    const file = write(
      'acting.journey.yaml',
      `name: Acting
followChallenges: true
mailboxes: [reader, editor]
steps:
  - waitForEmail: { to: reader, as: post }
  - auditUnsubscribe: { in: post, as: editor }
  - reply: { to: post, body: Hello, as: nobody }
`,
    );
    const result = loadJourneyFiles([file]);
    expect(result.diagnostics.map((d) => `${d.line} ${d.message}`)).toEqual([expect.stringMatching(/^7 unknown mailbox "nobody"/)]);
    const valid = write('acting-ok.journey.yaml', readFileSync(file, 'utf8').replace('as: nobody', 'as: reader'));
    expect(loadJourneyFiles([valid]).journeys[0].followChallenges).toBe(true);
  });
});
