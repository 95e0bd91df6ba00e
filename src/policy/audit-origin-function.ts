/**
 * Origin functions audited, not trusted: the function is called with the probe origins `corsproof
 * scan` sends (src/protocol/origin-probes.ts), seeded by what the configuration reveals — the
 * string and RegExp literals of the function's own source, origins listed beside it, and any the
 * caller names (src/protocol/origin-seeds.ts) — and every probe it allows that belongs to someone
 * else is reported with the origin that proves it: the holes real projects ship
 * (`callback(null, true)` on every branch, `origin.endsWith(".vercel.app")`,
 * `origin.includes("localhost")`, any `http://<IPv4>:<port>`) found before an attacker finds them.
 */
import { type OriginProbe, originProbes, type ProbeKind } from "../protocol/origin-probes.js";
import { revealedSeeds, toProbeSeed } from "../protocol/origin-seeds.js";
import { type ConfigIssue, configIssue } from "./config-error.js";
import { judgeProbe } from "./probe-hole.js";
import { registrableDomain, sharedHostingSuffix, siteOf } from "./shared-hosting.js";

/** What {@link auditOriginFunction} needs to know. */
export interface OriginAuditOptions {
  /** Origins the function is meant to allow (your front ends), besides those its source names. */
  readonly origins?: readonly string[] | undefined;
  /** More configuration to read seed origins from (the options object the function came in). */
  readonly config?: unknown;
  /** Whether responses carry credentials (then `http:` origins, `null` and shared-hosting tenants count too). */
  readonly credentials?: boolean | undefined;
  /** Most milliseconds one call may take before the audit gives up on it (default 2000). */
  readonly timeoutMs?: number | undefined;
}

/** What the probe's kind says about the check that let it through, for the message. */
const CHECK_TEXT: Partial<Record<ProbeKind, string>> = {
  "prefix-match": "a prefix or substring check (startsWith, includes, a RegExp without '$') that admits a trusted name followed by an attacker's domain",
  "suffix-match": "a suffix check without the dot (endsWith('example.com') admits 'attackerexample.com')",
  "substring-match": "a check that the allowlist contains the origin (allowlist.includes(origin) on a string) that admits a part of a trusted name",
  "unescaped-dot": "a RegExp whose unescaped '.' matches any character",
  "special-char-host": "a check that stops at a character browsers keep in host names",
  "ip-origin": "a check that admits any IP address, which anyone can rent",
  "reflected-origin": "a check that admits hosts it never names",
};

async function allows(fn: (origin: string) => unknown, origin: string, timeoutMs: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const answer = await Promise.race([
      Promise.resolve().then(() => fn(origin)),
      new Promise((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
      }),
    ]);
    return answer === true || answer === origin;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Calls `fn` (an origin predicate: `true`, or the origin itself, allows) with the probe origins
 * seeded by its own source text, `options.config` and `options.origins`, and returns one
 * `origin-function-admits-attacker` issue per kind of hole found, naming the origin that proves it.
 * An empty list proves nothing about origins the audit did not try; the policy's request-time
 * guard still applies.
 *
 * @example
 * ```ts
 * const findings = await auditOriginFunction((o) => o.includes("app.example.com"), { credentials: true });
 * findings[0].message; // "The origin function allows 'https://app.example.com.corsproof-attacker.com' …"
 * ```
 *
 * Security: the function is really called (with probe origins that generate no traffic); do not
 * audit functions with side effects you cannot afford.
 */
export async function auditOriginFunction(fn: (origin: string) => unknown, options: OriginAuditOptions = {}): Promise<ConfigIssue[]> {
  const timeoutMs = options.timeoutMs ?? 2000;
  const credentials = options.credentials === true;
  const named = (options.origins ?? []).flatMap((o) => toProbeSeed(o) ?? []);
  const seeds = [...named, ...revealedSeeds([fn, options.config])];
  // Names the configuration mentions belong to its author; anything else an attacker may own.
  const owners = new Set(seeds.map((s) => registrableDomain(s.host)));
  const probes = originProbes(seeds, { site: siteOf, sharedSuffix: sharedHostingSuffix }).filter((p) => !seeds.some((s) => s.source === p.origin));
  const admitted: OriginProbe[] = [];
  for (const probe of probes) if (await allows(fn, probe.origin, timeoutMs)) admitted.push(probe);

  const findings: ConfigIssue[] = [];
  const found = (message: string, fix: string) => findings.push(configIssue("origin-function-admits-attacker", "origin", message, fix));
  const canary = admitted.find((p) => p.kind === "reflected-origin");
  const ip = admitted.find((p) => p.kind === "ip-origin");
  if (canary !== undefined && ip !== undefined) {
    found(
      `The origin function allows every origin it is asked about, even '${canary.origin}' and '${ip.origin}': it reflects everything${credentials ? ", and credentials are on, so any website can read your users' data" : " (without credentials, the same as origin: '*')"}.`,
      credentials
        ? "Compare the origin with a list of exact origins (new Set([...]).has(origin)), or use origin: [...] instead of a function."
        : "Write origin: '*' if every site may read these responses; otherwise compare with a list of exact origins.",
    );
    return findings;
  }
  // One finding per kind of hole: the proof, not every probe that shows it.
  const reported = new Set<string>();
  for (const probe of admitted) {
    const verdict = judgeProbe(probe, owners, { credentials });
    if (verdict === undefined || reported.has(verdict.hole)) continue;
    reported.add(verdict.hole);
    const from = probe.from === "" ? "" : ` (derived from '${probe.from}')`;
    if (verdict.hole === "null")
      found(
        "The origin function allows the 'null' origin, and credentials are on: any page can send it from a sandboxed iframe.",
        "Deny 'null' in the origin function (it is a string: if (origin === 'null') return false).",
      );
    else if (verdict.hole === "insecure")
      found(
        `The origin function allows '${probe.origin}'${from}, an http: origin, and credentials are on: anyone on the network path can inject script into it and read credentialed responses.`,
        "Check the scheme too: allow only https: origins (and http://localhost for development).",
      );
    else if (verdict.hole === "shared") {
      const shared = verdict.suffix;
      found(
        `The origin function allows '${probe.origin}', a site anyone can create under the shared-hosting suffix '${shared}', and credentials are on.`,
        `Compare with the exact origins you deploy (e.g. 'https://yourapp.${shared}') instead of checking for '${shared}'.`,
      );
    } else {
      const seed = toProbeSeed(probe.from);
      const exact = seed === undefined || seed.subdomains ? "https://app.example.com" : probe.from;
      const seedHost = seed?.host ?? "app.example.com";
      found(
        `The origin function allows '${probe.origin}'${from}, a host anyone can register: ${CHECK_TEXT[probe.kind] ?? "a loose check"}.`,
        `Compare whole origins (new Set(['${exact}']).has(origin)), or compare the host exactly (hostname === '${seedHost}' || hostname.endsWith('.${registrableDomain(seedHost)}')).`,
      );
    }
  }
  return findings;
}
