/**
 * Playwright Test configuration of journey-audit. `journey-audit run` uses it (compiled
 * from src/runner/playwright-config.ts) with a run plan that names the journeys, the mail
 * sink and the report folder. To use Playwright's own CLI directly (UI mode, trace tools),
 * start a run with journey-audit first, then point JOURNEY_AUDIT_PLAN at its plan:
 *
 *   JOURNEY_AUDIT_PLAN=reports/latest/.plan.json npx playwright test --ui
 *
 * (the sink of that run must still be reachable for mail steps).
 */
export { default } from './dist/runner/playwright-config.js';
