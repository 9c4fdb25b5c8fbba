// SystemEvents as Docker's daemon serves it: with `since` or `until`, first the held events between
// them; then, unless `until` has passed, each new event as it is published, until `until` comes or
// the client hangs up. Only events the filters let through are sent.

import type { MessageSink } from "../../src/api/engine-api.ts";
import { EngineError } from "../../src/api/errors.ts";
import type { EventMessage } from "../../src/api/event-types.ts";
import { EngineStream } from "../streams/stream-connection.ts";
import type { EventBus } from "./event-bus.ts";
import { eventFilter, type EventFilters } from "./event-filter.ts";

export interface EventsRequest {
  /** Unix time as "seconds[.nanoseconds]"; "" or absent = not given. */
  since?: string;
  until?: string;
  filters?: EventFilters;
}

/** setTimeout's longest delay; an `until` further away than this (24 days) does not end the stream. */
const longestTimerMs = 2 ** 31 - 1;

export function streamEvents(bus: EventBus, request: EventsRequest, sink: MessageSink<EventMessage>, now = Date.now()): EngineStream {
  const since = nanoseconds(request.since);
  const until = nanoseconds(request.until);
  if (until !== undefined && since !== undefined && until < since) {
    throw new EngineError("invalid", `\`since\` time (${request.since}) cannot be after \`until\` time (${request.until})`);
  }
  const included = eventFilter(request.filters ?? {});
  const stream = new EngineStream();
  const send = (event: EventMessage) => {
    if (stream.ended || (until !== undefined && event.timeNano > until) || !included(event)) return;
    try {
      stream.delivered(sink.report(event));
    } catch {
      void stream.close();
    }
  };

  // As Docker: the history only when a bound is given, and `since` applies to the history alone.
  if (since !== undefined || until !== undefined) {
    for (const event of bus.recent()) if (event.timeNano >= (since ?? 0)) send(event);
  }
  const untilMs = until === undefined ? undefined : until / 1e6;
  if (untilMs !== undefined && untilMs < now) {
    stream.end();
    return stream;
  }
  stream.onClose(bus.subscribe(send));
  if (untilMs !== undefined && untilMs - now <= longestTimerMs) {
    const timer = setTimeout(() => stream.end(), untilMs - now);
    stream.onClose(() => clearTimeout(timer));
  }
  return stream;
}

/**
 * Nanoseconds since the epoch from Docker's "seconds[.fraction]" (a fraction is read as that part
 * of a second, to nine digits); undefined for "" and for Docker's "-1" (no time given).
 */
function nanoseconds(value: string | undefined): number | undefined {
  if (value === undefined || value === "") return undefined;
  const dot = value.indexOf(".");
  const parts = dot === -1 ? [value] : [value.slice(0, dot), value.slice(dot + 1)];
  const invalid = parts.find((part, index) => !(index === 0 ? /^[+-]?\d+$/ : /^\d+$/).test(part));
  if (invalid !== undefined) throw new EngineError("invalid", `strconv.ParseInt: parsing "${invalid}": invalid syntax`);
  const seconds = Number(parts[0]);
  if (seconds === -1) return undefined;
  return seconds * 1e9 + Number((parts[1] ?? "").slice(0, 9).padEnd(9, "0"));
}
