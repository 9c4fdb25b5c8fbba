// Recognizes IP literals in ranges a public proxy must not reach: loopback, private, link-local,
// "this network" and unique-local. Host names need DNS; see `isPrivateHostName` in the proxy config.

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

function parseIPv4(hostname: string): number[] | undefined {
  const parts = hostname.split(".");
  if (parts.length !== 4 || !parts.every((part) => /^\d{1,3}$/.test(part))) return undefined;
  const octets = parts.map(Number);
  return octets.every((octet) => octet <= 255) ? octets : undefined;
}

/** Eight 16-bit groups from "[…]" or a bare IPv6 literal, or undefined. */
function parseIPv6(hostname: string): number[] | undefined {
  const text = hostname.replace(/^\[(.*)\]$/, "$1");
  if (!text.includes(":")) return undefined;
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const toGroups = (half: string | undefined): number[] | undefined => {
    if (!half) return [];
    const groups = half.split(":").flatMap((part) => {
      if (part.includes(".")) {
        const v4 = parseIPv4(part);
        return v4 ? [((v4[0] ?? 0) << 8) | (v4[1] ?? 0), ((v4[2] ?? 0) << 8) | (v4[3] ?? 0)] : [NaN];
      }
      return /^[0-9a-f]{1,4}$/i.test(part) ? [parseInt(part, 16)] : [NaN];
    });
    return groups.some(Number.isNaN) ? undefined : groups;
  };
  const head = toGroups(halves[0]);
  const tail = toGroups(halves[1]);
  if (!head || !tail) return undefined;
  if (halves.length === 1) return head.length === 8 ? head : undefined;
  const gap = 8 - head.length - tail.length;
  return gap >= 1 ? [...head, ...new Array<number>(gap).fill(0), ...tail] : undefined;
}
