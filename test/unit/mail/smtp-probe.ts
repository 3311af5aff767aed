import { connect, type Socket } from 'node:net';

export interface SmtpReply {
  code: number;
  text: string;
}

/**
 * A raw SMTP client for hostile tests: writes exactly the bytes it is given, and reads
 * the server's replies one by one (multi-line replies joined). Every read is bounded.
 */
export class SmtpProbe {
  private buffer = '';
  private readonly replies: SmtpReply[] = [];
  private waiting?: () => void;
  closed = false;

  private constructor(readonly socket: Socket) {
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      this.buffer += chunk;
      let end: number;
      let lines: string[] = [];
      while ((end = this.buffer.indexOf('\r\n')) !== -1) {
        const line = this.buffer.slice(0, end);
        this.buffer = this.buffer.slice(end + 2);
        lines.push(line);
        if (/^\d{3}( |$)/.test(line)) {
          this.replies.push({ code: Number(line.slice(0, 3)), text: lines.join('\n') });
          lines = [];
        }
      }
      if (lines.length) this.buffer = `${lines.join('\r\n')}\r\n${this.buffer}`;
      this.waiting?.();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      this.closed = true;
      this.waiting?.();
    });
  }

  static async open(port: number, host = '127.0.0.1'): Promise<SmtpProbe> {
    const socket = connect(port, host);
    socket.setNoDelay(true);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    const probe = new SmtpProbe(socket);
    await probe.reply();
    return probe;
  }

  /** The next reply, or an error after timeoutMs or when the connection closed. */
  async reply(timeoutMs = 5000): Promise<SmtpReply> {
    const deadline = Date.now() + timeoutMs;
    while (this.replies.length === 0) {
      if (this.closed) throw new Error('connection closed while waiting for a reply');
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no SMTP reply within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiting = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.waiting = undefined;
    }
    return this.replies.shift()!;
  }

  async command(line: string, timeoutMs?: number): Promise<SmtpReply> {
    this.socket.write(`${line}\r\n`);
    return this.reply(timeoutMs);
  }

  write(bytes: string | Buffer): void {
    this.socket.write(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes);
  }

  /** MAIL, RCPT…, DATA, then the content (dot-stuffed here) and the terminator; the final reply. */
  async send(content: Buffer, options: { from?: string; to?: string[]; timeoutMs?: number } = {}): Promise<SmtpReply> {
    expectCode(await this.command(`MAIL FROM:<${options.from ?? 'hostile@example.test'}>`), 250);
    for (const to of options.to ?? ['victim@journey-audit.test']) expectCode(await this.command(`RCPT TO:<${to}>`), 250);
    expectCode(await this.command('DATA'), 354);
    this.write(Buffer.concat([dotStuff(content), Buffer.from('.\r\n')]));
    return this.reply(options.timeoutMs);
  }

  destroy(): void {
    this.socket.destroy();
  }
}

export function expectCode(reply: SmtpReply, code: number): void {
  if (reply.code !== code) throw new Error(`expected ${code}, got ${reply.text}`);
}

/** SMTP transparency (RFC 5321 4.5.2): a line starting with "." gets another one. */
export function dotStuff(content: Buffer): Buffer {
  const parts: Buffer[] = [];
  let start = 0;
  for (let i = 0; i < content.length; i++) {
    if (content[i] === 0x2e && (i === 0 || content[i - 1] === 0x0a)) {
      parts.push(content.subarray(start, i), Buffer.from('.'));
      start = i;
    }
  }
  parts.push(content.subarray(start));
  return Buffer.concat(parts);
}
