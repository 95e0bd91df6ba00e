/**
 * Generated requests for the differential tests: origins near the allowlist (its entries, pattern
 * instances, and every way to miss by one: case, port, scheme, apex, lookalike suffixes and
 * prefixes, trailing dot or slash, over-long labels and hosts) and far from it, preflight methods
 * and Access-Control-Request-Headers lists (allowed and not, any case, OWS runs and empty elements
 * around the engine's caps, malformed bytes, over-long values), and upstream error statuses.
 * Seeded, so a failure names the seed that reproduces it.
 */
import type { CorsOptions } from "../../../src/index.js";
import { prng } from "../../support/prng.js";
import type { Probe } from "./exchange.js";

type Rng = () => number;
const pick = <T>(r: Rng, items: readonly T[]): T => items[Math.floor(r() * items.length)] as T;
const int = (r: Rng, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));

/** Options a generator varies for one target. */
export interface GeneratorLimits {
  /** Send empty Origin / Access-Control-Request-Method values (targets that cannot tell empty from absent do not). */
  readonly emptyValues: boolean;
}

function label(r: Rng): string {
  const kind = r();
  if (kind < 0.6) return pick(r, ["a", "app", "x1", "my-app", "a_b", "api", "preview-42", "xn--bcher-kva"]);
  if (kind < 0.7) return "a".repeat(pick(r, [62, 63, 64]));
  if (kind < 0.8) return pick(r, ["-a", "a-", "A", "a.", "a b", "*", "%41", "a!"]);
  return Array.from({ length: int(r, 1, 8) }, () => pick(r, [..."abcxyz019-_"])).join("");
}

function port(r: Rng): string {
  return pick(r, ["", "", ":80", ":443", ":8443", ":3000", ":5173", ":0", ":05173", ":65535", ":65536", ":99999", ":", `:${int(r, 1, 65535)}`]);
}

/** Origins near one allowlist entry. */
function nearEntry(r: Rng, entry: string): string {
  const star = entry.indexOf("*.");
  const base = star >= 0 ? entry.replace("*.", `${Array.from({ length: int(r, 1, 3) }, () => label(r)).join(".")}.`) : entry;
  const concrete = base.endsWith(":*") ? `${base.slice(0, -2)}${port(r)}` : base;
  const m = r();
  if (m < 0.45) return concrete;
  if (m < 0.5) return concrete.toUpperCase();
  if (m < 0.55) return `${concrete}/`;
  if (m < 0.6) return `${concrete}.evil.net`;
  if (m < 0.65) return concrete.replace("://", "://evil");
  if (m < 0.7) return concrete.replace(/^https?/, (s) => (s === "https" ? "http" : "https"));
  if (m < 0.75) return `${concrete}${port(r)}`;
  if (m < 0.8) return concrete.replace(/(:\d+)?$/, ".");
  if (m < 0.85) return star >= 0 ? entry.replace("*.", "") : `${concrete}, https://evil.example`;
  if (m < 0.9) return concrete.replace("://", `://${"a".repeat(63)}.`.repeat(int(r, 3, 5)));
  if (m < 0.95) return `${concrete}\t`.trim() + pick(r, ["", " x", "?q", "#f", "/p"]);
  return concrete.replace(/\.(?=[^.]*$)/, "-");
}

function farOrigin(r: Rng): string {
  return pick(r, [
    "https://evil.example.net",
    "null",
    "http://localhost",
    "http://127.0.0.1:8080",
    "http://[::1]:3000",
    "https://example.com",
    "file://",
    "https://",
    "x",
    "https://a.b.c.d.e.f.example.org",
    `https://${"b".repeat(250)}.com`,
    "HTTPS://APP.EXAMPLE.COM",
  ]);
}

function ipv6(r: Rng): string {
  const pieces = Array.from({ length: 8 }, () => (r() < 0.5 ? 0 : pick(r, [1, 0xa, 0xff, 0x1234, 0xffff, int(r, 1, 0xffff)])));
  const canonical = new URL(`http://[${pieces.map((p) => p.toString(16)).join(":")}]`).hostname;
  const m = r();
  if (m < 0.6) return canonical;
  if (m < 0.7) return canonical.toUpperCase();
  if (m < 0.8) return `[${pieces.map((p) => p.toString(16)).join(":")}]`; // uncompressed
  if (m < 0.85) return `[${pieces.map((p) => p.toString(16).padStart(4, "0")).join(":")}]`;
  if (m < 0.9) return canonical.replace("::", ":0::");
  if (m < 0.95) return pick(r, ["[::ffff:127.0.0.1]", "[::1:2:3:4:5:6:7]", "[1::2::3]", "[::]", "[0::]", "[1:0:0:2:0:0:0:3]", "[1::2:0:0:3]", "[1:0:0:2::3]"]);
  return canonical.replace("]", "");
}

function ipv4(r: Rng): string {
  const part = () => String(pick(r, [0, 1, 9, 10, 99, 100, 127, 199, 200, 249, 250, 255, int(r, 0, 255)]));
  const m = r();
  if (m < 0.6) return [part(), part(), part(), part()].join(".");
  if (m < 0.7) return [part(), part(), part()].join(".");
  if (m < 0.8) return [part(), "0" + part(), part(), part()].join(".");
  if (m < 0.9) return [part(), part(), part(), pick(r, ["256", "999", "0x1f", "1."])].join(".");
  return pick(r, ["0", "0x", "0x7f000001", "2130706433", "a.1", "a.0x1", "a.0xg", "1a", "a.1.", "1.2.3.4."]);
}

