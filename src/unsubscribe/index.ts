/**
 * The unsubscribe and mail-loop audit, for the steps (import it lazily: it loads
 * nodemailer). Pure checks: header-audit, body-audit, reply-classifier; I/O: one-click
 * (HTTP), send-mail (SMTP relay), observation-store (files). The browser walk of the
 * link path is in link-flow.ts, imported on its own.
 */
export { auditListHeaders, auditListHeadersRaw, isLoopbackHost, type AuditProblem, type HeaderAudit, type HeaderAuditOptions } from './header-audit.js';
export { auditBody, type BodyAudit, type BodyLink, type HiddenLink } from './body-audit.js';
export { splitHeaderBlock, headerValue, valuesOf, type HeaderLine } from './header-lines.js';
export { parseListUnsubscribe, type ListUnsubscribeEntry } from './list-unsubscribe.js';
export { parseMailto, mailtoToMessage, type ParsedMailto, type MailtoMessage } from './mailto.js';
export { dkimSignatures, type DkimSignatureSummary } from './dkim-coverage.js';
export { verifyDkimCoverage, type DkimVerification, type VerifiedSignature, type DnsResolver } from './dkim-verify.js';
export { linkPurpose, type LinkPurpose } from './unsubscribe-words.js';
export { postOneClick, formatExchange, type OneClickExchange, type OneClickOptions, type OneClickOutcome, type OneClickEncoding } from './one-click.js';
export { sendMailAs, type RelayConfig, type SendMailOptions, type SentMail } from './send-mail.js';
export { classifyReply, detectLoop, type ReplyClass, type ReplyKind, type ReplyMail, type LoopVerdict, type LeaveConfirmation } from './reply-classifier.js';
export { provingSentence } from './proving-sentence.js';
export {
  openObservation,
  recordMails,
  evaluate,
  violations,
  observationRule,
  observationFile,
  loadObservation,
  type Observation,
  type ObservationInit,
  type StoredObservation,
  type MailSeen,
} from './observation-store.js';
export { observationVerdict, formatOffset, type ObservationVerdict } from './observation-verdict.js';
export { judgePage, obviousAction, type PageVerdict, type PageJudgement, type JudgeOptions } from './page-verdict.js';
