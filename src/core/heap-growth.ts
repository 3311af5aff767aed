import { setFlagsFromString } from 'node:v8';

/**
 * How far V8 lets the heap grow past what a full collection left alive, in percent. Work that
 * allocates fast and keeps little (a crawl reading pages as they arrive) would
 * otherwise let garbage pile up to about four times what is alive before collecting it.
 */
const HEAP_GROWING_PERCENT = 50;

/** For long-running commands whose memory is mostly short-lived garbage. Measured on Node 20. */
export function keepHeapSmall(): void {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
