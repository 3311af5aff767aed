import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isSoftStep, optionsBeside, optionsInside, withStepOptionSuggestion } from '../../../src/journey/step-options.js';
import { DiagnosticCode } from '../../../src/model/diagnostic.js';

/** The step options (name, timeout, optional, soft) beside a step or inside its mapping, and what `soft` resolves to. */
describe('optionsBeside', () => {
  it('keeps the step options of a list item and nothing else', () => {
    expect(optionsBeside({ click: 'Subscribe', name: 'Join', timeout: '2s', optional: true, soft: false, as: 'x' })).toEqual({ name: 'Join', timeout: '2s', optional: true, soft: false });
  });
});

describe('optionsInside', () => {
  const expectText = z.strictObject({ text: z.string(), timeout: z.number().optional() });

  it('finds step options written inside the mapping, unless the step has an argument of that name', () => {
    expect(optionsInside(expectText, { text: 'Hello', name: 'Greets', timeout: 2000, optional: true })).toEqual({ name: 'Greets', optional: true });
  });

  it('looks inside a schema with a default', () => {
    expect(optionsInside(z.strictObject({ path: z.string().optional() }).default({}), { path: '/x', soft: true })).toEqual({ soft: true });
  });

  it('finds none where the arguments are not a mapping schema', () => {
    expect(optionsInside(z.string(), { name: 'x' })).toEqual({});
  });
});

describe('withStepOptionSuggestion', () => {
  const unknown = { code: DiagnosticCode.unknownArgument, message: 'unknown argument "timout"', path: ['timout'], expected: 'text' };

  it('suggests the step option a misspelt argument may be', () => {
    expect(withStepOptionSuggestion(unknown)).toEqual({ ...unknown, suggestion: 'timeout', expected: 'text, or a step option: name, timeout, optional, soft' });
  });

  it('leaves other problems, and ones with a suggestion already, alone', () => {
    expect(withStepOptionSuggestion({ ...unknown, path: ['xyz'] })).toEqual({ ...unknown, path: ['xyz'] });
    expect(withStepOptionSuggestion({ ...unknown, suggestion: 'text' })).toEqual({ ...unknown, suggestion: 'text' });
    const wrongType = { code: DiagnosticCode.wrongArgumentType, message: 'm', path: ['timout'] };
    expect(withStepOptionSuggestion(wrongType)).toBe(wrongType);
  });
});

describe('isSoftStep', () => {
  it('lets audits go on unless told soft: false', () => {
    expect(isSoftStep('audit', undefined, false)).toBe(true);
    expect(isSoftStep('audit', false, true)).toBe(false);
  });

  it('lets assertions go on when the step or the journey says soft', () => {
    expect(isSoftStep('assertion', undefined, false)).toBe(false);
    expect(isSoftStep('assertion', undefined, true)).toBe(true);
    expect(isSoftStep('assertion', false, true)).toBe(false);
    expect(isSoftStep('assertion', true, false)).toBe(true);
  });

  it('never lets a driving step go on', () => {
    expect(isSoftStep(undefined, true, true)).toBe(false);
  });
});
