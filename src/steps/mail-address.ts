import addressparser from 'nodemailer/lib/addressparser';

/** The bare address in a header value such as `"News" <news@example.com>`. */
export function mailAddress(text: string): string {
  const [first] = addressparser(text, { flatten: true }) as { address?: string }[];
  return first?.address || text.trim();
}
