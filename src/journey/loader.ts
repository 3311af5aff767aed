import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, relative, resolve } from 'node:path';
import { isMap, isScalar, isSeq, type Node, type Scalar, type YAMLMap } from 'yaml';
import { didYouMean } from '../core/did-you-mean.js';
import { COMMON_STEP_KEYS, STEP_NAMES, USE_KEY, stepRegistry } from '../steps/registry.js';
import { DiagnosticCode, type Diagnostic } from '../model/diagnostic.js';
import { DEFAULT_STEP_TIMEOUT_MS, commonStepSchema, journeyFileSchema, useSchema, type JourneyFile } from './journey-schema.js';
import type { Journey, JourneyStep, SourceLocation } from '../model/journey.js';
import { MAX_ALIAS_COUNT, readSource, type SourceFile } from './read-source.js';
import { nodeAt, pairOf } from '../core/yaml-nodes.js';
import { problemsFromZod, type Problem } from './zod-issues.js';
import { SourceDiagnostics } from './source-diagnostics.js';
import { ReferenceChecks } from './reference-checks.js';
import type { JourneyScope } from './journey-scope.js';
import { matchInputs, substituteInputs, type InputValue } from './sub-journey-inputs.js';
import type { StepDefinition } from '../steps/define-step.js';
import { isSoftStep, optionsBeside, optionsInside, withStepOptionSuggestion, type StepOptions } from './step-options.js';

export interface LoadResult {
  journeys: Journey[];
  diagnostics: Diagnostic[];
  /** Text of every file read, for printing snippets. */
  sources: Map<string, string>;
}

const MAX_USE_DEPTH = 8;
/** What a `- kind:` key may name: a step, or `use:`. */
const STEP_KINDS: readonly string[] = [...STEP_NAMES, USE_KEY];
const STEP_KIND_SET: ReadonlySet<string> = new Set(STEP_KINDS);
const COMMON_KEY_SET: ReadonlySet<string> = new Set(COMMON_STEP_KEYS);
/** Most steps give no step option: the same (successful) result every time, without asking zod again. */
const NO_STEP_OPTIONS = commonStepSchema.safeParse({});

/** Where the steps being expanded come from. */
interface Frame {
  source: SourceFile;
  /** Values for `${{ inputs.X }}`; undefined in a top-level journey. */
  inputs?: Record<string, InputValue>;
  chain: string[];
  via: SourceLocation[];
}

/** One step while it is checked: where it stands, what it says, and whether it is still free of problems. */
interface StepDraft {
  frame: Frame;
  scope: JourneyScope;
  item: YAMLMap;
  kind: string;
  /** The list item as plain data. */
  raw: Record<string, unknown>;
  /** The step options (`name`, `timeout`, `optional`, `soft`); undefined when they do not parse. */
  options: StepOptions | undefined;
  /** No problem found in the step so far. */
  ok: boolean;
  /** Where the step's kind is written. */
  location: SourceLocation;
  /** The node of the step's value (`click: Subscribe` → `Subscribe`). */
  valueNode: Node | null | undefined;
}

/**
 * Loads journey files: reads the YAML with positions, validates it against the step
 * registry, expands `use:` sub-journeys, and reports every problem at once.
 */
