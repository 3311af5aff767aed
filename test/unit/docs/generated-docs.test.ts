import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderErrorReference } from '../../../src/docs/error-reference.js';
import { renderJourneyReference } from '../../../src/docs/journey-reference.js';
import { journeyJsonSchema } from '../../../src/journey/json-schema.js';

describe('generated docs', () => {
  it('docs/journeys.md matches the step registry (run `npm run docs` after changing steps)', () => {
    expect(readFileSync('docs/journeys.md', 'utf8')).toBe(renderJourneyReference());
  });

  it('docs/errors.md lists every diagnostic code with cause and fix (run `npm run docs`)', () => {
    const doc = readFileSync('docs/errors.md', 'utf8');
    expect(doc).toBe(renderErrorReference());
    for (const code of ['JA001', 'JA022', 'JA034', 'JA050']) expect(doc).toMatch(new RegExp(`## ${code}\\n\\n\\*\\*Cause:\\*\\* .+\\n\\n\\*\\*Fix:\\*\\* .+`));
  });

  it('ships docs/ in the package, so the links in diagnostics lead somewhere', () => {
    expect(JSON.parse(readFileSync('package.json', 'utf8')).files).toContain('docs');
  });

  it('schema/journey.schema.json matches the step registry', () => {
    expect(JSON.parse(readFileSync('schema/journey.schema.json', 'utf8'))).toEqual(journeyJsonSchema());
  });

  it('documents every error code the loader can report', () => {
    const doc = readFileSync('docs/journeys.md', 'utf8');
    for (const code of ['JA001', 'JA020', 'JA022', 'JA025', 'JA034', 'JA043']) expect(doc).toContain(`### ${code}`);
  });
});
