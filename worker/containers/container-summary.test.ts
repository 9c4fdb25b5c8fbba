import { describe, expect, it } from "vitest";
import { createdState, rfc3339Nano, type ContainerRecord } from "./container-record.ts";
import { containerStatusText, toContainerSummary } from "./container-summary.ts";

const created = 1_700_000_000_000;
const base: ContainerRecord = {
  id: "a".repeat(64),
  name: "calm_harbor",
  created: rfc3339Nano(created),
  imageRef: "busybox",
  imageId: "sha256:" + "b".repeat(64),
  request: { Image: "busybox" },
  config: { Image: "busybox", Labels: { tier: "web" } },
  hostConfig: {},
  args: ["sh", "-c", "exit 3; true"],
  state: createdState(),
  restartCount: 0,
  manuallyStopped: false,
};

const at = (ms: number) => rfc3339Nano(created + ms);

describe("container status text", () => {
  it.each<[Partial<ContainerRecord["state"]>, number, string]>([
    [{}, 0, "Created"],
    [{ Status: "running", Running: true, StartedAt: at(0) }, 5_000, "Up 5 seconds"],
    [{ Status: "paused", Running: true, Paused: true, StartedAt: at(0) }, 120_000, "Up 2 minutes (Paused)"],
    [{ Status: "exited", ExitCode: 3, FinishedAt: at(0) }, 120_000, "Exited (3) 2 minutes ago"],
    [{ Status: "exited", ExitCode: 0, FinishedAt: at(0) }, 500, "Exited (0) Less than a second ago"],
    [{ Status: "restarting", ExitCode: 1, FinishedAt: at(0) }, 2_000, "Restarting (1) 2 seconds ago"],
    [{ Status: "removing" }, 0, "Removal In Progress"],
  ])("%j at %i ms → %s", (patch, now, expected) => {
    expect(containerStatusText({ ...base, state: { ...base.state, ...patch } }, created + now)).toBe(expected);
  });

  it("lists names with a leading slash, the command, labels and the creation time in seconds", () => {
    const summary = toContainerSummary(base, created, { endpoints: [], ports: [], running: false });
    expect(summary.Names).toEqual(["/calm_harbor"]);
    expect(summary.Command).toBe("sh -c 'exit 3; true'");
    expect(summary.Created).toBe(1_700_000_000);
    expect(summary.Labels).toEqual({ tier: "web" });
    expect(summary.State).toBe("created");
  });

  it("shows a stopped container's networks without addresses and no ports (a record from before networks: the default bridge)", () => {
    const summary = toContainerSummary({ ...base, hostConfig: { PortBindings: { "80/tcp": [{ HostIp: "", HostPort: "8080" }] } } }, created, { endpoints: [], ports: [], running: false });
    expect(summary.HostConfig).toEqual({ NetworkMode: "bridge" });
    expect(summary.NetworkSettings?.Networks.bridge).toMatchObject({ NetworkID: "", EndpointID: "", IPAddress: "", Gateway: "", IPPrefixLen: 0, DNSNames: null });
    expect(summary.Ports).toEqual([]);
  });
});
