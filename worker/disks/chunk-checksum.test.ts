import { describe, expect, it } from "vitest";
import { randomBytes, seededRandom } from "../../test/unit/disk-bus-helpers.ts";
import { chunkChecksum } from "./chunk-checksum.ts";

const chunkBytes = 64 * 1024;

describe("chunkChecksum", () => {
  it("is a 32-bit unsigned value that depends only on the bytes", () => {
    const bytes = randomBytes(seededRandom(1), chunkBytes);
    const checksum = chunkChecksum(bytes);
    expect(Number.isInteger(checksum) && checksum >= 0 && checksum < 2 ** 32).toBe(true);
    expect(chunkChecksum(bytes.slice())).toBe(checksum);
    const unaligned = new Uint8Array(chunkBytes + 1);
    unaligned.set(bytes, 1);
    expect(chunkChecksum(unaligned.subarray(1))).toBe(checksum);
    expect(chunkChecksum(new Uint8Array(chunkBytes))).not.toBe(chunkChecksum(new Uint8Array(chunkBytes - 4)));
  });

  it("changes when any one bit of a chunk flips", () => {
    const bytes = randomBytes(seededRandom(2), 4096);
    const checksum = chunkChecksum(bytes);
    for (let bit = 0; bit < bytes.length * 8; bit++) {
      bytes[bit >>> 3]! ^= 1 << (bit & 7);
      if (chunkChecksum(bytes) === checksum) throw new Error(`flipping bit ${bit} went unnoticed`);
      bytes[bit >>> 3]! ^= 1 << (bit & 7);
    }
  });

  it("changes when any one 32-bit word takes another value, and for a zero chunk too", () => {
    const random = seededRandom(3);
    for (const original of [randomBytes(random, chunkBytes), new Uint8Array(chunkBytes)]) {
      const checksum = chunkChecksum(original);
      const changed = original.slice();
      const words = new Uint32Array(changed.buffer);
      for (let trial = 0; trial < 2000; trial++) {
        const at = random(words.length);
        const before = words[at]!;
        words[at] = (before + 1 + random(0xffffffff)) >>> 0;
        if (chunkChecksum(changed) === checksum) throw new Error(`word ${at} changed from ${before} to ${words[at]} went unnoticed`);
        words[at] = before;
      }
    }
  });

  it("notices the top bits of two words flipping together (multiplication alone would not), also at the end", () => {
    const bytes = randomBytes(seededRandom(4), chunkBytes);
    const checksum = chunkChecksum(bytes);
    const words = new Uint32Array(bytes.buffer);
    const starts = [...Array.from({ length: 64 }, (_, index) => index), words.length - 4, words.length - 3, words.length - 2];
    for (const at of starts) {
      for (const distance of [1, 2]) {
        if (at + distance >= words.length) continue;
        words[at]! ^= 0x80000000;
        words[at + distance]! ^= 0x80000000;
        if (chunkChecksum(bytes) === checksum) throw new Error(`flipping the top bits of words ${at} and ${at + distance} went unnoticed`);
        words[at]! ^= 0x80000000;
        words[at + distance]! ^= 0x80000000;
      }
    }
  });

  it("notices a change in a word left over from the pairs, and in the bytes after the last whole word", () => {
    const bytes = randomBytes(seededRandom(5), 4103);
    const checksum = chunkChecksum(bytes);
    for (const at of [4096, 4100, 4102]) {
      bytes[at]! ^= 0x40;
      expect(chunkChecksum(bytes)).not.toBe(checksum);
      bytes[at]! ^= 0x40;
    }
  });

  it("is cheap: 16 MiB of chunks well within a second", () => {
    const chunk = randomBytes(seededRandom(6), chunkBytes);
    chunkChecksum(chunk);
    const started = performance.now();
    let combined = 0;
    for (let round = 0; round < 256; round++) combined ^= chunkChecksum(chunk);
    expect(combined).toBe(0); // 256 equal values cancel out; keeps the work from being skipped
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
