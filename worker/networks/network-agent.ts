// What the engine's networking asks of the guest agent (agent protocol version 3): a container's
// interfaces at START, interfaces added and removed while it runs, bridges removed with their
// network, the bundle files, and the datagrams of its embedded DNS socket. The types mirror
// worker/vm/agent-client.ts; once that client has these methods, `networkAgent` is the client itself.

import type { AgentClient, StartContainerParams } from "../vm/agent-client.ts";
import type { BundleFile } from "./bundle-files.ts";

export interface GuestInterface {
  /** In the container: "eth0", … */
  name: string;
  /** The guest bridge it hangs on: "docker0", "br-<12 hex>". */
  bridge: string;
  /** With prefix length: "172.18.0.1/16". */
  gateway: string;
  /** With prefix length: "172.18.0.2/16". */
  address: string;
  mac: string;
}

export interface GuestNetworkSetup {
  /** The stdio handle of the container's DNS socket (127.0.0.11:53), if it gets one. */
  dnsHandle?: number;
  /** In order; the first gives the default route. */
  interfaces: GuestInterface[];
}

export interface NetworkAgent {
  start(params: StartContainerParams & { network?: GuestNetworkSetup }): Promise<number>;
  connectNetwork(id: string, iface: GuestInterface): Promise<void>;
  disconnectNetwork(id: string, ifname: string): Promise<void>;
  removeBridge(name: string): Promise<void>;
  writeBundleFile(id: string, leaf: BundleFile, bytes: Uint8Array | string): Promise<void>;
  /** Calls `listener` with each datagram the container sends on the handle (peer: IPv4 + port, 6 bytes). */
  attachDatagrams(handle: number, listener: (peer: Uint8Array, message: Uint8Array) => void): () => void;
  sendDatagram(handle: number, peer: Uint8Array, message: Uint8Array): Promise<void>;
}

/** The agent client seen through the networking methods (written in parallel with this code; see the header). */
export function networkAgent(agent: AgentClient): NetworkAgent {
  return agent as unknown as NetworkAgent;
}
