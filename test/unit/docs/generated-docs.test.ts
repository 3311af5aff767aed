import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderJourneyReference } from '../../../src/docs/journey-reference.js';
import { journeyJsonSchema } from '../../../src/journey/json-schema.js';

describe('generated docs', () => {
  it('docs/journeys.md matches the step registry (run `npm run docs` after changing steps)', () => {
    expect(readFileSync('docs/journeys.md', 'utf8')).toBe(renderJourneyReference());
  });

  it('schema/journey.schema.json matches the step registry', () => {
    expect(JSON.parse(readFileSync('schema/journey.schema.json', 'utf8'))).toEqual(journeyJsonSchema());
  });

  it('documents every error code the loader can report', () => {
    const doc = readFileSync('docs/journeys.md', 'utf8');
    for (const code of ['JA001', 'JA020', 'JA022', 'JA025', 'JA034', 'JA043']) expect(doc).toContain(`### ${code}`);
  });
});
