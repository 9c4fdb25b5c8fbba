// Recognizes IP literals in ranges a public proxy must not reach: loopback, private, link-local,
// "this network" and unique-local. Host names need DNS; see `isPrivateHostName` in the proxy config.

import { parseIPv4, parseIPv6 } from "../api/ip-address.ts";

/** True for a URL hostname (IPv6 in brackets) that is a loopback literal or "localhost". */
export function isLoopbackHost(hostname: string): boolean {
  if (hostname === "localhost") return true;
  const v4 = parseIPv4(hostname);
  if (v4) return v4[0] === 127;
  const v6 = parseIPv6(hostname);
  return v6 !== undefined && isLoopbackIPv6(v6);
}

/** True for a URL hostname that is an IP literal in a private, loopback or link-local range. */
export function isPrivateAddressLiteral(hostname: string): boolean {
  if (hostname === "localhost") return true;
  const v4 = parseIPv4(hostname);
  if (v4) return isPrivateIPv4(v4);
  const v6 = parseIPv6(hostname);
  if (!v6) return false;
  const mapped = mappedIPv4(v6);
  if (mapped) return isPrivateIPv4(mapped);
  const first = v6[0] ?? 0;
  return (
    isLoopbackIPv6(v6) ||
    v6.every((group) => group === 0) || // ::
    (first & 0xfe00) === 0xfc00 || // fc00::/7
    (first & 0xffc0) === 0xfe80 // fe80::/10
  );
}

function isPrivateIPv4([a, b]: number[]): boolean {
  if (a === undefined || b === undefined) return false;
  return (
    a === 0 ||
    a === 10 ||
    a === 127 ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 169 && b === 254)
  );
}

function isLoopbackIPv6(groups: number[]): boolean {
  return groups.slice(0, 7).every((group) => group === 0) && groups[7] === 1;
}

/** The IPv4 address inside ::ffff:a.b.c.d, if that is what this is. */
function mappedIPv4(groups: number[]): number[] | undefined {
  if (!groups.slice(0, 5).every((group) => group === 0) || groups[5] !== 0xffff) return undefined;
  const high = groups[6] ?? 0;
  const low = groups[7] ?? 0;
  return [high >> 8, high & 0xff, low >> 8, low & 0xff];
}
