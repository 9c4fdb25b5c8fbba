// The events of a container, with the attributes Docker gives them: the action's own (exitCode,
// signal, …), overridden by the container's labels, then its image as the client named it and its
// name.

import type { EventBus } from "../events/event-bus.ts";
import type { ContainerRecord } from "./container-record.ts";

export class ContainerEvents {
  constructor(private readonly bus: EventBus) {}

  publish(record: ContainerRecord, action: string, attributes: Record<string, string> = {}): void {
    this.bus.publish("container", action, {
      ID: record.id,
      Attributes: { ...attributes, ...record.config.Labels, image: record.imageRef, name: record.name },
    });
  }

  /** Containers were pruned: an event of no one container. */
  pruned(reclaimedBytes: number): void {
    this.bus.publish("container", "prune", { ID: "", Attributes: { reclaimed: String(reclaimedBytes) } });
  }
}
