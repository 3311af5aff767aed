/**
 * journey-audit as a library: each engine works without the CLI or a browser.
 * The command line (`journey-audit`) is the main way in; see README.md.
 */
export { loadJourneyFiles, type LoadResult } from './journey/loader.js';
export { formatDiagnostic, type Diagnostic } from './journey/diagnostic.js';
export type { Journey, JourneyStep, SourceLocation } from './journey/model.js';
export { journeyJsonSchema } from './journey/json-schema.js';
export { Sink, type SinkEndpoint, type SinkOptions } from './mail/sink.js';
export { SinkClient } from './mail/sink-client.js';
export { MailboxWatcher } from './mail/mailbox-watcher.js';
export type { MailSummary, ReceivedMail, MailLink } from './mail/received-mail.js';
export { stepRegistry } from './steps/registry.js';
export { defineStep, type StepDefinition } from './steps/define-step.js';
export type { Report, JourneyResult, Finding } from './report/model.js';
export { REPORT_SCHEMA_VERSION } from './report/model.js';
