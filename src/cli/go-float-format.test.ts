import { describe, expect, it } from "vitest";
import { formatGoG } from "./go-float-format.ts";

describe("formatGoG", () => {
  it.each<[number, number, string]>([
    [0, 3, "0"],
    [1, 3, "1"],
    [4.26, 3, "4.26"],
    [4.2634, 3, "4.26"],
    [4.2654, 3, "4.27"],
    [1.2, 3, "1.2"],
    [12.0, 3, "12"],
    [123.4, 3, "123"],
    [123.4, 4, "123.4"],
    [999.5, 3, "1e+03"],
    [999.999, 3, "1e+03"],
    [1000.5, 4, "1000"],
    [1.125, 3, "1.12"],
    [1.375, 3, "1.38"],
    [2.5, 1, "2"],
    [3.5, 1, "4"],
    [0.5, 3, "0.5"],
    [0.000123, 3, "0.000123"],
    [0.0000123, 3, "1.23e-05"],
    [1234567, 3, "1.23e+06"],
    [-4.26, 3, "-4.26"],
  ])("%d with precision %d → %s", (value, precision, text) => {
    expect(formatGoG(value, precision)).toBe(text);
  });
});
