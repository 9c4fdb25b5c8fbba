import { describe, expect, it } from "vitest";
import { bytesSize, humanSizeWithPrecision } from "./human-size.ts";

describe("humanSizeWithPrecision with docker images' precision of 3", () => {
  it.each<[number, string]>([
    [0, "0B"],
    [999, "999B"],
    [1000, "1kB"],
    [1200, "1.2kB"],
    [1024, "1.02kB"],
    [4_261_646, "4.26MB"],
    [4_265_000, "4.26MB"],
    [77_800_000, "77.8MB"],
    [123_456_789, "123MB"],
    [999_999, "1e+03kB"],
    [1_500_000_000, "1.5GB"],
    [2.5e15, "2.5PB"],
  ])("%d bytes → %s", (bytes, text) => {
    expect(humanSizeWithPrecision(bytes, 3)).toBe(text);
  });
});

describe("bytesSize", () => {
  it.each<[number, string]>([
    [0, "0B"],
    [512, "512B"],
    [1024, "1KiB"],
    [1536, "1.5KiB"],
    [128 * 1024 * 1024, "128MiB"],
    [129_394_278, "123.4MiB"],
    [2_087_354_368, "1.944GiB"],
    [16 * 1024 ** 3, "16GiB"],
  ])("%d bytes → %s", (bytes, text) => {
    expect(bytesSize(bytes)).toBe(text);
  });
});
