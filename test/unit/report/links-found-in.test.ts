import { describe, expect, it } from 'vitest';
import { foundInLabel } from '../../../src/report/html/links-section.js';

describe('the Links table’s “Found in”', () => {
  it('names the page by title and URL, the mail by subject and part, the PDF by name and page; never an internal id', () => {
    expect(foundInLabel({ parent: 'https://shop.example/about', parentTitle: 'About us', where: 'line 12' })).toBe('About us — https://shop.example/about (line 12)');
    expect(foundInLabel({ parent: 'the email “Your receipt”', where: 'text/html part, line 3' })).toBe('the email “Your receipt” (text/html part, line 3)');
    expect(foundInLabel({ parent: 'e-book.pdf', where: 'PDF page 2' })).toBe('e-book.pdf (PDF page 2)');
    // Reports written before links named their mail: the id becomes the subject.
    expect(foundInLabel({ parent: 'mail:0007-abc', where: 'text/plain part' }, new Map([['mail:0007-abc', 'Welcome']]))).toBe('the email “Welcome” (text/plain part)');
  });
});
