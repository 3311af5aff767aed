import MailComposer from 'nodemailer/lib/mail-composer';
import type Mail from 'nodemailer/lib/mailer';

/**
 * A message in RFC 5322 form, built by nodemailer's composer: the one door to that part of
 * nodemailer's internals (test/unit/mail/adapters.test.ts pins what we rely on).
 */
export function composeMessage(options: Mail.Options): Promise<Buffer> {
  return new MailComposer(options).compile().build();
}
