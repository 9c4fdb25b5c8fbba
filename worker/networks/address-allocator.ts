// The addresses of one bridge network that running containers hold. A container gets the lowest
// free address of the network's range (its --ip-range, else its subnet), never the subnet's own
// address, its broadcast address or the gateway; or the address it asks for (--ip), if free. Held
// only in memory: after a restart no container runs, so every address is free.

import { EngineError } from "../../src/api/errors.ts";
import { formatIpv4, lastAddress, masked, parseIpv4, parsePrefix, prefixContains, type Ipv4 } from "./ipv4.ts";
import type { NetworkRecord } from "./network-record.ts";

export interface AllocatedAddress {
  address: string;
  prefixLength: number;
  gateway: string;
}

export class AddressAllocator {
  readonly #used = new Set<Ipv4>();

  constructor(private readonly network: NetworkRecord) {}

  allocate(preferred?: string): AllocatedAddress {
    const addressing = this.network.addressing;
    if (!addressing) throw new EngineError("system", `network ${this.network.name} has no addresses to give`);
    const subnet = parsePrefix(addressing.subnet)!;
    const reserved = new Set([masked(subnet).address, lastAddress(subnet), parseIpv4(addressing.gateway)!]);
    const chosen = preferred === undefined ? this.#lowestFree(reserved) : this.#exactly(preferred, reserved);
    this.#used.add(chosen);
    return { address: formatIpv4(chosen), prefixLength: subnet.length, gateway: addressing.gateway };
  }

  release(address: string): void {
    const parsed = parseIpv4(address);
    if (parsed !== undefined) this.#used.delete(parsed);
  }

  #exactly(preferred: string, reserved: Set<Ipv4>): Ipv4 {
    const address = parseIpv4(preferred);
    const subnet = parsePrefix(this.network.addressing!.subnet)!;
    if (address === undefined || !prefixContains(subnet, address)) {
      throw new EngineError("invalid", `no configured subnet or ip-range contain the IP address ${preferred}`);
    }
    if (this.#used.has(address) || reserved.has(address)) throw new EngineError("conflict", "Address already in use");
    return address;
  }

  #lowestFree(reserved: Set<Ipv4>): Ipv4 {
    const range = parsePrefix(this.network.addressing!.ipRange ?? this.network.addressing!.subnet)!;
    for (let address = masked(range).address; address <= lastAddress(range); address++) {
      if (!this.#used.has(address) && !reserved.has(address)) return address;
    }
    throw new EngineError("unavailable", `no available IPv4 addresses on this network's address pools: ${this.network.name} (${this.network.id})`);
  }
}
