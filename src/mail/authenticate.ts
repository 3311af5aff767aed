/** What a DKIM signature of a message proves, and whether it covers the unsubscribe headers. */
export interface DkimVerdict {
  /** d= of the signature. */
  domain: string;
  selector: string;
  /** pass, fail, neutral (e.g. no key), policy, temperror, … as mailauth reports it. */
  result: string;
  comment?: string;
  /** The signing domain aligns with the From domain (DMARC's sense): the aligned domain, or false. */
  aligned: string | false;
  /** Header names the signature covers (h=), lower case. */
  signedHeaders: string[];
  /** RFC 8058 wants List-Unsubscribe and List-Unsubscribe-Post under a valid DKIM signature. */
  coversListUnsubscribe: boolean;
  coversListUnsubscribePost: boolean;
}

export interface MailAuthentication {
  dkim: DkimVerdict[];
  /** SPF, DMARC and ARC results (pass, fail, none, temperror, …), from mailauth. */
  spf?: string;
  dmarc?: string;
  arc?: string;
}

export type DnsResolver = (name: string, type: string) => Promise<unknown>;

export interface AuthenticateOptions {
  /** DNS lookups (default: the system resolver). Tests pass their own records. */
  resolver?: DnsResolver;
  /** Connecting client, for SPF; by default read from the newest Received header. */
  ip?: string;
  helo?: string;
  sender?: string;
}

interface MailauthResult {
  dkim?: { results?: { signingDomain?: string; selector?: string; signingHeaders?: { keys?: string }; status?: { result?: string; comment?: string | false; aligned?: string | false } }[] };
  spf?: { status?: { result?: string } } | false;
  dmarc?: { status?: { result?: string } } | false;
  arc?: { status?: { result?: string } } | false;
}

/**
 * SPF/DKIM/DMARC/ARC of a raw message (mailauth, loaded on first use). For mail a site
 * handed straight to the captive sink SPF says little (the client is the site itself);
 * DKIM is what matters: whether the sender's signature covers List-Unsubscribe(-Post).
 */
export async function authenticateMail(raw: Buffer, options: AuthenticateOptions = {}): Promise<MailAuthentication> {
  const { authenticate } = (await import('mailauth')) as unknown as { authenticate(input: Buffer, opts: Record<string, unknown>): Promise<MailauthResult> };
  const result = await authenticate(raw, {
    resolver: options.resolver,
    ip: options.ip,
    helo: options.helo,
    sender: options.sender,
    trustReceived: options.ip === undefined,
    mta: 'journey-audit-sink',
  });
  // mailauth reports an unsigned message as one result "none" without a domain: that is no signature.
  const signatures = (result.dkim?.results ?? []).filter((signature) => signature.signingDomain);
  const dkim = signatures.map((signature): DkimVerdict => {
    const signedHeaders = (signature.signingHeaders?.keys ?? '')
      .split(':')
      .map((name) => name.trim().toLowerCase())
      .filter(Boolean);
    return {
      domain: signature.signingDomain ?? '',
      selector: signature.selector ?? '',
      result: signature.status?.result ?? 'none',
      ...(signature.status?.comment ? { comment: signature.status.comment } : {}),
      aligned: signature.status?.aligned ?? false,
      signedHeaders,
      coversListUnsubscribe: signedHeaders.includes('list-unsubscribe'),
      coversListUnsubscribePost: signedHeaders.includes('list-unsubscribe-post'),
    };
  });
  return {
    dkim,
    spf: result.spf ? result.spf.status?.result : undefined,
    dmarc: result.dmarc ? result.dmarc.status?.result : undefined,
    arc: result.arc ? result.arc.status?.result : undefined,
  };
}
