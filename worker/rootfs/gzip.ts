// Gzip decompression with the platform's DecompressionStream. A gzip file may hold several
// members back to back (RFC 1952 §2.2), which some decoders reject as trailing junk; when
// decoding the whole file fails, it is split at the member boundaries and decoded member by member.

import { EngineError } from "../../src/api/errors.ts";
import { concatBytes } from "../concat-bytes.ts";

/** Decodes exactly one complete gzip member; throws if input is left over or missing. */
export type GzipMemberDecoder = (member: Uint8Array) => Promise<Uint8Array>;

const MIN_MEMBER_SIZE = 18; // 10-byte header, an empty deflate block, 8-byte trailer
/** Deflate expands at most about 1032-fold, so a larger recorded size is not to be trusted. */
const MAX_DEFLATE_RATIO = 1032;
/** Input goes to the decoder in slices, so progress can be reported as they are taken. */
const INPUT_SLICE_BYTES = 1024 * 1024;

/**
 * The uncompressed size a member's trailer records (ISIZE, modulo 2^32): exact for a single
 * member under 4 GiB. Zero when implausible for the input's size.
 */
function recordedSize(data: Uint8Array): number {
  if (data.length < MIN_MEMBER_SIZE) return 0;
  const size = new DataView(data.buffer, data.byteOffset + data.length - 4, 4).getUint32(0, true);
  return size <= data.length * MAX_DEFLATE_RATIO ? size : 0;
}

/** Output collected into one buffer, preallocated to the expected size and grown if it overflows. */
class OutputBuffer {
  #bytes: Uint8Array;
  #length = 0;

  constructor(expectedSize: number) {
    this.#bytes = new Uint8Array(expectedSize);
  }

  append(chunk: Uint8Array): void {
    const needed = this.#length + chunk.length;
    if (needed > this.#bytes.length) {
      const grown = new Uint8Array(Math.max(needed, this.#bytes.length * 2));
      grown.set(this.#bytes.subarray(0, this.#length));
      this.#bytes = grown;
    }
    this.#bytes.set(chunk, this.#length);
    this.#length = needed;
  }

  bytes(): Uint8Array {
    return this.#bytes.subarray(0, this.#length);
  }
}

/**
 * Decodes with DecompressionStream, copying each output chunk once into the result. `onInput` is
 * told how many input bytes have been handed to the decoder so far.
 */
export async function decodeWithDecompressionStream(data: Uint8Array, onInput?: (bytes: number) => void): Promise<Uint8Array> {
  let taken = 0;
  const input = new ReadableStream<Uint8Array<ArrayBuffer>>({
    pull(controller) {
      if (taken === data.length) return controller.close();
      const end = Math.min(taken + INPUT_SLICE_BYTES, data.length);
      controller.enqueue(data.subarray(taken, end) as Uint8Array<ArrayBuffer>);
      taken = end;
      onInput?.(taken);
    },
  });
  const output = new OutputBuffer(recordedSize(data));
  const reader = input.pipeThrough(new DecompressionStream("gzip")).getReader();
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) output.append(chunk.value);
  return output.bytes();
}

function isMemberStart(data: Uint8Array, offset: number): boolean {
  return data[offset] === 0x1f && data[offset + 1] === 0x8b && data[offset + 2] === 0x08;
}

/** Offset of the next gzip magic at or after `from`, or -1. */
function nextMemberStart(data: Uint8Array, from: number): number {
  for (let offset = data.indexOf(0x1f, from); offset !== -1; offset = data.indexOf(0x1f, offset + 1)) {
    if (isMemberStart(data, offset)) return offset;
  }
  return -1;
}

/**
 * The first member of `data` and its decoded bytes: the shortest prefix that ends where another
 * member starts (or at the end) and decodes on its own.
 */
async function firstMember(data: Uint8Array, decode: GzipMemberDecoder): Promise<{ length: number; output: Uint8Array } | undefined> {
  for (let end = nextMemberStart(data, MIN_MEMBER_SIZE); end !== -1; end = nextMemberStart(data, end + 1)) {
    const output = await decode(data.subarray(0, end)).catch(() => undefined);
    if (output) return { length: end, output };
  }
  const output = await decode(data).catch(() => undefined);
  return output && { length: data.length, output };
}

async function decodeMembers(data: Uint8Array, decode: GzipMemberDecoder): Promise<Uint8Array | undefined> {
  const outputs: Uint8Array[] = [];
  for (let rest = data; rest.length > 0; ) {
    const member = await firstMember(rest, decode);
    if (!member) return undefined;
    outputs.push(member.output);
    rest = rest.subarray(member.length);
  }
  return concatBytes(outputs);
}

export async function gunzip(data: Uint8Array, decode: GzipMemberDecoder = decodeWithDecompressionStream): Promise<Uint8Array> {
  if (!isMemberStart(data, 0)) throw new EngineError("invalid", "not gzip data (bad magic number)");
  try {
    return await decode(data);
  } catch (error) {
    const split = nextMemberStart(data, MIN_MEMBER_SIZE) !== -1 ? await decodeMembers(data, decode) : undefined;
    if (split) return split;
    const reason = error instanceof Error ? error.message : String(error);
    throw new EngineError("invalid", `corrupt or truncated gzip data: ${reason}`);
  }
}
