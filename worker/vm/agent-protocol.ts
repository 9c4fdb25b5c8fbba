// Wire format of the guest agent protocol (images/agent/PROTOCOL.md, version 6): length-prefixed
// frames on both virtio-console ports, control bodies on port 1 and stdio bodies on port 2.

/** Largest frame body either side may send. */
export const MAX_FRAME_BODY = 1024 * 1024;

const LENGTH_PREFIX = 4;

export const Op = {
  Ping: 0x01,
  Info: 0x02,
  Sync: 0x03,
  Create: 0x10,
  Start: 0x11,
  Signal: 0x12,
  Resize: 0x13,
  Delete: 0x14,
  Exec: 0x15,
  Pause: 0x16,
  Resume: 0x17,
  Stats: 0x18,
  Top: 0x19,
  CopyOut: 0x1a,
  CopyIn: 0x1b,
  Diff: 0x1c,
  Panic: 0x1f,
  NetConnect: 0x20,
  NetDisconnect: 0x21,
  BridgeRemove: 0x22,
  WriteFile: 0x23,
  TcpConnect: 0x24,
  TcpClose: 0x25,
  EgressPorts: 0x26,
  DiskSync: 0x27,
  DiskRoom: 0x28,
  Result: 0x80,
  Exit: 0x81,
  Accept: 0x82,
  Ready: 0x90,
} as const;

/** Stdio streams; Datagram carries a DNS socket's datagrams (both directions), each after a 6-byte peer. */
export const StdioStream = { Stdin: 0, Stdout: 1, Stderr: 2, Datagram: 3 } as const;

/** A control field as given by the caller: bytes, UTF-8 text, or a number sent as decimal ASCII. */
export type ControlField = Uint8Array | string | number;

export interface ControlMessage {
  op: number;
  requestId: number;
  fields: Uint8Array[];
}

export interface StdioMessage {
  handle: number;
  stream: number;
  data: Uint8Array;
}

export class ProtocolError extends Error {
  override readonly name = "ProtocolError";
}

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder();

export function encodeFrame(body: Uint8Array): Uint8Array {
  if (body.length > MAX_FRAME_BODY) {
    throw new ProtocolError(`frame body of ${body.length} bytes exceeds ${MAX_FRAME_BODY}`);
  }
  const frame = new Uint8Array(LENGTH_PREFIX + body.length);
  new DataView(frame.buffer).setUint32(0, body.length, true);
  frame.set(body, LENGTH_PREFIX);
  return frame;
}

/**
 * Reassembles frames from a byte stream cut at arbitrary points. Each byte is copied once. After an
 * oversize length prefix the stream cannot be resynchronised, so the decoder stays failed.
 */
export class FrameDecoder {
  readonly #prefix = new Uint8Array(LENGTH_PREFIX);
  #prefixFilled = 0;
  #body: Uint8Array | null = null;
  #bodyFilled = 0;
  #failure: ProtocolError | null = null;

  /** Consumes a chunk and returns the bodies of the frames it completed, in order. */
  push(chunk: Uint8Array): Uint8Array[] {
    if (this.#failure) throw this.#failure;
    const frames: Uint8Array[] = [];
    let offset = 0;
    while (offset < chunk.length) {
      if (this.#body === null) {
        const take = Math.min(LENGTH_PREFIX - this.#prefixFilled, chunk.length - offset);
        this.#prefix.set(chunk.subarray(offset, offset + take), this.#prefixFilled);
        this.#prefixFilled += take;
        offset += take;
        if (this.#prefixFilled < LENGTH_PREFIX) break;
        const length = new DataView(this.#prefix.buffer).getUint32(0, true);
        if (length > MAX_FRAME_BODY) {
          this.#failure = new ProtocolError(`incoming frame of ${length} bytes exceeds ${MAX_FRAME_BODY}`);
          throw this.#failure;
        }
        this.#body = new Uint8Array(length);
        this.#bodyFilled = 0;
      }
      const take = Math.min(this.#body.length - this.#bodyFilled, chunk.length - offset);
      this.#body.set(chunk.subarray(offset, offset + take), this.#bodyFilled);
      this.#bodyFilled += take;
      offset += take;
      if (this.#bodyFilled === this.#body.length) {
        frames.push(this.#body);
        this.#body = null;
        this.#prefixFilled = 0;
      }
    }
    return frames;
  }
}

function fieldBytes(field: ControlField): Uint8Array {
  if (field instanceof Uint8Array) return field;
  if (typeof field === "number") {
    if (!Number.isSafeInteger(field)) throw new ProtocolError(`numeric field ${field} is not an integer`);
    return utf8Encoder.encode(String(field));
  }
  return utf8Encoder.encode(field);
}

export function encodeControl(op: number, requestId: number, fields: readonly ControlField[] = []): Uint8Array {
  const encoded = fields.map(fieldBytes);
  const size = 5 + encoded.reduce((sum, field) => sum + 4 + field.length, 0);
  const body = new Uint8Array(size);
  const view = new DataView(body.buffer);
  body[0] = op;
  view.setUint32(1, requestId, true);
  let offset = 5;
  for (const field of encoded) {
    view.setUint32(offset, field.length, true);
    body.set(field, offset + 4);
    offset += 4 + field.length;
  }
  return body;
}

export function decodeControl(body: Uint8Array): ControlMessage {
  if (body.length < 5) throw new ProtocolError(`control body of ${body.length} bytes is too short`);
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  const fields: Uint8Array[] = [];
  let offset = 5;
  while (offset < body.length) {
    if (offset + 4 > body.length) throw new ProtocolError("control field length is truncated");
    const length = view.getUint32(offset, true);
    const start = offset + 4;
    if (start + length > body.length) throw new ProtocolError("control field overruns its body");
    fields.push(body.subarray(start, start + length));
    offset = start + length;
  }
  return { op: body[0], requestId: view.getUint32(1, true), fields };
}

export function fieldText(field: Uint8Array): string {
  return utf8Decoder.decode(field);
}

/** Parses a decimal ASCII field; throws on anything else. */
export function fieldNumber(field: Uint8Array): number {
  const text = fieldText(field);
  if (!/^-?\d+$/.test(text)) throw new ProtocolError(`expected a decimal number, got ${JSON.stringify(text)}`);
  return Number(text);
}

export function encodeStdio(handle: number, stream: number, data: Uint8Array): Uint8Array {
  const body = new Uint8Array(5 + data.length);
  new DataView(body.buffer).setUint32(0, handle, true);
  body[4] = stream;
  body.set(data, 5);
  return body;
}

export function decodeStdio(body: Uint8Array): StdioMessage {
  if (body.length < 5) throw new ProtocolError(`stdio body of ${body.length} bytes is too short`);
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  return { handle: view.getUint32(0, true), stream: body[4], data: body.subarray(5) };
}
