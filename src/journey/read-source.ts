import { readFileSync, statSync } from 'node:fs';
import { CST, Lexer, LineCounter, isAlias, parseDocument, visit, type Alias, type Document } from 'yaml';
import { errorMessage } from '../core/errors.js';
import { DiagnosticCode, type Diagnostic } from '../model/diagnostic.js';
import { firstInvalidUtf8 } from './utf8.js';
import { depthExceeds } from '../core/yaml-nodes.js';

export const MAX_FILE_BYTES = 1024 * 1024;
export const MAX_DEPTH = 32;
/** As in the loader's `toJS` calls: how far aliases may multiply the data. */
export const MAX_ALIAS_COUNT = 50;

export interface SourceFile {
  file: string;
  text: string;
  doc: Document.Parsed;
  lines: LineCounter;
}

export type ReadResult = { ok: true; source: SourceFile } | { ok: false; diagnostics: Diagnostic[]; text?: string };

/** Reads and parses one YAML file, turning every way it can be unreadable into diagnostics. */
export function readSource(file: string): ReadResult {
  const at = (code: Diagnostic['code'], message: string, line = 1, column = 1, extra: Partial<Diagnostic> = {}): ReadResult => ({
    ok: false,
    diagnostics: [{ file, line, column, code, message, ...extra }],
  });

  let bytes: Buffer;
  try {
    const size = statSync(file).size;
    if (size > MAX_FILE_BYTES) {
      return at(DiagnosticCode.fileTooLarge, `file is ${(size / 1024 / 1024).toFixed(1)} MB; journey files are limited to ${MAX_FILE_BYTES / 1024 / 1024} MB`, 1, 1, {
        expected: 'a journey file of a few kilobytes; split large journeys with `use:`',
      });
    }
    bytes = readFileSync(file);
  } catch (error) {
    return at(DiagnosticCode.unreadable, `cannot read file: ${errorMessage(error)}`);
  }

  const invalid = firstInvalidUtf8(bytes);
  if (invalid !== -1) {
    // Columns count characters, as everywhere else; the snippet shows the bad byte as �.
    const before = bytes.subarray(0, invalid).toString('utf8').replace(/^\uFEFF/, '');
    const line = before.split('\n').length;
    const column = before.length - before.lastIndexOf('\n');
    const shown = bytes.toString('utf8').replace(/^\uFEFF/, '');
    return {
      ...at(DiagnosticCode.notUtf8, `file is not valid UTF-8 (byte 0x${bytes[invalid].toString(16)} at offset ${invalid})`, line, column, {
        expected: 'UTF-8 text; re-save the file as UTF-8',
      }),
      text: shown,
    } as ReadResult;
  }

  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  if (text.trim() === '' || text.split('\n').every((l) => l.trim() === '' || l.trimStart().startsWith('#'))) {
    const message = text.trim() === '' ? 'file is empty' : 'file holds only comments';
    return { ...at(DiagnosticCode.emptyFile, message, 1, 1, { expected: 'a journey: name: … and steps: [ … ]' }), text } as ReadResult;
  }

  const lines = new LineCounter();
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true, strict: true });
  } catch (error) {
    if (error instanceof RangeError) return { ...at(DiagnosticCode.tooDeep, `nesting is too deep to read (more than ${MAX_DEPTH} levels)`), text } as ReadResult;
    throw error;
  }

  if (doc.errors.length > 0) {
    // Follow-on errors come on the line of the first; one per line is enough.
    const firstPerLine = dedupeByLine(doc.errors.map((e) => ({ e, line: (e.linePos?.[0] ?? lines.linePos(e.pos[0])).line }))).map(({ e }) => e);
    const diagnostics = firstPerLine.map((e): Diagnostic => {
      const unclosedBracket = /^Flow (map|sequence)\b.*end with a/.test(e.message) ? openingBracket(text, e.pos[0]) : undefined;
      if (unclosedBracket !== undefined) {
        // The parser notices on the next line; point at the bracket that opened the collection.
        const { line, col } = lines.linePos(unclosedBracket);
        const [open, close] = text[unclosedBracket] === '{' ? ['{', '}'] : ['[', ']'];
        return { file, line, column: col, code: DiagnosticCode.yamlSyntax, message: `YAML syntax: this ${open} is never closed with ${close}`, expected: `${close} at the end; when it goes on over several lines, indent them further` };
      }
      const unclosedQuote = e.code === 'MISSING_CHAR' && /quote/.test(e.message) ? openingQuote(text, e.pos[0]) : undefined;
      if (unclosedQuote !== undefined) {
        // The parser only notices at the end of the file; point at the quote that opened it.
        const { line, col } = lines.linePos(unclosedQuote);
        return { file, line, column: col, code: DiagnosticCode.yamlSyntax, message: 'YAML syntax: this quoted text is never closed', expected: `a closing ${text[unclosedQuote]}` };
      }
      if (e.code === 'DUPLICATE_KEY') {
        const { line, col } = e.linePos?.[0] ?? lines.linePos(e.pos[0]);
        const key = /^("[^"\n]*"|'[^'\n]*'|[^:#\n]*?)\s*:/.exec(text.slice(e.pos[0]))?.[1];
        const message = key ? `the key "${key.replace(/^["']|["']$/g, '')}" appears twice in this mapping` : 'a key appears twice in this mapping';
        return { file, line, column: col, length: key?.length, code: DiagnosticCode.duplicateName, message, expected: 'each key once in a mapping' };
      }
      const pos = e.linePos?.[0] ?? lines.linePos(e.pos[0]);
      const bare = e.code === 'MULTILINE_IMPLICIT_KEY' ? bareStepWithOptions(text, e.pos[0]) : undefined;
      if (bare) {
        // `- checkLinks` then `optional: true` below it: YAML reads one key spread over two lines.
        return {
          file, line: pos.line, column: pos.col, length: bare.length, code: DiagnosticCode.stepShape,
          message: `"- ${bare}" has no colon, so the line below it cannot add options to it`,
          expected: `"- ${bare}: {}", then each option on its own line, level with "${bare}" (as in "  name: …")`,
        };
      }
      const code =
        e.code === 'TAB_AS_INDENT' ? DiagnosticCode.tabIndent
        : e.code === 'RESOURCE_EXHAUSTION' ? DiagnosticCode.tooDeep // the parser ran out of stack: nesting in the thousands
        : DiagnosticCode.yamlSyntax;
      const message =
        code === DiagnosticCode.tooDeep ? `nesting is too deep to read (more than ${MAX_DEPTH} levels)`
        : e.code === 'MULTIPLE_DOCS' ? 'this --- starts a second document; a journey file holds one journey'
        : e.message.split(' at line ')[0].split('\n')[0];
      const expected =
        code === DiagnosticCode.tabIndent ? 'indentation with spaces (YAML does not allow tabs)'
        : e.code === 'BAD_INDENT' || e.code === 'BLOCK_AS_IMPLICIT_KEY' ? 'the items of one list, and the keys of one mapping, indented alike'
        : undefined;
      return { file, line: pos.line, column: pos.col, code, message: code === DiagnosticCode.yamlSyntax ? `YAML syntax: ${message}` : message, expected };
    });
    return { ok: false, diagnostics: dedupeByLine(diagnostics), text };
  }

  if (depthExceeds(doc.contents, MAX_DEPTH)) {
    return { ...at(DiagnosticCode.tooDeep, `nesting is deeper than ${MAX_DEPTH} levels`, 1, 1, { expected: 'a flat journey: steps with a few arguments each' }), text } as ReadResult;
  }

  // Aliases are resolved only when converting to plain data, where a bad one throws.
  // Every alias is written `*name`: a file without a `*` has none, and the walk is skipped.
  const alias = text.includes('*') ? aliasProblem(doc) : undefined;
  if (alias) {
    const { line, col } = lines.linePos(alias.node.range?.[0] ?? 0);
    const length = alias.node.source.length + 1;
    return alias.unresolved
      ? { ...at(DiagnosticCode.yamlSyntax, `YAML syntax: alias *${alias.node.source} has no anchor &${alias.node.source} before it`, line, col, { length }), text } as ReadResult
      : { ...at(DiagnosticCode.fileTooLarge, 'aliases (*name) expand the file to too much data', line, col, { length, expected: 'a journey file of a few kilobytes; split large journeys with `use:`' }), text } as ReadResult;
  }
  return { ok: true, source: { file, text, doc, lines } };
}

