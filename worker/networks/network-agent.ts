// What the engine's networking asks of the guest agent (agent protocol 3): a container's interfaces
// at START, interfaces added and removed while it runs, bridges removed with their network, the
// bundle files, and the datagrams of its embedded DNS socket.

import type { AgentClient } from "../vm/agent-client.ts";

export type NetworkAgent = Pick<
  AgentClient,
  "start" | "connectNetwork" | "disconnectNetwork" | "removeBridge" | "writeBundleFile" | "attachDatagrams" | "sendDatagram"
>;