export function loadJourneyFiles(files: readonly string[]): LoadResult {
  const result: LoadResult = { journeys: [], diagnostics: [], sources: new Map() };
  const loader = new Loader(result);
  for (const file of files) {
    const journey = loader.loadJourney(resolve(file));
    if (journey) result.journeys.push(journey);
  }
  reportDuplicateJourneyNames(result);
  // A sub-journey used twice, or one expression written twice in a string, is reported once.
  const seen = new Set<string>();
  result.diagnostics = result.diagnostics.filter((d) => {
    const key = `${d.file}:${d.line}:${d.column}:${d.code}:${d.message}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
  result.diagnostics.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
  return result;
}

class Loader {
  private readonly cache = new Map<string, ReturnType<typeof readSource>>();
  /** Top-level data of each sub-journey, checked once however many `use:` steps name it (its problems are reported once anyway). */
  private readonly subJourneys = new Map<SourceFile, Partial<JourneyFile> | undefined>();
  /** What each `use:` path is on disk, looked up once. */
  private readonly useTargets = new Map<string, 'file' | 'folder' | 'missing'>();

  private readonly diagnostics: SourceDiagnostics;
  private readonly references: ReferenceChecks;

  constructor(private readonly result: LoadResult) {
    this.diagnostics = new SourceDiagnostics(result.diagnostics);
    this.references = new ReferenceChecks(this.diagnostics);
  }

  loadJourney(file: string): Journey | undefined {
    const source = this.read(file);
    if (!source) return undefined;
    const errorsBefore = this.diagnostics.count;
    const data = this.validateTopLevel(source, true);
    if (!data) return undefined;

    const scope: JourneyScope = {
      mailboxes: this.mailboxes(source, data),
      captures: new Set(),
      stepNames: new Set(),
      env: new Set(),
      secrets: new Set(),
      reads: new Map(),
      stepTimeoutMs: typeof data.stepTimeout === 'number' ? data.stepTimeout : DEFAULT_STEP_TIMEOUT_MS,
      soft: data.soft === true,
    };
    if (typeof data.baseURL === 'string') this.references.checkExpressions(source, nodeAt(source.doc.contents, ['baseURL']), data.baseURL, [], scope, undefined);
    const steps = Array.isArray(data.steps) ? this.expandSteps({ source, chain: [file], via: [] }, scope, data.steps) : [];
    if (this.diagnostics.count > errorsBefore) return undefined;

    return {
      name: String(data.name),
      file,
      description: data.description,
      baseURL: data.baseURL,
      ...(data.soft !== undefined && { soft: data.soft }),
      mailboxes: [...scope.mailboxes],
      tags: data.tags ?? [],
      steps,
      secrets: [...scope.secrets],
      env: [...scope.env],
      reads: Object.fromEntries(scope.reads),
      ...(data.followChallenges !== undefined && { followChallenges: data.followChallenges }),
      location: this.diagnostics.locate(source, nodeAt(source.doc.contents, ['name'])),
    };
  }

  private read(file: string): SourceFile | undefined {
    let read = this.cache.get(file);
    if (!read) {
      read = readSource(file);
      this.cache.set(file, read);
      if (read.ok) this.result.sources.set(file, read.source.text);
      else {
        if (read.text !== undefined) this.result.sources.set(file, read.text);
        this.diagnostics.push(...read.diagnostics);
      }
    }
    return read.ok ? read.source : undefined;
  }

  /** Checks the top-level keys; returns the plain data when it is a mapping at all. */
  private validateTopLevel(source: SourceFile, isJourney: boolean): Partial<JourneyFile> | undefined {
    const contents = source.doc.contents;
    if (!isMap(contents)) {
      this.diagnostics.add(source, contents, { code: DiagnosticCode.notAMapping, message: 'a journey file is a mapping with name: and steps:', path: [], expected: 'name: …\nsteps:\n  - goto: /' });
      return undefined;
    }
    const data = source.doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) as Record<string, unknown>;
    const parsed = journeyFileSchema.safeParse(data);
    const problems = parsed.success ? [] : problemsFromZod(parsed.error, journeyFileSchema, data, { subject: 'key' }).map(asTopLevel);
    if (isJourney && data.name === undefined && !problems.some((p) => p.suggestion === 'name')) {
      problems.push({ code: DiagnosticCode.missingKey, message: 'missing required key "name"', path: [], expected: 'name: what the customer is trying to do' });
    }
    // Step problems are reported per step, with better words, by expandSteps.
    for (const problem of problems.filter((p) => !(p.path[0] === 'steps' && p.path.length > 1))) this.diagnostics.add(source, source.doc.contents, problem);
    return parsed.success ? parsed.data : (data as Partial<JourneyFile>);
  }

  private mailboxes(source: SourceFile, data: Partial<JourneyFile>): Set<string> {
    const names = new Set<string>();
    // `mailboxes: reader` is reported as a wrong type; checking steps against [reader] avoids follow-on errors.
    const list: unknown[] = Array.isArray(data.mailboxes) ? data.mailboxes : typeof data.mailboxes === 'string' ? [data.mailboxes] : [];
    list.forEach((name, i) => {
      if (typeof name !== 'string') return;
      if (names.has(name)) {
        this.diagnostics.add(source, nodeAt(source.doc.contents, ['mailboxes', i]), { code: DiagnosticCode.duplicateName, message: `mailbox "${name}" is declared twice`, path: [] });
      }
      names.add(name);
    });
    return names;
  }

  /** `values` are the steps as plain data (already converted with the whole document). */
  private expandSteps(frame: Frame, scope: JourneyScope, values: unknown[]): JourneyStep[] {
    const seq = nodeAt(frame.source.doc.contents, ['steps']);
    if (!isSeq(seq)) return [];
    const steps: JourneyStep[] = [];
    seq.items.forEach((item, i) => steps.push(...this.expandStep(frame, scope, item as Node, values[i])));
    return steps;
  }

  private expandStep(frame: Frame, scope: JourneyScope, item: Node, value: unknown): JourneyStep[] {
    if (!isMap(item)) return this.expandScalarStep(frame, scope, item);
    const { source } = frame;
    const found = this.stepKind(source, item);
    if (!found) return [];
    const { kind } = found;
    const raw = (value && typeof value === 'object' ? value : item.toJS(source.doc)) as Record<string, unknown>;
    const options = this.optionsBesideStep(source, item, raw);
    const draft: StepDraft = {
      frame,
      scope,
      item,
      kind,
      raw,
      options,
      ok: found.ok && options !== undefined,
      location: this.diagnostics.locate(source, pairOf(item, kind)?.key),
      valueNode: nodeAt(item, [kind]),
    };
    if (kind === USE_KEY) return this.expandUseStep(draft);
    const definition = stepRegistry.get(kind);
    return definition ? this.expandDefinedStep(draft, definition) : [];
  }

  /** A step written as a plain word: `- checkLinks` alone is fine when the step needs no argument; anything else is a shape problem. */
  private expandScalarStep(frame: Frame, scope: JourneyScope, item: Node): JourneyStep[] {
    const { source } = frame;
    const text = isScalar(item) ? String(item.value) : '';
    const known = stepRegistry.has(text);
    // `- checkLinks` alone: a step whose arguments all have defaults.
    if (known && stepRegistry.get(text)!.args.safeParse({}).success) return this.expandStep(frame, scope, bareStep(source, item, text), { [text]: null });
    const [word, ...rest] = text.split(/[:\s]+/);
    const colonMissing = !known && stepRegistry.has(word) && rest.length > 0; // `- click Subscribe`
    this.diagnostics.add(source, item, {
      code: DiagnosticCode.stepShape,
      message:
        known ? `step "${text}" needs a value, as in "- ${text}: …"`
        : colonMissing ? `a colon is missing after the step name: "- ${word}: ${text.slice(word.length).trim()}"`
        : 'a step is a mapping, as in "- click: Subscribe"',
      path: [],
      expected: `a step: ${STEP_NAMES.slice(0, 6).join(', ')}, …`,
      suggestion: known || colonMissing || !text ? undefined : didYouMean(word, STEP_NAMES),
    });
    return [];
  }

  /**
   * The step's kind: the first key naming a step (`- nmae: x` before `goto: /` is a misspelt
   * option). Further keys that are neither a step option nor the kind are reported, and make
   * `ok` false; an unknown or missing kind ends the step's checks.
   */
  private stepKind(source: SourceFile, item: YAMLMap): { kind: string; ok: boolean } | undefined {
    const keys = item.items.map((pair) => (isScalar(pair.key) ? String(pair.key.value) : ''));
    const valid = STEP_KINDS;
    const kindKeys = keys.filter((k) => !COMMON_KEY_SET.has(k)).sort((a, b) => Number(STEP_KIND_SET.has(b)) - Number(STEP_KIND_SET.has(a)));
    if (kindKeys.length === 0) {
      const message = keys.length ? `step does not say what to do (it only has ${keys.join(', ')})` : 'step is empty';
      this.diagnostics.add(source, item, { code: DiagnosticCode.stepShape, message, path: [], expected: `one of ${valid.join(', ')}` });
      return undefined;
    }
    const [kind, ...extras] = kindKeys;
    for (const extra of extras) {
      const known = STEP_KIND_SET.has(extra);
      this.diagnostics.add(source, item, {
        code: known ? DiagnosticCode.stepShape : DiagnosticCode.unknownKey,
        message: known ? `one list item holds two steps ("${kind}" and "${extra}"); give each its own "- "` : `unknown key "${extra}" in the "${kind}" step`,
        path: [extra],
        atKey: true,
        expected: known ? undefined : `${COMMON_STEP_KEYS.join(', ')} beside the step`,
        suggestion: known ? undefined : didYouMean(extra, [...COMMON_STEP_KEYS, ...valid]),
      });
    }
    if (!stepRegistry.has(kind) && kind !== USE_KEY) {
      this.diagnostics.add(source, item, { code: DiagnosticCode.unknownStep, message: `unknown step "${kind}"`, path: [kind], atKey: true, expected: `a step name: ${valid.join(', ')}`, suggestion: didYouMean(kind, valid) });
      return undefined;
    }
    return { kind, ok: extras.length === 0 };
  }

  /** The step options written beside the step; undefined (and reported) when they do not parse. */
  private optionsBesideStep(source: SourceFile, item: YAMLMap, raw: Record<string, unknown>): StepOptions | undefined {
    const given = optionsBeside(raw);
    const parsed = Object.keys(given).length === 0 ? NO_STEP_OPTIONS : commonStepSchema.safeParse(given);
    if (parsed.success) return parsed.data;
    for (const problem of problemsFromZod(parsed.error, commonStepSchema, raw, { subject: 'step option' })) this.diagnostics.add(source, item, problem);
    return undefined;
  }

  /** `- use: parts/x.yaml`: the sub-journey's steps, titled after the use: step's `name:` when it has one. */
  private expandUseStep(draft: StepDraft): JourneyStep[] {
    const { frame, scope, raw, kind, valueNode, location } = draft;
    // A sub-journey may hand its own inputs on: `with: { email: "${{ inputs.email }}" }`.
    const use = frame.inputs ? this.substituteInputs(frame, valueNode, raw[kind]) : raw[kind];
    if (!draft.ok) return [];
    const used = this.expandUse(frame, scope, use, valueNode as Node, location);
    // A `name:` on a use: step heads the title of every step it brings in, so reports show it.
    const group = draft.options?.name;
    return group === undefined ? used : used.map((s) => ({ ...s, title: `${group} › ${s.title}` }));
  }

  /** A step of a registered kind: its arguments against the step's schema, its references and expressions, its options. */
  private expandDefinedStep(draft: StepDraft, definition: StepDefinition): JourneyStep[] {
    const written = this.stepArguments(draft, definition);
    if (!written) return [];
    const { args, isShorthand } = written;
    const at = (path: PropertyKey[]) => (isShorthand ? [] : path);
    const parsed = this.validateArguments(draft, definition, args, at, isShorthand);
    draft.ok = this.references.checkStepReferences(draft.frame.source, draft.scope, definition, args as Record<string, unknown>, draft.valueNode, at) && draft.ok;
    draft.ok = this.references.checkExpressions(draft.frame.source, draft.valueNode, args, [], draft.scope, at, draft.frame.inputs !== undefined) && draft.ok;
    this.checkStepName(draft);
    this.checkSoftAllowed(draft, definition);
    if (!draft.ok || !parsed.success) return [];
    return [this.journeyStep(draft, definition, args, parsed.data)];
  }

  /**
   * The step's arguments as a mapping: a shorthand value put under its argument, inputs
   * substituted, step options written inside the mapping taken out. Undefined (and reported)
   * when the step has no shorthand and is given a plain value.
   */
  private stepArguments(draft: StepDraft, definition: StepDefinition): { args: unknown; isShorthand: boolean } | undefined {
    const { frame, raw, kind, valueNode } = draft;
    let args: unknown = raw[kind] ?? {};
    const isShorthand = args === null || typeof args !== 'object';
    if (isShorthand) {
      if (!definition.shorthand) {
        this.diagnostics.add(frame.source, valueNode, { code: DiagnosticCode.wrongArgumentType, message: `"${kind}" takes its arguments as a mapping`, path: [], expected: definition.example.replace(/^- /, '') });
        return undefined;
      }
      args = { [definition.shorthand]: args };
    }
    if (frame.inputs) args = this.substituteInputs(frame, valueNode, args);
    if (!isShorthand) args = this.takeOptionsInside(draft, definition, args as Record<string, unknown>);
    return { args, isShorthand };
  }

  /**
   * `name`, `timeout` and `optional` may also sit inside the step's mapping
   * (`expectText: { text: X, timeout: 2s }`): they join the options beside the step (given
   * in both places is a problem). Returns the arguments without them.
   */
  private takeOptionsInside(draft: StepDraft, definition: StepDefinition, args: Record<string, unknown>): Record<string, unknown> {
    const inner = optionsInside(definition.args, args);
    if (Object.keys(inner).length === 0) return args;
    const { source } = draft.frame;
    for (const key of Object.keys(inner).filter((k) => k in draft.raw)) {
      draft.ok = false;
      this.diagnostics.add(source, draft.valueNode, { code: DiagnosticCode.stepShape, message: `"${key}" is given twice: beside the step and inside its mapping`, path: [key], atKey: true, expected: 'one of the two' });
    }
    const merged = commonStepSchema.safeParse({ ...optionsBeside(draft.raw), ...inner });
    if (merged.success) draft.options = merged.data;
    else {
      draft.ok = false;
      for (const problem of problemsFromZod(merged.error, commonStepSchema, inner, { subject: 'step option' })) this.diagnostics.add(source, draft.valueNode, problem);
    }
    return Object.fromEntries(Object.entries(args).filter(([k]) => !(k in inner)));
  }

  private validateArguments(draft: StepDraft, definition: StepDefinition, args: unknown, at: (path: PropertyKey[]) => PropertyKey[], isShorthand: boolean) {
    const parsed = definition.args.safeParse(args);
    if (!parsed.success) {
      draft.ok = false;
      for (const problem of problemsFromZod(parsed.error, definition.args, args, { subject: 'argument', of: draft.kind })) {
        this.diagnostics.add(draft.frame.source, draft.valueNode, { ...withStepOptionSuggestion(problem), path: at(problem.path), atKey: problem.atKey && !isShorthand });
      }
    }
    return parsed;
  }

  /** A step's `name:` is unique in the journey (sub-journeys included). */
  private checkStepName(draft: StepDraft): void {
    const name = draft.options?.name;
    if (name === undefined) return;
    if (draft.scope.stepNames.has(name)) {
      draft.ok = false;
      this.diagnostics.add(draft.frame.source, nodeAt(draft.item, ['name']), { code: DiagnosticCode.duplicateName, message: `two steps are named "${name}"`, path: [], expected: 'a unique name per step' });
    }
    draft.scope.stepNames.add(name);
  }

  /** `soft: true` only on steps that judge: later steps depend on a driving step. */
  private checkSoftAllowed(draft: StepDraft, definition: StepDefinition): void {
    if (draft.options?.soft !== true || definition.judges) return;
    draft.ok = false;
    this.diagnostics.add(draft.frame.source, nodeAt(draft.item, ['soft']), {
      code: DiagnosticCode.badValue,
      message: `"${draft.kind}" drives the journey (later steps depend on it), so it cannot go on after failing`,
      path: [],
      expected: 'soft: on a check or an audit (expectText, expectUrl, expectVisible, checkLinks, …); optional: true to turn its failure into a warning',
    });
  }

  /** The checked step as the runner takes it. */
  private journeyStep(draft: StepDraft, definition: StepDefinition, args: unknown, parsed: unknown): JourneyStep {
    const { kind, options, scope, frame } = draft;
    const budget = definition.budgetMs?.(parsed) ?? 0;
    return {
      kind,
      args,
      title: options?.name ?? safeDescribe(() => definition.describe(parsed), kind),
      timeoutMs: (typeof options?.timeout === 'number' ? options.timeout : scope.stepTimeoutMs) + budget,
      optional: options?.optional === true,
      soft: isSoftStep(definition.judges, options?.soft, scope.soft),
      location: draft.location,
      via: frame.via.length ? frame.via : undefined,
    };
  }

  private expandUse(frame: Frame, scope: JourneyScope, value: unknown, node: Node, location: SourceLocation): JourneyStep[] {
    const before = this.diagnostics.count;
    const steps = this.expandUseAt(frame, scope, value, node, location);
    // Problems found inside the sub-journey name the use: step that brought them in.
    for (const d of this.diagnostics.since(before)) if (d.file !== frame.source.file) d.usedFrom ??= location;
    return steps;
  }

  private expandUseAt(frame: Frame, scope: JourneyScope, value: unknown, node: Node, location: SourceLocation): JourneyStep[] {
    const parsed = useSchema.safeParse(value);
    if (!parsed.success) {
      this.diagnostics.add(frame.source, node, { code: DiagnosticCode.wrongArgumentType, message: 'use: takes a file, or { file, with }', path: [], expected: 'use: parts/buy-the-book.yaml' });
      return [];
    }
    const { file, with: given } = typeof parsed.data === 'string' ? { file: parsed.data, with: {} as Record<string, InputValue> } : parsed.data;
    const target = resolve(dirname(frame.source.file), file);
    const fileNode = typeof parsed.data === 'string' ? node : nodeAt(node, ['file']);
    const targetKind = this.useTargetKind(target);
    if (targetKind !== 'file') {
      const isFolder = targetKind === 'folder';
      const message = isFolder ? `${file} is a folder, not a sub-journey file` : `sub-journey file not found: ${file}`;
      this.diagnostics.add(frame.source, fileNode, { code: DiagnosticCode.useNotFound, message, path: [], expected: 'a path relative to this file', suggestion: isFolder ? undefined : siblingSuggestion(target, file) });
      return [];
    }
    if (frame.chain.includes(target) || frame.chain.length > MAX_USE_DEPTH) {
      const cycle = [...frame.chain, target].map((f) => basename(f)).join(' → ');
      this.diagnostics.add(frame.source, fileNode, { code: DiagnosticCode.useCycle, message: frame.chain.includes(target) ? `sub-journeys use each other in a circle: ${cycle}` : `sub-journeys nest deeper than ${MAX_USE_DEPTH}`, path: [] });
      return [];
    }
    const sub = this.read(target);
    if (!sub) return [];
    if (!this.subJourneys.has(sub)) this.subJourneys.set(sub, this.validateTopLevel(sub, false));
    const data = this.subJourneys.get(sub);
    if (!data) return [];

    // A malformed inputs: was reported by validateTopLevel; matching `with:` against it would only add noise.
    if (data.inputs !== undefined && (data.inputs === null || typeof data.inputs !== 'object' || Array.isArray(data.inputs))) return [];
    const declared = data.inputs ?? {};
    const { inputs, missing, undeclared } = matchInputs(declared, given);
    for (const name of missing) {
      this.diagnostics.add(frame.source, node, { code: DiagnosticCode.missingInput, message: `${basename(target)} needs the input "${name}"`, path: [], expected: `with: { ${name}: … }` });
    }
    for (const name of undeclared) {
      this.diagnostics.add(frame.source, node, { code: DiagnosticCode.unknownInput, message: `${basename(target)} has no input "${name}"`, path: ['with', name], atKey: true, expected: Object.keys(declared).length ? `one of ${Object.keys(declared).join(', ')}` : 'no inputs', suggestion: didYouMean(name, Object.keys(declared)) });
    }
    if (missing.length > 0 || undeclared.length > 0) return [];
    return this.expandSteps({ source: sub, inputs, chain: [...frame.chain, target], via: [...frame.via, location] }, scope, Array.isArray(data.steps) ? data.steps : []);
  }

  private useTargetKind(target: string): 'file' | 'folder' | 'missing' {
    let kind = this.useTargets.get(target);
    if (!kind) {
      kind = !existsSync(target) ? 'missing' : statSync(target).isFile() ? 'file' : 'folder';
      this.useTargets.set(target, kind);
    }
    return kind;
  }

  private substituteInputs(frame: Frame, node: Node | null | undefined, value: unknown): unknown {
    const inputs = frame.inputs ?? {};
    return substituteInputs(value, inputs, (expression, name) => {
      this.diagnostics.addAt(frame.source, node, expression, { code: DiagnosticCode.unknownInput, message: `unknown input "${name}"`, expected: Object.keys(inputs).length ? `one of ${Object.keys(inputs).join(', ')}` : 'declare it under inputs:', suggestion: didYouMean(name, Object.keys(inputs)) });
    });
  }

}

function asTopLevel(problem: Problem): Problem {
  const code =
    problem.code === DiagnosticCode.unknownArgument ? DiagnosticCode.unknownKey
    : problem.code === DiagnosticCode.missingArgument ? DiagnosticCode.missingKey
    : problem.code === DiagnosticCode.wrongArgumentType ? DiagnosticCode.wrongType
    : problem.code;
  return { ...problem, code };
}

function safeDescribe(describe: () => string, fallback: string): string {
  try {
    return describe();
  } catch {
    return fallback;
  }
}

/** A file beside the missing one with a similar name, as the user would write the path. */
function siblingSuggestion(target: string, written: string): string | undefined {
  try {
    const sibling = didYouMean(basename(target), readdirSync(dirname(target)));
    return sibling && written.slice(0, written.length - basename(written).length) + sibling;
  } catch {
    return undefined;
  }
}

function reportDuplicateJourneyNames(result: LoadResult): void {
  const seen = new Map<string, Journey>();
  for (const journey of result.journeys) {
    const first = seen.get(journey.name);
    if (first) {
      result.diagnostics.push({
        ...journey.location,
        code: DiagnosticCode.duplicateName,
        message: `two journeys are named "${journey.name}" (the other is ${relative(process.cwd(), first.file)}:${first.location.line})`,
        expected: 'a unique name per journey: reports and --grep use it',
      });
    } else seen.set(journey.name, journey);
  }
}

/** `- checkLinks` read as `- checkLinks: {}`, located where the name is written. */
function bareStep(source: SourceFile, item: Node, kind: string): Node {
  const map = source.doc.createNode({ [kind]: null }) as YAMLMap<Scalar, unknown>;
  map.range = item.range;
  map.items[0].key.range = item.range;
  return map;
}
