import { describe, expect, it } from 'vitest';
import { matchInputs, substituteInputs } from '../../../src/journey/sub-journey-inputs.js';

/** The values a sub-journey run with use: gets, and ${{ inputs.X }} replaced by them. */
describe('matchInputs', () => {
  it('takes given values, then defaults', () => {
    expect(matchInputs({ email: null, plan: { default: 'basic' }, count: { default: 2 } }, { email: 'a@b.test', count: 3 })).toEqual({ inputs: { email: 'a@b.test', plan: 'basic', count: 3 }, missing: [], undeclared: [] });
  });

  it('names declared inputs without a value and given names that are not declared', () => {
    expect(matchInputs({ email: {}, plan: null }, { emial: 'a@b.test', constructor: 'x' })).toEqual({ inputs: {}, missing: ['email', 'plan'], undeclared: ['emial', 'constructor'] });
  });

  it('keeps a given false or 0', () => {
    expect(matchInputs({ on: { default: true }, n: { default: 5 } }, { on: false, n: 0 }).inputs).toEqual({ on: false, n: 0 });
  });
});

describe('substituteInputs', () => {
  const none = () => {
    throw new Error('no unknown input expected');
  };

  it('replaces references in every string, deep in lists and mappings', () => {
    expect(substituteInputs({ value: 'Hi ${{ inputs.name }}!', list: ['${{inputs.name}}', 'x'], n: 1 }, { name: 'Ada' }, none)).toEqual({ value: 'Hi Ada!', list: ['Ada', 'x'], n: 1 });
  });

  it('keeps the input’s type where a string is one whole reference', () => {
    expect(substituteInputs({ count: '${{ inputs.count }}', text: 'n=${{ inputs.count }}' }, { count: 3 }, none)).toEqual({ count: 3, text: 'n=3' });
  });

  it('leaves unknown references as written and names each, also inherited object keys', () => {
    const unknown: string[] = [];
    const result = substituteInputs('${{ inputs.nmae }} and ${{ inputs.constructor }}', { name: 'Ada' }, (expression, name) => unknown.push(`${name} in ${expression}`));
    expect(result).toBe('${{ inputs.nmae }} and ${{ inputs.constructor }}');
    expect(unknown).toEqual(['nmae in ${{ inputs.nmae }}', 'constructor in ${{ inputs.constructor }}']);
  });
});
