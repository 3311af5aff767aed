import type { Locator, Page } from 'playwright';
import type { LocatorArgs } from './args.js';

/**
 * Finds an element the way the customer would. Plain text prefers buttons and links
 * (what people click), then any element with that text.
 */
export function locate(page: Page, args: LocatorArgs, prefer: 'action' | 'field' | 'any' = 'any'): Locator {
  const exact = args.exact;
  let locator: Locator;
  if (args.role) locator = page.getByRole(args.role as Parameters<Page['getByRole']>[0], { name: args.name, exact });
  else if (args.label) locator = page.getByLabel(args.label, { exact });
  else if (args.placeholder) locator = page.getByPlaceholder(args.placeholder, { exact });
  else if (args.testId) locator = page.getByTestId(args.testId);
  else if (args.css) locator = page.locator(args.css);
  else {
    const text = args.text ?? '';
    if (prefer === 'action') {
      locator = page
        .getByRole('button', { name: text, exact })
        .or(page.getByRole('link', { name: text, exact }))
        .or(page.getByRole('menuitem', { name: text, exact }));
      locator = locator.or(page.getByText(text, { exact }).filter({ hasNot: locator }));
    } else if (prefer === 'field') {
      locator = page.getByLabel(text, { exact }).or(page.getByPlaceholder(text, { exact }));
    } else {
      locator = page.getByText(text, { exact });
    }
  }
  return args.nth === undefined ? locator.first() : locator.nth(args.nth);
}
