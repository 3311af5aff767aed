/**
 * The only place journey-audit photographs a page. Every element that shows a secret
 * value — as text (also split across several nodes), as a field's value, placeholder or
 * other attribute — is covered by a solid box and its text made transparent, in every
 * frame, before the picture is taken.
 */
import type { Frame, Locator, Page } from 'playwright';

export interface ScreenshotRequest {
  fullPage?: boolean;
  timeout?: number;
  /** Further elements to hide (e.g. every field of a journey that reads secrets). */
  mask?: Locator[];
}

/** Values shorter than this are not looked for (they would cover ordinary text everywhere). */
export const MIN_SECRET_LENGTH = 3;
const MARK = 'data-journey-audit-secret';
/** A dark grey: not a colour pages commonly draw text in, and not Playwright's default pink. */
export const SECRET_MASK_COLOR = '#2b2b2b';
const HIDE_TEXT = `[${MARK}], [${MARK}] * { color: transparent !important; -webkit-text-fill-color: transparent !important; text-shadow: none !important; caret-color: transparent !important; }
[${MARK}]::placeholder { color: transparent !important; -webkit-text-fill-color: transparent !important; }`;

/** A screenshot in which no secret value can be read. */
export async function maskedScreenshot(page: Page, secrets: readonly string[], request: ScreenshotRequest = {}): Promise<Buffer> {
  const values = [...new Set(secrets.filter((s) => s.length >= MIN_SECRET_LENGTH))];
  const marked: Frame[] = [];
  try {
    if (values.length > 0) {
      for (const frame of page.frames()) {
        const count = await frame.evaluate(markSecretElements, { values, mark: MARK }).catch(() => 0);
        if (count > 0) marked.push(frame);
      }
    }
    return await page.screenshot({
      fullPage: request.fullPage,
      timeout: request.timeout,
      mask: [...marked.map((frame) => frame.locator(`[${MARK}]`)), ...(request.mask ?? [])],
      maskColor: SECRET_MASK_COLOR,
      style: values.length > 0 ? HIDE_TEXT : undefined,
      animations: 'disabled',
    });
  } finally {
    for (const frame of marked) await frame.evaluate((mark) => document.querySelectorAll(`[${mark}]`).forEach((e) => e.removeAttribute(mark)), MARK).catch(() => undefined);
  }
}

/**
 * Runs in the page: marks the innermost elements whose rendered text contains a secret
 * (whitespace ignored, so a value split over spans or lines is found), and every element
 * whose value or shown attribute does. Open shadow roots are searched too.
 */
function markSecretElements({ values, mark }: { values: string[]; mark: string }): number {
  const squeeze = (s: string) => s.replace(/\s+/g, '');
  const wanted = values.map(squeeze).filter((v) => v.length > 0);
  const holds = (s: string | null | undefined) => {
    if (!s) return false;
    const text = squeeze(s);
    return wanted.some((v) => text.includes(v));
  };
  const SHOWN_ATTRIBUTES = ['value', 'placeholder', 'alt', 'title', 'label', 'aria-label', 'content'];
  const SILENT = new Set(['SCRIPT', 'STYLE', 'TEMPLATE', 'NOSCRIPT', 'HEAD']);
  let count = 0;
  const markIt = (element: Element) => {
    if (!element.hasAttribute(mark)) count++;
    element.setAttribute(mark, '');
  };
  /** Returns the element's text; marks the element when it is the innermost holder of a secret. */
  const visit = (element: Element): string => {
    if (SILENT.has(element.tagName)) return '';
    let text = '';
    let childHolds = false;
    const children: Node[] = [...element.childNodes];
    if (element.shadowRoot) children.push(...element.shadowRoot.childNodes);
    for (const child of children) {
      if (child.nodeType === Node.TEXT_NODE) text += child.nodeValue ?? '';
      else if (child.nodeType === Node.ELEMENT_NODE) {
        const inner = visit(child as Element);
        if (holds(inner)) childHolds = true;
        text += inner;
      }
    }
    const field = element as Partial<HTMLInputElement>;
    const shown = typeof field.value === 'string' && holds(field.value) || SHOWN_ATTRIBUTES.some((name) => holds(element.getAttribute(name)));
    if (shown || (!childHolds && holds(text))) markIt(element);
    return text;
  };
  if (document.documentElement) visit(document.documentElement);
  return count;
}
