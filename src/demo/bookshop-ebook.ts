/** The e-book a buyer downloads: the story's first page and, as printed, the address of the online test. */
import { BOOK } from './bookshop-book.js';
import { simplePdf } from './simple-pdf.js';

export const EBOOK_FILE = 'the-promise-keeper.pdf';

export function ebookPdf(testUrl: string): Buffer {
  return simplePdf(BOOK.title, [
    { text: BOOK.title, size: 24 },
    { text: `by ${BOOK.author}`, size: 14 },
    { text: '' },
    { text: 'Chapter 1. The winter ferry' },
    { text: 'Hanna had baked rye bread every morning for eleven years.' },
    { text: 'She had never broken a promise, and she did not mean to start now.' },
    { text: '' },
    { text: 'After the last chapter, check what you took away from the story:' },
    { text: `Online test: ${testUrl}`, link: testUrl },
  ]);
}
