import { isUtf8 } from 'node:buffer';

/** Ways a stored message departs from RFC 5322/2045; the message is kept byte-exact anyway. */
export type MailFlag = 'bare-lf' | 'nul' | 'long-line' | '8bit-header' | 'invalid-utf8' | 'malformed-mime';

/** RFC 5322 2.1.1: at most 998 octets per line, excluding the CRLF. */
const MAX_LINE_OCTETS = 998;
/** Header blocks larger than this are not collected for parsing (the raw file keeps them). */
export const MAX_HEADER_BLOCK = 256 * 1024;
const LF = 0x0a;
const CR = 0x0d;

/**
 * Looks at a message as it streams past, once, without copying the body: collects the
 * header block and notes every flag. Cost per chunk is a few native scans (indexOf, isUtf8).
 */
export class MessageScanner {
  private readonly found = new Set<MailFlag>();
  private readonly headerChunks: Buffer[] = [];
  private headerBytes = 0;
  private inHeader = true;
  private headerTooLarge = false;
  private previousByte = -1;
  private lineLength = 0;
  private utf8Carry: Buffer | undefined;
  /** "--boundary--" of a top-level multipart, searched for in the body. */
  private closingDelimiter: Buffer | undefined;
  private delimiterSeen = false;
  private bodyTail: Buffer | undefined;

  write(chunk: Buffer): void {
    if (chunk.length === 0) return;
    if (!this.found.has('nul') && chunk.indexOf(0) !== -1) this.found.add('nul');
    this.checkUtf8(chunk);
    const bodyStart = this.scanLines(chunk);
    if (this.inHeader) {
      this.collectHeader(chunk);
    } else if (bodyStart !== undefined) {
      this.collectHeader(chunk.subarray(0, bodyStart));
      this.endOfHeader();
      this.searchDelimiter(chunk.subarray(bodyStart));
    } else {
      this.searchDelimiter(chunk);
    }
    this.previousByte = chunk[chunk.length - 1];
  }

  /** Call once the message is complete. */
  end(): void {
    if (this.inHeader) {
      this.inHeader = false;
      this.endOfHeader();
    }
    if (this.utf8Carry?.length) this.found.add('invalid-utf8');
    if (this.closingDelimiter && !this.delimiterSeen) this.found.add('malformed-mime');
  }

  get flags(): MailFlag[] {
    return [...this.found].sort();
  }

  /** The bytes up to and including the blank line that ends the headers (at most MAX_HEADER_BLOCK). */
  get headerBlock(): Buffer {
    return this.headerChunks.length === 1 ? this.headerChunks[0] : Buffer.concat(this.headerChunks);
  }

  /** Finds line ends: bare LF, over-long lines, and the blank line ending the header (its offset after). */
  private scanLines(chunk: Buffer): number | undefined {
    let bodyStart: number | undefined;
    let start = 0;
    let newline = chunk.indexOf(LF);
    while (newline !== -1) {
      const cr = (newline > 0 ? chunk[newline - 1] : this.previousByte) === CR;
      if (!cr) this.found.add('bare-lf');
      const length = this.lineLength + (newline - start) - (cr ? 1 : 0);
      if (length > MAX_LINE_OCTETS) this.found.add('long-line');
      if (this.inHeader && length === 0) {
        this.inHeader = false;
        bodyStart = newline + 1;
      }
      this.lineLength = 0;
      start = newline + 1;
      newline = chunk.indexOf(LF, start);
    }
    this.lineLength += chunk.length - start;
    // +1: the CR of a CRLF split across chunks is still counted here.
    if (this.lineLength > MAX_LINE_OCTETS + 1) this.found.add('long-line');
    return bodyStart;
  }

  private collectHeader(part: Buffer): void {
    if (this.headerTooLarge || part.length === 0) return;
    if (this.headerBytes + part.length > MAX_HEADER_BLOCK) {
      this.headerTooLarge = true;
      return;
    }
    this.headerChunks.push(part);
    this.headerBytes += part.length;
  }

  private checkUtf8(chunk: Buffer): void {
    if (this.found.has('invalid-utf8')) return;
    let bytes = this.utf8Carry ? Buffer.concat([this.utf8Carry, chunk]) : chunk;
    const incomplete = incompleteTail(bytes);
    this.utf8Carry = incomplete ? Buffer.from(bytes.subarray(bytes.length - incomplete)) : undefined;
    if (incomplete) bytes = bytes.subarray(0, bytes.length - incomplete);
    if (!isUtf8(bytes)) this.found.add('invalid-utf8');
  }

  private endOfHeader(): void {
    if (this.headerTooLarge) {
      this.found.add('malformed-mime');
      return;
    }
    const block = this.headerBlock;
    for (const byte of block) {
      if (byte >= 0x80) {
        this.found.add('8bit-header');
        break;
      }
    }
    const text = block.toString('latin1');
    const lines = text.split(/\r?\n/);
    while (lines.length && lines[lines.length - 1] === '') lines.pop();
    lines.forEach((line, i) => {
      const continuation = line[0] === ' ' || line[0] === '\t';
      if ((continuation && i === 0) || (!continuation && !/^[\x21-\x39\x3b-\x7e]+:/.test(line))) this.found.add('malformed-mime');
    });
    const contentType = /^content-type:[ \t]*([^\r\n]*(?:\r?\n[ \t][^\r\n]*)*)/im.exec(text)?.[1].replace(/\r?\n[ \t]/g, ' ');
    if (contentType && /^\s*multipart\//i.test(contentType)) {
      const boundary = /;\s*boundary\s*=\s*(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
      if (!boundary) this.found.add('malformed-mime');
      else this.closingDelimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}--`, 'latin1');
    }
  }

  private searchDelimiter(body: Buffer): void {
    const delimiter = this.closingDelimiter;
    if (!delimiter || this.delimiterSeen || body.length === 0) return;
    if (this.bodyTail) {
      // A delimiter split across two chunks.
      const seam = Buffer.concat([this.bodyTail, body.subarray(0, delimiter.length - 1)]);
      if (seam.indexOf(delimiter) !== -1) return void (this.delimiterSeen = true);
    }
    if (body.indexOf(delimiter) !== -1) return void (this.delimiterSeen = true);
    const recent = body.length >= delimiter.length - 1 || !this.bodyTail ? body : Buffer.concat([this.bodyTail, body]);
    this.bodyTail = Buffer.from(recent.subarray(Math.max(0, recent.length - (delimiter.length - 1))));
  }
}

/** Trailing bytes of a UTF-8 sequence that the next chunk may complete. */
function incompleteTail(bytes: Buffer): number {
  for (let back = 1; back <= 3 && back <= bytes.length; back++) {
    const byte = bytes[bytes.length - back];
    if ((byte & 0xc0) === 0x80) continue;
    if (byte < 0xc0) return 0;
    const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
    return needed > back ? back : 0;
  }
  return 0;
}
