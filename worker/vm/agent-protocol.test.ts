import { describe, expect, it } from "vitest";
import {
  FrameDecoder,
  MAX_FRAME_BODY,
  Op,
  ProtocolError,
  StdioStream,
  decodeControl,
  decodeStdio,
  encodeControl,
  encodeFrame,
  encodeStdio,
  fieldNumber,
  fieldText,
} from "./agent-protocol.ts";

const bytes = (...values: number[]) => Uint8Array.from(values);
const text = (value: string) => new TextEncoder().encode(value);

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

describe("encodeFrame", () => {
  it("prefixes the body with its little-endian length", () => {
    expect(encodeFrame(bytes(7, 8, 9))).toEqual(bytes(3, 0, 0, 0, 7, 8, 9));
  });

  it("encodes an empty body", () => {
    expect(encodeFrame(new Uint8Array(0))).toEqual(bytes(0, 0, 0, 0));
  });

  it("rejects a body over the maximum", () => {
    expect(() => encodeFrame(new Uint8Array(MAX_FRAME_BODY + 1))).toThrow(ProtocolError);
    expect(encodeFrame(new Uint8Array(MAX_FRAME_BODY)).length).toBe(MAX_FRAME_BODY + 4);
  });
});

describe("FrameDecoder", () => {
  const bodies = [text("hello"), new Uint8Array(0), text("x"), new Uint8Array(70_000).fill(0xab)];
  const stream = concat(bodies.map(encodeFrame));

  it("returns several frames merged into one chunk", () => {
    expect(new FrameDecoder().push(stream)).toEqual(bodies);
  });

  it("reassembles frames fed one byte at a time", () => {
    const decoder = new FrameDecoder();
    const frames: Uint8Array[] = [];
    for (let i = 0; i < stream.length; i++) frames.push(...decoder.push(stream.subarray(i, i + 1)));
    expect(frames).toEqual(bodies);
  });

  it("reassembles frames cut at every possible point", () => {
    const small = concat([encodeFrame(text("ab")), encodeFrame(text("cde"))]);
    for (let cut = 0; cut <= small.length; cut++) {
      const decoder = new FrameDecoder();
      const frames = [...decoder.push(small.subarray(0, cut)), ...decoder.push(small.subarray(cut))];
      expect(frames, `cut at ${cut}`).toEqual([text("ab"), text("cde")]);
    }
  });

  it("handles a frame split inside its length prefix", () => {
    const decoder = new FrameDecoder();
    const frame = encodeFrame(text("split"));
    expect(decoder.push(frame.subarray(0, 2))).toEqual([]);
    expect(decoder.push(frame.subarray(2, 3))).toEqual([]);
    expect(decoder.push(frame.subarray(3))).toEqual([text("split")]);
  });

  it("handles random chunking of a long stream", () => {
    let seed = 42;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const decoder = new FrameDecoder();
    const frames: Uint8Array[] = [];
    for (let offset = 0; offset < stream.length; ) {
      const size = 1 + Math.floor(random() * 9000);
      frames.push(...decoder.push(stream.subarray(offset, offset + size)));
      offset += size;
    }
    expect(frames).toEqual(bodies);
  });

  it("accepts a body of exactly the maximum size", () => {
    const frames = new FrameDecoder().push(encodeFrame(new Uint8Array(MAX_FRAME_BODY).fill(1)));
    expect(frames.length).toBe(1);
    expect(frames[0]!.length).toBe(MAX_FRAME_BODY);
    expect(frames[0]!.every((value) => value === 1)).toBe(true);
  });

  it("rejects an oversize length prefix and stays failed", () => {
    const decoder = new FrameDecoder();
    const prefix = new Uint8Array(4);
    new DataView(prefix.buffer).setUint32(0, MAX_FRAME_BODY + 1, true);
    expect(() => decoder.push(prefix)).toThrow(/exceeds/);
    expect(() => decoder.push(encodeFrame(text("ok")))).toThrow(ProtocolError);
  });

  it("does not keep references to the caller's chunk", () => {
    const decoder = new FrameDecoder();
    const chunk = encodeFrame(text("abc"));
    const [frame] = decoder.push(chunk);
    chunk.fill(0);
    expect(frame).toEqual(text("abc"));
  });
});

