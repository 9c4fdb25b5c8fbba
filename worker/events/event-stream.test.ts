import { afterEach, describe, expect, it, vi } from "vitest";
import type { EventMessage } from "../../src/api/event-types.ts";
import { EventBus } from "./event-bus.ts";
import { streamEvents } from "./event-stream.ts";

const second = 1000;
const t0 = 1_765_075_200 * second;

/** A bus whose clock the test sets, holding "a" at t0, "b" at t0+1s and "c" at t0+2s. */
function busWithHistory() {
  let now = t0;
  const bus = new EventBus(() => now);
  for (const id of ["a", "b", "c"]) {
    bus.publish("container", "create", { ID: id, Attributes: { name: id } });
    now += second;
  }
  return { bus, publish: (id: string, type: "container" | "image" = "container") => bus.publish(type, "create", { ID: id, Attributes: { name: id } }), setNow: (ms: number) => (now = ms) };
}

function collect() {
  const heard: string[] = [];
  return { heard, sink: { report: (event: EventMessage) => void heard.push(event.Actor.ID) } };
}

afterEach(() => vi.useRealTimers());

describe("streamEvents", () => {
  it("streams new events only, without since or until", async () => {
    const { bus, publish } = busWithHistory();
    const { heard, sink } = collect();
    const stream = streamEvents(bus, {}, sink, t0 + 3 * second);
    publish("d");
    await stream.close();
    publish("e");
    expect(heard).toEqual(["d"]);
  });

  it("replays the held events from since on, then goes on live", async () => {
    const { bus, publish } = busWithHistory();
    const { heard, sink } = collect();
    const stream = streamEvents(bus, { since: String(t0 / second + 1) }, sink, t0 + 3 * second);
    publish("d");
    await stream.close();
    expect(heard).toEqual(["b", "c", "d"]);
  });

  it("reads since's fraction as part of a second", async () => {
    const { bus } = busWithHistory();
    const { heard, sink } = collect();
    const stream = streamEvents(bus, { since: `${t0 / second + 1}.001` }, sink, t0 + 3 * second);
    await stream.close();
    expect(heard).toEqual(["c"]);
  });

  it("ends at once when until has passed, after the held events up to it", async () => {
    const { bus } = busWithHistory();
    const { heard, sink } = collect();
    const stream = streamEvents(bus, { until: `${t0 / second + 1}.5` }, sink, t0 + 3 * second);
    await stream.done();
    expect(heard).toEqual(["a", "b"]);
  });

  it("ends when until comes", async () => {
    vi.useFakeTimers({ now: t0 + 3 * second });
    const { bus, publish, setNow } = busWithHistory();
    const { heard, sink } = collect();
    const stream = streamEvents(bus, { since: String(t0 / second + 2), until: String(t0 / second + 5) }, sink, Date.now());
    setNow(t0 + 4 * second);
    publish("d");
    vi.advanceTimersByTime(2 * second);
    expect(stream.ended).toBe(true);
    publish("e");
    expect(heard).toEqual(["c", "d"]);
  });

  it("sends only the events the filters let through, held and new", async () => {
    const { bus, publish } = busWithHistory();
    const { heard, sink } = collect();
    const stream = streamEvents(bus, { since: "0", filters: { type: ["image"], image: ["b", "d"] } }, sink, t0 + 3 * second);
    publish("b", "image");
    publish("d");
    publish("d", "image");
    await stream.close();
    expect(heard).toEqual(["b", "d"]);
  });

  it("hangs up on a client that can no longer take events", async () => {
    const { bus, publish } = busWithHistory();
    const stream = streamEvents(bus, {}, { report: () => Promise.reject(new Error("gone")) }, t0 + 3 * second);
    publish("d");
    await stream.done();
    expect(stream.ended).toBe(true);
  });

  it.each([
    [{ since: "yesterday" }, 'strconv.ParseInt: parsing "yesterday": invalid syntax'],
    [{ until: "1765075200.5s" }, 'strconv.ParseInt: parsing "5s": invalid syntax'],
    [{ since: "1765075300", until: "1765075200" }, "`since` time (1765075300) cannot be after `until` time (1765075200)"],
  ])("refuses %j", (request, message) => {
    const { bus } = busWithHistory();
    expect(() => streamEvents(bus, request, collect().sink)).toThrow(message);
  });
});
