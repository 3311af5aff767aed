import type { StepDefinition } from './define-step.js';
import auditReplies from './audit-replies.step.js';
import auditUnsubscribe from './audit-unsubscribe.step.js';
import capture from './capture.step.js';
import checkLinks from './check-links.step.js';
import check from './check.step.js';
import click from './click.step.js';
import expectNoEmail from './expect-no-email.step.js';
import expectNotSoft404 from './expect-not-soft-404.step.js';
import expectText from './expect-text.step.js';
import expectUrl from './expect-url.step.js';
import expectVisible from './expect-visible.step.js';
import fill from './fill.step.js';
import goto from './goto.step.js';
import http from './http.step.js';
import openLink from './open-link.step.js';
import press from './press.step.js';
import reply from './reply.step.js';
import screenshot from './screenshot.step.js';
import select from './select.step.js';
import sendEmail from './send-email.step.js';
import wait from './wait.step.js';
import waitForEmail from './wait-for-email.step.js';

/** Every step kind, in the order the docs list them. Adding a step = adding a file and a line here. */
const ALL: StepDefinition[] = [
  goto, click, fill, select, check, press,
  expectText, expectUrl, expectVisible, expectNotSoft404, screenshot, capture,
  http, wait, checkLinks,
  waitForEmail, openLink, expectNoEmail,
  auditUnsubscribe, reply, sendEmail, auditReplies,
] as unknown as StepDefinition[];

export const stepRegistry: ReadonlyMap<string, StepDefinition> = new Map(ALL.map((step) => [step.name, step]));

/** Keys every step accepts beside its kind. */
export const COMMON_STEP_KEYS = ['name', 'timeout', 'optional', 'soft'] as const;

/** `use:` is expanded by the loader (sub-journeys) rather than run as a step. */
export const USE_KEY = 'use';

export const STEP_NAMES: readonly string[] = [...stepRegistry.keys()];
