// A stand-in for the guest agent's TCP relay (agent protocol 3, TCP_CONNECT and TCP_CLOSE with the
// handle's stdio), made of real Node sockets: the connection goes to a real server on loopback
// instead of a container. It follows the protocol's rules: ok once connected, or the error
// `connect <addr>:<port>: <strerror>`; stdin bytes to the socket, empty stdin = shutdown(SHUT_WR);
// the socket's bytes on stdout, empty = the peer's EOF; a socket error on stderr, then stdout EOF;
// forgotten once both directions have ended; TCP_CLOSE resets.

import { connect, type Socket } from "node:net";
import type { TcpRelayAgent } from "../../worker/networks/port-connection.ts";
import { AgentError, type ContainerOutputSink } from "../../worker/vm/agent-client.ts";

const strerror: Record<string, string> = {
  ECONNREFUSED: "Connection refused",
  ECONNRESET: "Connection reset by peer",
  ETIMEDOUT: "Connection timed out",
  EHOSTUNREACH: "No route to host",
};

interface Connection {
  socket: Socket;
  readEnded: boolean;
  writeEnded: boolean;
}

export class LoopbackTcpAgent implements TcpRelayAgent {
  readonly #sinks = new Map<number, ContainerOutputSink>();
  readonly #connections = new Map<number, Connection>();

  /** Handles the agent still holds. */
  get openHandles(): number[] {
    return [...this.#connections.keys()];
  }

  tcpConnect({ handle, address, port }: { id: string; handle: number; address: string; port: number }): Promise<void> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: address, port, allowHalfOpen: true });
      const failed = (error: NodeJS.ErrnoException) => reject(new AgentError("TCP_CONNECT", `connect ${address}:${port}: ${describe(error)}`));
      socket.once("error", failed);
      socket.once("connect", () => {
        socket.off("error", failed);
        const connection: Connection = { socket, readEnded: false, writeEnded: false };
        this.#connections.set(handle, connection);
        socket.on("data", (bytes: Buffer) => this.#sinks.get(handle)?.data(1, new Uint8Array(bytes)));
        socket.on("end", () => {
          connection.readEnded = true;
          this.#sinks.get(handle)?.eof(1);
          this.#forgetWhenDone(handle, connection);
        });
        socket.on("error", (error: NodeJS.ErrnoException) => {
          if (this.#connections.get(handle) !== connection) return;
          this.#connections.delete(handle);
          const sink = this.#sinks.get(handle);
          sink?.data(2, new TextEncoder().encode(describe(error)));
          sink?.eof(1);
        });
        resolve();
      });
    });
  }

  async tcpClose(handle: number): Promise<void> {
    const connection = this.#connections.get(handle);
    this.#connections.delete(handle);
    connection?.socket.resetAndDestroy();
  }

  async writeStdin(handle: number, data: Uint8Array): Promise<void> {
    const connection = this.#connections.get(handle);
    if (!connection) return;
    await new Promise<void>((resolve) => connection.socket.write(data, () => resolve()));
  }

  async closeStdin(handle: number): Promise<void> {
    const connection = this.#connections.get(handle);
    if (!connection) return;
    connection.writeEnded = true;
    connection.socket.end();
    this.#forgetWhenDone(handle, connection);
  }

  attachOutput(handle: number, sink: ContainerOutputSink): () => void {
    this.#sinks.set(handle, sink);
    return () => {
      if (this.#sinks.get(handle) === sink) this.#sinks.delete(handle);
    };
  }

  #forgetWhenDone(handle: number, connection: Connection): void {
    if (!connection.readEnded || !connection.writeEnded || this.#connections.get(handle) !== connection) return;
    this.#connections.delete(handle);
    connection.socket.destroy();
  }
}

function describe(error: NodeJS.ErrnoException): string {
  return (error.code && strerror[error.code]) ?? error.message;
}
