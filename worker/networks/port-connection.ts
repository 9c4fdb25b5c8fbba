// PortConnect (src/api/port-operations.ts): a connection to the container behind a published host
// port. The engine looks the port up in the table of published ports, asks the guest agent to open
// a TCP connection (TCP_CONNECT) to the container's address from the guest, and relays bytes over
// that connection's stdio handle: the client's writes become stdin frames (each resolves once the
// guest has taken it, which paces a fast client), an empty stdin frame half-closes, and the socket's
// bytes come back on stdout, ending with an empty frame (the container's EOF). An error from the
// guest arrives on stderr before that EOF. The guest forgets the connection once both directions
// have ended; a client that hangs up earlier resets it (TCP_CLOSE).

import type { OutputSink } from "../../src/api/engine-api.ts";
import { EngineError } from "../../src/api/errors.ts";
import { EngineStream } from "../streams/stream-connection.ts";
import { AgentError, type AgentClient } from "../vm/agent-client.ts";
import type { PublishedPorts } from "./published-ports.ts";

/** The agent's part in a connection (agent protocol 3: TCP_CONNECT, TCP_CLOSE, and the handle's stdio). */
export type TcpRelayAgent = Pick<AgentClient, "tcpConnect" | "tcpClose" | "writeStdin" | "closeStdin" | "attachOutput">;

/** A running container as a connection sees it. */
export interface ConnectableContainer {
  agent: TcpRelayAgent;
  /** Settles when the container's task ends (it exits or the guest is lost); its connections go with it. */
  stopped: Promise<unknown>;
}

export interface PortConnectorDependencies {
  ports: Pick<PublishedPorts, "lookup">;
  /** The container that runs with id `containerId`; throws Docker's error when it does not run. */
  runningContainer(containerId: string): ConnectableContainer;
}

/** The agent's stdio handles of connections are numbered apart from processes' (inits from 1, execs 0x4000_0000, copies 0x6000_0000). */
const firstConnectionHandle = 0x5000_0000;

export class PortConnector {
  #nextHandle = firstConnectionHandle;
  /** Open connections by the `stopped` promise of their container's task, which drops them all. */
  readonly #byTask = new Map<Promise<unknown>, Map<EngineStream, string>>();

  constructor(private readonly dependencies: PortConnectorDependencies) {}

  async connect(hostPortText: string, sink: OutputSink): Promise<EngineStream> {
    const hostPort = parseHostPort(hostPortText);
    const published = this.dependencies.ports.lookup(hostPort);
    if (!published) throw new EngineError("not-found", `no running container publishes port ${hostPort} (publish one with docker run -p ${hostPort}:PORT)`);
    const { agent, stopped } = this.dependencies.runningContainer(published.containerId);
    const handle = this.#nextHandle++;
    const target = `${published.containerAddress}:${published.containerPort}`;
    let peerEnded = false;
    let clientEnded = false;
    let guestError = "";
    const stream: EngineStream = new EngineStream({
      async write(data) {
        if (!clientEnded && data.length > 0) await agent.writeStdin(handle, data);
      },
      async closeWrite() {
        if (clientEnded) return;
        clientEnded = true;
        await agent.closeStdin(handle);
        if (peerEnded) stream.end();
      },
    });
    const errorText = new TextDecoder();
    const detach = agent.attachOutput(handle, {
      data(which, bytes) {
        if (which === 1) stream.delivered(sink.write(1, bytes));
        else guestError += errorText.decode(bytes, { stream: true });
      },
      eof(which) {
        if (which !== 1 || peerEnded) return;
        peerEnded = true;
        if (guestError) return stream.fail(new EngineError("unavailable", `connection to ${target} failed: ${guestError.trim()}`));
        stream.delivered(sink.write(1, new Uint8Array(0)));
        if (clientEnded) stream.end();
      },
    });
    stream.onClose(() => {
      detach();
      if (!(peerEnded && clientEnded)) void agent.tcpClose(handle).catch(() => undefined);
    });
    this.#dropWhenStopped(stopped, stream, `connection to ${target} reset: container ${published.containerId.slice(0, 12)} stopped`);
    try {
      await agent.tcpConnect({ id: published.containerId, handle, address: published.containerAddress, port: published.containerPort });
    } catch (error) {
      stream.fail(error);
      throw new EngineError("unavailable", error instanceof AgentError ? error.reason : `connect ${target}: ${error instanceof Error ? error.message : String(error)}`);
    }
    return stream;
  }

  #dropWhenStopped(stopped: Promise<unknown>, stream: EngineStream, reason: string): void {
    let open = this.#byTask.get(stopped);
    if (!open) {
      const streams = new Map<EngineStream, string>();
      this.#byTask.set(stopped, (open = streams));
      void stopped.then(() => {
        this.#byTask.delete(stopped);
        for (const [each, why] of streams) each.fail(new EngineError("unavailable", why));
      });
    }
    open.set(stream, reason);
    stream.onClose(() => open.delete(stream));
  }
}

function parseHostPort(text: string): number {
  const port = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(port >= 1 && port <= 65535)) throw new EngineError("invalid", `invalid port ${JSON.stringify(text)}: a port is a number from 1 to 65535`);
  return port;
}