describe("control messages", () => {
  it("round-trips op, request id and fields", () => {
    const body = encodeControl(Op.Create, 0xfeed_beef, ["c1", 7, text("{}"), "", "1"]);
    const message = decodeControl(body);
    expect(message.op).toBe(Op.Create);
    expect(message.requestId).toBe(0xfeed_beef);
    expect(message.fields.map(fieldText)).toEqual(["c1", "7", "{}", "", "1"]);
  });

  it("uses the documented op codes", () => {
    expect(Op).toMatchObject({
      Ping: 0x01, Info: 0x02, Sync: 0x03, Create: 0x10, Start: 0x11, Signal: 0x12, Resize: 0x13, Delete: 0x14,
      Exec: 0x15, Pause: 0x16, Resume: 0x17, Stats: 0x18, Top: 0x19, CopyOut: 0x1a, CopyIn: 0x1b, Panic: 0x1f,
      Result: 0x80, Exit: 0x81, Ready: 0x90,
    });
  });

  it("encodes the documented layout", () => {
    expect(encodeControl(Op.Signal, 2, ["a", 15])).toEqual(
      bytes(0x12, 2, 0, 0, 0, 1, 0, 0, 0, 0x61, 2, 0, 0, 0, 0x31, 0x35),
    );
  });

  it("decodes a message without fields", () => {
    expect(decodeControl(encodeControl(Op.Ping, 1))).toEqual({ op: Op.Ping, requestId: 1, fields: [] });
  });

  it("decodes from a view into a larger buffer", () => {
    const body = encodeControl(Op.Result, 9, ["ok", "123"]);
    const padded = new Uint8Array(body.length + 10);
    padded.set(body, 3);
    const message = decodeControl(padded.subarray(3, 3 + body.length));
    expect(message.requestId).toBe(9);
    expect(message.fields.map(fieldText)).toEqual(["ok", "123"]);
  });

  it("encodes UTF-8 text", () => {
    const [field] = decodeControl(encodeControl(Op.Create, 1, ["héllo ✓"])).fields;
    expect(fieldText(field!)).toBe("héllo ✓");
  });

  it("rejects truncated bodies", () => {
    expect(() => decodeControl(bytes(0x80, 1, 0))).toThrow(ProtocolError);
    expect(() => decodeControl(bytes(0x80, 1, 0, 0, 0, 5, 0))).toThrow(/truncated/);
    expect(() => decodeControl(bytes(0x80, 1, 0, 0, 0, 5, 0, 0, 0, 1))).toThrow(/overruns/);
  });

  it("rejects non-integer numeric fields", () => {
    expect(() => encodeControl(Op.Signal, 1, [1.5])).toThrow(ProtocolError);
  });

  it("parses decimal fields", () => {
    expect(fieldNumber(text("137"))).toBe(137);
    expect(fieldNumber(text("-1"))).toBe(-1);
    expect(() => fieldNumber(text("12a"))).toThrow(ProtocolError);
    expect(() => fieldNumber(text(""))).toThrow(ProtocolError);
  });
});

describe("stdio messages", () => {
  it("round-trips handle, stream and data", () => {
    const body = encodeStdio(0x0102_0304, StdioStream.Stderr, text("oops"));
    expect(body.subarray(0, 5)).toEqual(bytes(4, 3, 2, 1, 2));
    expect(decodeStdio(body)).toEqual({ handle: 0x0102_0304, stream: StdioStream.Stderr, data: text("oops") });
  });

  it("represents EOF as empty data", () => {
    expect(decodeStdio(encodeStdio(5, StdioStream.Stdout, new Uint8Array(0))).data.length).toBe(0);
  });

  it("rejects a body shorter than its header", () => {
    expect(() => decodeStdio(bytes(1, 0, 0, 0))).toThrow(ProtocolError);
  });
});
