import { readHostPort, type HostPort } from '../core/host-port.js';
import type { StepContext } from './step-context.js';
import { fail } from './step-failure.js';

/** The SMTP relay mail is sent through: the step's own `relay:`, else the run's --smtp-relay. Nothing else, ever. */
export function resolveRelay(ctx: StepContext, override?: string): HostPort {
  if (override) {
    // Checked when the journey loaded, unless it came from an expression.
    const relay = readHostPort(override);
    return relay.ok ? relay.value : fail('STEP_FAILED', `relay "${override}" is not host:port: ${relay.problem}.`);
  }
  if (ctx.run.relay) return ctx.run.relay;
  fail('STEP_FAILED', 'This step sends mail as the customer, but no SMTP relay is configured: run with --smtp-relay host:port (or give relay: in the step).');
}
