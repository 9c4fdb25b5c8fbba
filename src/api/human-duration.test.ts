import { describe, expect, it } from "vitest";
import { humanDuration } from "./human-duration.ts";

const second = 1000;
const minute = 60 * second;
const hour = 60 * minute;
const day = 24 * hour;
const week = 7 * day;
const month = 30 * day;
const year = 365 * day;

describe("humanDuration", () => {
  it.each<[number, string]>([
    [-5 * second, "Less than a second"],
    [0, "Less than a second"],
    [450, "Less than a second"],
    [1 * second, "1 second"],
    [1999, "1 second"],
    [2 * second, "2 seconds"],
    [47 * second, "47 seconds"],
    [59 * second, "59 seconds"],
    [60 * second, "About a minute"],
    [119 * second, "About a minute"],
    [2 * minute, "2 minutes"],
    [35 * minute + 40 * second, "35 minutes"],
    [59 * minute, "59 minutes"],
    [1 * hour, "About an hour"],
    [1 * hour + 29 * minute, "About an hour"],
    [1 * hour + 31 * minute, "2 hours"],
    [3 * hour + 29 * minute, "3 hours"],
    [3 * hour + 31 * minute, "4 hours"],
    [24 * hour, "24 hours"],
    [1 * day + 12 * hour, "36 hours"],
    [2 * day, "2 days"],
    [13 * day + 5 * hour, "13 days"],
    [2 * week, "2 weeks"],
    [2 * week + 4 * day, "2 weeks"],
    [1 * month, "4 weeks"],
    [1 * month + 2 * week, "6 weeks"],
    [2 * month, "2 months"],
    [5 * month + 2 * week, "5 months"],
    [24 * month, "24 months"],
    [24 * month + 2 * week, "2 years"],
    [3 * year + 2 * month, "3 years"],
  ])("%d ms → %s", (milliseconds, text) => {
    expect(humanDuration(milliseconds)).toBe(text);
  });
});
