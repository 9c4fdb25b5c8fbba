// How docker events prints an event: by default one line, the time in the local zone to the
// nanosecond, then type, action and actor id, then the attributes sorted by key:
//   2026-12-07T03:40:00.123000000Z container start 4f66… (image=busybox, name=web)
// With --format, a Go template over the event as docker's events.Message struct shows it.

import type { EventMessage } from "../api/event-types.ts";
import { goStructType, goTypedMap } from "./go-template.ts";

/** Minutes to add to local time to get UTC (Date#getTimezoneOffset). */
export type TimezoneOffset = (epochMs: number) => number;

export function eventLine(event: EventMessage, timezoneOffset: TimezoneOffset): string {
  const time = eventTime(event, timezoneOffset);
  const attributes = sortedEntries(event.Actor.Attributes).map(([key, value]) => `${key}=${value}`);
  const suffix = attributes.length > 0 ? ` (${attributes.join(", ")})` : "";
  return `${time ? `${time} ` : ""}${event.Type} ${event.Action} ${event.Actor.ID}${suffix}\n`;
}

/** An event as nothing happened: what docker checks a --format template against before it listens. */
export const emptyEvent: EventMessage = { Type: "" as EventMessage["Type"], Action: "", Actor: { ID: "", Attributes: {} }, scope: "" as EventMessage["scope"], time: 0, timeNano: 0 };

/** What a template sees: the Go struct's fields; {{json .}} prints the message as Go encodes it. */
export function eventTemplateView(event: EventMessage): object {
  // Sorted, as Go encodes a map.
  const attributes = { [goTypedMap]: true, ...Object.fromEntries(sortedEntries(event.Actor.Attributes)) };
  const actor = { [goStructType]: "events.Actor", ID: event.Actor.ID, Attributes: attributes };
  const json = { Type: event.Type, Action: event.Action, Actor: actor, scope: event.scope, time: event.time, timeNano: event.timeNano };
  const view = { [goStructType]: "*events.Message", Type: event.Type, Action: event.Action, Actor: actor, Scope: event.scope, Time: event.time, TimeNano: event.timeNano };
  return Object.defineProperty(view, "toJSON", { value: () => json });
}

/** Go's "2006-01-02T15:04:05.000000000Z07:00" in the local zone; "" when the event has no time. */
function eventTime(event: EventMessage, timezoneOffset: TimezoneOffset): string {
  // From the decimal digits, so that the nanoseconds print as sent.
  const nanoseconds = event.timeNano ? String(event.timeNano).padStart(10, "0") : event.time ? `${event.time}000000000` : "";
  if (!nanoseconds) return "";
  const epochMs = Number(nanoseconds.slice(0, -9)) * 1000;
  const offsetMinutes = -timezoneOffset(epochMs);
  const local = new Date(epochMs + offsetMinutes * 60_000).toISOString().slice(0, 19);
  return `${local}.${nanoseconds.slice(-9)}${zone(offsetMinutes)}`;
}

function zone(offsetMinutes: number): string {
  if (offsetMinutes === 0) return "Z";
  const magnitude = Math.abs(offsetMinutes);
  const hours = String(Math.trunc(magnitude / 60)).padStart(2, "0");
  const minutes = String(magnitude % 60).padStart(2, "0");
  return `${offsetMinutes < 0 ? "-" : "+"}${hours}:${minutes}`;
}

function sortedEntries(attributes: Record<string, string>): [string, string][] {
  return Object.entries(attributes).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
