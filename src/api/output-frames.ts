// Reads Docker's multiplexed output stream: each frame is an 8-byte header (the stream, 1 stdout or
// 2 stderr, three zero bytes, then the payload's length big-endian) and the payload. Chunks from
// the network split frames anywhere, so a partial header or payload waits for the next chunk.

import type { OutputSink, OutputStream } from "./operation-spec.ts";

const headerLength = 8;

export class OutputDemultiplexer {
  #pending = new Uint8Array(0);

  constructor(private readonly sink: OutputSink) {}

  /** Takes the next chunk of the stream and writes every frame it completes to the sink. */
  push(chunk: Uint8Array): void {
    let buffer = this.#pending.byteLength === 0 ? chunk : concat(this.#pending, chunk);
    while (buffer.byteLength >= headerLength) {
      const view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
      const length = view.getUint32(4);
      if (buffer.byteLength < headerLength + length) break;
      // Stream 0 (stdin) is never sent; anything but stderr is treated as stdout, as Docker's stdcopy does.
      const stream: OutputStream = buffer[0] === 2 ? 2 : 1;
      if (length > 0) this.sink.write(stream, buffer.slice(headerLength, headerLength + length));
      buffer = buffer.subarray(headerLength + length);
    }
    this.#pending = buffer.slice();
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const joined = new Uint8Array(a.byteLength + b.byteLength);
  joined.set(a, 0);
  joined.set(b, a.byteLength);
  return joined;
}
