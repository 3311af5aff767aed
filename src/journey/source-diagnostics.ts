/**
 * Diagnostics placed in a journey file's text: at a YAML node (or the node a path leads
 * to below it, or that node's key), or at an expression inside a string.
 */
import type { Node } from 'yaml';
import { nodeAt, spanOf } from '../core/yaml-nodes.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { SourceLocation } from '../model/journey.js';
import type { SourceFile } from './read-source.js';
import type { Problem } from './zod-issues.js';

export class SourceDiagnostics {
  constructor(private readonly list: Diagnostic[]) {}

  /** How many were added so far (to find those added since). */
  get count(): number {
    return this.list.length;
  }

  /** The diagnostics added after the first `count`. */
  since(count: number): Diagnostic[] {
    return this.list.slice(count);
  }

  /** Diagnostics found elsewhere (reading a file), as they are. */
  push(...diagnostics: Diagnostic[]): void {
    this.list.push(...diagnostics);
  }

  /** At the node `problem.path` leads to below `base` (its key, with `atKey`). */
  add(source: SourceFile, base: Node | null | undefined, problem: Problem): void {
    const node = nodeAt(base, problem.path, { key: problem.atKey });
    const span = spanOf(node, source.lines, source.text);
    this.list.push({
      file: source.file,
      line: span.line,
      column: span.column,
      length: span.length,
      code: problem.code,
      message: problem.message,
      expected: problem.expected,
      suggestion: problem.suggestion,
    });
  }

  /** Points at the `occurrence`-th `needle` inside the node's source text (an expression inside a string). */
  addAt(source: SourceFile, node: Node | null | undefined, needle: string, problem: Omit<Problem, 'path'>, occurrence = 0): void {
    const { line, column, found } = this.positionOf(source, node, needle, occurrence);
    this.list.push({ file: source.file, line, column, length: found ? needle.length : 1, ...problem });
  }

  /** Line and column of the `occurrence`-th `needle` inside the node's source text. */
  positionOf(source: SourceFile, node: Node | null | undefined, needle: string, occurrence = 0): { line: number; column: number; found: boolean } {
    const [start, end] = node?.range ?? [0, 0];
    const text = source.text.slice(start, end);
    let offset = text.indexOf(needle);
    for (let k = 0, next = offset; k < occurrence && next !== -1; k++) {
      next = text.indexOf(needle, next + needle.length);
      if (next !== -1) offset = next;
    }
    const position = source.lines.linePos(offset === -1 ? start : start + offset);
    return { line: position.line, column: position.col, found: offset !== -1 };
  }

  /** Where a node starts. */
  locate(source: SourceFile, node: Node | null | undefined): SourceLocation {
    const span = spanOf(node, source.lines, source.text);
    return { file: source.file, line: span.line, column: span.column };
  }
}
