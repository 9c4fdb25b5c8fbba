// IP address literals as Go's net package reads and writes them (net.ParseIP, ParseCIDR,
// IPNet.Contains, IP.String), for the checks Docker's client and daemon make of addresses.

/** Four octets of a dotted IPv4 address (no leading zeros, as Go requires), or undefined. */
export function parseIPv4(text: string): number[] | undefined {
  const parts = text.split(".");
  if (parts.length !== 4 || !parts.every((part) => /^(?:0|[1-9]\d{0,2})$/.test(part))) return undefined;
  const octets = parts.map(Number);
  return octets.every((octet) => octet <= 255) ? octets : undefined;
}

/** Eight 16-bit groups from an IPv6 literal (bare or in brackets; a dotted IPv4 tail allowed), or undefined. */
export function parseIPv6(text: string): number[] | undefined {
  const literal = text.replace(/^\[(.*)\]$/, "$1");
  if (!literal.includes(":")) return undefined;
  const halves = literal.split("::");
  if (halves.length > 2) return undefined;
  const toGroups = (half: string | undefined, last: boolean): number[] | undefined => {
    if (!half) return [];
    const parts = half.split(":");
    const groups = parts.flatMap((part, index) => {
      if (part.includes(".") && last && index === parts.length - 1) {
        const v4 = parseIPv4(part);
        return v4 ? [((v4[0] ?? 0) << 8) | (v4[1] ?? 0), ((v4[2] ?? 0) << 8) | (v4[3] ?? 0)] : [NaN];
      }
      return /^[0-9a-f]{1,4}$/i.test(part) ? [parseInt(part, 16)] : [NaN];
    });
    return groups.some(Number.isNaN) ? undefined : groups;
  };
  const head = toGroups(halves[0], halves.length === 1);
  const tail = toGroups(halves[1], true);
  if (!head || !tail) return undefined;
  if (halves.length === 1) return head.length === 8 ? head : undefined;
  const gap = 8 - head.length - tail.length;
  return gap >= 1 ? [...head, ...new Array<number>(gap).fill(0), ...tail] : undefined;
}

/** An address as 4 (IPv4, including IPv4-mapped IPv6) or 16 bytes, or undefined: net.ParseIP plus To4. */
export function parseIP(text: string): Uint8Array | undefined {
  const v4 = parseIPv4(text);
  if (v4) return Uint8Array.from(v4);
  const v6 = parseIPv6(text);
  if (!v6 || text.startsWith("[")) return undefined;
  const bytes = Uint8Array.from(v6.flatMap((group) => [group >> 8, group & 0xff]));
  const mapped = bytes.subarray(0, 10).every((byte) => byte === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  return mapped ? bytes.slice(12) : bytes;
}

/** Go's IP.String: dotted IPv4, or IPv6 in lower case with the longest run of zero groups as "::". */
export function formatIP(bytes: Uint8Array): string {
  if (bytes.length === 4) return bytes.join(".");
  const groups = Array.from({ length: 8 }, (_, index) => ((bytes[2 * index] ?? 0) << 8) | (bytes[2 * index + 1] ?? 0));
  let bestStart = -1;
  let bestLength = 1;
  for (let start = 0; start < 8; start += 1) {
    let length = 0;
    while (start + length < 8 && groups[start + length] === 0) length += 1;
    if (length > bestLength) [bestStart, bestLength] = [start, length];
  }
  const hex = (from: number, to: number) => groups.slice(from, to).map((group) => group.toString(16)).join(":");
  return bestStart < 0 ? hex(0, 8) : `${hex(0, bestStart)}::${hex(bestStart + bestLength, 8)}`;
}

export interface IPNetwork {
  /** The network address (host bits cleared), 4 or 16 bytes. */
  address: Uint8Array;
  prefixLength: number;
}

/** net.ParseCIDR's network: "172.18.0.0/16"; undefined where Go reports "invalid CIDR address". */
export function parseCIDR(text: string): IPNetwork | undefined {
  const slash = text.indexOf("/");
  if (slash < 0) return undefined;
  const address = parseIP(text.slice(0, slash));
  const prefix = text.slice(slash + 1);
  if (!address || !/^\d+$/.test(prefix) || Number(prefix) > address.length * 8) return undefined;
  const prefixLength = Number(prefix);
  const masked = address.map((byte, index) => byte & maskByte(prefixLength, index));
  return { address: masked, prefixLength };
}

/** IPNet.Contains: an address of the same family whose prefix matches. */
export function networkContains(network: IPNetwork, address: Uint8Array): boolean {
  if (address.length !== network.address.length) return false;
  return address.every((byte, index) => (byte & maskByte(network.prefixLength, index)) === network.address[index]);
}

function maskByte(prefixLength: number, index: number): number {
  const bits = Math.min(8, Math.max(0, prefixLength - index * 8));
  return (0xff << (8 - bits)) & 0xff;
}
