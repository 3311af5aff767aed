/** The newsletter's web pages. */
import { BRAND, LISTS } from './newsletter-mail.js';
import type { ListName, Subscriber } from './newsletter-subscribers.js';
import { errorList, html, layout, type SafeHtml } from './site.js';

function page(title: string, body: SafeHtml): string {
  return layout({ brand: BRAND, title, body });
}

/** Hidden fields naming the subscriber and list a form acts on. */
function listFields(subscriber: Subscriber, list: ListName): SafeHtml {
  return html`<input type="hidden" name="token" value="${subscriber.unsubscribeToken}">${
    list === 'weekly' ? '' : html`\n<input type="hidden" name="list" value="${list}">`
  }`;
}

export function homePage(email: string, errors: readonly string[]): string {
  return page(
    'Subscribe',
    html`<h1>${BRAND}</h1>
<p>One short, honest email every week about keeping promises. Unsubscribe any time with one click.</p>
${errorList(errors)}
<form method="post" action="/subscribe" novalidate>
<label for="email">Email</label>
<input type="email" id="email" name="email" autocomplete="email" value="${email}">
<button type="submit">Subscribe</button>
</form>`,
  );
}

export function checkInboxPage(email: string): string {
  return page(
    'Check your inbox',
    html`<h1>Check your inbox</h1>
<p>We sent a confirmation link to ${email}. Click it to start receiving ${BRAND}.</p>`,
  );
}

export function subscribedPage(subscriber: Subscriber): string {
  return page(
    "You're subscribed!",
    html`<h1>You're subscribed!</h1>
<p>${BRAND} will arrive at ${subscriber.email} once a week.</p>`,
  );
}

/** The one page of a good unsubscribe flow (and the first of the `pre-ticked` one). */
export function unsubscribePage(subscriber: Subscriber, list: ListName): string {
  return page(
    'Unsubscribe',
    html`<h1>Unsubscribe</h1>
<p>Stop receiving ${LISTS[list].title} at ${subscriber.email}?</p>
<form method="post" action="/unsubscribe">
${listFields(subscriber, list)}
<button type="submit">Unsubscribe</button>
</form>`,
  );
}

export function unsubscribedPage(subscriber: Subscriber, list: ListName, stillOn: readonly ListName[] = []): string {
  return page(
    'You have been unsubscribed',
    html`<h1>You have been unsubscribed</h1>
<p>You will not receive ${LISTS[list].title} at ${subscriber.email} any more.</p>${
      stillOn.length > 0 ? html`\n<p class="note">You will still receive ${stillOn.map((l) => LISTS[l].title).join(' and ')}.</p>` : ''
    }`,
  );
}

/** The `pre-ticked` variant's second page: boxes ticked to stay, and a guilt trip on the way out. */
export function keepMePage(subscriber: Subscriber, list: ListName, others: readonly ListName[]): string {
  return page(
    'Before you go',
    html`<h1>Before you go…</h1>
<p>Thousands of readers keep their promises with us every week. Are you sure you want to miss out?</p>
<form method="post" action="/unsubscribe/confirm">
${listFields(subscriber, list)}
<fieldset><legend>Stay in touch</legend>
${others.map(
  (other) => html`<div class="check"><input type="checkbox" id="keep-${other}" name="keep" value="${other}" checked><label for="keep-${other}">Keep me on ${LISTS[other].title}</label></div>
`,
)}</fieldset>
<button type="submit" name="choice" value="stay">Yes, keep me learning</button>
<button type="submit" name="choice" value="leave">No, I don't want to keep learning. Unsubscribe me</button>
</form>`,
  );
}

export function stillSubscribedPage(subscriber: Subscriber, list: ListName): string {
  return page(
    'Still subscribed',
    html`<h1>Great, you're staying!</h1>
<p>${LISTS[list].title} will keep arriving at ${subscriber.email}.</p>`,
  );
}

export function loginPage(next: string, failed: boolean): string {
  return page(
    'Log in',
    html`<h1>Log in to manage your subscription</h1>
${errorList(failed ? ['The email or password is not correct.'] : [])}
<form method="post" action="/login">
<input type="hidden" name="next" value="${next}">
<label for="email">Email</label>
<input type="email" id="email" name="email" autocomplete="username" required>
<label for="password">Password</label>
<input type="password" id="password" name="password" autocomplete="current-password" required>
<button type="submit">Log in</button>
</form>
<p class="note">No account yet? Create one to manage your email preferences.</p>`,
  );
}
