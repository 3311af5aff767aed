import { CannotRunError, InvalidInputError, errorMessage } from '../core/errors.js';
import { DEFAULT_MAIL_DOMAIN, type SinkEndpoint } from './sink.js';
import { SinkClient, SinkHttpError } from './sink-client.js';
import { withDeadline } from '../core/deadline.js';

const HEALTH_TIMEOUT_MS = 10_000;

/**
 * The endpoint of a running `journey-audit sink` service (`run --sink <url>`), read from
 * its health API. Its SMTP host is the URL's host when the service listens on every address.
 * The token comes from JOURNEY_AUDIT_SINK_TOKEN (workers read it there too).
 */
export async function connectToSink(url: string): Promise<SinkEndpoint> {
  let api: URL;
  try {
    api = new URL(url);
  } catch {
    throw new InvalidInputError(`--sink ${url}: not a URL; expected the sink's HTTP address, e.g. http://ci-sink.internal:8025`);
  }
  if (api.protocol !== 'http:' && api.protocol !== 'https:') throw new InvalidInputError(`--sink ${url}: expected an http:// or https:// URL`);
  const base = api.origin;
  const health = await withDeadline(new SinkClient(base).health(), HEALTH_TIMEOUT_MS, () => new Error(`no answer within ${HEALTH_TIMEOUT_MS / 1000}s`)).catch((error: unknown) => {
    if (error instanceof SinkHttpError && error.status === 401) {
      throw new InvalidInputError(`--sink ${base}: the sink wants a token`, 'set JOURNEY_AUDIT_SINK_TOKEN (or --sink-token) to the token the sink was started with');
    }
    throw new CannotRunError(`--sink ${base}: no journey-audit sink answers there (${errorMessage(error)}${causeOf(error)})`, 'start one with `journey-audit sink`, or leave out --sink to start a sink for this run');
  });
  if (!health.smtp) throw new CannotRunError(`--sink ${base}: the sink did not say where its SMTP server listens`);
  const wildcard = health.smtp.host === '0.0.0.0' || health.smtp.host === '::' || health.smtp.host === '';
  return {
    api: base,
    smtpHost: wildcard ? api.hostname.replace(/^\[|\]$/g, '') : health.smtp.host,
    smtpPort: health.smtp.port,
    domain: health.domain ?? DEFAULT_MAIL_DOMAIN,
    shared: true,
  };
}

function causeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string } }).cause;
  return cause?.code ? `: ${cause.code}` : '';
}
