#!/usr/bin/env node
// Writes docs/journeys.md and schema/journey.schema.json from the compiled step registry.
import { mkdirSync, writeFileSync } from 'node:fs';
const { renderJourneyReference } = await import('../dist/docs/journey-reference.js');
const { journeyJsonSchema } = await import('../dist/journey/json-schema.js');
const { renderErrorReference } = await import('../dist/docs/error-reference.js');
mkdirSync(new URL('../schema/', import.meta.url), { recursive: true });
writeFileSync(new URL('../docs/journeys.md', import.meta.url), renderJourneyReference());
writeFileSync(new URL('../docs/errors.md', import.meta.url), renderErrorReference());
writeFileSync(new URL('../schema/journey.schema.json', import.meta.url), `${JSON.stringify(journeyJsonSchema(), null, 2)}\n`);
console.log('wrote docs/journeys.md, docs/errors.md and schema/journey.schema.json');
