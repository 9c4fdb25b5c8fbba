import { describe, expect, it } from "vitest";
import { parseSignal } from "./signals.ts";

describe("parseSignal", () => {
  it.each([
    ["SIGKILL", 9],
    ["kill", 9],
    ["INT", 2],
    ["15", 15],
    ["SIGWINCH", 28],
  ])("%s → %i", (input, expected) => expect(parseSignal(input)).toBe(expected));

  it.each(["SIGNOPE", "0", "65", ""])("rejects %j", (input) => expect(() => parseSignal(input)).toThrow(/Invalid signal/));
});
