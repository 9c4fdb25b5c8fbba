import { gzipSync, inflateRawSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { gzipDeterministic } from "../../images/oci/node-gzip.ts";
import { gunzip, type GzipMemberDecoder } from "./gzip.ts";
import { nodeGzipDecoder } from "./node-gzip-decoder.ts";

const text = (s: string) => new TextEncoder().encode(s);
const concat = (...parts: Uint8Array[]) => new Uint8Array(Buffer.concat(parts));

/** Decodes one member the way browsers do: anything after the member's trailer is an error. */
const strictDecoder: GzipMemberDecoder = async (member) => {
  const body = Buffer.from(member.subarray(10)); // test members carry no optional header fields
  const { buffer, engine } = inflateRawSync(body, { info: true }) as unknown as { buffer: Buffer; engine: { bytesWritten: number } };
  if (10 + engine.bytesWritten + 8 !== member.length) throw new TypeError("Junk found after end of compressed data.");
  return new Uint8Array(buffer);
};

describe("gunzip", () => {
  it("decodes a single member", async () => {
    const data = new Uint8Array(300_000).map((_, i) => (i * 7) % 251);
    expect(Buffer.compare(await gunzip(gzipDeterministic(data)), data)).toBe(0);
  });

  it("decodes concatenated members", async () => {
    const multi = concat(gzipSync(text("first ")), gzipSync(text("second ")), gzipSync(text("third")));
    expect(new TextDecoder().decode(await gunzip(multi))).toBe("first second third");
  });

  it("splits members itself when the decoder rejects trailing data", async () => {
    const big = new Uint8Array(100_000).fill(65);
    const multi = concat(gzipSync(text("first ")), gzipSync(big), gzipSync(text(" last")));
    await expect(strictDecoder(multi)).rejects.toThrow(/Junk/);
    const output = await gunzip(multi, strictDecoder);
    expect(new TextDecoder().decode(output)).toBe(`first ${"A".repeat(100_000)} last`);
  });

  it("decodes with Node's zlib when given nodeGzipDecoder", async () => {
    const multi = concat(gzipSync(text("one ")), gzipSync(text("two")));
    expect(new TextDecoder().decode(await gunzip(multi, nodeGzipDecoder))).toBe("one two");
    await expect(gunzip(gzipSync(text("x")).subarray(0, 12), nodeGzipDecoder)).rejects.toThrow(/corrupt or truncated gzip data/);
  });

  it("reports truncated data", async () => {
    const truncated = gzipDeterministic(new Uint8Array(100_000).map((_, i) => i % 13)).subarray(0, 200);
    await expect(gunzip(truncated)).rejects.toThrow(/corrupt or truncated gzip data/);
    await expect(gunzip(truncated, strictDecoder)).rejects.toThrow(/corrupt or truncated gzip data/);
  });

  it("reports a corrupted trailer", async () => {
    const data = gzipDeterministic(text("hello world"));
    data[data.length - 5] ^= 0xff; // CRC-32
    await expect(gunzip(data)).rejects.toThrow(/corrupt or truncated gzip data/);
  });

  it("rejects data that is not gzip", async () => {
    await expect(gunzip(text("plain tar?"))).rejects.toThrow(/not gzip data/);
  });
});
