// Helpers for integration tests of the guest's container networking: interfaces on test bridges,
// containers started with a network setup, and a look at the guest's root namespace.

import type { AgentClient, AgentExit, GuestInterface, GuestNetworkSetup } from "../../worker/vm/agent-client.ts";
import { OutputCollector, newContainerId, nextExit, ociConfig } from "./guest-fixture.ts";

/** Where the tests write the busybox rootfs (each boots its own guest). */
export const NET_ROOTFS = "images/busybox-net/rootfs";

export type Mount = NonNullable<Parameters<typeof ociConfig>[0]["extraMounts"]>[number];

/** An interface on bridge `bridge` of subnet 172.<second>.0.0/16 with host number `host`. */
export function iface(bridge: string, second: number, host: number, name = "eth0"): GuestInterface {
  const hex = (n: number) => n.toString(16).padStart(2, "0");
  return {
    name,
    bridge,
    gateway: `172.${second}.0.1/16`,
    address: `172.${second}.0.${host}/16`,
    mac: `02:42:ac:${hex(second)}:00:${hex(host)}`,
  };
}

export const ipOf = (i: { address: string }) => i.address.split("/")[0]!;

export interface Running {
  id: string;
  output: OutputCollector;
  exited: Promise<AgentExit>;
  startMs: number;
}

export interface StartOptions {
  network?: GuestNetworkSetup;
  /** The network namespace config.json names: by default the container's own with a network
   * setup, the shared host namespace with a host setup, else one crun makes; "host" for none (the
   * guest's root namespace). */
  netns?: string;
  mounts?: Mount[];
  stdinOpen?: boolean;
  id?: string;
}

export async function startContainer(agent: AgentClient, args: string[], options: StartOptions = {}): Promise<Running> {
  const id = options.id ?? newContainerId();
  const ownNetns = options.network?.host ? "/run/berth/host-netns" : `/run/berth/${id}/netns`;
  const netns = options.netns ?? (options.network ? ownNetns : undefined);
  const configJson = ociConfig({ args, hostname: id.slice(0, 12), cgroup: `/berth/${id}`, netns, extraMounts: options.mounts });
  await agent.create({ id, rootfs: NET_ROOTFS, configJson });
  const output = new OutputCollector(agent);
  const exited = nextExit(agent, id);
  const started = performance.now();
  try {
    await agent.start({ id, handle: output.handle, tty: false, stdinOpen: options.stdinOpen ?? false, network: options.network });
  } catch (error) {
    output.detach();
    await agent.delete(id);
    throw error;
  }
  return { id, output, exited, startMs: Math.round(performance.now() - started) };
}

/** Runs a container to its end; resolves with its output and exit. */
export async function runToEnd(agent: AgentClient, args: string[], options: StartOptions = {}) {
  const box = await startContainer(agent, args, options);
  const exit = await box.exited;
  await agent.delete(box.id);
  box.output.detach();
  return { stdout: box.output.stdout, stderr: box.output.stderr, exit };
}

/** A container in the guest's root network namespace that sees the agent's /run/berth: it reports
 * the root namespace's interfaces and the entries of /run/berth/<entry> (a bundle, or "" for all). */
export async function guestView(agent: AgentClient, entry: string): Promise<{ links: string[]; bundle: string[] }> {
  const script = `cat /proc/net/dev; echo ---; ls /guest-run/${entry} 2>/dev/null; true`;
  const mounts: Mount[] = [{ destination: "/guest-run", type: "bind", source: "/run/berth", options: ["rbind", "ro"] }];
  const run = await runToEnd(agent, ["sh", "-c", script], { netns: "host", mounts });
  const [dev, ls] = run.stdout.split("---\n");
  const links = dev!.split("\n").slice(2).map((line) => line.split(":")[0]!.trim()).filter(Boolean);
  return { links, bundle: ls!.split("\n").filter(Boolean) };
}
