import { existsSync } from 'node:fs';
import { parseMessage } from './parse.js';
import type { MailSummary, ReceivedMail } from './received-mail.js';
import type { SinkClient } from './sink-client.js';

/** Parses locally when the .eml is on this machine's disk; otherwise asks the sink. */
export function parseMessageFromSink(client: SinkClient, summary: MailSummary): Promise<ReceivedMail> {
  return existsSync(summary.path) ? parseMessage(summary) : client.get(summary.id);
}
