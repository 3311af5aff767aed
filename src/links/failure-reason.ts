/** Why a request got no HTTP answer, in the words of LinkResult.reason. */
export type FailureReason = 'dns' | 'tls' | 'connection' | 'timeout' | 'invalid-url';

const DNS = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NODATA', 'EAI_NONAME', 'EAI_FAIL', 'ENODATA', 'ESERVFAIL', 'ENONAME']);
const TIMEOUT = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT', 'ESOCKETTIMEDOUT', 'ABORT_ERR', 'UND_ERR_ABORTED']);
const TLS = /^(ERR_TLS_|ERR_SSL_|CERT_|DEPTH_ZERO_SELF_SIGNED_CERT$|SELF_SIGNED_CERT_IN_CHAIN$|UNABLE_TO_(VERIFY_LEAF_SIGNATURE|GET_ISSUER_CERT|GET_ISSUER_CERT_LOCALLY)$|HOSTNAME_MISMATCH$|EPROTO$)/;
const INVALID = new Set(['ERR_INVALID_URL', 'UND_ERR_INVALID_ARG', 'ERR_INVALID_ARG_VALUE', 'ERR_INVALID_HTTP_TOKEN']);

/** Tells DNS, TLS, connection and timeout failures apart from the error chain of a request. */
export function failureReason(error: unknown): FailureReason {
  for (let e = error as { code?: unknown; name?: unknown; message?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    const code = typeof e.code === 'string' ? e.code : '';
    const name = typeof e.name === 'string' ? e.name : '';
    if (DNS.has(code)) return 'dns';
    if (TIMEOUT.has(code) || name === 'TimeoutError' || name === 'AbortError') return 'timeout';
    if (TLS.test(code) || /\b(certificate|ssl|tls)\b/i.test(String(e.message ?? ''))) return 'tls';
    if (INVALID.has(code)) return 'invalid-url';
  }
  return 'connection';
}

/** Errors of a connection that was open and then dropped (reset, closed by the other side), as opposed to one never made. */
const DROPPED = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);

/**
 * The request failed because its connection went away before any answer: what a request
 * meets on a kept-alive connection that the server closes at the same moment.
 */
export function droppedBeforeAnswer(error: unknown): boolean {
  for (let e = error as { code?: unknown; message?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (typeof e.code === 'string' && DROPPED.has(e.code)) return true;
    if (/socket hang up|other side closed/i.test(String(e.message ?? ''))) return true;
  }
  return false;
}
