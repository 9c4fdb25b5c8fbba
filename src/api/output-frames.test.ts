import { describe, expect, it } from "vitest";
import type { OutputStream } from "./operation-spec.ts";
import { OutputDemultiplexer } from "./output-frames.ts";

function frame(stream: number, text: string): Uint8Array {
  const payload = new TextEncoder().encode(text);
  const bytes = new Uint8Array(8 + payload.byteLength);
  bytes[0] = stream;
  new DataView(bytes.buffer).setUint32(4, payload.byteLength);
  bytes.set(payload, 8);
  return bytes;
}

function demultiplex(chunks: Uint8Array[]): [OutputStream, string][] {
  const written: [OutputStream, string][] = [];
  const frames = new OutputDemultiplexer({ write: (stream, data) => written.push([stream, new TextDecoder().decode(data)]) });
  for (const chunk of chunks) frames.push(chunk);
  return written;
}

describe("OutputDemultiplexer", () => {
  const stream = new Uint8Array([...frame(1, "out\n"), ...frame(2, "err\n"), ...frame(1, "")]);

  it("writes each frame to its stream", () => {
    expect(demultiplex([stream])).toEqual([
      [1, "out\n"],
      [2, "err\n"],
    ]);
  });

  it("reassembles frames split anywhere, inside headers and payloads", () => {
    for (let cut = 1; cut < stream.byteLength; cut++) {
      expect(demultiplex([stream.subarray(0, cut), stream.subarray(cut)]), `cut at ${cut}`).toEqual([
        [1, "out\n"],
        [2, "err\n"],
      ]);
    }
    expect(demultiplex([...stream].map((byte) => new Uint8Array([byte])))).toHaveLength(2);
  });

  it("holds back a frame the stream has not finished", () => {
    expect(demultiplex([frame(1, "partial").subarray(0, 10)])).toEqual([]);
  });
});
