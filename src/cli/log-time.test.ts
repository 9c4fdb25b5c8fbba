import { describe, expect, it } from "vitest";
import { apiTimestamp, parseGoDuration, type Clock } from "./log-time.ts";

const now = Date.UTC(2025, 0, 1, 12, 0, 0);
const utc: Clock = { now, timezoneOffset: () => 0 };
/** A zone one hour ahead of UTC, as Central Europe in winter. */
const plusOne: Clock = { now, timezoneOffset: () => -60 };
const nowSeconds = now / 1000;

describe("parseGoDuration", () => {
  it.each<[string, number | undefined]>([
    ["10m", 600],
    ["1h30m", 5400],
    ["1.5h", 5400],
    ["90s", 90],
    ["300ms", 0.3],
    ["-5m", -300],
    ["0", 0],
    ["5", undefined],
    ["10 m", undefined],
    ["1d", undefined],
    ["", undefined],
  ])("%j is %s seconds", (text, seconds) => {
    expect(parseGoDuration(text)).toBe(seconds);
  });
});

describe("apiTimestamp", () => {
  it.each<[string, Clock, string]>([
    ["10m", utc, String(nowSeconds - 600)],
    ["1h30m", utc, String(nowSeconds - 5400)],
    ["1.5s", utc, String(nowSeconds - 2)],
    ["2013-01-02T13:23:37Z", utc, "1357133017.000000000"],
    ["2013-01-02T13:23:37.123456789Z", utc, "1357133017.123456789"],
    ["2013-01-02T13:23:37.5+01:00", utc, "1357129417.500000000"],
    ["2013-01-02T13:23:37+01:00", utc, "1357129417.000000000"],
    ["2013-01-02T13:23+01:00", utc, "1357129380.000000000"],
    ["2013-01-02T13Z", utc, "1357131600.000000000"],
    ["2013-01-02Z", utc, "1357084800.000000000"],
    ["2013-01-02", utc, "1357084800.000000000"],
    ["2013-01-02", plusOne, "1357081200.000000000"],
    ["2013-01-02T13:23:37", plusOne, "1357129417.000000000"],
    ["2013-01-02T13:23", utc, "1357132980.000000000"],
    ["2013-01-02T13", utc, "1357131600.000000000"],
    ["2013-01-02T13:23:37.25", utc, "1357133017.250000000"],
    ["1357133017", utc, "1357133017"],
    ["1357133017.5", utc, "1357133017.5"],
    ["0", utc, "0"],
  ])("%s → %s", (value, clock, timestamp) => {
    expect(apiTimestamp(value, clock)).toBe(timestamp);
  });

  it.each<[string, string]>([
    ["yesterday", 'failed to parse value as time or duration: "yesterday"'],
    ["12:30", 'failed to parse value as time or duration: "12:30"'],
    ["2013-13-02", 'parsing time "2013-13-02" as "2006-01-02": cannot parse "2013-13-02" as "2006-01-02"'],
  ])("refuses %j", (value, message) => {
    expect(() => apiTimestamp(value, utc)).toThrow(message);
  });
});
