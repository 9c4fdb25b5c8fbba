// The engine's table of published ports: which host port leads to which container address, while the
// container runs. Container start claims its ports here (a port already claimed is Docker's "port is
// already allocated"), exit releases them. The page's preview looks connections up here; under
// `berth daemon` a PortHost opens a real TCP listener for each claimed port.

import { EngineError } from "../../src/api/errors.ts";

export interface PublishedPort {
  /** The host side as Docker shows it ("0.0.0.0", "127.0.0.1"); "" at a claim for the host's default. */
  hostIp: string;
  hostPort: number;
  containerId: string;
  /** The container's address on its first network, where connections go. */
  containerAddress: string;
  containerPort: number;
  protocol: "tcp";
}

/** What serves published ports outside the engine (the daemon's TCP listeners); the page has none. */
export interface PortHost {
  /** Where a port published without a host address listens (Docker shows it as the binding's HostIp). */
  readonly unspecifiedAddress: string;
  /** Starts serving the port; rejects with Docker's kind of message when it cannot (address in use). */
  open(port: PublishedPort): Promise<void>;
  close(port: PublishedPort): void;
}

/** What a binding without a host address shows where nothing listens on the host (the page). */
const ANY_ADDRESS = "0.0.0.0";

/** Docker's range for ports it picks itself (`-P`, `-p 80`): the Linux ephemeral range. */
export const EPHEMERAL_PORTS = { first: 32768, last: 60999 } as const;

export class PublishedPorts {
  readonly #byHostPort = new Map<number, PublishedPort>();
  #nextEphemeral: number = EPHEMERAL_PORTS.first;

  constructor(private readonly host?: PortHost) {}

  /** Claims every port of one container, all or none. A hostPort of 0 picks a free ephemeral port. */
  async claim(ports: PublishedPort[]): Promise<PublishedPort[]> {
    const claimed: PublishedPort[] = [];
    try {
      for (const port of ports) {
        const hostPort = port.hostPort === 0 ? this.#freeEphemeral() : port.hostPort;
        const hostIp = port.hostIp || (this.host?.unspecifiedAddress ?? ANY_ADDRESS);
        if (this.#byHostPort.has(hostPort)) {
          throw new EngineError("conflict", `Bind for ${hostIp}:${hostPort} failed: port is already allocated`);
        }
        const entry = { ...port, hostIp, hostPort };
        this.#byHostPort.set(hostPort, entry);
        claimed.push(entry);
      }
      const opened: PublishedPort[] = [];
      try {
        for (const entry of claimed) {
          await this.host?.open(entry);
          opened.push(entry);
        }
      } catch (error) {
        for (const entry of opened) this.host?.close(entry);
        throw error;
      }
    } catch (error) {
      for (const entry of claimed) this.#byHostPort.delete(entry.hostPort);
      throw error;
    }
    return claimed;
  }

  /** Releases every port the container holds. */
  release(containerId: string): void {
    for (const [hostPort, entry] of this.#byHostPort) {
      if (entry.containerId !== containerId) continue;
      this.#byHostPort.delete(hostPort);
      this.host?.close(entry);
    }
  }

  lookup(hostPort: number): PublishedPort | undefined {
    return this.#byHostPort.get(hostPort);
  }

  list(): PublishedPort[] {
    return [...this.#byHostPort.values()];
  }

  #freeEphemeral(): number {
    const span = EPHEMERAL_PORTS.last - EPHEMERAL_PORTS.first + 1;
    for (let tried = 0; tried < span; tried++) {
      const candidate = this.#nextEphemeral;
      this.#nextEphemeral = candidate === EPHEMERAL_PORTS.last ? EPHEMERAL_PORTS.first : candidate + 1;
      if (!this.#byHostPort.has(candidate)) return candidate;
    }
    throw new EngineError("unavailable", "no free port left in the ephemeral range");
  }
}
