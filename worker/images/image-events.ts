// The events of an image, as Docker logs them: the actor is named by `id` (an image id, or for a
// pull the reference pulled), and carries the image's labels while the image exists, then `name`.

import type { EventBus } from "../events/event-bus.ts";
import type { ImageStore } from "./image-store.ts";

export class ImageEvents {
  constructor(
    private readonly bus: EventBus,
    private readonly images: Pick<ImageStore, "resolve">,
  ) {}

  publish(action: "pull" | "push" | "tag" | "untag" | "delete" | "load" | "save" | "import", id: string, name: string): void {
    this.bus.publish("image", action, { ID: id, Attributes: { ...this.#labels(id), name } });
  }

  /** Images were pruned: an event of no one image. */
  pruned(reclaimedBytes: number): void {
    this.bus.publish("image", "prune", { ID: "", Attributes: { reclaimed: String(reclaimedBytes) } });
  }

  #labels(id: string): Record<string, string> {
    try {
      return this.images.resolve(id).config.config?.Labels ?? {};
    } catch {
      return {};
    }
  }
}
