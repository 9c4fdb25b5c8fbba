// The endpoints of running containers: one per network a container is on, from its start (or its
// `docker network connect`) to its exit (or disconnect). On a bridge network an endpoint holds an
// interface (eth0, eth1, … in the container), an address from the network and a MAC derived from it
// (02:42 + the four address bytes, Docker's old rule); on host and none it holds nothing but its
// id, as in Docker. Kept in memory only: after a restart no container runs.

import { randomId } from "../containers/random-id.ts";
import { AddressAllocator } from "./address-allocator.ts";
import type { NetworkRecord } from "./network-record.ts";

export interface Endpoint {
  containerId: string;
  networkId: string;
  /** 64 lowercase hex characters. */
  endpointId: string;
  /** "eth0", …; "" on host and none. */
  interfaceName: string;
  /** "172.18.0.2"; "" on host and none, as every field below. */
  address: string;
  prefixLength: number;
  gateway: string;
  mac: string;
}

export class EndpointTable {
  readonly #byContainer = new Map<string, Endpoint[]>();
  readonly #allocators = new Map<string, AddressAllocator>();

  /** A new endpoint of the container on the network (with `preferredAddress` if given and free, and `mac` if given). */
  open(containerId: string, network: NetworkRecord, preferredAddress?: string, mac?: string): Endpoint {
    const endpoints = this.#byContainer.get(containerId) ?? [];
    const endpoint: Endpoint = { containerId, networkId: network.id, endpointId: randomId(), interfaceName: "", address: "", prefixLength: 0, gateway: "", mac: "" };
    if (network.driver === "bridge") {
      const allocated = this.#allocator(network).allocate(preferredAddress);
      Object.assign(endpoint, allocated, { interfaceName: freeInterfaceName(endpoints), mac: mac?.toLowerCase() || macFor(allocated.address) });
    }
    this.#byContainer.set(containerId, [...endpoints, endpoint]);
    return endpoint;
  }

  /** Ends the endpoint and frees its address. */
  close(endpoint: Endpoint): void {
    const remaining = (this.#byContainer.get(endpoint.containerId) ?? []).filter((existing) => existing !== endpoint);
    if (remaining.length > 0) this.#byContainer.set(endpoint.containerId, remaining);
    else this.#byContainer.delete(endpoint.containerId);
    if (endpoint.address) this.#allocators.get(endpoint.networkId)?.release(endpoint.address);
  }

  /** The container's endpoints in the order they were opened (the first gives the default route). */
  ofContainer(containerId: string): readonly Endpoint[] {
    return this.#byContainer.get(containerId) ?? [];
  }

  onNetwork(networkId: string): Endpoint[] {
    return [...this.#byContainer.values()].flat().filter((endpoint) => endpoint.networkId === networkId);
  }

  /** The network is gone: its address bookkeeping goes too. */
  forgetNetwork(networkId: string): void {
    this.#allocators.delete(networkId);
  }

  #allocator(network: NetworkRecord): AddressAllocator {
    let allocator = this.#allocators.get(network.id);
    if (!allocator) {
      allocator = new AddressAllocator(network);
      this.#allocators.set(network.id, allocator);
    }
    return allocator;
  }
}

function freeInterfaceName(endpoints: Endpoint[]): string {
  const taken = new Set(endpoints.map((endpoint) => endpoint.interfaceName));
  let index = 0;
  while (taken.has(`eth${index}`)) index++;
  return `eth${index}`;
}

function macFor(address: string): string {
  const bytes = address.split(".").map((part) => Number(part).toString(16).padStart(2, "0"));
  return ["02", "42", ...bytes].join(":");
}
