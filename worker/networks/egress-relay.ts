// Containers' outbound connections: the guest agent accepts a container's connection to a stand-in
// address (ACCEPT), the engine names the host it stands for (EgressAddresses) and opens a stream to
// it through an EgressConnector (the proxy's relay in the page; Node sockets under `berth daemon`),
// then passes bytes both ways untouched. A refused stream resets the container's connection at
// once and leaves a one-line note naming the host.

import { WispCloseReason } from "../../src/proxy/egress/wisp-packets.ts";
import type { AcceptedConnection, AgentClient } from "../vm/agent-client.ts";
import type { EgressAddresses } from "./egress-addresses.ts";
import type { WispStream, WispStreamEvents } from "./wisp-client.ts";

/** Opens TCP streams to named hosts; the relay's refusals arrive as `closed` with WISP's reason. */
export interface EgressConnector {
  open(host: string, port: number, events: WispStreamEvents): Promise<WispStream>;
}

/** How the engine's host lets containers out: where their streams go, and on which ports. */
export interface EgressHost {
  connector: EgressConnector;
  /** The TCP ports containers may connect out on (80, 443 and what the operator allows). */
  ports(): Promise<number[]>;
}

export type EgressAgent = Pick<AgentClient, "onAccept" | "attachOutput" | "writeStdin" | "closeStdin" | "tcpClose">;

const refusalWords: Partial<Record<number, string>> = {
  [WispCloseReason.Blocked]: "not allowed by the egress allowlist",
  [WispCloseReason.Unreachable]: "host unreachable",
  [WispCloseReason.ConnectTimeout]: "connection timed out",
  [WispCloseReason.Refused]: "connection refused",
  [WispCloseReason.Throttled]: "the relay's limits were reached",
  [WispCloseReason.TransferTimeout]: "the relay's time limit was reached",
  [WispCloseReason.NetworkError]: "the egress relay went away",
};

export interface EgressRelayOptions {
  addresses: EgressAddresses;
  connector: EgressConnector;
  /** One line for the user when a connection is refused. */
  note(line: string): void;
}

/** Relays every connection `agent` accepts; returns the function that stops accepting. */
export function relayEgress(agent: EgressAgent, options: EgressRelayOptions): () => void {
  return agent.onAccept((connection) => relayConnection(agent, connection, options));
}

function relayConnection(agent: EgressAgent, connection: AcceptedConnection, options: EgressRelayOptions): void {
  const { handle, port } = connection;
  const host = options.addresses.nameOf(connection.address);
  const reset = (): void => void agent.tcpClose(handle).catch(() => undefined);
  if (host === undefined) return reset();

  let stream: WispStream | undefined;
  let ended = false;
  const early: Uint8Array[] = [];
  const end = (): void => {
    ended = true;
    detach();
    stream?.close();
  };
  // Attached synchronously, inside the ACCEPT listener, so no byte of the container's is lost.
  const detach = agent.attachOutput(handle, {
    data(streamId, bytes) {
      if (streamId !== 1) return;
      if (stream) stream.write(bytes);
      else early.push(Uint8Array.from(bytes));
    },
    eof(streamId) {
      // WISP has no half-close: the stream stays open for the answer and ends when the host closes
      // it; an error from the guest (stream 2) ends it at once.
      if (streamId === 2) end();
    },
  });

  options.connector
    .open(host, port, {
      data: (bytes) => void agent.writeStdin(handle, bytes).catch(end),
      closed: (reason) => {
        if (ended) return;
        ended = true;
        detach();
        if (reason === WispCloseReason.Voluntary) return void agent.closeStdin(handle).catch(() => undefined);
        options.note(`berth: connection to ${host}:${port} refused: ${refusalWords[reason] ?? `relay reason 0x${reason.toString(16)}`}`);
        reset();
      },
    })
    .then((opened) => {
      if (ended) return opened.close();
      stream = opened;
      for (const bytes of early.splice(0)) opened.write(bytes);
    })
    .catch((error: unknown) => {
      if (ended) return;
      ended = true;
      detach();
      options.note(`berth: connection to ${host}:${port} failed: ${error instanceof Error ? error.message : String(error)}`);
      reset();
    });
}
