import { createSocket, type Socket } from 'node:dgram';

/**
 * A DNS server on loopback UDP that answers TXT questions from a table (and NXDOMAIN for
 * anything else): enough for DKIM key lookups without the real DNS.
 */
export interface DnsStub {
  /** `127.0.0.1:port`, as JOURNEY_AUDIT_DNS wants it. */
  address: string;
  /** Names asked so far. */
  asked: string[];
  close(): Promise<void>;
}

export async function startDnsStub(txt: Record<string, string>): Promise<DnsStub> {
  const asked: string[] = [];
  const socket: Socket = createSocket('udp4');
  socket.on('message', (query, peer) => {
    const { name, questionEnd, type } = readQuestion(query);
    asked.push(name);
    const record = type === 16 ? txt[name.toLowerCase()] : undefined;
    const header = Buffer.alloc(12);
    query.copy(header, 0, 0, 2); // id
    header.writeUInt16BE(record === undefined ? 0x8183 : 0x8180, 2); // response, recursion available, NXDOMAIN or no error
    header.writeUInt16BE(1, 4);
    header.writeUInt16BE(record === undefined ? 0 : 1, 6);
    const question = query.subarray(12, questionEnd);
    const answer = record === undefined ? Buffer.alloc(0) : txtAnswer(record);
    socket.send(Buffer.concat([header, question, answer]), peer.port, peer.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return {
    address: `127.0.0.1:${socket.address().port}`,
    asked,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}

function readQuestion(query: Buffer): { name: string; type: number; questionEnd: number } {
  const labels: string[] = [];
  let at = 12;
  while (query[at] !== 0) {
    labels.push(query.subarray(at + 1, at + 1 + query[at]).toString('ascii'));
    at += query[at] + 1;
  }
  const type = query.readUInt16BE(at + 1);
  return { name: labels.join('.'), type, questionEnd: at + 5 };
}

/** One TXT record (split into strings of at most 255 bytes) for the name in the question. */
function txtAnswer(text: string): Buffer {
  const chunks: Buffer[] = [];
  for (let i = 0; i < text.length; i += 255) {
    const part = Buffer.from(text.slice(i, i + 255), 'ascii');
    chunks.push(Buffer.from([part.length]), part);
  }
  const rdata = Buffer.concat(chunks);
  const fixed = Buffer.alloc(12);
  fixed.writeUInt16BE(0xc00c, 0); // the name: a pointer to the question
  fixed.writeUInt16BE(16, 2); // TXT
  fixed.writeUInt16BE(1, 4); // IN
  fixed.writeUInt32BE(60, 6); // TTL
  fixed.writeUInt16BE(rdata.length, 10);
  return Buffer.concat([fixed, rdata]);
}
