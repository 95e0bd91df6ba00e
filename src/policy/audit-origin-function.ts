/**
 * Origin functions audited, not trusted: the function is called with canary origins and with
 * attacker-style copies (src/protocol/origin-probes.ts) of origins it allows, and every copy it
 * allows that belongs to someone else is reported with the origin that proves it — the holes real
 * projects ship (`callback(null, true)` on every branch, `origin.endsWith("vercel.app")`,
 * `origin.includes("mycompany.com")`, any `http:` origin) found before an attacker finds them.
 */
import { attackerOrigins, CANARY_HTTP_ORIGIN, CANARY_ORIGIN } from "../protocol/origin-probes.js";
import { isPotentiallyTrustworthyHost, splitSerializedOrigin } from "../protocol/origin.js";
import { type ConfigIssue, configIssue } from "./config-error.js";
import { registrableDomain, sharedHostingSuffix } from "./shared-hosting.js";

/** What {@link auditOriginFunction} needs to know. */
export interface OriginAuditOptions {
  /** Origins the function is meant to allow (your front ends); their attacker copies are probed. */
  readonly origins?: readonly string[] | undefined;
  /** Whether responses carry credentials (then `http:` copies and shared-hosting siblings count too). */
  readonly credentials?: boolean | undefined;
  /** Most milliseconds one call may take before the audit gives up on it (default 2000). */
  readonly timeoutMs?: number | undefined;
}

const PROBE_TEXT: Record<string, string> = {
  prefix: "a suffix check without the dot (endsWith('example.com') admits 'attackerexample.com')",
  suffix: "a prefix check (startsWith, or a RegExp without '$') that admits the allowed origin followed by an attacker's domain",
  substring: "a substring check (includes, indexOf) that admits any host containing the allowed one",
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
 * Calls `fn` (an origin predicate: `true`, or the origin itself, allows) with canaries and with
 * attacker-style copies of `options.origins`, and returns one `origin-function-admits-attacker`
 * issue per hole found, naming the origin that proves it. An empty list proves nothing about
 * origins the audit did not try; the policy's request-time guard still applies.
 *
 * @example
 * ```ts
 * const findings = await auditOriginFunction((o) => o.includes("app.example.com"), { origins: ["https://app.example.com"], credentials: true });
 * findings[0].message; // "The origin function allows 'https://app.example.com.attacker.example' …"
 * ```
 *
 * Security: the function is really called (with reserved `.example` names and documentation
 * addresses, never a real site); do not audit functions with side effects you cannot afford.
 */
export async function auditOriginFunction(fn: (origin: string) => unknown, options: OriginAuditOptions = {}): Promise<ConfigIssue[]> {
  const timeoutMs = options.timeoutMs ?? 2000;
  const credentials = options.credentials === true;
  const findings: ConfigIssue[] = [];
  const found = (message: string, fix: string) => findings.push(configIssue("origin-function-admits-attacker", "origin", message, fix));
  if ((await allows(fn, CANARY_ORIGIN, timeoutMs)) && (await allows(fn, CANARY_HTTP_ORIGIN, timeoutMs))) {
    found(
      `The origin function allows every origin it is asked about, even '${CANARY_ORIGIN}' and '${CANARY_HTTP_ORIGIN}': it reflects everything${credentials ? ", and credentials are on, so any website can read your users' data" : ""}.`,
      "Compare the origin with a list of exact origins (new Set([...]).has(origin)), or use origin: [...] instead of a function.",
    );
    return findings;
  }
  for (const allowed of options.origins ?? []) {
    const parts = splitSerializedOrigin(allowed);
    if (parts === undefined || !(await allows(fn, allowed, timeoutMs))) continue;
    const owner = registrableDomain(parts.host);
    const shared = sharedHostingSuffix(parts.host);
    // One finding per kind of hole and allowed origin: the proof, not every copy that shows it.
    const reported = new Set<string>();
    for (const probe of attackerOrigins(allowed)) {
      const kind = shared !== undefined && probe.trick !== "scheme" ? "shared" : probe.trick;
      if (probe.trick === "port" || reported.has(kind) || !(await allows(fn, probe.origin, timeoutMs))) continue;
      const before = findings.length;
      const host = splitSerializedOrigin(probe.origin)?.host ?? "";
      if (probe.trick === "scheme") {
        if (credentials && !isPotentiallyTrustworthyHost(host))
          found(
            `The origin function allows '${probe.origin}', the http: copy of '${allowed}', and credentials are on: anyone on the network path can inject script into it.`,
            "Check the scheme too: allow only https: origins.",
          );
      } else if (shared !== undefined) {
        if (credentials)
          found(
            `The origin function allows '${probe.origin}', a site anyone can create under the shared-hosting suffix '${shared}', and credentials are on.`,
            `Compare with the exact origins you deploy (e.g. '${allowed}') instead of checking for '${shared}'.`,
          );
      } else if (registrableDomain(host) !== owner) {
        found(
          `The origin function allows '${probe.origin}' (derived from '${allowed}'), a host anyone can register: ${PROBE_TEXT[probe.trick] ?? "a loose check"}.`,
          `Compare whole origins (new Set(['${allowed}']).has(origin)), or check the host with hostname === '${parts.host}' || hostname.endsWith('.${owner}').`,
        );
      }
      if (findings.length > before) reported.add(kind);
    }
  }
  return findings;
}
