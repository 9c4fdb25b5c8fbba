// Addresses the embedded DNS hands out for names outside the guest: each name gets one address from
// 198.18.0.0/15 (the benchmarking range, never a real host), so a container's connection to it tells
// the engine which host name to ask the egress relay for. The relay resolves the name itself.

const FIRST = 198 * 2 ** 24 + 18 * 2 ** 16;
/** 198.18.0.0/15 without its first address: 131 071 names before the oldest is reused. */
const SIZE = (1 << 17) - 1;

export class EgressAddresses {
  readonly #byName = new Map<string, number>();
  readonly #byOffset = new Map<number, string>();
  #next = 1;

  /** The address standing for `name` (lower case, no trailing dot), the same each time it is asked. */
  addressOf(name: string): string {
    let offset = this.#byName.get(name);
    if (offset === undefined) {
      offset = this.#next;
      this.#next = (this.#next % SIZE) + 1;
      const previous = this.#byOffset.get(offset);
      if (previous !== undefined) this.#byName.delete(previous);
      this.#byName.set(name, offset);
      this.#byOffset.set(offset, name);
    }
    return dotted(FIRST + offset);
  }

  /** The name an address stands for, or undefined if it stands for none. */
  nameOf(address: string): string | undefined {
    const value = parse(address);
    return value === undefined ? undefined : this.#byOffset.get(value - FIRST);
  }
}

function dotted(value: number): string {
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join(".");
}

function parse(address: string): number | undefined {
  const octets = address.split(".").map(Number);
  if (octets.length !== 4 || octets.some((octet) => !Number.isInteger(octet) || octet < 0 || octet > 255)) return undefined;
  return ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>> 0;
}
