import { describe, expect, it } from "vitest";
import type { EventMessage } from "../../src/api/event-types.ts";
import { EventBus } from "../events/event-bus.ts";
import { ContainerEvents } from "./container-events.ts";
import type { ContainerRecord } from "./container-record.ts";

const record = {
  id: "4f66ad9a0b2e".padEnd(64, "1"),
  name: "web",
  imageRef: "busybox:1.36",
  config: { Labels: { tier: "front", exitCode: "from a label", name: "from a label" } },
} as unknown as ContainerRecord;

describe("ContainerEvents", () => {
  it("gives Docker's attributes: the action's, overridden by the labels, then image and name", () => {
    const bus = new EventBus();
    const heard: EventMessage[] = [];
    bus.subscribe((event) => heard.push(event));
    new ContainerEvents(bus).publish(record, "die", { exitCode: "3", execDuration: "1" });
    expect(heard.map((event) => [event.Type, event.Action, event.Actor])).toEqual([
      ["container", "die", { ID: record.id, Attributes: { exitCode: "from a label", execDuration: "1", tier: "front", image: "busybox:1.36", name: "web" } }],
    ]);
  });
});
