import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { Sha256 } from "./sha256.ts";

function bytesOf(length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let index = 0; index < length; index++) bytes[index] = (index * 31 + (index >> 8)) & 0xff;
  return bytes;
}

/** A seeded xorshift32 generator, so a failing split can be reproduced. */
function randomSource(seed: number): (below: number) => number {
  let x = seed | 0 || 1;
  return (below) => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) % below;
  };
}

const expected = (bytes: Uint8Array): string => `sha256:${createHash("sha256").update(bytes).digest("hex")}`;

describe("Sha256", () => {
  // FIPS 180-4 / NIST CAVS example messages.
  it.each([
    ["", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"],
    ["abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"],
    [
      "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
    ],
    [
      "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
      "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1",
    ],
    ["a".repeat(1_000_000), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"],
  ])("hashes the NIST vector of %#", (message, hex) => {
    expect(new Sha256().update(new TextEncoder().encode(message)).digest()).toBe(`sha256:${hex}`);
  });

  const sizes = [0, 1, 3, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129, 1000, 4096, 65_537, 1024 * 1024];

  it.each(sizes)("matches node:crypto for %i bytes in one update", (size) => {
    const bytes = bytesOf(size);
    expect(new Sha256().update(bytes).digest()).toBe(expected(bytes));
  });

  it.each([1, 7, 63, 64, 65, 1000])("matches node:crypto when 70,000 bytes arrive in %i-byte pieces", (piece) => {
    const bytes = bytesOf(70_000);
    const hash = new Sha256();
    for (let start = 0; start < bytes.length; start += piece) hash.update(bytes.subarray(start, start + piece));
    expect(hash.digest()).toBe(expected(bytes));
  });

  it.each([1, 2, 3, 4, 5, 6, 7, 8])("matches node:crypto for random data split at random boundaries (seed %i)", (seed) => {
    const random = randomSource(seed * 0x9e3779b9);
    const bytes = new Uint8Array(seed === 8 ? 300_000 : random(20_000));
    for (let index = 0; index < bytes.length; index++) bytes[index] = random(256);
    // Mostly block-edge and short pieces, now and then a long one spanning many blocks.
    const pieceSizes = [0, 1, 63, 64, 65];
    const hash = new Sha256();
    for (let start = 0; start < bytes.length; ) {
      const kind = random(8);
      const piece = kind < pieceSizes.length ? pieceSizes[kind] : random(kind === 7 ? 8192 : 200);
      hash.update(bytes.subarray(start, start + piece));
      start += piece;
    }
    expect(hash.digest()).toBe(expected(bytes));
  });

  it("keeps interleaved hashers independent", () => {
    const first = bytesOf(10_000);
    const second = bytesOf(10_001).reverse();
    const hashes = [new Sha256(), new Sha256()];
    for (let start = 0; start < second.length; start += 100) {
      hashes[0].update(first.subarray(start, start + 100));
      hashes[1].update(second.subarray(start, start + 100));
    }
    expect(hashes.map((hash) => hash.digest())).toEqual([expected(first), expected(second)]);
  });

  it("refuses updates after the digest", () => {
    const hash = new Sha256();
    hash.digest();
    expect(() => hash.update(new Uint8Array(1))).toThrow();
  });
});
