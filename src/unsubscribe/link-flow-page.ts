/**
 * What the unsubscribe-flow walker sees of a page: its visible text, the controls a
 * customer could press, the form fields, ticked boxes and signs of a CAPTCHA. Read in
 * one pass inside the page; each element the walker may act on is tagged with
 * `data-journey-audit-flow="<n>"` so it can be found again with a locator.
 */
import type { Locator, Page } from 'playwright';

export const FLOW_ATTRIBUTE = 'data-journey-audit-flow';

export interface FlowControl {
  id: string;
  /** `button`, `link` or `submit`. */
  kind: string;
  text: string;
}

export interface FlowField {
  id: string;
  /** The input type, `select` or `textarea`. */
  type: string;
  label: string;
  required: boolean;
  value: string;
  /** type=email, or a name/label that says e-mail. */
  emailLike: boolean;
}

export interface FlowCheckbox {
  id: string;
  label: string;
  type: 'checkbox' | 'radio';
  /** The radio group (the input's name). */
  name: string;
  checked: boolean;
}

export interface PageSnapshot {
  url: string;
  text: string;
  controls: FlowControl[];
  fields: FlowField[];
  /** Checkboxes and radio buttons, ticked or not. */
  choices: FlowCheckbox[];
  hasPassword: boolean;
  /** Status statements: visible headings, role=status/alert, aria-live regions, <output>. */
  statements: string[];
  /** A visible CAPTCHA widget (reCAPTCHA, hCaptcha, Turnstile, …) is on the page. */
  hasCaptchaWidget: boolean;
}

export function flowElement(page: Page, id: string): Locator {
  return page.locator(`[${FLOW_ATTRIBUTE}="${id}"]`);
}

/** Reads the page. Runs in the browser: everything it needs is inside the function. */
export function readPage(page: Page): Promise<PageSnapshot> {
  return page.evaluate((attribute) => {
    let next = 0;
    const tag = (el: Element): string => {
      const existing = el.getAttribute(attribute);
      if (existing) return existing;
      const id = String(++next) + '-' + Math.random().toString(36).slice(2, 8);
      el.setAttribute(attribute, id);
      return id;
    };
    const visible = (el: Element): boolean => {
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) return false;
      const style = getComputedStyle(el);
      return style.visibility !== 'hidden' && style.display !== 'none' && Number(style.opacity) > 0;
    };
    const clean = (text: string | null | undefined) => (text ?? '').replace(/\s+/g, ' ').trim();
    const labelOf = (el: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement): string => {
      const fromLabels = [...(el.labels ?? [])].map((l) => l.innerText).join(' ');
      return clean(fromLabels || el.getAttribute('aria-label') || el.getAttribute('placeholder') || el.closest('label')?.innerText || el.parentElement?.innerText || el.name);
    };

    const controls = [...document.querySelectorAll('button, input[type=submit], input[type=button], input[type=image], a[href], [role=button]')]
      // Mail and phone links leave the browser: they are not a step of the web flow.
      .filter((el) => !/^(?:mailto|tel|sms):/i.test(el.getAttribute('href') ?? ''))
      .filter(visible)
      .filter((el) => !(el as HTMLButtonElement).disabled)
      .map((el) => {
        const input = el as HTMLInputElement;
        const text = clean((el as HTMLElement).innerText) || clean(input.value) || clean(el.getAttribute('aria-label')) || clean(el.getAttribute('title')) || clean(el.querySelector('img')?.alt);
        const kind = el.tagName === 'A' ? 'link' : el.tagName === 'INPUT' && input.type !== 'button' ? 'submit' : 'button';
        return { id: tag(el), kind, text };
      })
      .filter((c) => c.text !== '');

    const inputs = [...document.querySelectorAll('input, select, textarea')] as (HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement)[];
    const fields = inputs
      .filter((el) => !['hidden', 'submit', 'button', 'image', 'reset', 'checkbox', 'radio', 'password'].includes(el.type) && visible(el) && !el.disabled)
      .filter((el) => !(el as HTMLInputElement).readOnly)
      .map((el) => {
        const label = labelOf(el);
        const type = el.tagName === 'INPUT' ? el.type : el.tagName.toLowerCase();
        const emailLike = type === 'email' || /e-?mail/i.test(`${el.name} ${el.id} ${label} ${el.getAttribute('autocomplete') ?? ''}`);
        return { id: tag(el), type, label, required: el.required || el.getAttribute('aria-required') === 'true', value: el.value, emailLike };
      });
    const choices = inputs
      .filter((el): el is HTMLInputElement => (el.type === 'checkbox' || el.type === 'radio') && !el.disabled)
      .filter((el) => visible(el) || (el.labels?.[0] !== undefined && visible(el.labels[0])))
      .map((el) => ({ id: tag(el), label: labelOf(el), type: el.type as 'checkbox' | 'radio', name: el.name, checked: el.checked }));

    const captchaSelector =
      'iframe[src*="recaptcha"], iframe[src*="hcaptcha"], iframe[src*="turnstile"], iframe[src*="challenges.cloudflare.com"], .g-recaptcha, .h-captcha, .cf-turnstile, [data-sitekey]';
    return {
      url: location.href,
      text: (document.body?.innerText ?? '').slice(0, 50_000),
      controls,
      fields,
      choices,
      hasPassword: inputs.some((el) => el.type === 'password' && visible(el)),
      statements: [...document.querySelectorAll('h1, h2, h3, [role=status], [role=alert], [aria-live=polite], [aria-live=assertive], output')]
        .filter(visible)
        .map((el) => clean((el as HTMLElement).innerText).slice(0, 300))
        .filter((text, index, all) => text !== '' && all.indexOf(text) === index),
      // Invisible CAPTCHAs (reCAPTCHA v3's badge, data-size="invisible") ask nothing of the customer.
      hasCaptchaWidget: [...document.querySelectorAll(captchaSelector)].some(
        (el) => visible(el) && !el.closest('.grecaptcha-badge') && !/size=invisible/.test(el.getAttribute('src') ?? '') && el.getAttribute('data-size') !== 'invisible',
      ),
    };
  }, FLOW_ATTRIBUTE);
}
