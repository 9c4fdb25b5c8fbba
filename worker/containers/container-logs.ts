// ContainerLogs: a container's stored log (stdout and stderr, with the time each line arrived), then
// with `follow` its output as it comes, until the container stops or the client hangs up.

import type { OutputSink, OutputStream } from "../../src/api/engine-api.ts";
import { EngineError } from "../../src/api/errors.ts";
import { concatBytes } from "../concat-bytes.ts";
import type { ContainerLogStore } from "../logs/log-store.ts";
import { EngineStream } from "../streams/stream-connection.ts";
import { rfc3339Nano } from "./container-record.ts";
import type { ContainerService } from "./container-service.ts";

export interface LogsOptions {
  follow?: boolean;
  stdout?: boolean;
  stderr?: boolean;
  /** Unix time in seconds (fractions allowed), as Docker's API takes it; "" or "0" = from the start. */
  since?: string;
  until?: string;
  timestamps?: boolean;
  /** "all" or a number of lines. */
  tail?: string;
}

export async function containerLogs(
  containers: ContainerService,
  logs: ContainerLogStore,
  idOrName: string,
  options: LogsOptions,
  sink: OutputSink,
): Promise<EngineStream> {
  const record = containers.index.resolve(idOrName);
  const runtime = containers.runtime(record);
  const wanted = (stream: OutputStream) => (stream === 1 ? options.stdout !== false : options.stderr !== false);
  const since = unixSeconds(options.since, "since");
  const until = unixSeconds(options.until, "until");
  const tail = options.tail === undefined || options.tail === "" || options.tail === "all" ? undefined : Number(options.tail);
  if (tail !== undefined && (!Number.isInteger(tail) || tail < 0)) throw new EngineError("invalid", `invalid value for "tail": "${options.tail}"`);

  const stream = new EngineStream();
  const stamp = (time: number, data: Uint8Array) => (options.timestamps ? prefixed(`${rfc3339Nano(time)} `, data) : data);
  const task = runtime.task;
  const following = options.follow === true && task !== undefined && (until === undefined || until > Date.now());
  // Subscribe before reading, so that nothing arriving meanwhile is lost; what arrived before the
  // flush is already in the store.
  const live: [OutputStream, Uint8Array, number][] = [];
  let deliverLive: (stream: OutputStream, data: Uint8Array, time: number) => void = (stream, data, time) => void live.push([stream, data, time]);
  const follower = (which: OutputStream, data: Uint8Array, time: number) => deliverLive(which, data, time);
  if (following) runtime.followers.add(follower);
  const lineStarts = new Map<OutputStream, boolean>([[1, true], [2, true]]);

  await runtime.log?.flush();
  const entries = await logs.read(record.id, { since, until, ...(tail !== undefined ? { tail } : {}) });
  for (const entry of entries) if (wanted(entry.stream)) stream.delivered(sink.write(entry.stream, stamp(entry.time, entry.data)));
  if (!following) {
    stream.end();
    return stream;
  }
  const forward = (which: OutputStream, data: Uint8Array, time: number) => {
    if (!wanted(which) || stream.ended) return;
    if (until !== undefined && time >= until) return stream.end();
    stream.delivered(sink.write(which, options.timestamps ? stampLines(data, time, lineStarts, which) : data));
  };
  for (const [which, data, time] of live.splice(0)) forward(which, data, time);
  deliverLive = forward;
  stream.onClose(() => runtime.followers.delete(follower));
  void task.init.exited.then(async () => {
    await runtime.log?.flush().catch(() => undefined);
    stream.end();
  });
  if (until !== undefined) setTimeout(() => stream.end(), Math.max(0, until - Date.now()));
  return stream;
}

/** Milliseconds since the epoch from Docker's "seconds[.nanoseconds]"; undefined when unset. */
function unixSeconds(value: string | undefined, name: string): number | undefined {
  if (value === undefined || value === "" || value === "0") return undefined;
  if (!/^\d+(\.\d+)?$/.test(value)) throw new EngineError("invalid", `invalid value for "${name}": failed to parse value as time or duration: "${value}"`);
  return Number(value) * 1000;
}

function prefixed(prefix: string, data: Uint8Array): Uint8Array {
  return concatBytes([new TextEncoder().encode(prefix), data]);
}

/** Puts the timestamp before each line that starts in `data`. */
function stampLines(data: Uint8Array, time: number, lineStarts: Map<OutputStream, boolean>, stream: OutputStream): Uint8Array {
  const stampText = new TextEncoder().encode(`${rfc3339Nano(time)} `);
  const parts: Uint8Array[] = [];
  let start = 0;
  while (start < data.length) {
    const newline = data.indexOf(0x0a, start);
    const end = newline === -1 ? data.length : newline + 1;
    if (lineStarts.get(stream)) parts.push(stampText);
    parts.push(data.subarray(start, end));
    lineStarts.set(stream, newline !== -1);
    start = end;
  }
  return concatBytes(parts);
}
