import { describe, expect, it } from "vitest";
import { EventBus } from "./event-bus.ts";

const actor = (id: string) => ({ ID: id, Attributes: { name: id } });

describe("EventBus", () => {
  it("stamps each event with Docker's local scope and its time in seconds and nanoseconds", () => {
    const bus = new EventBus(() => 1_765_075_200_123);
    bus.publish("container", "start", actor("a"));
    expect(bus.recent()).toEqual([
      { Type: "container", Action: "start", Actor: actor("a"), scope: "local", time: 1_765_075_200, timeNano: 1_765_075_200_123_000_000 },
    ]);
  });

  it("tells subscribers of each event until they unsubscribe", () => {
    const bus = new EventBus();
    const heard: string[] = [];
    const unsubscribe = bus.subscribe((event) => heard.push(event.Actor.ID));
    bus.publish("container", "create", actor("a"));
    unsubscribe();
    bus.publish("container", "create", actor("b"));
    expect(heard).toEqual(["a"]);
  });

  it("keeps only the most recent events", () => {
    const bus = new EventBus(Date.now, 3);
    for (const id of ["a", "b", "c", "d", "e"]) bus.publish("image", "pull", actor(id));
    expect(bus.recent().map((event) => event.Actor.ID)).toEqual(["c", "d", "e"]);
  });
});
