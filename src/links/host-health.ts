import dns from 'node:dns';
import type { LookupFunction } from 'node:net';
import type { FailureReason } from './failure-reason.js';

/** Reasons that say the host gave no answer at all; a host can be remembered for them. */
const NO_ANSWER = new Set<string>(['dns', 'connection', 'timeout']);
/** Failures of a host that never answered before it is remembered, per reason (DNS is one look-up: once is enough). */
const FAILURES_TO_REMEMBER: Record<string, number> = { dns: 1, connection: 2, timeout: 2 };

/** A host remembered as unreachable for the rest of the run. */
export interface UnreachableHost {
  host: string;
  reason: FailureReason;
  /** The first failure's words (`getaddrinfo ENOTFOUND example.org`, `connect ECONNREFUSED 127.0.0.1:9`). */
  detail: string;
  /** Links to the host reported with this reason, the first failures included. */
  links: number;
}

interface HostRecord {
  /** It gave an HTTP answer in this run: it is up, whatever a single request met. */
  answered: boolean;
  failures: number;
  firstReason?: FailureReason;
  firstDetail?: string;
  remembered?: { reason: FailureReason; detail: string };
  links: number;
  /** While the host has never answered, one request at a time finds out whether it can (the others wait here). */
  gate?: Promise<void>;
}

/**
 * What the run learnt about each host: a host that failed DNS, refused connections or
 * timed out repeatedly without ever answering is remembered, and later links to it get
 * the same reason at once (a crawl of a site linking to 400 hosts on a machine without
 * network ends in seconds, not hours). A host that answered once is never remembered
 * for a timeout: a slow page is not a dead host. DNS answers are looked up once per
 * name and run, so one host never fails as `dns` for some links and `timeout` for others.
 */
export class HostHealth {
  private readonly hosts = new Map<string, HostRecord>();
  private readonly lookups = new Map<string, Promise<dns.LookupAddress[]>>();

  constructor(private readonly lookupTimeoutMs: number) {}

  /** The remembered failure of `host` (`name:port`), if any. */
  remembered(host: string): { reason: FailureReason; detail: string } | undefined {
    return this.hosts.get(host)?.remembered;
  }

  /**
   * Runs `request` once the host is known to answer, or alone when it is not known yet
   * (the first request finds out, the others wait for its outcome): an unreachable host
   * costs one or two requests, not one per link.
   */
  async whenKnown<T>(host: string, request: () => Promise<T>): Promise<T> {
    const record = this.record(host);
    while (!record.answered && !record.remembered && record.gate) await record.gate;
    if (record.answered || record.remembered) return request();
    let open!: () => void;
    record.gate = new Promise<void>((resolve) => (open = resolve));
    try {
      return await request();
    } finally {
      record.gate = undefined;
      open();
    }
  }

  answered(host: string): void {
    const record = this.record(host);
    record.answered = true;
    record.remembered = undefined;
  }

  /**
   * A request to `host` got no answer for `reason`. Returns the reason to report: the
   * remembered one once the host is remembered (a request in flight when it was may meet
   * a different symptom of the same dead host).
   */
  failed(host: string, reason: FailureReason, detail: string): { reason: FailureReason; detail: string } {
    const record = this.record(host);
    if (record.remembered) return record.remembered;
    if (!NO_ANSWER.has(reason) || record.answered) return { reason, detail };
    record.failures++;
    record.firstReason ??= reason;
    record.firstDetail ??= detail;
    if (record.failures >= (FAILURES_TO_REMEMBER[reason] ?? Infinity)) record.remembered = { reason, detail };
    return { reason, detail };
  }

  /** One more link to `host` was reported with a no-answer `reason`. */
  countLink(host: string, reason: string): void {
    if (NO_ANSWER.has(reason)) this.record(host).links++;
  }

  /** Hosts remembered as unreachable, the most linked first. */
  unreachable(): UnreachableHost[] {
    return [...this.hosts]
      .filter(([, r]) => r.remembered)
      .map(([host, r]) => ({ host, reason: r.remembered!.reason, detail: r.remembered!.detail, links: r.links }))
      .sort((a, b) => b.links - a.links || a.host.localeCompare(b.host));
  }

  /**
   * `net.connect`'s look-up, once per name and run; a look-up that takes longer than the
   * connect timeout fails as DNS (EAI_AGAIN), not as a connection timeout.
   */
  readonly lookup: LookupFunction = (hostname, options, callback) => {
    let addresses = this.lookups.get(hostname);
    if (!addresses) {
      addresses = lookupWithin(hostname, this.lookupTimeoutMs);
      this.lookups.set(hostname, addresses);
    }
    addresses.then(
      (all) => {
        const family = options.family === 4 || options.family === 6 ? options.family : options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : 0;
        const fitting = family ? all.filter((a) => a.family === family) : all;
        if (!fitting.length) {
          callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', hostname }), '', 4);
          return;
        }
        if (options.all) (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, fitting);
        else callback(null, fitting[0].address, fitting[0].family);
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 4),
    );
  };

  private record(host: string): HostRecord {
    let record = this.hosts.get(host);
    if (!record) {
      record = { answered: false, failures: 0, links: 0 };
      this.hosts.set(host, record);
    }
    return record;
  }
}

function lookupWithin(hostname: string, timeoutMs: number): Promise<dns.LookupAddress[]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(Object.assign(new Error(`getaddrinfo EAI_AGAIN ${hostname}: no answer from DNS within ${Math.round(timeoutMs / 1000)}s`), { code: 'EAI_AGAIN', hostname })), timeoutMs);
    timer.unref();
    // Read at call time: a test or benchmark may stand in for the machine's resolver.
    dns.lookup(hostname, { all: true }, (error, addresses) => {
      clearTimeout(timer);
      if (error) reject(error);
      else resolve(addresses);
    });
  });
}
