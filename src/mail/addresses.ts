import addressparser from 'nodemailer/lib/addressparser';

/** The bare addresses in a header value such as `"News" <news@example.com>, b@example.com`. */
export function addressesOf(list: string | undefined): string[] {
  if (!list) return [];
  return addressparser(list, { flatten: true })
    .map((a) => a.address)
    .filter((a): a is string => Boolean(a));
}

/** The first bare address in a header value, or the value itself when none can be read. */
export function firstAddress(text: string): string {
  return addressesOf(text)[0] || text.trim();
}
