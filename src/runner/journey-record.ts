import type { JourneyResult } from '../model/report.js';

/** What a worker knows about one attempt of a journey; the reporter adds outcome and retries. */
export type JourneyRecord = Omit<JourneyResult, 'status' | 'durationMs' | 'retries' | 'error' | 'attachments'>;

export const RECORD_ATTACHMENT = 'journey-audit-record';
export const RECORD_CONTENT_TYPE = 'application/vnd.journey-audit.record+json';
