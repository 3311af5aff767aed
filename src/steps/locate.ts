import type { Locator, Page } from 'playwright';
import { formatDuration } from '../core/duration.js';
import { fail } from './step-failure.js';
import { isTimeoutError } from './timeout-error.js';
import { toPattern } from '../core/pattern.js';
import type { LocatorArgs } from './args.js';

/** `/…/flags` is a regular expression, as in every other text a journey matches; other text is itself. */
const matcher = (text: string): string | RegExp => toPattern(text).playwright;

/**
 * Finds what a customer would click: with plain text, a button, link or menu item of that
 * name wins over other elements that merely contain the text (a heading, a paragraph).
 */
export async function locateAction(page: Page, args: LocatorArgs, timeoutMs: number): Promise<Locator> {
  if (args.text === undefined) return locate(page, args);
  const { exact } = args;
  const text = matcher(args.text);
  const actionable = page
    .getByRole('button', { name: text, exact })
    .or(page.getByRole('link', { name: text, exact }))
    .or(page.getByRole('menuitem', { name: text, exact }));
  const pick = (locator: Locator) => (args.nth === undefined ? locator.first() : locator.nth(args.nth));
  // Wait until something with the text shows up, then prefer the actionable match.
  try {
    await pick(actionable.or(page.getByText(text, { exact }))).waitFor({ state: 'visible', timeout: timeoutMs });
  } catch (error) {
    if (!isTimeoutError(error)) throw error;
    fail('ELEMENT_NOT_FOUND', `The page ${page.url()} showed no button, link or text "${text}" within ${formatDuration(timeoutMs)}.`);
  }
  return (await actionable.count()) > 0 ? pick(actionable) : pick(page.getByText(text, { exact }));
}

/** Finds an element by the one way the journey names it: text, label, role, test id or CSS. */
export function locate(page: Page, args: LocatorArgs, prefer: 'field' | 'any' = 'any'): Locator {
  const exact = args.exact;
  let locator: Locator;
  if (args.role) locator = page.getByRole(args.role as Parameters<Page['getByRole']>[0], { name: args.name === undefined ? undefined : matcher(args.name), exact });
  else if (args.label) locator = page.getByLabel(matcher(args.label), { exact });
  else if (args.placeholder) locator = page.getByPlaceholder(matcher(args.placeholder), { exact });
  else if (args.testId) locator = page.getByTestId(args.testId);
  else if (args.css) locator = page.locator(args.css);
  else {
    const text = matcher(args.text ?? '');
    if (prefer === 'field') {
      locator = page.getByLabel(text, { exact }).or(page.getByPlaceholder(text, { exact }));
    } else {
      locator = page.getByText(text, { exact });
    }
  }
  return args.nth === undefined ? locator.first() : locator.nth(args.nth);
}
