/**
 * `scan(urls, options)`: audits live servers the way an attacker's browser would, and
 * `scanServer(app, options)`: the same against an app in-process (no socket), for unit tests.
 */
import { transportFor } from "../browser/expect-cors.js";
import { type CorsApp, type HttpTransportOptions, httpTransport, parseCookieOption, type ThirdPartyCookies, type Transport } from "../browser/index.js";
import { isPotentiallyTrustworthyHost } from "../protocol/origin.js";
import type { AddressSpace, AuthKind } from "./exploitability.js";
import { createLimiter, politeTransport } from "./politeness.js";
import type { ProbeMethod } from "./probe.js";
import { probeOrigins } from "./probe-origins.js";
import { scanTarget } from "./scan-target.js";
import { parseTrustedOrigins } from "./trusted-origins.js";
import { SEVERITIES, type ScanReport, type Severity, type TargetReport } from "./types.js";

/** Options of {@link scan} and {@link scanServer}. */
export interface ScanOptions {
  /**
   * Origins the site trusts: exact (`https://app.example.com`) or patterns (`https://*.example.com`).
   * Default: each target's own origin.
   */
  readonly trustedOrigins?: readonly string[];
  /** The victim's session cookies, as `name=value; Secure; SameSite=None` (attributes decide whether the browser sends them). */
  readonly cookies?: readonly string[];
  /** Headers the trusted page's script sends, e.g. `["Authorization", "Bearer ..."]`. An attacker's page cannot send these. */
  readonly headers?: readonly (readonly [string, string])[];
  /** A login form URL: POSTed once per target (`loginData` as urlencoded body); its Set-Cookie lines become the session cookies. */
  readonly loginUrl?: string;
  readonly loginData?: string;
  /** Methods probed; default GET, PUT and DELETE (the last two preflighted, as a SPA sends them). */
  readonly methods?: readonly ProbeMethod[];
  /** Browser model profile judging the probes; default `chromium`. */
  readonly browser?: "chromium" | "firefox";
  /**
   * Whether the victim's browser sends cookies to third parties; default `allowed`, Chrome's default
   * for its users (headless Chromium blocks them, and so does a user who changed the setting).
   */
  readonly thirdPartyCookies?: ThirdPartyCookies;
  /** Domain the attacker is assumed to own; default `corsproof-attacker.com`. */
  readonly attackerDomain?: string;
  /** Requests in flight at once, across targets; default 4. */
  readonly concurrency?: number;
  /** Requests per second across targets; default 10; 0 for no limit. */
  readonly rate?: number;
  /** Most requests sent to one target; default 400. */
  readonly budget?: number;
  /** Send PUT/DELETE after a granted preflight (they may change data); default false: stop at the preflight. */
  readonly sendUnsafe?: boolean;
  /** The targets' address space; default `auto` (from an IP literal or `localhost` in the URL, else public). */
  readonly addressSpace?: "auto" | AddressSpace;
  /** Where requests go; default {@link httpTransport} with `http`. */
  readonly transport?: Transport;
  /** Options of the default transport: timeout, TLS (`rejectUnauthorized`, `ca`), `proxy`, `resolve`. */
  readonly http?: HttpTransportOptions;
  /** Called after each target. */
  readonly onProgress?: (done: number, total: number, url: string) => void;
  /** The version written into the report; default `dev`. */
  readonly toolVersion?: string;
}

/** Bad scan options (the CLI turns it into a usage error). */
export class ScanOptionsError extends Error {
  override readonly name = "ScanOptionsError";
}

