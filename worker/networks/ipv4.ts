// IPv4 addresses and CIDR blocks as numbers, for address arithmetic: parsing (Go's reading, from
// src/api/ip-address.ts), formatting, masking, containment and overlap.

import { parseIPv4 } from "../../src/api/ip-address.ts";

/** An address as an unsigned 32-bit number. */
export type Ipv4 = number;

export interface Ipv4Prefix {
  /** As written, host bits included. */
  address: Ipv4;
  /** 0–32. */
  length: number;
}

export function parseIpv4(text: string): Ipv4 | undefined {
  return parseIPv4(text)?.reduce((value, octet) => value * 256 + octet, 0);
}

export function formatIpv4(address: Ipv4): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(address / 2 ** shift) % 256).join(".");
}

export function parsePrefix(text: string): Ipv4Prefix | undefined {
  const slash = text.indexOf("/");
  if (slash === -1) return undefined;
  const address = parseIpv4(text.slice(0, slash));
  const lengthText = text.slice(slash + 1);
  if (address === undefined || !/^(0|[1-9]\d?)$/.test(lengthText) || Number(lengthText) > 32) return undefined;
  return { address, length: Number(lengthText) };
}

export function formatPrefix(prefix: Ipv4Prefix): string {
  return `${formatIpv4(prefix.address)}/${prefix.length}`;
}

function netmask(length: number): number {
  return length === 0 ? 0 : (0xffff_ffff << (32 - length)) >>> 0;
}

/** The block with its host bits cleared. */
export function masked(prefix: Ipv4Prefix): Ipv4Prefix {
  return { address: (prefix.address & netmask(prefix.length)) >>> 0, length: prefix.length };
}

export function isMasked(prefix: Ipv4Prefix): boolean {
  return masked(prefix).address === prefix.address;
}

/** The block's last address (its broadcast address). */
export function lastAddress(prefix: Ipv4Prefix): Ipv4 {
  return (masked(prefix).address | ~netmask(prefix.length)) >>> 0;
}

export function prefixContains(prefix: Ipv4Prefix, address: Ipv4): boolean {
  return (address & netmask(prefix.length)) >>> 0 === masked(prefix).address;
}

export function prefixesOverlap(a: Ipv4Prefix, b: Ipv4Prefix): boolean {
  return prefixContains(a, masked(b).address) || prefixContains(b, masked(a).address);
}

/** A text that is an IPv6 address or block (berth's networks are IPv4 only). */
export function looksLikeIpv6(text: string): boolean {
  return text.includes(":");
}
