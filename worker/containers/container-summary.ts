// A container record as the Engine API lists it (GET /containers/json), with the daemon-side STATUS
// text in Docker's words and its networks and published ports.

import type { ContainerSummary } from "../../src/api/container-types.ts";
import { humanDuration } from "../../src/api/human-duration.ts";
import { summaryNetworkView, type ContainerNetworkState } from "../networks/network-settings.ts";
import { epochMilliseconds, type ContainerRecord } from "./container-record.ts";

export function containerStatusText(record: ContainerRecord, now: number): string {
  const { state } = record;
  const since = (time: string) => humanDuration(now - (epochMilliseconds(time) ?? now));
  switch (state.Status) {
    case "running":
      return `Up ${since(state.StartedAt)}`;
    case "paused":
      return `Up ${since(state.StartedAt)} (Paused)`;
    case "restarting":
      return `Restarting (${state.ExitCode}) ${since(state.FinishedAt)} ago`;
    case "exited":
      return epochMilliseconds(state.FinishedAt) === undefined ? "Created" : `Exited (${state.ExitCode}) ${since(state.FinishedAt)} ago`;
    case "created":
      return "Created";
    case "removing":
      return "Removal In Progress";
    case "dead":
      return "Dead";
  }
}

/** The command as Docker's list shows it: arguments with spaces in single quotes. */
function commandText(args: string[]): string {
  return args.map((arg, index) => (index > 0 && arg.includes(" ") ? `'${arg}'` : arg)).join(" ");
}

export function toContainerSummary(record: ContainerRecord, now: number, network: ContainerNetworkState): ContainerSummary {
  return {
    Id: record.id,
    Names: [`/${record.name}`],
    Image: record.imageRef,
    ImageID: record.imageId,
    Command: commandText(record.args),
    Created: Math.floor((epochMilliseconds(record.created) ?? now) / 1000),
    State: record.state.Status,
    Status: containerStatusText(record, now),
    Labels: record.config.Labels ?? {},
    ...summaryNetworkView(record, network),
    Mounts: [],
  };
}
