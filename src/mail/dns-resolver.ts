import { Resolver } from 'node:dns/promises';
import { isIP } from 'node:net';
import { formatHostPort, parseHostPort } from '../core/host-port.js';

/** Where DKIM keys are looked up: `JOURNEY_AUDIT_DNS=host:port` (a resolver you run), else the system's. */
export const DNS_SERVER_ENV = 'JOURNEY_AUDIT_DNS';

export type DnsLookup = (name: string, rrtype: string) => Promise<string[][] | string[]>;

/**
 * A lookup function for mailauth that asks one DNS server (an IP and port), or undefined when
 * none is configured (mailauth then uses the system resolver). Throws on a malformed setting.
 */
export function configuredDnsLookup(setting = process.env[DNS_SERVER_ENV]): DnsLookup | undefined {
  if (!setting) return undefined;
  const server = parseHostPort(setting);
  if (!server || !isIP(server.host)) throw new Error(`${DNS_SERVER_ENV}=${setting}: expected an IP address and port, e.g. 127.0.0.1:5353`);
  const resolver = new Resolver({ timeout: 2_000, tries: 1 });
  resolver.setServers([formatHostPort(server)]);
  return (name, rrtype) => resolver.resolve(name, rrtype) as Promise<string[][] | string[]>;
}
