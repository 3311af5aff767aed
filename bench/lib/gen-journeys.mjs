// Generates varied, valid journey files for the validate benchmark (deterministic: seeded).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** mulberry32: a small seeded PRNG, so every run validates the same files. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ['order', 'basket', 'account', 'profile', 'invoice', 'voucher', 'delivery', 'newsletter', 'password', 'review', 'wishlist', 'ticket', 'booking', 'refund', 'address'];
const LABELS = ['Email', 'Full name', 'Street', 'City', 'Postcode', 'Phone', 'Company', 'Coupon code', 'Comment', 'Password'];
const BUTTONS = ['Continue', 'Save', 'Place order', 'Subscribe', 'Sign in', 'Next', 'Confirm', 'Apply', 'Send', 'Done'];
const KEYS = ['Enter', 'Tab', 'Escape', 'ArrowDown', 'Control+A'];

/** Sub-journeys under parts/ (named *.yaml, so only reachable through use:). */
const PARTS = {
  'sign-in.yaml': `# Sub-journey: sign in
description: Sign in with an email address
inputs:
  email: { description: Address to sign in with }
  password: { description: Password, default: correct horse }
steps:
  - goto: /sign-in
  - fill: { label: Email, value: "\${{ inputs.email }}" }
  - fill: { label: Password, value: "\${{ inputs.password }}" }
  - click: Sign in
  - expectText: Welcome back
`,
  'checkout.yaml': `# Sub-journey: check out the basket
description: Pay for the basket
inputs:
  email: { description: Receipt address }
  format: { description: Delivery option, default: Standard }
steps:
  - goto: /basket
  - click: Checkout
  - fill: { label: Email, value: "\${{ inputs.email }}" }
  - select: { label: Delivery, option: "\${{ inputs.format }}" }
  - check: I accept the terms
  - click: { role: button, name: Place order }
  - expectUrl: /\\/orders\\/[A-Z0-9-]+/
  - expectText: Thank you for your order
`,
  'subscribe.yaml': `# Sub-journey: double opt-in
description: Subscribe and confirm
inputs:
  mailbox: { description: Mailbox name }
  email: { description: Its address }
steps:
  - goto: /newsletter
  - fill: { label: Email, value: "\${{ inputs.email }}" }
  - click: Subscribe
  - expectText: Check your inbox
  - waitForEmail: { to: "\${{ inputs.mailbox }}", subject: /confirm/i, as: confirmation }
  - openLink: { in: confirmation, text: Confirm my subscription }
  - expectText: You're subscribed
`,
  'browse.yaml': `# Sub-journey: browse the catalogue
description: Look around before buying
steps:
  - goto: /
  - expectVisible: { role: heading, name: Catalogue }
  - click: Next page
    optional: true
  - screenshot: catalogue
`,
  'api-reset.yaml': `# Sub-journey: reset test data through the admin API
description: Reset
inputs:
  token: { description: Admin token }
steps:
  - http: { method: POST, url: /admin/reset, headers: { authorization: "Bearer \${{ inputs.token }}" }, expect: { status: 204 } }
  - http: { url: /admin/health, expect: { json: { ok: true } } }
`,
};

const quote = (text) => JSON.stringify(text);

