// Go's time.Time.String() of a Unix time in the local zone: "2025-01-01 12:00:00 +0000 UTC". A
// browser does not name its zone the way Go does, so a zone other than UTC is named by its offset,
// as Go names a zone it has no abbreviation for.

export function goTimeString(epochSeconds: number, timezoneOffset: (epochMs: number) => number): string {
  const epochMs = epochSeconds * 1000;
  const offsetMinutes = -timezoneOffset(epochMs);
  const local = new Date(epochMs + offsetMinutes * 60_000).toISOString();
  const sign = offsetMinutes < 0 ? "-" : "+";
  const hours = String(Math.trunc(Math.abs(offsetMinutes) / 60)).padStart(2, "0");
  const minutes = String(Math.abs(offsetMinutes) % 60).padStart(2, "0");
  const offset = `${sign}${hours}${minutes}`;
  return `${local.slice(0, 10)} ${local.slice(11, 19)} ${offset} ${offsetMinutes === 0 ? "UTC" : offset}`;
}

/**
 * Go's time.Time.String() of an RFC 3339 time as encoding/json decodes it: "Z" is UTC, another
 * offset a zone named by that offset; nanoseconds without their trailing zeros.
 */
export function goTimeStringOfRfc3339(text: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/.exec(text);
  if (!match) return text;
  const [, date, time, fraction = "", zone] = match;
  const digits = fraction.slice(0, 9).replace(/0+$/, "");
  const offset = zone === "Z" ? "+0000" : zone.replace(":", "");
  return `${date} ${time}${digits ? `.${digits}` : ""} ${offset} ${zone === "Z" ? "UTC" : offset}`;
}
