import { relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SourceLocation } from './journey.js';

/**
 * Stable codes for everything that can be wrong with a journey file. Documented in
 * docs/errors.md; golden files in test/golden hold the exact text users see.
 */
export const DiagnosticCode = {
  yamlSyntax: 'JA001',
  emptyFile: 'JA002',
  notUtf8: 'JA003',
  fileTooLarge: 'JA004',
  tooDeep: 'JA005',
  tabIndent: 'JA006',
  unreadable: 'JA007',
  notAMapping: 'JA010',
  unknownKey: 'JA011',
  missingKey: 'JA012',
  wrongType: 'JA013',
  unknownStep: 'JA020',
  stepShape: 'JA021',
  unknownArgument: 'JA022',
  missingArgument: 'JA023',
  wrongArgumentType: 'JA024',
  badDuration: 'JA025',
  badRegex: 'JA026',
  badValue: 'JA027',
  unknownMailbox: 'JA030',
  duplicateName: 'JA031',
  badExpression: 'JA032',
  unknownCapture: 'JA033',
  missingVariable: 'JA034',
  useNotFound: 'JA040',
  useCycle: 'JA041',
  missingInput: 'JA042',
  unknownInput: 'JA043',
  noJourneys: 'JA050',
} as const;
export type DiagnosticCode = (typeof DiagnosticCode)[keyof typeof DiagnosticCode];

export interface Diagnostic extends SourceLocation {
  code: DiagnosticCode;
  message: string;
  /** What would have been valid here. */
  expected?: string;
  /** The closest valid word, when the input looks misspelt. */
  suggestion?: string;
  /** Number of characters to underline from `column`. */
  length?: number;
  /** For a problem inside a sub-journey: the `use:` step that brought it in. */
  usedFrom?: SourceLocation;
}

/** docs/errors.md as shipped in the package, as a path from the current folder (docs/ is in package.json `files`). */
export const DOCS_URL = shippedDoc('errors.md');

function shippedDoc(name: string): string {
  const file = fileURLToPath(new URL(`../../docs/${name}`, import.meta.url));
  const fromHere = relative(process.cwd(), file);
  return fromHere.startsWith('..') ? file : fromHere.split(sep).join('/');
}

/**
 * Renders a diagnostic the way compilers do:
 *
 *   journeys/x.journey.yaml:12:5: error JA020: unknown step "clik"
 *      11 |   - goto: /
 *   >  12 |   - clik: Subscribe
 *         |     ^^^^
 *     expected: a step name (goto, click, …)
 *     did you mean "click"?
 */
/** `showPath` turns absolute paths into what the reader knows (relative to the project). */
export function formatDiagnostic(d: Diagnostic, source?: string, showPath: (file: string) => string = (file) => file): string {
  const lines = [`${showPath(d.file)}:${d.line}:${d.column}: error ${d.code}: ${d.message}`];
  if (source !== undefined && d.line > 0) lines.push(...snippet(source, d));
  // A multi-line example stays lined up under its first line.
  if (d.expected) lines.push(`  expected: ${d.expected.replace(/\n/g, `\n${' '.repeat('  expected: '.length)}`)}`);
  if (d.suggestion) lines.push(`  did you mean "${d.suggestion}"?`);
  if (d.usedFrom) lines.push(`  used by: ${showPath(d.usedFrom.file)}:${d.usedFrom.line}`);
  lines.push(`  see: ${DOCS_URL}#${d.code.toLowerCase()}`);
  return lines.join('\n');
}

const MAX_SNIPPET_WIDTH = 120;

function snippet(source: string, d: Diagnostic): string[] {
  const all = source.split(/\r?\n/);
  const out: string[] = [];
  const width = String(d.line).length + 1;
  for (let n = Math.max(1, d.line - 1); n <= Math.min(all.length, d.line); n++) {
    const text = visible(all[n - 1] ?? '');
    out.push(`${n === d.line ? '>' : ' '} ${String(n).padStart(width)} | ${text}`);
  }
  if (d.line <= all.length) {
    const start = Math.min(d.column - 1, MAX_SNIPPET_WIDTH);
    const length = Math.max(1, Math.min(d.length ?? 1, MAX_SNIPPET_WIDTH - start));
    out.push(`  ${' '.repeat(width)} | ${' '.repeat(start)}${'^'.repeat(length)}`);
  }
  return out;
}

/** Shows tabs and control characters, and cuts very long lines. */
function visible(line: string): string {
  const shown = line.replace(/\t/g, '→').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '�');
  return shown.length > MAX_SNIPPET_WIDTH ? `${shown.slice(0, MAX_SNIPPET_WIDTH)}…` : shown;
}
