// Turns one container's output into log entries and stores them in batches. Lifecycle: the engine
// makes a writer when the container starts and hands it each chunk of output with `write`; the
// writer cuts every stream into lines and appends the complete ones to the store at most every
// `flushMs`, many lines per append. `flush` stores what is complete now; `close`, once the
// container's output has ended, also stores each stream's unfinished last line, and the writer
// takes no more output. An entry's time is when the chunk that completed it arrived; a partial
// line growing past 16 KiB is stored as entries of 16 KiB, as Docker does. A failed automatic
// flush is reported by the next `flush` or `close`.

import { concatBytes } from "../concat-bytes.ts";
import type { ContainerLogStore, LogEntry } from "./log-store.ts";

type Stream = LogEntry["stream"];

export interface LogWriterOptions {
  /** The clock for entry times, ms since epoch (default Date.now). */
  now?: () => number;
  /** The longest a complete line waits before it is appended (default 200 ms). */
  flushMs?: number;
}

export const maxPartialLineBytes = 16 * 1024;
const newline = 0x0a;

/** A line still waiting for its newline: copies of its bytes so far, and when the last arrived. */
interface PartialLine {
  pieces: Uint8Array[];
  bytes: number;
  time: number;
}

export class LogWriter {
  readonly #now: () => number;
  readonly #flushMs: number;
  readonly #partials = new Map<Stream, PartialLine>();
  #complete: LogEntry[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** Settles once every append started so far has; never rejects (see #failure). */
  #appending: Promise<void> = Promise.resolve();
  #failure: { error: unknown } | undefined;
  #closed = false;

  constructor(
    private readonly store: ContainerLogStore,
    private readonly containerId: string,
    { now = Date.now, flushMs = 200 }: LogWriterOptions = {},
  ) {
    this.#now = now;
    this.#flushMs = flushMs;
  }

  write(stream: Stream, bytes: Uint8Array): void {
    if (this.#closed) throw new Error(`log writer of container ${this.containerId}: write after close`);
    const time = this.#now();
    for (let start = 0; start < bytes.length; ) {
      const end = bytes.indexOf(newline, start);
      this.#extend(stream, bytes.subarray(start, end < 0 ? bytes.length : end), time);
      if (end < 0) break;
      this.#partial(stream, time).pieces.push(Uint8Array.of(newline));
      this.#completeLine(stream);
      start = end + 1;
    }
    if (this.#complete.length > 0) this.#timer ??= setTimeout(() => this.#startAppend(), this.#flushMs);
  }

  /** Appends the complete lines waiting, and resolves once every append so far is stored. */
  async flush(): Promise<void> {
    this.#startAppend();
    await this.#appending;
    const failure = this.#failure;
    this.#failure = undefined;
    if (failure) throw failure.error;
  }

  /** Completes each stream's unfinished line, then flushes. */
  close(): Promise<void> {
    this.#closed = true;
    const unfinished = [...this.#partials.entries()].sort(([, a], [, b]) => a.time - b.time);
    for (const [stream] of unfinished) this.#completeLine(stream);
    return this.flush();
  }

  /** Adds line content (no newline) to the stream's partial line, storing 16 KiB at a time past that. */
  #extend(stream: Stream, content: Uint8Array, time: number): void {
    if (content.length === 0) return;
    const partial = this.#partial(stream, time);
    partial.pieces.push(content.slice());
    partial.bytes += content.length;
    while (partial.bytes > maxPartialLineBytes) {
      const joined = concatBytes(partial.pieces);
      this.#complete.push({ stream, time, data: joined.slice(0, maxPartialLineBytes) });
      partial.pieces = [joined.subarray(maxPartialLineBytes)];
      partial.bytes = joined.length - maxPartialLineBytes;
    }
  }

  /** The stream's partial line, started if there is none, with `time` as its latest arrival. */
  #partial(stream: Stream, time: number): PartialLine {
    const partial = this.#partials.get(stream) ?? { pieces: [], bytes: 0, time };
    partial.time = time;
    this.#partials.set(stream, partial);
    return partial;
  }

  /** Turns the stream's partial line, if any, into an entry. */
  #completeLine(stream: Stream): void {
    const partial = this.#partials.get(stream);
    if (!partial) return;
    this.#partials.delete(stream);
    this.#complete.push({ stream, time: partial.time, data: concatBytes(partial.pieces) });
  }

  #startAppend(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#complete.length === 0) return;
    const appended = this.store.append(this.containerId, this.#complete).catch((error: unknown) => {
      this.#failure ??= { error };
    });
    this.#complete = [];
    this.#appending = this.#appending.then(() => appended);
  }
}
