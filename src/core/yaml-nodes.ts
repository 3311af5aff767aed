import { isMap, isScalar, isSeq, type LineCounter, type Node, type Pair } from 'yaml';

/** Helpers to point at the YAML source of a value: the Document API keeps every node's range. */

export interface Span {
  line: number;
  column: number;
  length: number;
}

export function spanOf(node: Node | null | undefined, lines: LineCounter, source: string): Span {
  const start = node?.range?.[0] ?? 0;
  const end = node?.range?.[1] ?? start + 1;
  const { line, col } = lines.linePos(Math.min(start, source.length));
  const firstLineEnd = source.indexOf('\n', start);
  const stop = firstLineEnd === -1 ? end : Math.min(end, firstLineEnd);
  return { line, column: col, length: Math.max(1, stop - start) };
}

export function pairOf(map: Node | null | undefined, key: string | number): Pair<Node, Node | null> | undefined {
  if (!isMap(map)) return undefined;
  return (map.items as Pair<Node, Node | null>[]).find((pair) => isScalar(pair.key) && String(pair.key.value) === String(key));
}

/**
 * The node at `path` under `root`, or the deepest node on the way when the path does not
 * exist (a missing argument points at the mapping that lacks it). `key: true` returns
 * the key of the last segment rather than its value.
 */
export function nodeAt(root: Node | null | undefined, path: readonly PropertyKey[], options: { key?: boolean } = {}): Node | null | undefined {
  let node = root;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i];
    if (isSeq(node) && typeof segment === 'number') {
      const next = node.items[segment] as Node | undefined;
      if (!next) return node;
      node = next;
      continue;
    }
    const pair = pairOf(node, String(segment));
    if (!pair) return node;
    if (i === path.length - 1 && options.key) return pair.key;
    node = pair.value ?? pair.key;
  }
  return node;
}

/** Nesting depth of a node tree, stopping early once `limit` is passed. */
export function depthExceeds(node: unknown, limit: number, depth = 0): boolean {
  if (depth > limit) return true;
  if (isMap(node) || isSeq(node)) {
    for (const item of node.items as unknown[]) {
      const children = isMap(node) ? [(item as Pair).key, (item as Pair).value] : [item];
      for (const child of children) if (depthExceeds(child, limit, depth + 1)) return true;
    }
  }
  return false;
}
