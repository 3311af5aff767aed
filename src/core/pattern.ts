/**
 * A text matcher as written in journeys: `/confirm/i` is a regular expression, anything
 * else matches as a case-insensitive substring.
 */
export interface TextPattern {
  source: string;
  /** The same matcher in the form Playwright's locators and assertions take. */
  playwright: string | RegExp;
  test(text: string | undefined): boolean;
  toString(): string;
}

const REGEX_LITERAL = /^\/(.*)\/([dgimsuvy]*)$/s;

/** The error message for an invalid regular expression literal, or undefined when valid. */
export function regexError(value: string): string | undefined {
  const match = REGEX_LITERAL.exec(value);
  if (!match) return undefined;
  try {
    new RegExp(match[1], match[2]);
    return undefined;
  } catch (error) {
    return (error as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '');
  }
}

export function toPattern(value: string): TextPattern {
  const match = REGEX_LITERAL.exec(value);
  if (match) {
    const regex = new RegExp(match[1], match[2].replace('g', ''));
    return { source: value, playwright: regex, test: (text) => text !== undefined && regex.test(text), toString: () => value };
  }
  const needle = value.toLowerCase();
  return {
    source: value,
    playwright: value,
    test: (text) => text !== undefined && text.toLowerCase().includes(needle),
    toString: () => JSON.stringify(value),
  };
}
