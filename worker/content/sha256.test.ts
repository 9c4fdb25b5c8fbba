import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { Sha256 } from "./sha256.ts";

function bytesOf(length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let index = 0; index < length; index++) bytes[index] = (index * 31 + (index >> 8)) & 0xff;
  return bytes;
}

const expected = (bytes: Uint8Array): string => `sha256:${createHash("sha256").update(bytes).digest("hex")}`;

describe("Sha256", () => {
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

  it("refuses updates after the digest", () => {
    const hash = new Sha256();
    hash.digest();
    expect(() => hash.update(new Uint8Array(1))).toThrow();
  });
});
