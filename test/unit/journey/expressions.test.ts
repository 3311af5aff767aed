import { describe, expect, it } from 'vitest';
import { parseExpressions, stringsIn } from '../../../src/journey/expressions.js';

const only = (value: string) => {
  const { expressions, problems } = parseExpressions(value);
  expect(problems).toEqual([]);
  return expressions;
};
const problemsOf = (value: string) => {
  const { expressions, problems } = parseExpressions(value);
  expect(expressions).toEqual([]);
  return problems;
};

describe('parseExpressions', () => {
  it('finds nothing in plain text, including a lone $ or {{', () => {
    expect(parseExpressions('Subscribe')).toEqual({ expressions: [], problems: [] });
    expect(parseExpressions('costs $5 {{ not ours }}')).toEqual({ expressions: [], problems: [] });
  });

  it('reads each namespace', () => {
    expect(only('${{ env.NEWSLETTER_URL }}')).toEqual([{ namespace: 'env', path: ['NEWSLETTER_URL'], text: '${{ env.NEWSLETTER_URL }}', index: 0 }]);
    expect(only('${{ secrets.PASSWORD }}')[0]).toMatchObject({ namespace: 'secrets', path: ['PASSWORD'] });
    expect(only('${{ mailbox.reader.address }}')[0]).toMatchObject({ namespace: 'mailbox', path: ['reader', 'address'] });
    expect(only('${{ captures.order }}')[0]).toMatchObject({ namespace: 'captures', path: ['order'] });
    expect(only('${{ captures.mail.subject }}')[0]).toMatchObject({ namespace: 'captures', path: ['mail', 'subject'] });
    expect(only('${{ inputs.email }}')[0]).toMatchObject({ namespace: 'inputs', path: ['email'] });
    expect(only('${{ sink.host }}${{ sink.port }}${{ sink.url }}').map((e) => e.path[0])).toEqual(['host', 'port', 'url']);
    expect(only('${{ run.id }}')[0]).toMatchObject({ namespace: 'run', path: ['id'] });
  });

  it('allows any spacing inside the braces, and names with _ and -', () => {
    expect(only('${{env.A}}')[0]).toMatchObject({ namespace: 'env', path: ['A'], text: '${{env.A}}' });
    expect(only('${{   env.my-var_2   }}')[0]).toMatchObject({ path: ['my-var_2'] });
  });

  it('finds several expressions with their offsets', () => {
    const value = 'Hello ${{ env.A }}, your order ${{ captures.order }} ships';
    expect(only(value).map((e) => [e.namespace, e.index, value.slice(e.index, e.index + e.text.length)])).toEqual([
      ['env', 6, '${{ env.A }}'],
      ['captures', 31, '${{ captures.order }}'],
    ]);
  });

  it('reports an unknown namespace with a suggestion', () => {
    const [problem] = problemsOf('${{ evn.NEWSLETTER_URL }}');
    expect(problem).toMatchObject({ message: 'unknown expression namespace "evn" in ${{ evn.NEWSLETTER_URL }}', suggestion: 'env', index: 0, text: '${{ evn.NEWSLETTER_URL }}' });
    expect(problem.expected).toContain('env.…');
    expect(problemsOf('${{ secret.X }}')[0].suggestion).toBe('secrets');
    expect(problemsOf('${{ process.env.X }}')[0].suggestion).toBeUndefined();
  });

  it('reports a namespace without a name', () => {
    expect(problemsOf('${{ env }}')[0].message).toBe('env needs a name, as in ${{ env.NAME }}');
    expect(problemsOf('${{ env. }}')[0].message).toBe('env needs a name, as in ${{ env.NAME }}');
    expect(problemsOf('${{ env.1ABC }}')[0].expected).toBe('env.NAME');
    expect(problemsOf('${{ env.A B }}')[0].expected).toBe('env.NAME');
  });

  it('checks the shape of each namespace', () => {
    expect(problemsOf('${{ env.A.B }}')[0].message).toBe('env takes one name, as in ${{ env.NAME }}');
    expect(problemsOf('${{ mailbox.reader }}')[0]).toMatchObject({ message: 'use ${{ mailbox.reader.address }}', suggestion: undefined });
    expect(problemsOf('${{ mailbox.reader.adress }}')[0]).toMatchObject({ message: 'use ${{ mailbox.reader.address }}', suggestion: 'address' });
    expect(problemsOf('${{ sink.hots }}')[0]).toMatchObject({ message: 'unknown sink field "hots"', suggestion: 'host' });
    expect(problemsOf('${{ run.name }}')[0]).toMatchObject({ message: 'unknown run field "name"', expected: 'run.id' });
    expect(problemsOf('${{ captures.a.b.c }}')[0].expected).toBe('captures.NAME or captures.NAME.FIELD');
  });

  it('keeps the good expressions of a string with a bad one', () => {
    const { expressions, problems } = parseExpressions('${{ env.A }} ${{ evn.B }} ${{ env.C }}');
    expect(expressions.map((e) => e.path[0])).toEqual(['A', 'C']);
    expect(problems.map((p) => p.index)).toEqual([13]);
  });

  it('reports an unclosed ${{ where it is', () => {
    expect(problemsOf('${{ secrets.PASSWORD')).toEqual([{ message: 'unclosed ${{ expression', expected: '${{ namespace.name }}', index: 0, text: '${{' }]);
    const value = '${{ env.A }} and ${{ env.B';
    const { expressions, problems } = parseExpressions(value);
    expect(expressions.map((e) => e.path[0])).toEqual(['A']);
    expect(problems).toHaveLength(1);
    expect(problems[0].index).toBe(value.lastIndexOf('${{'));
  });

  it('reports an unclosed ${{ before a closed one', () => {
    const value = 'a ${{ env.A } b';
    expect(problemsOf(value)[0].index).toBe(2);
  });
});

describe('stringsIn', () => {
  it('yields every string of a JSON-like value with its path', () => {
    const value = { url: '/x', headers: { a: 'A', n: 1 }, list: ['p', true, { q: 'Q' }], none: null };
    expect([...stringsIn(value)]).toEqual([
      { value: '/x', path: ['url'] },
      { value: 'A', path: ['headers', 'a'] },
      { value: 'p', path: ['list', 0] },
      { value: 'Q', path: ['list', 2, 'q'] },
    ]);
  });

  it('starts from a base path, and yields a lone string at it', () => {
    expect([...stringsIn('x', ['baseURL'])]).toEqual([{ value: 'x', path: ['baseURL'] }]);
    expect([...stringsIn(42)]).toEqual([]);
  });
});
