import { connect } from 'node:net';

/** The parts of the FastCGI protocol a web server needs to hand one request to a responder. */
const VERSION = 1;
const BEGIN_REQUEST = 1;
const END_REQUEST = 3;
const PARAMS = 4;
const STDIN = 5;
const STDOUT = 6;
const STDERR = 7;
const RESPONDER = 1;
const REQUEST_ID = 1;
const MAX_CONTENT = 0xffff;

function record(type: number, content: Buffer = Buffer.alloc(0)): Buffer {
  const padding = (8 - (content.length % 8)) % 8;
  const header = Buffer.alloc(8);
  header.writeUInt8(VERSION, 0);
  header.writeUInt8(type, 1);
  header.writeUInt16BE(REQUEST_ID, 2);
  header.writeUInt16BE(content.length, 4);
  header.writeUInt8(padding, 6);
  return Buffer.concat([header, content, Buffer.alloc(padding)]);
}

/** A stream of records of one type, cut to the protocol's 64 KiB limit, ended by an empty record. */
function stream(type: number, data: Buffer): Buffer[] {
  const records: Buffer[] = [];
  for (let offset = 0; offset < data.length; offset += MAX_CONTENT) records.push(record(type, data.subarray(offset, offset + MAX_CONTENT)));
  records.push(record(type));
  return records;
}

function nameValueLength(length: number): Buffer {
  if (length < 128) return Buffer.from([length]);
  const buffer = Buffer.alloc(4);
  buffer.writeUInt32BE((length | 0x80000000) >>> 0, 0);
  return buffer;
}

function encodeParams(params: Record<string, string>): Buffer {
  return Buffer.concat(
    Object.entries(params).flatMap(([name, value]) => {
      const n = Buffer.from(name);
      const v = Buffer.from(value);
      return [nameValueLength(n.length), nameValueLength(v.length), n, v];
    }),
  );
}

/** Sends one request (CGI variables and body) to a FastCGI responder on a Unix socket; resolves with what it wrote. */
export function fastcgiRequest(socketPath: string, params: Record<string, string>, body: Buffer, timeoutMs = 60_000): Promise<{ stdout: Buffer; stderr: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(socketPath);
    const stdout: Buffer[] = [];
    let stderr = '';
    let pending = Buffer.alloc(0);
    const timer = setTimeout(() => socket.destroy(new Error(`no answer from the FastCGI responder within ${timeoutMs} ms`)), timeoutMs);
    socket.on('connect', () => {
      const begin = Buffer.alloc(8);
      begin.writeUInt16BE(RESPONDER, 0);
      socket.write(Buffer.concat([record(BEGIN_REQUEST, begin), ...stream(PARAMS, encodeParams(params)), ...stream(STDIN, body)]));
    });
    socket.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 8) {
        const type = pending.readUInt8(1);
        const length = pending.readUInt16BE(4);
        const total = 8 + length + pending.readUInt8(6);
        if (pending.length < total) break;
        const content = pending.subarray(8, 8 + length);
        if (type === STDOUT) stdout.push(Buffer.from(content));
        else if (type === STDERR) stderr += content.toString('utf8');
        else if (type === END_REQUEST) {
          clearTimeout(timer);
          socket.end();
          resolve({ stdout: Buffer.concat(stdout), stderr });
          return;
        }
        pending = pending.subarray(total);
      }
    });
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      reject(new Error('the FastCGI responder closed the connection before ending the request'));
    });
  });
}
