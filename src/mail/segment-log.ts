import { closeSync, openSync, unlinkSync, writeSync, writevSync } from 'node:fs';
import { join } from 'node:path';

/** Where a message's bytes are inside a segment file. */
export interface SegmentSlot {
  path: string;
  offset: number;
}

interface Segment {
  path: string;
  fd: number;
  size: number;
  /** Messages still indexed that live in this segment. */
  live: number;
}

/**
 * Append-only segment files for a long-running sink: each complete message is appended to
 * the current segment with one write to an open file, instead of creating a file per
 * message (creating files is what costs a file-per-message sink most: bench/sink). A
 * segment is deleted once none of its messages is indexed any more; a new one starts
 * when the current one reaches `segmentBytes`. Segments hold raw bytes back to back (no
 * separators); the index knows each message's offset and size.
 */
export class SegmentLog {
  private current?: Segment;
  private readonly byPath = new Map<string, Segment>();
  private next = 0;

  constructor(
    private readonly dir: string,
    private readonly segmentBytes: number,
  ) {}

  /** Appends one message given as its chunks (written as they are: no copy into one buffer). */
  append(chunks: Buffer[], length: number): SegmentSlot {
    if (!this.current || this.current.size + length > this.segmentBytes) this.rotate();
    const segment = this.current!;
    const offset = segment.size;
    const written = chunks.length === 0 ? 0 : writevSync(segment.fd, chunks, offset);
    if (written < length) {
      // A short write (rare: a signal, a full disk): write the rest, or fail with the error.
      const rest = Buffer.concat(chunks, length).subarray(written);
      for (let done = 0; done < rest.length; ) done += writeSync(segment.fd, rest, done, rest.length - done, offset + written + done);
    }
    segment.size += length;
    segment.live++;
    return { path: segment.path, offset };
  }

  /** One message of the segment at `path` is gone from the index; the last one takes the file with it. */
  release(path: string): void {
    const segment = this.byPath.get(path);
    if (!segment) return;
    segment.live--;
    if (segment.live > 0) return;
    // Nothing indexed lives here any more, not even in the current segment: its bytes go now.
    if (segment === this.current) this.current = undefined;
    this.remove(segment);
  }

  close(): void {
    for (const segment of this.byPath.values()) closeQuietly(segment.fd);
    this.byPath.clear();
    this.current = undefined;
  }

  private rotate(): void {
    const previous = this.current;
    const path = join(this.dir, `segment-${Date.now()}-${String(this.next++).padStart(4, '0')}.raw`);
    this.current = { path, fd: openSync(path, 'wx'), size: 0, live: 0 };
    this.byPath.set(path, this.current);
    if (previous && previous.live <= 0) this.remove(previous);
  }

  private remove(segment: Segment): void {
    this.byPath.delete(segment.path);
    closeQuietly(segment.fd);
    try {
      unlinkSync(segment.path);
    } catch {
      // already gone
    }
  }
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // closed already
  }
}
