import { isIPv4, isIPv6 } from 'node:net';

/**
 * The key a client address is counted under (sign-in throttle, per-address limits). An IPv6
 * subscriber usually holds a whole /64 and can pick a new address in it for every request, so
 * IPv6 counts by its /64 prefix; an IPv4 address mapped into IPv6 counts as the IPv4 address.
 * Anything that is not an IP address (e.g. 'unknown') is its own key.
 */
export function addressKey(address: string): string {
  const bare = address.trim().replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '');
  if (isIPv4(bare)) return bare;
  if (!isIPv6(bare)) return address;
  const groups = ipv6Groups(bare);
  const [a, b, c, d, , f, g, h] = groups;
  // ::ffff:a.b.c.d — an IPv4 client seen through a dual-stack socket.
  if (groups.slice(0, 5).every((x) => x === 0) && f === 0xffff) {
    return [g >> 8, g & 0xff, h >> 8, h & 0xff].join('.');
  }
  return `${[a, b, c, d].map((x) => x.toString(16)).join(':')}::/64`;
}

/** The eight 16-bit groups of a valid IPv6 address (`::` expanded, a trailing IPv4 split in two). */
function ipv6Groups(address: string): [number, number, number, number, number, number, number, number] {
  const toGroups = (part: string): number[] =>
    part === ''
      ? []
      : part.split(':').flatMap((g) => {
          if (!g.includes('.')) return [parseInt(g, 16)];
          const [w, x, y, z] = g.split('.').map(Number) as [number, number, number, number];
          return [(w << 8) | x, (y << 8) | z];
        });
  const [head = '', tail] = address.split('::');
  const left = toGroups(head);
  const right = tail === undefined ? [] : toGroups(tail);
  const zeros = Array<number>(8 - left.length - right.length).fill(0);
  return [...left, ...zeros, ...right] as [number, number, number, number, number, number, number, number];
}
