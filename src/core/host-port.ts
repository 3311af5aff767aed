/**
 * A TCP endpoint: a host name or IP address and a port. An IPv6 address is kept without
 * its brackets (`::1`); `formatHostPort` puts them back. Every `{ host, port }` in the code
 * is this type, or a type that extends it with more fields.
 */
export interface HostPort {
  host: string;
  port: number;
}

export type HostPortReading = { ok: true; value: HostPort } | { ok: false; problem: string };

/**
 * Reads `host:port` as written on the command line, in a journey or in a config file:
 * `smtp.example.test:25`, `127.0.0.1:2525`, `[::1]:25` (an IPv6 address in brackets).
 * Says what is wrong when it cannot: no port, a port that is not a number or out of range,
 * an IPv6 address without brackets, a URL.
 */
export function readHostPort(text: string): HostPortReading {
  const written = text.trim();
  const problem = (why: string): HostPortReading => ({ ok: false, problem: why });
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(written)?.[1];
  if (scheme) return problem(`write host:port without "${scheme}://"`);
  let host: string;
  let port: string;
  if (written.startsWith('[')) {
    const close = written.indexOf(']');
    if (close === -1) return problem(`the [ before the IPv6 address is never closed, as in [::1]:25`);
    host = written.slice(1, close);
    const rest = written.slice(close + 1);
    if (rest === '') return problem('no port after the address, as in [::1]:25');
    if (!rest.startsWith(':')) return problem(`"${rest}" after the ] is not :port`);
    port = rest.slice(1);
  } else {
    const colon = written.lastIndexOf(':');
    if (colon === -1) return problem('no port: expected host:port, as in smtp.example.test:25');
    host = written.slice(0, colon);
    port = written.slice(colon + 1);
    if (host.includes(':')) return problem(`an IPv6 address goes in brackets before the port, as in [${host}]:${port}`);
  }
  if (host === '') return problem('no host before the port');
  if (/[\s[\]/@]/.test(host)) return problem(`"${host}" is not a host name or IP address`);
  if (port === '') return problem('no port after the colon');
  if (!/^\d+$/.test(port)) return problem(`port "${port}" is not a number`);
  const number = Number(port);
  if (number < 1 || number > 65535) return problem(`port ${port} is out of range (1–65535)`);
  return { ok: true, value: { host, port: number } };
}

/** `host:port` read as `readHostPort` does; undefined when unreadable. */
export function parseHostPort(text: string): HostPort | undefined {
  const reading = readHostPort(text);
  return reading.ok ? reading.value : undefined;
}

/** `host:port` as a person writes it: an IPv6 address in brackets (`[::1]:25`). */
export function formatHostPort({ host, port }: HostPort): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
