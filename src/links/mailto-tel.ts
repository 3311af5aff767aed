/** Syntax checks for links that are never followed: nothing is sent, nobody is called. */

const ADDRESS = /^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+\.[^\s@<>()[\],;:".]{2,}$/;

/** `mailto:a@example.com,b@example.com?subject=…` (addresses may also come in `to=`). */
export function validMailto(url: string): boolean {
  const body = url.replace(/^mailto:/i, '');
  const [list, query = ''] = body.split('?', 2);
  const to = [...decode(list).split(','), ...new URLSearchParams(query).getAll('to').flatMap((v) => v.split(','))]
    .map((address) => address.trim())
    .filter(Boolean);
  return to.length > 0 && to.every((address) => ADDRESS.test(address));
}

/** `tel:+49-30-1234567`, `tel:(030) 123 456;ext=12`: digits with visual separators, at least three digits. */
export function validTel(url: string): boolean {
  const number = decode(url.replace(/^tel:/i, '')).split(';')[0].trim();
  return /^\+?[\d\s().-]+$/.test(number) && (number.match(/\d/g) ?? []).length >= 3;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
