/**
 * journey-audit as a library: each engine works without the CLI or a browser.
 * The command line (`journey-audit`) is the main way in; see README.md.
 */
export { loadJourneyFiles, type LoadResult } from './journey/loader.js';
export { formatDiagnostic, type Diagnostic } from './model/diagnostic.js';
export type { Journey, JourneyStep, SourceLocation } from './model/journey.js';
export { journeyJsonSchema } from './journey/json-schema.js';
export { Sink, type SinkEndpoint, type SinkOptions } from './mail/sink.js';
export { SinkClient } from './mail/sink-client.js';
export { MailboxWatcher } from './mail/mailbox-watcher.js';
export type { MailSummary, ReceivedMail, MailLink } from './mail/received-mail.js';
export { stepRegistry } from './steps/registry.js';
export { defineStep, type StepDefinition } from './steps/define-step.js';
export type { Report, JourneyResult, Finding } from './model/report.js';
export { REPORT_SCHEMA_VERSION } from './model/report.js';
