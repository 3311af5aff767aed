import { readFileSync, statSync } from 'node:fs';
import { LineCounter, parseDocument, type Document } from 'yaml';
import { errorMessage } from '../core/errors.js';
import { DiagnosticCode, type Diagnostic } from './diagnostic.js';
import { firstInvalidUtf8 } from './utf8.js';
import { depthExceeds } from './yaml-nodes.js';

export const MAX_FILE_BYTES = 1024 * 1024;
export const MAX_DEPTH = 32;

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
    const before = bytes.subarray(0, invalid).toString('utf8');
    const line = before.split('\n').length;
    const column = invalid - bytes.lastIndexOf(0x0a, invalid - 1);
    return at(DiagnosticCode.notUtf8, `file is not valid UTF-8 (byte 0x${bytes[invalid].toString(16)} at offset ${invalid})`, line, column, {
      expected: 'UTF-8 text; re-save the file as UTF-8',
    });
  }

  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  if (text.trim() === '' || text.split('\n').every((l) => l.trim() === '' || l.trimStart().startsWith('#'))) {
    return { ...at(DiagnosticCode.emptyFile, 'file is empty', 1, 1, { expected: 'a journey: name: … and steps: [ … ]' }), text } as ReadResult;
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
    const diagnostics = doc.errors.map((e): Diagnostic => {
      const pos = e.linePos?.[0] ?? lines.linePos(e.pos[0]);
      const code =
        e.code === 'TAB_AS_INDENT' ? DiagnosticCode.tabIndent
        : e.code === 'DUPLICATE_KEY' ? DiagnosticCode.duplicateName
        : e.code === 'RESOURCE_EXHAUSTION' ? DiagnosticCode.tooDeep // the parser ran out of stack: nesting in the thousands
        : DiagnosticCode.yamlSyntax;
      const message = code === DiagnosticCode.tooDeep ? `nesting is too deep to read (more than ${MAX_DEPTH} levels)` : e.message.split(' at line ')[0].split('\n')[0];
      const expected = code === DiagnosticCode.tabIndent ? 'indentation with spaces (YAML does not allow tabs)' : undefined;
      return { file, line: pos.line, column: pos.col, code, message: code === DiagnosticCode.yamlSyntax ? `YAML syntax: ${message}` : message, expected };
    });
    return { ok: false, diagnostics: dedupeByLine(diagnostics), text };
  }

  if (depthExceeds(doc.contents, MAX_DEPTH)) {
    return { ...at(DiagnosticCode.tooDeep, `nesting is deeper than ${MAX_DEPTH} levels`, 1, 1, { expected: 'a flat journey: steps with a few arguments each' }), text } as ReadResult;
  }
  return { ok: true, source: { file, text, doc, lines } };
}

/** YAML parsers report follow-on errors on the same line; one per line is enough. */
function dedupeByLine(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<number>();
  return diagnostics.filter((d) => (seen.has(d.line) ? false : (seen.add(d.line), true)));
}
