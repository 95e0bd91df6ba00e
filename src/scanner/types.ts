/**
 * The scanner's data: findings and reports are plain values (DESIGN principle 7) so the CLI can
 * render them as text, JSON (schema in schema/scan-report.schema.json) or SARIF.
 */
import type { Exchange } from "../browser/index.js";

/** How bad a finding is, from exploitability and impact. `info` is never a vulnerability. */
export type Severity = "info" | "low" | "medium" | "high";

export const SEVERITIES: readonly Severity[] = ["info", "low", "medium", "high"];

/** Orders severities: `rank("high") > rank("medium")`. */
export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

/** Browsers that can send a probe origin (from a page they would load). */
export type BrowserName = "chromium" | "firefox" | "safari";

/**
 * Stable finding codes. Origin classes name the mistake in the server's origin check; the others
 * are checks beyond the origin. The same code is `info` when the browser model finds it not
 * exploitable (the reason says why) and a real severity when it is.
 */
export const FINDING_CODES = {
  "reflected-origin": "Any origin is reflected in Access-Control-Allow-Origin",
  "ip-origin": "Pages at a bare IP address (any http://<IPv4>:<port>) are trusted",
  "wildcard-origin": "Access-Control-Allow-Origin: * lets every site read the response",
  "null-origin": "The null origin (sandboxed iframes, data: and file: pages) is trusted",
  "prefix-match": "Origins that merely start with a trusted origin are trusted",
  "suffix-match": "Origins that merely end with the trusted domain are trusted",
  "substring-match": "Origins contained in (or containing) the trusted domain are trusted",
  "unescaped-dot": "A dot in the trusted host is a regex wildcard: look-alike hosts are trusted",
  "special-char-host": "Hosts with special characters after the trusted host are trusted",
  "insecure-origin": "The http: version of a trusted https: origin is trusted",
  "other-port": "The trusted host on any port is trusted",
  "any-subdomain": "Any subdomain of the trusted site is trusted",
  "shared-hosting": "Sites on shared hosting domains (github.io, vercel.app, ...) are trusted",
  "private-network-grant": "Private Network Access is granted to untrusted origins",
  "vary-origin-missing": "Origin-dependent CORS headers on a cacheable response without Vary: Origin",
  "credential-headers-exposed": "Access-Control-Expose-Headers exposes credentials or tokens",
  "wildcard-with-credentials": "A * in a CORS response header alongside credentials",
  "invalid-allow-credentials": "Access-Control-Allow-Credentials is present but not exactly 'true'",
  "preflight-actual-mismatch": "The preflight answers an origin differently from the actual response",
} as const;

export type FindingCode = keyof typeof FINDING_CODES;

/** What an attacker needs before the finding can be exploited. */
export type AttackerPosition =
  /** Any web page: nothing to register (null origin, reflection of anything). */
  | "any-page"
  /** A domain or hosted site anyone can register (Public Suffix List says so). */
  | "registrable"
  /** A position on the victim's network path (to inject script into an http: page). */
  | "network"
  /** Control of a page on the victim's own site (another subdomain or port): XSS or takeover. */
  | "site-foothold"
  /** Nobody: the browser never grants it. */
  | "none";

/** A probe origin the scanner sends, with why and who can send it. */
export interface ProbeOrigin {
  readonly origin: string;
  /** The origin-class code this probe tests. */
  readonly code: FindingCode;
  /** The trusted origin it was derived from. */
  readonly from: string;
  readonly browsers: readonly BrowserName[];
  readonly attacker: AttackerPosition;
  /** The domain the attacker would have to register or control, when one is needed. */
  readonly attackerDomain: string | null;
}

/** One finding: a stable code, how bad, why, the exchange that proves it, a PoC and the fix. */
export interface Finding {
  readonly code: FindingCode;
  readonly severity: Severity;
  readonly title: string;
  readonly url: string;
  /** The origin the evidence was sent from (`null` for the null origin), or null for origin-independent checks. */
  readonly origin: string | null;
  /** Every probe origin of this class the server granted. */
  readonly origins: readonly string[];
  readonly browsers: readonly BrowserName[];
  /** The request method of the evidence (`PUT` for a preflighted write). */
  readonly method: string;
  /** Whether the grant covers credentialed requests (cookies attached by the browser). */
  readonly credentialed: boolean;
  readonly attacker: AttackerPosition;
  readonly attackerDomain: string | null;
  /** Why this severity: what the browser model decided, cookie attachment included. */
  readonly reason: string;
  /** The exact requests and responses, in order. */
  readonly evidence: readonly Exchange[];
  /** A proof-of-concept page (HTML + fetch()) to host at the attacker's origin, or null. */
  readonly poc: string | null;
  readonly fix: { readonly text: string; readonly policy: Readonly<Record<string, unknown>> };
}

/** The result for one target URL. */
export interface TargetReport {
  readonly url: string;
  readonly trustedOrigins: readonly string[];
  /** Requests sent to this target. */
  readonly requests: number;
  /** True when the per-target request budget ran out before every probe was sent. */
  readonly budgetExhausted: boolean;
  /** A network failure that stopped the scan of this target, or null. */
  readonly error: string | null;
  /** Most severe first. */
  readonly findings: readonly Finding[];
}

/** A whole scan. */
export interface ScanReport {
  readonly tool: { readonly name: "corsproof"; readonly version: string };
  readonly browser: "chromium" | "firefox";
  readonly targets: readonly TargetReport[];
  /** Number of findings per severity. */
  readonly summary: Readonly<Record<Severity, number>>;
}
