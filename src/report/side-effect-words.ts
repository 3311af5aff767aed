import type { SideEffect } from '../model/report.js';

/** How the report names each kind of side effect, for a marketer. */
export const SIDE_EFFECT_WORDS: Record<SideEffect['kind'], string> = {
  'one-click-post': 'One-click unsubscribe request (POST)',
  'mailto-sent': 'Unsubscribe email sent',
  'reply-sent': 'Reply sent',
  'mail-sent': 'Email sent as the customer',
  'link-followed': 'Link opened',
  'form-submitted': 'Form submitted on the unsubscribe page',
  'challenge-followed': '“Verify you are human” link followed',
};
