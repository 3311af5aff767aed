import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance } from '../../../src/core/did-you-mean.js';
import { STEP_NAMES, USE_KEY } from '../../../src/steps/registry.js';

describe('editDistance', () => {
  it.each([
    ['', '', 0],
    ['abc', '', 3],
    ['', 'abc', 3],
    ['click', 'click', 0],
    ['clik', 'click', 1],
    ['click', 'clack', 1],
    ['clickk', 'click', 1],
    ['kitten', 'sitting', 3],
  ])('%j → %j is %d', (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
    expect(editDistance(b, a)).toBe(distance);
  });

  it('ignores case', () => {
    expect(editDistance('WaitForEmail', 'waitforemail')).toBe(0);
  });

  it('counts swapped neighbours as one edit', () => {
    expect(editDistance('nmae', 'name')).toBe(1);
    expect(editDistance('evn', 'env')).toBe(1);
    expect(editDistance('PSOT', 'POST')).toBe(1);
    expect(editDistance('ab', 'ba')).toBe(1);
    // Optimal string alignment: a swapped pair is not edited again.
    expect(editDistance('ca', 'abc')).toBe(3);
  });
});

describe('didYouMean', () => {
  const steps = [...STEP_NAMES, USE_KEY];

  it.each([
    ['clik', 'click'],
    ['clcik', 'click'],
    ['Click', 'click'],
    ['goTo', 'goto'],
    ['pres', 'press'],
    ['expectTxt', 'expectText'],
    ['expecttext', 'expectText'],
    ['waitForEmial', 'waitForEmail'],
    ['waitForMail', 'waitForEmail'],
    ['openlnk', 'openLink'],
    ['screenshots', 'screenshot'],
    ['expectNoMail', 'expectNoEmail'],
  ])('suggests a step for %j: %j', (input, expected) => {
    expect(didYouMean(input, steps)).toBe(expected);
  });

  it.each(['navigate', 'type', 'visit', 'scroll', 'hover', 'x', ''])('suggests nothing for %j', (input) => {
    expect(didYouMean(input, steps)).toBeUndefined();
  });

  it('needs closer spellings of short words', () => {
    expect(didYouMean('nmae', ['name', 'description', 'baseURL'])).toBe('name');
    expect(didYouMean('base', ['name', 'description', 'baseURL'])).toBeUndefined();
    expect(didYouMean('txt', ['in', 'text', 'url'])).toBe('text');
    expect(didYouMean('to', ['do'])).toBe('do');
    expect(didYouMean('ab', ['cd'])).toBeUndefined();
  });

  it('allows more edits in longer words', () => {
    expect(didYouMean('descripton', ['name', 'description'])).toBe('description');
    expect(didYouMean('unsubscrbed', ['unsubscribed'])).toBe('unsubscribed');
    expect(didYouMean('sign-on.yaml', ['buy.yaml', 'sign-in.yaml'])).toBe('sign-in.yaml');
  });

  it('prefers the closest candidate, and the first of equals', () => {
    expect(didYouMean('sink', ['link', 'sing', 'sin'])).toBe('link');
    expect(didYouMean('hots', ['host', 'port', 'url'])).toBe('host');
  });

  it('never suggests exactly what was written', () => {
    expect(didYouMean('parts', ['parts', 'part'])).toBe('part');
    expect(didYouMean('parts', ['parts'])).toBeUndefined();
  });

  it('suggests nothing without candidates', () => {
    expect(didYouMean('reader', [])).toBeUndefined();
  });
});
