// Routing of the agent's stdout/stderr frames to each handle's sink. Handles the agent picks itself
// (accepted egress connections, high bit set) are announced by ACCEPT on the control port, while
// their bytes travel on the stdio port and may arrive first: output for such a handle that has no
// sink yet is held until ACCEPT settles it.

import { StdioStream } from "./agent-protocol.ts";

export type OutputStreamId = typeof StdioStream.Stdout | typeof StdioStream.Stderr;

export interface ContainerOutputSink {
  data(stream: OutputStreamId, bytes: Uint8Array): void;
  /** The container closed this stream; no more data follows on it. */
  eof(stream: OutputStreamId): void;
}

/** The first handle the agent picks itself; the worker's own handles are below it. */
export const FIRST_AGENT_HANDLE = 0x8000_0000;

/**
 * Output held for an agent handle whose ACCEPT has not been seen for this long is dropped (it
 * belongs to a connection that was closed, its last bytes still in flight).
 */
const HELD_OUTPUT_MS = 10_000;

interface HeldOutput {
  since: number;
  frames: { stream: OutputStreamId; data: Uint8Array }[];
}

export class OutputRoutes {
  readonly #sinks = new Map<number, ContainerOutputSink>();
  readonly #held = new Map<number, HeldOutput>();

  /** Routes a handle's output to `sink`; returns a function that detaches it. */
  attach(handle: number, sink: ContainerOutputSink): () => void {
    this.#sinks.set(handle, sink);
    return () => {
      if (this.#sinks.get(handle) === sink) this.#sinks.delete(handle);
    };
  }

  /** One frame from the agent: empty data is the stream's EOF. */
  deliver(handle: number, stream: OutputStreamId, data: Uint8Array): void {
    const sink = this.#sinks.get(handle);
    if (sink) {
      send(sink, stream, data);
      return;
    }
    if (handle < FIRST_AGENT_HANDLE) return;
    let held = this.#held.get(handle);
    if (!held) {
      this.#dropStale();
      held = { since: Date.now(), frames: [] };
      this.#held.set(handle, held);
    }
    held.frames.push({ stream, data: data.slice() });
  }

  /**
   * After the listeners of an agent handle's ACCEPT ran: hands what arrived before to the sink they
   * attached, in order. False if none attached (the held output is dropped).
   */
  settle(handle: number): boolean {
    const held = this.#held.get(handle);
    this.#held.delete(handle);
    const sink = this.#sinks.get(handle);
    if (!sink) return false;
    for (const { stream, data } of held?.frames ?? []) send(sink, stream, data);
    return true;
  }

  #dropStale(): void {
    const oldest = Date.now() - HELD_OUTPUT_MS;
    for (const [handle, held] of this.#held) if (held.since < oldest) this.#held.delete(handle);
  }
}

function send(sink: ContainerOutputSink, stream: OutputStreamId, data: Uint8Array): void {
  isolate(() => (data.length === 0 ? sink.eof(stream) : sink.data(stream, data)));
}

/** Runs a consumer callback; its exception is rethrown later so it cannot break frame decoding. */
export function isolate(callback: () => void): void {
  try {
    callback();
  } catch (error) {
    queueMicrotask(() => {
      throw error;
    });
  }
}
