import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { dkimSign } from 'mailauth/lib/dkim/sign.js';
import nodemailer from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDnsStub, type DnsStub } from './dns-stub.js';
import { freePort, latestReport, runCli, tempProject } from './cli-harness.js';

/**
 * RFC 8058 section 4 in the audit: a loopback list site signs its mail with mailauth (a real
 * RSA key); the signer's key is served by a loopback DNS server that the run is pointed at
 * with JOURNEY_AUDIT_DNS. No real DNS is asked.
 */
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const p = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');

let smtpPort: number;
let dns: DnsStub;
let site: Server;
let siteUrl: string;

beforeAll(async () => {
  smtpPort = await freePort();
  dns = await startDnsStub({ 's1._domainkey.brand.example': `v=DKIM1; k=rsa; p=${p}`, 's1._domainkey.esp.example': `v=DKIM1; k=rsa; p=${p}` });
  site = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://site.test');
    const to = url.searchParams.get('to') ?? '';
    const signer = url.searchParams.get('signer') ?? 'brand.example';
    const headers = (url.searchParams.get('h') ?? 'from:to:subject:list-unsubscribe:list-unsubscribe-post').split(':');
    send(to, signer, headers).then(
      () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"sent":1}'),
      (error: Error) => res.writeHead(500).end(error.message),
    );
  });
  await new Promise<void>((r) => site.listen(0, '127.0.0.1', r));
  siteUrl = `http://127.0.0.1:${(site.address() as { port: number }).port}`;
});

afterAll(async () => {
  await dns?.close();
  site?.close();
});

async function send(to: string, signer: string, headerList: string[]): Promise<void> {
  const message = await new MailComposer({
    from: 'Brand <news@brand.example>',
    to,
    subject: 'This week',
    headers: {
      'List-Id': 'Brand news <news.brand.example>',
      'List-Unsubscribe': `<${siteUrl}/one-click>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
    text: 'News.',
    html: `<p>News.</p><p><a href="${siteUrl}/one-click">Unsubscribe</a></p>`,
  })
    .compile()
    .build();
  const signed = await dkimSign(message, { canonicalization: 'relaxed/relaxed', headerList: headerList.join(':'), signatureData: [{ signingDomain: signer, selector: 's1', privateKey: pem }] } as never);
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true });
  try {
    await transport.sendMail({ envelope: { from: 'bounce@brand.example', to: [to] }, raw: Buffer.concat([Buffer.from(signed.signatures), message]) });
  } finally {
    transport.close();
  }
}

async function audit(query: string) {
  const project = tempProject({
    'journeys/dkim.journey.yaml': `name: Signed newsletter
mailboxes: [reader]
steps:
  - http: { method: POST, url: "\${{ env.SITE_URL }}/send?to=\${{ mailbox.reader.address }}${query}" }
  - waitForEmail: { to: reader, as: news }
  # Without a relay the mailto path is not tried: only the headers, the body and the signature are judged.
  - auditUnsubscribe: { in: news, via: mailto }
`,
  });
  const result = await runCli(['run', '--smtp-port', String(smtpPort)], { cwd: project, env: { SITE_URL: siteUrl, JOURNEY_AUDIT_DNS: dns.address } });
  const [journey] = latestReport(project).journeys;
  return { result, journey, dkim: journey.unsubscribe?.find((v) => v.path === 'dkim') };
}

describe('auditUnsubscribe verifies DKIM (RFC8058-4)', () => {
  it('a valid signature aligned with From that covers both headers passes, with List-Id recorded', async () => {
    const { dkim, journey, result } = await audit('');
    expect(dkim, result.stdout + result.stderr).toMatchObject({ verdict: 'passed', listId: 'news.brand.example', rules: ['RFC8058-4'] });
    expect(dkim?.signatures).toEqual([{ domain: 'brand.example', selector: 's1', result: 'pass', aligned: 'brand.example', coversUnsubscribe: true }]);
    expect(journey.unsubscribe?.find((v) => v.path === 'header')?.listId).toBe('news.brand.example');
    expect(journey.findings.map((f) => f.code)).not.toContain('UNSUB_DKIM_UNCOVERED');
    expect(dns.asked).toContain('s1._domainkey.brand.example');
  }, 180_000);

  it('a valid signature from a domain not aligned with From does not count', async () => {
    const { dkim, journey } = await audit('&signer=esp.example');
    expect(dkim?.verdict).toBe('failed');
    expect(dkim?.signatures?.[0]).toMatchObject({ domain: 'esp.example', result: 'pass', aligned: false, coversUnsubscribe: true });
    expect(journey.findings.find((f) => f.code === 'UNSUB_DKIM_UNCOVERED')?.message).toMatch(/not aligned/);
  }, 180_000);

  it('a signature that leaves out List-Unsubscribe-Post fails RFC8058-4', async () => {
    const { dkim, journey } = await audit('&h=from:to:subject:list-unsubscribe');
    expect(dkim).toMatchObject({ verdict: 'failed' });
    expect(dkim?.signatures?.[0]).toMatchObject({ result: 'pass', coversUnsubscribe: false });
    expect(journey.findings.map((f) => f.code)).toContain('UNSUB_DKIM_UNCOVERED');
  }, 180_000);
});
