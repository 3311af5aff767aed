import type { SourceLocation } from '../model/journey.js';

/** Shared state while one journey and its sub-journeys are expanded. */
export interface JourneyScope {
  mailboxes: Set<string>;
  captures: Set<string>;
  stepNames: Set<string>;
  env: Set<string>;
  secrets: Set<string>;
  /** Where each `env.X` / `secrets.X` is first read. */
  reads: Map<string, SourceLocation>;
  stepTimeoutMs: number;
  /** The journey's `soft:` default for checks. */
  soft: boolean;
}
