// The load generator: raw-socket SMTP sessions (no client library in the measurement),
// the same bytes to every server. Each session sends MAIL/RCPT/DATA pipelined (all three
// servers announce PIPELINING), then the message, and counts a message as accepted on the
// server's 250 after the final dot. Either one connection per session, reused for every
// message, or a new connection (greeting, EHLO, …, QUIT) per message.
import { connect } from 'node:net';

const REPLY_TIMEOUT_MS = 30_000;

class Session {
  constructor(socket) {
    this.socket = socket;
    this.buffer = '';
    this.replies = [];
    this.waiter = undefined;
    this.failure = undefined;
    socket.setNoDelay(true);
    socket.setEncoding('latin1');
    socket.on('data', (chunk) => this.onData(chunk));
    socket.on('error', (error) => this.fail(error));
    socket.on('close', () => this.fail(new Error('connection closed')));
  }

  static async open(port) {
    const session = new Session(connect(port, '127.0.0.1'));
    await session.expect(220);
    session.socket.write('EHLO load.bench.test\r\n');
    await session.expect(250);
    return session;
  }

  onData(chunk) {
    this.buffer += chunk;
    let end;
    while ((end = this.buffer.indexOf('\r\n')) !== -1) {
      const line = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      if (line[3] === '-') continue; // continuation of a multi-line reply
      this.replies.push(Number(line.slice(0, 3)));
    }
    if (this.replies.length && this.waiter) this.waiter();
  }

  fail(error) {
    this.failure ??= error;
    this.waiter?.();
  }

  async expect(code) {
    while (this.replies.length === 0) {
      if (this.failure) throw this.failure;
      await new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no reply within ${REPLY_TIMEOUT_MS} ms`)), REPLY_TIMEOUT_MS);
        this.waiter = () => {
          clearTimeout(timer);
          this.waiter = undefined;
          resolve();
        };
      });
    }
    const got = this.replies.shift();
    if (got !== code) throw new Error(`expected ${code}, got ${got}`);
  }

  /** One transaction; returns the hrtime (ns) at which the end of DATA was written. */
  async send(message) {
    this.socket.write('MAIL FROM:<load@bench.test>\r\nRCPT TO:<inbox@bench.test>\r\nDATA\r\n');
    await this.expect(250);
    await this.expect(250);
    await this.expect(354);
    const dataEnd = process.hrtime.bigint();
    this.socket.write(message);
    await this.expect(250);
    return dataEnd;
  }

  close() {
    if (!this.failure) this.socket.end('QUIT\r\n');
    this.socket.destroy();
  }
}

/**
 * Sends `total` messages over `sessions` concurrent sessions. `message(i)` returns the
 * bytes of message i including the terminating "\r\n.\r\n". Resolves with
 * { accepted, failed, attempted, ms, errors } (errors: the first few). No message is started
 * after maxMs: a slow server then gets fewer than `total` (attempted says how many).
 */
export async function runLoad({ port, total, sessions, reuse, message, onSent, maxMs = Infinity }) {
  let next = 0;
  let accepted = 0;
  let failed = 0;
  const errors = [];
  const note = (error) => {
    failed++;
    if (errors.length < 5) errors.push(String(error?.message ?? error));
  };
  const started = performance.now();
  const stopAt = started + maxMs;
  const worker = async () => {
    let session;
    while (next < total && performance.now() < stopAt) {
      const i = next++;
      try {
        session ??= await Session.open(port);
        const dataEnd = await session.send(message(i));
        accepted++;
        onSent?.(i, dataEnd);
        if (!reuse) {
          session.close();
          session = undefined;
        }
      } catch (error) {
        note(error);
        session?.close();
        session = undefined;
      }
    }
    session?.close();
  };
  await Promise.all(Array.from({ length: sessions }, worker));
  return { accepted, failed, attempted: next, ms: performance.now() - started, errors };
}

/** A message of about `size` bytes: headers with a unique subject, text lines, the final dot. */
export function messageFactory(size, tag) {
  const line = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.\r\n'; // 82 bytes
  const head = (i) => `From: Load <load@bench.test>\r\nTo: inbox@bench.test\r\nSubject: bench ${tag} ${i}\r\nMessage-ID: <${tag}.${i}@bench.test>\r\nDate: Mon, 23 Nov 2026 12:00:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n`;
  const bodyBytes = Math.max(0, size - head(0).length);
  const body = Buffer.from(line.repeat(Math.ceil(bodyBytes / line.length)).slice(0, bodyBytes).replace(/\r?\n?$/, '\r\n') + '.\r\n', 'latin1');
  return (i) => Buffer.concat([Buffer.from(head(i), 'latin1'), body]);
}
