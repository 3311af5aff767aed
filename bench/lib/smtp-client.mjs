// A minimal SMTP client on a raw socket, for timing: one connection, one message at a
// time, and the exact moment the server's reply to the end of DATA was read.
import { connect } from 'node:net';

export class RawSmtpClient {
  constructor(host, port, { timeoutMs = 10_000 } = {}) {
    this.host = host;
    this.port = port;
    this.timeoutMs = timeoutMs;
    this.buffer = '';
    this.pending = undefined;
  }

  async open() {
    this.socket = connect({ host: this.host, port: this.port });
    this.socket.setNoDelay(true);
    this.socket.setEncoding('latin1');
    this.socket.on('data', (chunk) => this.onData(chunk));
    this.socket.on('error', (error) => this.pending?.reject(error));
    this.socket.on('close', () => this.pending?.reject(new Error('SMTP connection closed')));
    await this.reply(220);
    await this.command('EHLO bench.localhost', 250);
  }

  onData(chunk) {
    const at = process.hrtime.bigint();
    this.buffer += chunk;
    // A reply is complete at a line "NNN text" (continuation lines are "NNN-text").
    const lines = this.buffer.split('\r\n');
    for (let i = 0; i < lines.length - 1; i++) {
      if (/^\d{3} /.test(lines[i]) || /^\d{3}$/.test(lines[i])) {
        const text = lines.slice(0, i + 1).join('\n');
        this.buffer = lines.slice(i + 1).join('\r\n');
        const pending = this.pending;
        this.pending = undefined;
        pending?.resolve({ code: Number(lines[i].slice(0, 3)), text, hr: at, perf: performance.timeOrigin + performance.now(), date: Date.now() });
        return;
      }
    }
  }

  reply(expected) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`SMTP: no reply within ${this.timeoutMs} ms`)), this.timeoutMs);
      this.pending = {
        resolve: (reply) => {
          clearTimeout(timer);
          if (reply.code !== expected) reject(new Error(`SMTP: expected ${expected}, got ${reply.text}`));
          else resolve(reply);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      // A reply that arrived before we asked is still in the buffer.
      if (this.buffer.includes('\r\n')) this.onData('');
    });
  }

  async command(line, expected) {
    const answer = this.reply(expected);
    this.socket.write(`${line}\r\n`);
    return answer;
  }

  /**
   * Sends one message. Returns when the end of DATA was written (dataEnd) and when its
   * 250 was read (accepted), each as hrtime (ns, bigint), perf and date.
   */
  async send({ from, to, raw }) {
    await this.command(`MAIL FROM:<${from}>`, 250);
    await this.command(`RCPT TO:<${to}>`, 250);
    await this.command('DATA', 354);
    const body = raw.replace(/\r?\n/g, '\r\n').replace(/^\./gm, '..');
    const answer = this.reply(250);
    const dataEnd = { hr: process.hrtime.bigint(), perf: performance.timeOrigin + performance.now(), date: Date.now() };
    this.socket.write(`${body}\r\n.\r\n`);
    const accepted = await answer;
    return { dataEnd, accepted };
  }

  async close() {
    try {
      await this.command('QUIT', 221);
    } catch {
      // closing anyway
    }
    this.socket.destroy();
  }
}

/** A receipt-like message: multipart/alternative text + HTML with a link, about 1.5 KB. */
export function receiptMessage({ from, to, subject, i }) {
  const boundary = `b${i}x${Date.now().toString(36)}`;
  return [
    `From: Bookshop <${from}>`,
    `To: ${to}`,
    `Subject: ${subject}`,
    `Date: ${new Date().toUTCString()}`,
    `Message-ID: <bench-${i}-${Date.now()}@bench.localhost>`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/alternative; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    `Thank you for your order BK-${String(i).padStart(6, '0')}.`,
    '',
    'You bought: The Promise Keeper (E-book), 9.99.',
    `Take the online test: http://127.0.0.1:9/quiz/the-promise-keeper?order=${i}`,
    '',
    'Kind regards, the Bookshop',
    `--${boundary}`,
    'Content-Type: text/html; charset=utf-8',
    '',
    '<!doctype html><html><body>',
    `<p>Thank you for your order <strong>BK-${String(i).padStart(6, '0')}</strong>.</p>`,
    '<p>You bought: <em>The Promise Keeper</em> (E-book), 9.99.</p>',
    `<p><a href="http://127.0.0.1:9/quiz/the-promise-keeper?order=${i}">Take the online test</a></p>`,
    '<p>Kind regards, the Bookshop</p>',
    '</body></html>',
    `--${boundary}--`,
    '',
  ].join('\r\n');
}
