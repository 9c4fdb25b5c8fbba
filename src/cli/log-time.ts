// docker logs --since/--until values as Docker's client turns them into the API's (GetTimestamp):
// a Go duration ("10m", "1h30m") counts back from now to whole Unix seconds; an RFC 3339 time or one
// of its shorter forms (in the local zone when it names none) becomes "seconds.nanoseconds"; a Unix
// timestamp ("1700000000", "1700000000.5") passes as typed.

import { goQuote } from "./go-quote.ts";

export class TimestampError extends Error {}

export interface Clock {
  /** Milliseconds since the epoch. */
  now: number;
  /** Minutes to add to local time to get UTC (Date#getTimezoneOffset). */
  timezoneOffset: (epochMs: number) => number;
}

const durationUnits: Record<string, number> = {
  ns: 1e-9,
  us: 1e-6,
  "µs": 1e-6,
  "μs": 1e-6,
  ms: 1e-3,
  s: 1,
  m: 60,
  h: 3600,
};

/** time.ParseDuration, in seconds; undefined when `text` is not a duration. */
export function parseGoDuration(text: string): number | undefined {
  const match = /^([-+]?)((?:(?:\d+\.?\d*|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+)$/.exec(text);
  if (!match) return text === "0" || text === "+0" || text === "-0" ? 0 : undefined;
  let seconds = 0;
  for (const [, amount, unit] of match[2].matchAll(/(\d+\.?\d*|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g)) {
    seconds += Number(amount) * durationUnits[unit];
  }
  return match[1] === "-" ? -seconds : seconds;
}

/** The value for the API, or throws TimestampError with Docker's reason. */
export function apiTimestamp(value: string, clock: Clock): string {
  const duration = parseGoDuration(value);
  if (value !== "0" && duration !== undefined) return String(Math.floor((clock.now - duration * 1000) / 1000));

  const inLocalZone = !/[zZ+]/.test(value) && value.split("-").length - 1 !== 3;
  const layout = timeLayout(value, inLocalZone);
  const parsed = parseTime(value, layout, inLocalZone ? -clock.timezoneOffset(clock.now) : undefined);
  if (parsed !== undefined) return parsed;
  if (value.includes("-")) throw new TimestampError(`parsing time ${goQuote(value)} as ${goQuote(layout)}: cannot parse ${goQuote(value)} as ${goQuote(layout)}`);
  if (!/^[+-]?\d+(?:\.[+-]?\d+)?$/.test(value)) {
    throw new TimestampError(`failed to parse value as time or duration: ${goQuote(value)}`);
  }
  return value;
}

/** The Go layout GetTimestamp picks for the value. */
function timeLayout(value: string, inLocalZone: boolean): string {
  if (value.includes(".")) return inLocalZone ? "2006-01-02T15:04:05.999999999" : "2006-01-02T15:04:05.999999999Z07:00";
  if (value.includes("T")) {
    let colons = value.split(":").length - 1;
    if (!inLocalZone && !/[zZ]/.test(value) && colons > 0) colons -= 1;
    const time = ["15", "15:04", "15:04:05"][Math.min(colons, 2)];
    return `2006-01-02T${time}${inLocalZone ? "" : "Z07:00"}`;
  }
  return inLocalZone ? "2006-01-02" : "2006-01-02Z07:00";
}

/** "seconds.nanoseconds" of the value read with the layout, or undefined when it does not fit. */
function parseTime(value: string, layout: string, localOffsetMinutes: number | undefined): string | undefined {
  const pattern = layout
    .replace(".999999999", String.raw`(?:\.(\d{1,9}))?`)
    .replace("2006", String.raw`(\d{4})`)
    .replace("-01-02", String.raw`-(\d{2})-(\d{2})`)
    .replace("T15:04:05", String.raw`T(\d{1,2}):(\d{2}):(\d{2})`)
    .replace("T15:04", String.raw`T(\d{1,2}):(\d{2})`)
    .replace("T15", String.raw`T(\d{1,2})`)
    .replace("Z07:00", String.raw`(Z|[+-]\d{2}:\d{2})`);
  const match = new RegExp(`^${pattern}$`).exec(value);
  if (!match) return undefined;
  const groups = match.slice(1);
  const zone = layout.endsWith("Z07:00") ? groups.pop() : undefined;
  const hasFraction = layout.includes(".999999999");
  const fraction = hasFraction ? (groups.pop() ?? "") : "";
  const [year, month, day, hour = 0, minute = 0, second = 0] = groups.map(Number);
  if (month < 1 || month > 12 || day < 1 || day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;

  const offsetMinutes = zone === undefined ? (localOffsetMinutes ?? 0) : zoneOffsetMinutes(zone);
  const utcMs = Date.UTC(year, month - 1, day, hour, minute, second) - offsetMinutes * 60_000;
  return `${Math.floor(utcMs / 1000)}.${fraction.padEnd(9, "0")}`;
}

function zoneOffsetMinutes(zone: string): number {
  if (zone === "Z") return 0;
  const sign = zone.startsWith("-") ? -1 : 1;
  return sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
}

/** The local clock, as the page's verbs read --since and --until against it. */
export function localClock(): Clock {
  return { now: Date.now(), timezoneOffset: (epochMs) => new Date(epochMs).getTimezoneOffset() };
}

/**
 * --since and --until as the API takes them (docker logs, docker events), or the message for the
 * first invalid one (`reason` words it as the verb does).
 */
export function timeBounds(
  value: (bound: "since" | "until") => string | undefined,
  reason: (bound: "since" | "until", message: string) => string,
  clock: Clock = localClock(),
): { since?: string; until?: string } | { error: string } {
  const bounds: { since?: string; until?: string } = {};
  for (const bound of ["since", "until"] as const) {
    const text = value(bound);
    if (!text) continue;
    try {
      bounds[bound] = apiTimestamp(text, clock);
    } catch (error) {
      if (!(error instanceof TimestampError)) throw error;
      return { error: reason(bound, error.message) };
    }
  }
  return bounds;
}
