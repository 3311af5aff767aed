/** Where something was written: 1-based line and column in a journey file. */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

/** One step of a loaded journey, validated but not yet interpolated. */
export interface JourneyStep {
  /** Registry name of the step kind, e.g. `waitForEmail`. */
  kind: string;
  /** Arguments as written (strings still hold `${{ … }}` expressions). */
  args: unknown;
  /** Human title: the step's `name`, or the kind's own description of its arguments. */
  title: string;
  /** The step's own time limit plus the time it needs by nature (a wait window). */
  timeoutMs: number;
  optional: boolean;
  /** A failure is recorded and the journey goes on, failing at the end (a step that judges). */
  soft?: boolean;
  location: SourceLocation;
  /** The chain of `use:` steps this step was expanded from, outermost first. */
  via?: SourceLocation[];
}

export interface Journey {
  name: string;
  file: string;
  description?: string;
  baseURL?: string;
  /** Checks go on after failing (`soft: true` at the top of the journey). */
  soft?: boolean;
  mailboxes: string[];
  tags: string[];
  steps: JourneyStep[];
  /** Names of secrets the journey reads, so every output can mask their values. */
  secrets: string[];
  /** Names of environment variables the journey reads. */
  env: string[];
  /** Where each variable is first read, keyed `env.X` / `secrets.X` (for "not set" messages). */
  reads?: Record<string, SourceLocation>;
  /** Open "verify you are human" links the site sends (a side effect on the site); default false. */
  followChallenges?: boolean;
  location: SourceLocation;
}