/** LNA address space of a URL host (reference R11.2), from IP literals and `localhost` only: names are not resolved. */
export function addressSpaceOf(hostname: string): AddressSpace {
  if (isPotentiallyTrustworthyHost(hostname) || hostname === "[::1]" || hostname === "0.0.0.0") return "loopback";
  const v4 = /^(\d+)\.(\d+)\.\d+\.\d+$/.exec(hostname);
  if (v4) {
    const [a, b] = [Number(v4[1]), Number(v4[2])];
    if (a === 10 || (a === 172 && b >= 16 && b < 32) || (a === 192 && b === 168) || (a === 169 && b === 254) || (a === 100 && b >= 64 && b < 128))
      return "local";
    return "public";
  }
  if (/^\[(f[cd]|fe[89ab])/i.test(hostname)) return "local";
  return "public";
}

/** Checks each cookie the way Chromium would store it for `url` (the model's rules), or a clear error. */
function checkCookies(lines: readonly string[], url: string): string[] {
  return lines.map((line) => {
    try {
      parseCookieOption(line, url);
    } catch (e) {
      throw new ScanOptionsError(`${(e as Error).message} (write it as 'name=value; Secure; SameSite=None' with the attributes the site sets)`);
    }
    return line;
  });
}

async function login(transport: Transport, url: string, data: string | undefined): Promise<string[]> {
  const body = new TextEncoder().encode(data ?? "");
  const response = await transport.send({ method: "POST", url, headers: [["Content-Type", "application/x-www-form-urlencoded"]], body }).catch((e: Error) => {
    throw new ScanOptionsError(`login at ${url} failed: ${e.message}`);
  });
  const found = response.headers.filter(([n]) => n.toLowerCase() === "set-cookie").map(([, v]) => v);
  if (found.length === 0)
    throw new ScanOptionsError(`login at ${url} answered ${response.status} without a Set-Cookie header: check --login-url and --login-data`);
  return found;
}

/**
 * Scans each URL for CORS misconfigurations an attacker's browser can exploit. Never throws for
 * network failures (they are in each target's `error`); throws {@link ScanOptionsError} for bad options.
 *
 * @example
 * const report = await scan(["https://api.example.com/me"], {
 *   trustedOrigins: ["https://app.example.com"],
 *   cookies: ["sid=abc; Secure; SameSite=None"],
 * });
 * for (const t of report.targets) for (const f of t.findings) console.log(f.severity, f.code, f.origin);
 *
 * Security: probes carry the session you give; PUT/DELETE are stopped at the preflight unless
 * `sendUnsafe` is set. Scan only servers you are allowed to test.
 */
export async function scan(urls: readonly string[], options: ScanOptions = {}): Promise<ScanReport> {
  if (urls.length === 0) throw new ScanOptionsError("no target URL given");
  for (const u of urls) {
    let url: URL;
    try {
      url = new URL(u);
    } catch {
      throw new ScanOptionsError(`target '${u}' is not an absolute URL such as https://api.example.com/me`);
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new ScanOptionsError(`target '${u}' must be an http: or https: URL`);
  }
  const methods = options.methods ?? ["GET", "PUT", "DELETE"];
  const browser = options.browser ?? "chromium";
  const headers = (options.headers ?? []).map(([n, v]) => [n, v] as [string, string]);
  const inner = options.transport ?? httpTransport(options.http);
  const limiter = createLimiter(Math.max(1, options.concurrency ?? 4), options.rate ?? 10);
  const budget = options.budget ?? 400;
  const trustedList = options.trustedOrigins === undefined ? null : parseTrustedOrigins(options.trustedOrigins);

  const targets: TargetReport[] = [];
  let done = 0;
  for (const url of urls) {
    const transport = politeTransport(inner, limiter, budget);
    const trusted = trustedList ?? parseTrustedOrigins([new URL(url).origin]);
    const given = options.cookies ?? [];
    const cookies = checkCookies(options.loginUrl === undefined ? given : [...given, ...(await login(transport, options.loginUrl, options.loginData))], url);
    const auth: AuthKind = cookies.length > 0 ? "cookie" : headers.length > 0 ? "header" : "none";
    const space = options.addressSpace === undefined || options.addressSpace === "auto" ? addressSpaceOf(new URL(url).hostname) : options.addressSpace;
    targets.push(
      await scanTarget({
        url,
        trusted,
        // Seeded by the trusted origins (the target's own by default) and any origin the server reveals.
        probes: (revealed) =>
          probeOrigins(trusted, {
            ...(options.attackerDomain === undefined ? {} : { attackerDomain: options.attackerDomain }),
            insecureTarget: new URL(url).protocol === "http:" && !isPotentiallyTrustworthyHost(new URL(url).hostname),
            revealed,
          }),
        transport,
        browser,
        thirdPartyCookies: options.thirdPartyCookies ?? "allowed",
        cookies,
        authHeaders: headers,
        auth,
        space,
        methods,
        sendUnsafe: options.sendUnsafe ?? false,
      }),
    );
    options.onProgress?.(++done, urls.length, url);
  }
  const summary = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const t of targets) for (const f of t.findings) summary[f.severity]++;
  return { tool: { name: "corsproof", version: options.toolVersion ?? "dev" }, browser, targets, summary };
}

/**
 * Scans an app in-process, like `expectCors`: a Node listener (Express, Connect, Koa's
 * `app.callback()`, Fastify's `routing`), a Fetch handler or an object with `fetch`. No socket,
 * no rate limit. `urls` are the URLs the app would be reached at (their host only names the site).
 *
 * @example
 * // vitest
 * it("no exploitable CORS", async () => {
 *   const report = await scanServer(app, { urls: ["https://api.example.com/me"], trustedOrigins: ["https://app.example.com"],
 *     cookies: ["sid=1; Secure; SameSite=None"] });
 *   expect(report.targets[0].findings.filter((f) => f.severity !== "info")).toEqual([]);
 * });
 */
export function scanServer(app: CorsApp, options: ScanOptions & { readonly urls: readonly string[] }): Promise<ScanReport> {
  return scan(options.urls, { rate: 0, concurrency: 16, budget: 2000, ...options, transport: transportFor(app) });
}