/** An alias without an anchor before it, or aliases that expand to too much data (a "billion laughs" file). */
function aliasProblem(doc: Document.Parsed): { node: Alias; unresolved: boolean } | undefined {
  const anchors = new Set<string>();
  let first: Alias | undefined;
  let unresolved: Alias | undefined;
  visit(doc, {
    Node(_, node) {
      if (isAlias(node)) {
        first ??= node;
        if (!anchors.has(node.source)) {
          unresolved = node;
          return visit.BREAK;
        }
      } else if (node.anchor) anchors.add(node.anchor);
      return undefined;
    },
  });
  if (unresolved) return { node: unresolved, unresolved: true };
  if (!first) return undefined;
  try {
    doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    return undefined;
  } catch {
    return { node: first, unresolved: false };
  }
}

/** The YAML lexer's tokens with their offsets, without the markers it adds that are not in the text. */
function* sourceTokens(text: string): Generator<{ token: string; offset: number }> {
  let offset = 0;
  for (const token of new Lexer().lex(text)) {
    const type = CST.tokenType(token);
    if (type === 'doc-mode' || type === 'flow-error-end' || type === 'scalar' || type === 'byte-order-mark') continue;
    yield { token, offset };
    offset += token.length;
  }
}

/** Offset of the quote that opens the quoted scalar running up to `pos`. */
function openingQuote(text: string, pos: number): number | undefined {
  for (const { token, offset } of sourceTokens(text)) {
    if ((token[0] === '"' || token[0] === "'") && offset < pos && pos <= offset + token.length) return offset;
  }
  return undefined;
}

/** Offset of the innermost `{` or `[` still open at `pos`. */
function openingBracket(text: string, pos: number): number | undefined {
  const open: number[] = [];
  for (const { token, offset } of sourceTokens(text)) {
    if (offset >= pos) break;
    if (token === '{' || token === '[') open.push(offset);
    else if (token === '}' || token === ']') open.pop();
  }
  return open.at(-1);
}

/** YAML parsers report follow-on errors on the same line; one per line is enough. */
function dedupeByLine<T extends { line: number }>(diagnostics: T[]): T[] {
  const seen = new Set<number>();
  return diagnostics.filter((d) => (seen.has(d.line) ? false : (seen.add(d.line), true)));
}

/** `- stepName` alone on its line with a `key:` line under it: the step word, else undefined. */
function bareStepWithOptions(text: string, offset: number): string | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const [line, next = ''] = text.slice(lineStart).split('\n', 2);
  const word = /^\s*(?:-\s+)?([A-Za-z][A-Za-z0-9]*)\s*(?:#.*)?$/.exec(line)?.[1];
  return word && /^\s+[A-Za-z][\w-]*\s*:/.test(next) ? word : undefined;
}
