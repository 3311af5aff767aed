/** The bookshop's catalogue: one book, sold in two formats. */

export const BRAND = 'Bookshop';

export const BOOK = {
  slug: 'promise-keeper',
  title: 'The Promise Keeper',
  author: 'Mara Quill',
  blurb:
    'Hanna runs the bakery in a small harbour town and has never broken a promise — until the winter a stranger asks her for one she cannot keep. ' +
    'Every copy includes an online test, so you can check what you took away from the story.',
} as const;

export const FORMATS = {
  paperback: { label: 'Paperback', price: '€12.00' },
  ebook: { label: 'E-book', price: '€7.00' },
} as const;

export type FormatId = keyof typeof FORMATS;

export function isFormatId(value: string): value is FormatId {
  return Object.hasOwn(FORMATS, value);
}
