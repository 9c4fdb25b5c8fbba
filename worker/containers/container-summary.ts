// A container record as the Engine API lists it, with the daemon-side STATUS text.

import type { ContainerSummary } from "../../src/api/types.ts";
import { humanDuration } from "../../src/api/human-duration.ts";
import type { ContainerRecord } from "./container-store.ts";

export function containerStatusText(record: ContainerRecord, now: number): string {
  switch (record.state) {
    case "running":
      return `Up ${humanDuration(now - (record.startedAt ?? now))}`;
    case "exited":
      return `Exited (${record.exitCode ?? 0}) ${humanDuration(now - (record.finishedAt ?? now))} ago`;
    case "created":
      return "Created";
    default:
      return record.state.charAt(0).toUpperCase() + record.state.slice(1);
  }
}

export function toContainerSummary(record: ContainerRecord, now: number): ContainerSummary {
  return {
    Id: record.id,
    Names: [`/${record.name}`],
    Image: record.imageRef,
    ImageID: record.imageId,
    Command: record.args.join(" "),
    Created: Math.floor(record.createdAt / 1000),
    State: record.state,
    Status: containerStatusText(record, now),
    Labels: record.request.Labels ?? {},
  };
}
