// The events of a network, with the attributes dockerd gives them: its name and driver ("type"),
// and for connect and disconnect the container's id.

import type { EventBus } from "../events/event-bus.ts";
import type { NetworkRecord } from "./network-record.ts";

export type NetworkAction = "create" | "destroy" | "connect" | "disconnect";

export class NetworkEvents {
  constructor(private readonly bus: EventBus) {}

  publish(network: NetworkRecord, action: NetworkAction, containerId?: string): void {
    this.bus.publish("network", action, {
      ID: network.id,
      Attributes: { ...(containerId ? { container: containerId } : {}), name: network.name, type: network.driver },
    });
  }

  /** Networks were pruned: an event of no one network. */
  pruned(): void {
    this.bus.publish("network", "prune", { ID: "", Attributes: { reclaimed: "0" } });
  }
}