/** Writes `count` journeys (and parts/) into dir; returns their paths and the number of steps. */
export function generateJourneys(dir, { count = 100, seed = 20261123 } = {}) {
  const random = prng(seed);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const int = (lo, hi) => lo + Math.floor(random() * (hi - lo + 1));
  mkdirSync(join(dir, 'parts'), { recursive: true });
  for (const [name, text] of Object.entries(PARTS)) writeFileSync(join(dir, 'parts', name), text);

  const files = [];
  let topLevelSteps = 0;
  for (let i = 0; i < count; i++) {
    const topic = pick(WORDS);
    const mailboxes = ['customer', ...(random() < 0.4 ? ['admin'] : [])];
    const steps = [];
    const mails = [];
    let stepNames = 0;
    const target = int(10, 30);
    const usesToken = random() < 0.2;
    while (steps.length < target) {
      const roll = random();
      const named = random() < 0.1 ? `\n    name: Step ${++stepNames} of the ${topic}` : '';
      if (roll < 0.06 && steps.length < target - 1) {
        const part = pick(Object.keys(PARTS));
        const withs = {
          'sign-in.yaml': `{ email: "\${{ mailbox.customer.address }}" }`,
          'checkout.yaml': random() < 0.5 ? `{ email: "\${{ mailbox.customer.address }}", format: Express }` : `{ email: "\${{ mailbox.customer.address }}" }`,
          'subscribe.yaml': `{ mailbox: customer, email: "\${{ mailbox.customer.address }}" }`,
          'browse.yaml': undefined,
          'api-reset.yaml': `{ token: "\${{ secrets.ADMIN_TOKEN }}" }`,
        }[part];
        if (part === 'subscribe.yaml') {
          if (mails.includes('confirmation')) continue; // a capture name is defined once per journey
          mails.push('confirmation');
        }
        steps.push(withs ? `  - use: { file: parts/${part}, with: ${withs} }` : `  - use: parts/${part}`);
        continue;
      }
      const kind = pick(['goto', 'click', 'click', 'fill', 'fill', 'select', 'check', 'press', 'expectText', 'expectText', 'expectUrl', 'expectVisible', 'screenshot', 'capture', 'http', 'wait', 'mail', 'expectNoEmail']);
      switch (kind) {
        case 'goto':
          steps.push(random() < 0.5 ? `  - goto: /${topic}/${int(1, 99)}` : `  - goto: { url: /${topic}, expectStatus: 200 }${named}`);
          break;
        case 'click':
          steps.push(random() < 0.6 ? `  - click: ${pick(BUTTONS)}` : `  - click: { role: button, name: ${pick(BUTTONS)}, exact: true }${named}`);
          break;
        case 'fill':
          steps.push(
            random() < 0.3
              ? `  - fill: { label: Email, value: "\${{ mailbox.${pick(mailboxes)}.address }}" }`
              : `  - fill: { label: ${pick(LABELS)}, value: ${quote(`${topic} ${int(1, 999)}`)} }${named}`,
          );
          break;
        case 'select':
          steps.push(`  - select: { label: Country, option: ${pick(['Norway', 'Portugal', 'Japan', 'Canada'])} }`);
          break;
        case 'check':
          steps.push(random() < 0.7 ? `  - check: I accept the terms` : `  - check: { label: Send me offers, checked: false }`);
          break;
        case 'press':
          steps.push(random() < 0.5 ? `  - press: ${pick(KEYS)}` : `  - press: { key: Enter, label: ${pick(LABELS)} }`);
          break;
        case 'expectText':
          steps.push(random() < 0.7 ? `  - expectText: ${quote(`Your ${topic} is saved`)}` : `  - expectText: /${topic}\\s+#?\\d+/i`);
          break;
        case 'expectUrl':
          steps.push(`  - expectUrl: /\\/${topic}\\/\\d+/`);
          break;
        case 'expectVisible':
          steps.push(`  - expectVisible: { role: ${pick(['button', 'link', 'heading'])}, name: ${pick(BUTTONS)} }`);
          break;
        case 'screenshot':
          steps.push(`  - screenshot: ${topic} step ${steps.length + 1}`);
          break;
        case 'capture': {
          const name = `value${steps.length}`;
          steps.push(`  - capture: { css: .${topic}-number, as: ${name}, match: "([A-Z0-9-]+)" }`);
          break;
        }
        case 'http':
          steps.push(
            random() < 0.5
              ? `  - http: { method: POST, url: /admin/${topic}, json: { id: ${int(1, 500)}, note: ${quote(topic)} }, expect: { status: 201 } }${named}`
              : `  - http: /api/${topic}s`,
          );
          break;
        case 'wait':
          steps.push(`  - wait: ${pick(['250ms', '1s', '2s'])}`);
          break;
        case 'mail': {
          const as = `mail${steps.length}`;
          mails.push(as);
          steps.push(`  - waitForEmail: { to: ${pick(mailboxes)}, subject: ${quote(`Your ${topic}`)}, within: 45s, as: ${as} }`);
          if (steps.length < target) steps.push(`  - openLink: { in: ${as}, text: /view|open|confirm/i }`);
          if (steps.length < target && random() < 0.5) steps.push(`  - expectText: "Subject was \${{ captures.${as}.subject }}"`);
          break;
        }
        case 'expectNoEmail':
          steps.push(`  - expectNoEmail: { to: ${pick(mailboxes)}, subject: /${topic}/i, for: 3s }`);
          break;
      }
    }
    topLevelSteps += steps.length;
    const body = [
      `# Generated for bench/validate.mjs (journey ${i + 1})`,
      `name: ${quote(`Customer ${i + 1} handles a ${topic}`)}`,
      random() < 0.5 ? `description: >\n  A generated journey about a ${topic}, with ${steps.length} steps.` : undefined,
      `baseURL: \${{ env.${usesToken ? 'ADMIN_URL' : 'SITE_URL'} }}`,
      `mailboxes: [${mailboxes.join(', ')}]`,
      `tags: [generated, ${topic}]`,
      random() < 0.3 ? 'stepTimeout: 20s' : undefined,
      'steps:',
      ...steps,
      '',
    ].filter((line) => line !== undefined);
    const file = join(dir, `${String(i + 1).padStart(3, '0')}-${topic}.journey.yaml`);
    writeFileSync(file, body.join('\n'));
    files.push(file);
  }
  return { files, partFiles: Object.keys(PARTS).map((name) => join(dir, 'parts', name)), topLevelSteps };
}
