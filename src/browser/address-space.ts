/**
 * IP address spaces (Local Network Access spec "IP Address Space"; Chromium
 * services/network/public/cpp/ip_address_space_util.cc), from the host of a URL. Pure: no DNS. A host name that is not `localhost` needs
 * the address it resolves to, which only the caller can know (see {@link SimulateOptions.addressSpaceOf}).
 */

/** LNA address spaces, most private first. Chromium prints these names in its messages. */
export type AddressSpace = "loopback" | "local" | "public";

/** How public a space is: a request is a local network request when the target ranks lower than the page. */
const RANK: Readonly<Record<AddressSpace, number>> = { loopback: 0, local: 1, public: 2 };

/** True when `target` is more private than `client` (LNA "local network request"). */
export function isLessPublic(target: AddressSpace, client: AddressSpace): boolean {
  return RANK[target] < RANK[client];
}

function ipv4(host: string): number[] | null {
  const parts = host.split(".");
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return null;
  return parts.map(Number);
}

/** The 8 hextets of an IPv6 literal (brackets allowed), or null. Embedded IPv4 tails are expanded. */
function ipv6(host: string): number[] | null {
  let h = host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
  if (!h.includes(":")) return null;
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(h);
  if (tail !== null) {
    const v4 = ipv4(tail[1] as string);
    if (v4 === null) return null;
    h = `${h.slice(0, -(tail[1] as string).length)}${((v4[0]! << 8) | v4[1]!).toString(16)}:${((v4[2]! << 8) | v4[3]!).toString(16)}`;
  }
  const halves = h.split("::");
  if (halves.length > 2) return null;
  const parse = (s: string) => (s === "" ? [] : s.split(":").map((x) => (/^[0-9a-f]{1,4}$/i.test(x) ? Number.parseInt(x, 16) : Number.NaN)));
  const head = parse(halves[0] ?? "");
  const rest = halves.length === 2 ? parse(halves[1] ?? "") : [];
  const fill = 8 - head.length - rest.length;
  if ((halves.length === 1 && fill !== 0) || fill < 0 || [...head, ...rest].some(Number.isNaN)) return null;
  return [...head, ...Array<number>(halves.length === 2 ? fill : 0).fill(0), ...rest];
}

/** `::1`. */
function isV6Loopback(v6: readonly number[]): boolean {
  return v6.slice(0, 7).every((x) => x === 0) && v6[7] === 1;
}

function inV4(a: number[], base: readonly number[], bits: number): boolean {
  const n = (x: readonly number[]) => ((x[0]! << 24) | (x[1]! << 16) | (x[2]! << 8) | x[3]!) >>> 0;
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return (n(a) & mask) === (n(base) & mask);
}

/** Address space of an IPv4 address (R11.2). */
function spaceOfV4(a: number[]): AddressSpace {
  if (inV4(a, [127, 0, 0, 0], 8) || inV4(a, [0, 0, 0, 0], 32) || inV4(a, [198, 18, 0, 0], 15)) return "loopback";
  const local: readonly (readonly [readonly number[], number])[] = [
    [[10, 0, 0, 0], 8],
    [[100, 64, 0, 0], 10],
    [[172, 16, 0, 0], 12],
    [[192, 168, 0, 0], 16],
    [[169, 254, 0, 0], 16],
    [[0, 0, 0, 0], 8],
  ];
  return local.some(([base, bits]) => inV4(a, base, bits)) ? "local" : "public";
}

/**
 * The address space of an IP address (v4, or v6 with or without brackets), or null when `ip` is not
 * an IP literal. IPv4-mapped IPv6 addresses count as their IPv4 address.
 */
export function addressSpaceOfIp(ip: string): AddressSpace | null {
  const v4 = ipv4(ip);
  if (v4 !== null) return spaceOfV4(v4);
  const v6 = ipv6(ip);
  if (v6 === null) return null;
  if (v6.slice(0, 5).every((x) => x === 0) && v6[5] === 0xffff) return spaceOfV4([v6[6]! >> 8, v6[6]! & 255, v6[7]! >> 8, v6[7]! & 255]);
  if (isV6Loopback(v6) || v6.every((x) => x === 0)) return "loopback";
  const first = v6[0]!;
  if ((first & 0xfe00) === 0xfc00 || (first & 0xffc0) === 0xfe80 || (first & 0xffc0) === 0xfec0) return "local";
  if (first === 0x2001 && v6[1] === 0x0db8) return "local";
  if ((first & 0xfff0) === 0x3ff0) return "local";
  return "public";
}

/** `localhost` and `*.localhost`, which Chromium always resolves to loopback (net::IsLocalHostname). */
export function isLocalhostName(host: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, "");
  return h === "localhost" || h.endsWith(".localhost");
}

/**
 * The address space a URL's host is in when that follows from the host alone (an IP literal or a
 * localhost name), else null: a DNS name's space depends on the address it resolves to.
 */
export function addressSpaceOfHost(hostname: string): AddressSpace | null {
  return isLocalhostName(hostname) ? "loopback" : addressSpaceOfIp(hostname);
}