/** Values near every shape a browser sends, for `origin: true` (isSerializedOrigin decides). */
export function anyOriginLike(r: Rng): string {
  const scheme = pick(r, [
    "https",
    "http",
    "https",
    "http",
    "ws",
    "wss",
    "ftp",
    "chrome-extension",
    "a+b.c-d",
    "HTTPS",
    "1http",
    "x".repeat(64),
    "x".repeat(65),
    "file",
  ]);
  const m = r();
  const host =
    m < 0.4
      ? Array.from({ length: int(r, 1, 4) }, () => label(r)).join(".") + (r() < 0.1 ? "." : "")
      : m < 0.6
        ? ipv4(r)
        : m < 0.8
          ? ipv6(r)
          : m < 0.9
            ? Array.from({ length: int(r, 3, 5) }, () => "a".repeat(int(r, 60, 63))).join(".") + (r() < 0.3 ? "." : "")
            : pick(r, ["", "-a", "a..b", "a_b", "%41", "a b", "@a", "a@b"]);
  const origin = `${scheme}://${host}${port(r)}`;
  const tail = r();
  return tail < 0.9
    ? origin
    : tail < 0.95
      ? `${origin}${pick(r, ["/", "/p", "?q", "#f", ", https://a.example"])}`
      : pick(r, ["null", "", "x", "https://", "https:///a"]);
}

function headerName(r: Rng, listed: readonly string[]): string {
  const name =
    r() < 0.6 && listed.length > 0
      ? pick(r, listed)
      : pick(r, ["content-type", "x-api-key", "authorization", "x-other", "x-a", "x-ab", "X-Requested-With", "a+b", "a@b", "a/b", "'"]);
  return r() < 0.3 ? name.toUpperCase() : name;
}

function ows(r: Rng): string {
  const n = r() < 0.7 ? int(r, 0, 1) : int(r, 0, 10);
  return Array.from({ length: n }, () => (r() < 0.8 ? " " : "\t")).join("");
}

/** Access-Control-Request-Headers values: lists around the engine's grammar and caps. */
function requestHeaders(r: Rng, listed: readonly string[]): string | undefined {
  const m = r();
  if (m < 0.25) return undefined;
  if (m < 0.28) return `${headerName(r, listed)},`.repeat(int(r, 250, 260)).slice(0, -1);
  if (m < 0.3) return `${"x".repeat(int(r, 4090, 4100))}`;
  if (m < 0.33) return ",".repeat(int(r, 14, 19)) + headerName(r, listed);
  const elements = Array.from({ length: int(r, 1, 5) }, () => (r() < 0.15 ? "" : headerName(r, listed)));
  const value = elements.map((e, i) => (i === 0 ? `${e}${ows(r)}` : `${ows(r)}${e}${ows(r)}`)).join(",");
  // Header values lose leading and trailing whitespace in every HTTP parser; send them trimmed.
  return value.replace(/^[ \t]+|[ \t]+$/g, "");
}

function origins(options: CorsOptions): string[] {
  const o = options.origin;
  return typeof o === "string" ? [o] : Array.isArray(o) ? (o as string[]) : [];
}

/** `count` probes for `options`, from `seed`. */
export function generateProbes(options: CorsOptions, count: number, seed: number, limits: GeneratorLimits): Probe[] {
  const r = prng(seed);
  const entries = origins(options).filter((e) => e !== "*");
  const listedHeaders = Array.isArray(options.allowedHeaders) ? (options.allowedHeaders as string[]).filter((h) => h !== "*") : [];
  const probes: Probe[] = [];
  for (let i = 0; i < count; i++) {
    const m = r();
    let origin: string | undefined;
    if (m < 0.08) origin = undefined;
    else if (m < 0.7 && entries.length > 0) origin = nearEntry(r, pick(r, entries));
    else if (m < 0.7 && options.origin === true) origin = anyOriginLike(r);
    else origin = farOrigin(r);
    if (origin === "" && !limits.emptyValues) origin = undefined;
    const preflight = r() < 0.55;
    const method = preflight ? "OPTIONS" : pick(r, ["GET", "GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"]);
    let acrm: string | undefined;
    if (preflight && r() < 0.92)
      acrm = pick(r, ["GET", "POST", "PUT", "PUT", "DELETE", "PATCH", "patch", "put", "CONNECT", "trace", "X-Custom", "HEAD", "OPTIONS", "P@T"]);
    if (limits.emptyValues && preflight && r() < 0.03) acrm = "";
    const acrh = preflight || r() < 0.1 ? requestHeaders(r, listedHeaders) : undefined;
    const acrpn = r() < 0.3 ? pick(r, ["true", "true", "TRUE", "false", ...(limits.emptyValues ? [""] : [])]) : undefined;
    probes.push({
      method,
      origin,
      acrm,
      acrh,
      acrpn,
      upstreamStatus: pick(r, [200, 200, 200, 201, 204, 301, 400, 404, 500, 502, 503]),
      upstreamVary: r() < 0.3 ? "Accept-Encoding" : undefined,
    });
  }
  return probes;
}
