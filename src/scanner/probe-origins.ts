/**
 * The origins an attacker's page could have, derived from every trusted origin (not only from the
 * target's host: an API's trusted origin is often another host). Each probe names the origin-check
 * mistake it tests, the browsers that can send it, and what the attacker needs to own it, decided
 * with the Public Suffix List (private section included: anyone can have `x.github.io`).
 *
 * Only origins a browser can send are generated: a serialised origin of a page a browser can load.
 * Values only curl can send (`https://evil.com/.example.com`, `%60`, upper case, userinfo) prove a
 * sloppy parser, not an exploit, so they are not probes.
 */
import { parse } from "tldts";
import { ATTACKER_DOMAIN, originProbes, type ProbeKind, SPECIAL_HOST_CHARACTERS } from "../protocol/origin-probes.js";
import { toProbeSeed } from "../protocol/origin-seeds.js";
import { isTrusted, type TrustedOrigin } from "./trusted-origins.js";
import type { AttackerPosition, BrowserName, ProbeOrigin } from "./types.js";

const ALL: readonly BrowserName[] = ["chromium", "firefox", "safari"];

/**
 * Which browsers send each character after the trusted host that a real browser keeps in a host
 * name (WHATWG "allowed host code points"; the characters come from protocol/origin-probes.ts).
 * Chromium 156 loads pages at such hosts and sends them in Origin, verbatim (checked in
 * test/scanner/chromium-sendable.test.ts, names mapped to loopback by a host-resolver rule); Safari
 * does too (corben.io "advanced CORS techniques", nuclei's per-character notes). Firefox is known to
 * accept only `_` (reference/cors-security.md C11) and has no conformance suite here.
 */
const CHROMIUM_SAFARI: readonly BrowserName[] = ["chromium", "safari"];
export const SPECIAL_HOST_CHARS: readonly { readonly char: string; readonly browsers: readonly BrowserName[] }[] = SPECIAL_HOST_CHARACTERS.map((char) => ({
  char,
  browsers: char === "_" ? ALL : CHROMIUM_SAFARI,
}));

/** Options of {@link probeOrigins}. */
export interface ProbeOriginOptions {
  /**
   * The target is an `http:` URL on a host that is not potentially trustworthy: an https: page
   * cannot fetch it (mixed content), so every attacker-owned probe is also sent as an `http:` page,
   * which the attacker can host just as well.
   */
  readonly insecureTarget?: boolean;
  /**
   * A registrable domain the attacker is assumed to own (the PoC page is hosted there). Default
   * `corsproof-attacker.com`. Probes only put it in the Origin header: no traffic goes there.
   */
  readonly attackerDomain?: string;
  /**
   * Origins the server revealed (a fixed `Access-Control-Allow-Origin` answered to another origin):
   * seeds like the trusted origins, so a server trusting `https://app.example.com` is probed with
   * that origin's copies even when scanned as `https://api.example.com`.
   */
  readonly revealed?: readonly string[];
}

/** The registrable domain of a host under the PSL (private section included), or null. */
export function registrableDomain(host: string): string | null {
  const p = parse(host, { allowPrivateDomains: true });
  if (p.isIp || p.domain === null || !(p.isIcann || p.isPrivate)) return null;
  return p.domain;
}

/** Who can own, or inject script into, a probe of each kind. */
const ATTACKER: Record<ProbeKind, AttackerPosition> = {
  "reflected-origin": "registrable",
  "ip-origin": "registrable",
  "null-origin": "any-page",
  "prefix-match": "registrable",
  "suffix-match": "registrable",
  "substring-match": "registrable",
  "unescaped-dot": "registrable",
  "special-char-host": "registrable",
  "insecure-origin": "network",
  "other-port": "site-foothold",
  "any-subdomain": "site-foothold",
  "shared-hosting": "registrable",
};

/** The shared-hosting public suffix of a host (PSL private section), or undefined. */
function sharedSuffix(host: string): string | undefined {
  const p = parse(host, { allowPrivateDomains: true });
  return p.isPrivate && p.publicSuffix !== null ? p.publicSuffix : undefined;
}

/**
 * Every probe origin for the trusted set, de-duplicated, none of them trusted: the origins
 * `corsproof audit` also tries (src/protocol/origin-probes.ts, seeded by the trusted origins), each
 * tagged with the browsers that can send it and who can own it. The first probes are the most
 * general (any origin, an IPv4 page, null), so a server that reflects everything is reported once.
 *
 * @example
 * probeOrigins(parseTrustedOrigins(["https://app.example.com"]))
 *   .map((p) => `${p.code} ${p.origin}`);
 * // ["reflected-origin https://corsproof-attacker.com", "ip-origin http://203.0.113.7:8081", "null-origin null",
 * //  "prefix-match https://app.example.com.corsproof-attacker.com", ...]
 */
export function probeOrigins(trusted: readonly TrustedOrigin[], options: ProbeOriginOptions = {}): ProbeOrigin[] {
  const attacker = options.attackerDomain ?? ATTACKER_DOMAIN;
  const out = new Map<string, ProbeOrigin>();
  const add = (origin: string, p: Omit<ProbeOrigin, "origin">) => {
    if (!out.has(origin) && (origin === "null" || !isTrusted(origin, trusted))) out.set(origin, { origin, ...p });
  };
  const seeds = [...trusted, ...(options.revealed ?? []).flatMap((o) => toProbeSeed(o) ?? [])];
  for (const probe of originProbes(seeds, { attackerDomain: attacker, site: registrableDomain, sharedSuffix })) {
    const host = probe.origin.slice(probe.origin.indexOf("//") + 2).replace(/:\d+$/, "");
    // The name the attacker registers: their own domain, or the foreign site the probe's host belongs to.
    const owned =
      probe.kind === "reflected-origin" || probe.kind === "prefix-match" || probe.kind === "special-char-host"
        ? attacker
        : probe.kind === "shared-hosting" || probe.kind === "ip-origin"
          ? host
          : probe.kind === "suffix-match" || probe.kind === "substring-match" || probe.kind === "unescaped-dot"
            ? registrableDomain(host)
            : null;
    add(probe.origin, {
      code: probe.kind,
      from: probe.from,
      browsers: probe.char === undefined ? ALL : (SPECIAL_HOST_CHARS.find((c) => c.char === probe.char)?.browsers ?? ALL),
      attacker: ATTACKER[probe.kind],
      attackerDomain: owned,
    });
  }
  if (options.insecureTarget) {
    for (const { origin, ...p } of [...out.values()]) if (p.attacker === "registrable" && origin.startsWith("https://")) add(`http://${origin.slice(8)}`, p);
  }
  return [...out.values()];
}
