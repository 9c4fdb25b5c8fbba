import { describe, expect, it } from "vitest";
import {
  labelError,
  parseMemorySwap,
  parseNanoCpus,
  parseRamInBytes,
  parseRestartPolicy,
  restarts,
} from "./container-option-values.ts";

describe("parseRamInBytes", () => {
  it.each<[string, number]>([
    ["1024", 1024],
    ["512m", 512 * 1024 ** 2],
    ["512M", 512 * 1024 ** 2],
    ["1g", 1024 ** 3],
    ["1.5g", 1.5 * 1024 ** 3],
    ["64k", 65536],
    ["64kb", 65536],
    ["64KiB", 65536],
    ["100b", 100],
    ["100 m", 100 * 1024 ** 2],
    ["2t", 2 * 1024 ** 4],
    ["0.5k", 512],
    ["1e3", 1000],
    ["10.7", 10],
  ])("%s is %d bytes", (text, bytes) => {
    expect(parseRamInBytes(text)).toBe(bytes);
  });

  it.each<[string, string]>([
    ["m", "invalid size: 'm'"],
    ["", "invalid size: ''"],
    ["-1", "invalid size: '-1'"],
    ["12x", "invalid suffix: 'x'"],
    ["12mx", "invalid suffix: 'mx'"],
    ["12MiBs", "invalid suffix: 'MiBs'"],
    ["12bb", "invalid suffix: 'bb'"],
    ["12mbb", "invalid suffix: 'mbb'"],
    ["1.2.3m", 'strconv.ParseFloat: parsing "1.2.3": invalid syntax'],
    ["a1", 'strconv.ParseFloat: parsing "a1": invalid syntax'],
  ])("refuses %j: %s", (text, message) => {
    expect(() => parseRamInBytes(text)).toThrow(message);
  });
});

describe("parseMemorySwap", () => {
  it.each<[string, number]>([
    ["-1", -1],
    ["1g", 1024 ** 3],
  ])("%s is %d", (text, bytes) => {
    expect(parseMemorySwap(text)).toBe(bytes);
  });

  it("refuses other negative sizes", () => {
    expect(() => parseMemorySwap("-2")).toThrow("invalid size: '-2'");
  });
});

describe("parseNanoCpus", () => {
  it.each<[string, number]>([
    ["0.5", 500_000_000],
    ["2", 2_000_000_000],
    ["1.25", 1_250_000_000],
    [".5", 500_000_000],
    ["3/2", 1_500_000_000],
    ["1e-3", 1_000_000],
    ["0.000000001", 1],
    ["0", 0],
  ])("%s CPUs is %d", (text, nanoCpus) => {
    expect(parseNanoCpus(text)).toBe(nanoCpus);
  });

  it.each<[string, string]>([
    ["abc", "failed to parse abc as a rational number"],
    ["", "failed to parse  as a rational number"],
    ["1/0", "failed to parse 1/0 as a rational number"],
    ["0.0000000001", "value is too precise"],
    ["1/3", "value is too precise"],
  ])("refuses %j: %s", (text, message) => {
    expect(() => parseNanoCpus(text)).toThrow(message);
  });
});

describe("parseRestartPolicy", () => {
  it.each<[string, { Name: string; MaximumRetryCount: number }]>([
    ["no", { Name: "no", MaximumRetryCount: 0 }],
    ["always", { Name: "always", MaximumRetryCount: 0 }],
    ["unless-stopped", { Name: "unless-stopped", MaximumRetryCount: 0 }],
    ["on-failure", { Name: "on-failure", MaximumRetryCount: 0 }],
    ["on-failure:3", { Name: "on-failure", MaximumRetryCount: 3 }],
    ["on-failure:", { Name: "on-failure", MaximumRetryCount: 0 }],
    ["", { Name: "", MaximumRetryCount: 0 }],
  ])("%j", (text, policy) => {
    expect(parseRestartPolicy(text)).toEqual(policy);
  });

  it.each<[string, string]>([
    [":3", "invalid restart policy format: no policy provided before colon"],
    ["on-failure:x", "invalid restart policy format: maximum retry count must be an integer"],
    ["on-failure:1.5", "invalid restart policy format: maximum retry count must be an integer"],
  ])("refuses %j: %s", (text, message) => {
    expect(() => parseRestartPolicy(text)).toThrow(message);
  });

  it.each<[string, boolean]>([
    ["no", false],
    ["", false],
    ["always", true],
    ["on-failure:2", true],
  ])("%j restarts: %s", (text, expected) => {
    expect(restarts(parseRestartPolicy(text))).toBe(expected);
  });
});

describe("labelError", () => {
  it.each<[string, string | undefined]>([
    ["com.example.a=1", undefined],
    ["flag", undefined],
    ["  indented=1", undefined],
    ["=1", "invalid label '=1': empty name"],
    ["  =1", "invalid label '  =1': empty name"],
    ["a b=1", "label 'a b' contains whitespaces"],
  ])("%j", (value, error) => {
    expect(labelError(value)).toBe(error);
  });
});
