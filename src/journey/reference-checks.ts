/**
 * What a step refers to exists: the mailboxes and captures its arguments name, and the
 * `${{ … }}` expressions in its strings (well formed, reading only declared mailboxes,
 * earlier captures, and inputs inside a sub-journey). Records the env and secrets a
 * journey reads, and where it first reads each.
 */
import type { Node } from 'yaml';
import { didYouMean } from '../core/did-you-mean.js';
import { nodeAt } from '../core/yaml-nodes.js';
import { DiagnosticCode } from '../model/diagnostic.js';
import { parseExpressions, stringsIn } from './expressions.js';
import type { JourneyScope } from './journey-scope.js';
import type { SourceFile } from './read-source.js';
import type { SourceDiagnostics } from './source-diagnostics.js';

export class ReferenceChecks {
  constructor(private readonly diagnostics: SourceDiagnostics) {}

  /** Mailbox and capture names a step's arguments refer to exist; records the capture the step defines. */
  checkStepReferences(
    source: SourceFile,
    scope: JourneyScope,
    definition: { mailboxArgs?: string[]; captureArgs?: string[]; definesCapture?: string },
    args: Record<string, unknown>,
    valueNode: Node | null | undefined,
    at: (path: PropertyKey[]) => PropertyKey[],
  ): boolean {
    let ok = true;
    for (const key of definition.mailboxArgs ?? []) {
      const value = args[key];
      if (typeof value === 'string' && !value.includes('${{') && !scope.mailboxes.has(value)) {
        ok = false;
        this.diagnostics.add(source, valueNode, {
          code: DiagnosticCode.unknownMailbox,
          message: `unknown mailbox "${value}"`,
          path: at([key]),
          expected: scope.mailboxes.size ? `one of the journey's mailboxes: ${[...scope.mailboxes].join(', ')}` : 'declare it first: mailboxes: [' + value + ']',
          suggestion: didYouMean(value, [...scope.mailboxes]),
        });
      }
    }
    for (const key of definition.captureArgs ?? []) {
      const value = args[key];
      if (typeof value === 'string' && !scope.captures.has(value)) {
        ok = false;
        this.diagnostics.add(source, valueNode, {
          code: DiagnosticCode.unknownCapture,
          message: `nothing was remembered as "${value}" before this step`,
          path: at([key]),
          expected: scope.captures.size ? `one of ${[...scope.captures].join(', ')}` : 'an earlier step with as: ' + value,
          suggestion: didYouMean(value, [...scope.captures]),
        });
      }
    }
    const defined = definition.definesCapture && args[definition.definesCapture];
    if (typeof defined === 'string') scope.captures.add(defined);
    return ok;
  }
  /** Validates `${{ … }}` expressions and records the env and secrets a journey reads. */
  checkExpressions(
    source: SourceFile,
    node: Node | null | undefined,
    value: unknown,
    basePath: PropertyKey[],
    scope: JourneyScope,
    at: ((path: PropertyKey[]) => PropertyKey[]) | undefined,
    /** In a sub-journey, inputs were substituted and unknown ones reported already. */
    inSubJourney = false,
  ): boolean {
    let ok = true;
    for (const found of stringsIn(value, basePath)) {
      if (!found.value.includes('${{')) continue; // no expression, nothing to check or record
      const target = nodeAt(node, at ? at(found.path) : found.path);
      const { expressions, problems } = parseExpressions(found.value);
      // Which occurrence of the text this is, when the string holds it more than once.
      const nth = (x: { text: string; index: number }) => found.value.slice(0, x.index).split(x.text).length - 1;
      for (const problem of problems) {
        ok = false;
        this.diagnostics.addAt(source, target, problem.text, { code: DiagnosticCode.badExpression, message: problem.message, expected: problem.expected, suggestion: problem.suggestion }, nth(problem));
      }
      for (const expression of expressions) {
        const [name] = expression.path;
        if (expression.namespace === 'env') scope.env.add(name);
        if (expression.namespace === 'secrets') scope.secrets.add(name);
        const variable = `${expression.namespace}.${name}`;
        if ((expression.namespace === 'env' || expression.namespace === 'secrets') && !scope.reads.has(variable)) {
          scope.reads.set(variable, { file: source.file, ...this.diagnostics.positionOf(source, target, expression.text, nth(expression)) });
        }
        if (expression.namespace === 'inputs' && !inSubJourney) {
          ok = false;
          this.diagnostics.addAt(source, target, expression.text, { code: DiagnosticCode.badExpression, message: '${{ inputs.… }} is only available in a sub-journey run with use:', expected: 'env.NAME, secrets.NAME, mailbox.NAME.address, captures.NAME' }, nth(expression));
        }
        if (expression.namespace === 'mailbox' && !scope.mailboxes.has(name)) {
          ok = false;
          this.diagnostics.addAt(source, target, expression.text, { code: DiagnosticCode.unknownMailbox, message: `unknown mailbox "${name}" in ${expression.text}`, expected: scope.mailboxes.size ? `one of the journey's mailboxes: ${[...scope.mailboxes].join(', ')}` : `declare it first: mailboxes: [${name}]`, suggestion: didYouMean(name, [...scope.mailboxes]) }, nth(expression));
        }
        if (expression.namespace === 'captures' && !scope.captures.has(name)) {
          ok = false;
          this.diagnostics.addAt(source, target, expression.text, { code: DiagnosticCode.unknownCapture, message: `nothing was remembered as "${name}" before this step`, expected: scope.captures.size ? `one of ${[...scope.captures].join(', ')}` : `an earlier step with as: ${name}`, suggestion: didYouMean(name, [...scope.captures]) }, nth(expression));
        }
      }
    }
    return ok;
  }}
