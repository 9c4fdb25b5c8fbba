import { describe, expect, it } from "vitest";
import { EngineError } from "../../src/api/errors.ts";
import type { EventMessage } from "../../src/api/event-types.ts";
import { EventBus } from "../events/event-bus.ts";
import { ImageEvents } from "./image-events.ts";
import type { ImageRecord } from "./image-store.ts";

const id = `sha256:${"ab".repeat(32)}`;
const labelled = { id, config: { config: { Labels: { "org.example.version": "1", name: "from the label" } } } } as unknown as ImageRecord;

function setup(stored: ImageRecord | undefined) {
  const bus = new EventBus();
  const heard: EventMessage[] = [];
  bus.subscribe((event) => heard.push(event));
  const images = {
    resolve(reference: string) {
      if (stored && (reference === id || reference === "app:1")) return stored;
      throw new EngineError("not-found", `No such image: ${reference}`);
    },
  };
  return { events: new ImageEvents(bus, images), heard };
}

describe("ImageEvents", () => {
  it("carries the image's labels while it exists, then the name given", () => {
    const { events, heard } = setup(labelled);
    events.publish("pull", "app:1", "app");
    expect(heard.map((event) => [event.Type, event.Action, event.Actor])).toEqual([
      ["image", "pull", { ID: "app:1", Attributes: { "org.example.version": "1", name: "app" } }],
    ]);
  });

  it("carries only the name once the image is gone", () => {
    const { events, heard } = setup(undefined);
    events.publish("delete", id, id);
    expect(heard[0].Actor).toEqual({ ID: id, Attributes: { name: id } });
  });

  it("reports a prune with the bytes it reclaimed", () => {
    const { events, heard } = setup(undefined);
    events.pruned(2048);
    expect(heard[0]).toMatchObject({ Type: "image", Action: "prune", Actor: { ID: "", Attributes: { reclaimed: "2048" } } });
  });
});
