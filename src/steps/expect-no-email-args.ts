import { z } from 'zod';
import { HOLIDAY_CALENDARS } from '../core/holidays.js';
import type { ReceivedMail } from '../mail/received-mail.js';
import { valuesOf } from '../unsubscribe/header-lines.js';
import { duration, mailboxName, pattern, window } from './args.js';

const DEFAULT_WATCH_MS = 10_000;

export const expectNoEmailArgs = z.strictObject({
  to: mailboxName,
  subject: pattern.optional(),
  from: pattern.optional(),
  listId: pattern.optional().meta({ description: 'Only mail whose List-Id header matches (one list among several from the same sender)' }),
  for: window.prefault(10_000).meta({
    description:
      'How long no mail may come: 20s within the run, or "2 days", "10 business days" across runs. The window opens when the previous waitForEmail or expectNoEmail step ended (or the journey started), not when this step starts, so mail a click or http step just before triggered counts; it closes this long after this step starts',
  }),
  reason: z
    .enum(['unsubscribed'])
    .optional()
    .meta({ description: 'Why no mail may come; "unsubscribed" reports UNSUB_NOT_HONOURED' }),
  grace: window.optional().meta({ description: 'Across runs: the time the rule allows to honour the unsubscribe (mail within it is listed, not a violation), e.g. 10 business days' }),
  calendar: z.enum(HOLIDAY_CALENDARS as ['US', 'CA', 'none']).default('US').meta({ description: 'Holidays that do not count as business days: US (federal), CA (federal) or none' }),
  watch: duration.default(DEFAULT_WATCH_MS).meta({ description: 'Across runs: how long each run watches the mailbox' }),
  observe: z.string().regex(/^[A-Za-z0-9._-]{1,80}$/).optional().meta({ description: 'Across runs: the name the observation is saved under (default: file and line)' }),
});

export type ExpectNoEmailArgs = z.output<typeof expectNoEmailArgs>;

/** Mail of one list (by its List-Id header), or all mail when no list is named. */
export function onList(mails: ReceivedMail[], listId: ExpectNoEmailArgs['listId']): ReceivedMail[] {
  if (!listId) return mails;
  return mails.filter((m) => listId.test(valuesOf(m.headerLines, 'list-id')[0]));
}
