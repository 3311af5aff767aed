import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';

/** One message as the loopback MTA received it: envelope and the raw file it was written to. */
export interface Delivery {
  mailFrom: string;
  rcptTo: string;
  file: string;
}

/**
 * The mail server in front of a list manager: a real SMTP server on a loopback port (port 0)
 * that accepts mail for the list's domain and hands each recipient's copy to the list
 * manager's own delivery program (as a Postfix alias pipe would). journey-audit's
 * `--smtp-relay` points at it: it carries the mail the customer sends.
 */
export async function startLoopbackMta(options: { acceptsDomain: string; deliver: (delivery: Delivery) => Promise<void> }): Promise<{ port: number; close: () => Promise<void> }> {
  const spool = mkdtempSync(join(tmpdir(), 'ja-mta-'));
  let count = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    closeTimeout: 1000,
    onRcptTo(address, _session, callback) {
      const domain = address.address.split('@').pop()?.toLowerCase();
      if (domain !== options.acceptsDomain) return callback(Object.assign(new Error(`5.1.2 ${address.address}: relay access denied`), { responseCode: 550 }));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        const mailFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        Promise.all(
          session.envelope.rcptTo.map((rcpt) => {
            const file = join(spool, `${++count}.eml`);
            writeFileSync(file, raw);
            return options.deliver({ mailFrom, rcptTo: rcpt.address, file });
          }),
        ).then(
          () => callback(),
          (error: Error) => callback(Object.assign(new Error(`4.3.0 delivery failed: ${error.message}`), { responseCode: 451 })),
        );
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) =>
        server.close(() => {
          rmSync(spool, { recursive: true, force: true });
          resolve();
        }),
      ),
  };
}
