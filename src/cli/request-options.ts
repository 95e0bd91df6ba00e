/**
 * The request flags `check` and `explain` share, turned into a browser-model request:
 * what a page's `fetch(url, { method, headers, body, credentials })` call would be.
 */
import { readFileSync, statSync } from "node:fs";
import {
  type BrowserRequest,
  type Cookie,
  type CookieJar,
  type CredentialsMode,
  createCookieJar,
  type HttpTransportOptions,
  type LocalNetworkAccessPermission,
  loadSuffixListFor,
  parseCookieOption,
  parseNetscapeCookieFile,
  type ProfileName,
  profiles,
  type RedirectMode,
  type ReferrerPolicy,
  type RequestBody,
  type RequestMode,
  type ThirdPartyCookies,
} from "../browser/index.js";
import { MAX_COOKIE_FILE_CHARS } from "../browser/cookie-jar-file.js";
import { REFERRER_POLICIES } from "../browser/referrer-policy.js";
import { parseResolve, proxyFromEnv } from "../browser/transports/http.js";
import { isSerializedOrigin } from "../protocol/origin.js";
import { httpUrl } from "./args.js";
import { UsageError } from "./usage-error.js";

/** parseArgs options for the shared request flags. */
export const REQUEST_FLAGS = {
  origin: { type: "string" },
  method: { type: "string", short: "X" },
  header: { type: "string", short: "H", multiple: true },
  credentials: { type: "string" },
  data: { type: "string", short: "d" },
  "data-type": { type: "string" },
  mode: { type: "string" },
  redirect: { type: "string" },
  browser: { type: "string" },
  "referrer-policy": { type: "string" },
  cookie: { type: "string", multiple: true },
  "cookie-jar": { type: "string" },
  "third-party-cookies": { type: "string" },
  "local-network-access": { type: "string" },
  json: { type: "boolean", default: false },
  help: { type: "boolean", short: "h", default: false },
} as const;

export const REQUEST_FLAGS_HELP = `  --origin <origin>        the page's origin, e.g. https://app.example.com (required)
  -X, --method <method>    request method as passed to fetch() (default GET)
  -H, --header 'Name: v'   a request header set by script (repeatable)
  --credentials <mode>     omit | same-origin | include (default same-origin, as fetch())
  -d, --data <body>        a request body
  --data-type <type>       how script passes --data: text (a string, default), urlencoded
                           (URLSearchParams), formdata (FormData), blob:<mime> (a Blob), bytes
  --mode <mode>            cors (default) | no-cors | same-origin, as fetch()'s mode
  --redirect <mode>        follow (default) | manual | error, as fetch()'s redirect
  --browser <profile>      chromium (the newest profiled release, default) | chromium@156 |
                           chromium@150 | firefox (the newest profiled ESR) | firefox@153 |
                           webkit (WebKitGTK, the newest profiled release) | webkit@2.50 | spec;
                           check also takes all: every engine, and where they disagree
  --referrer-policy <p>    the page's referrer policy (default strict-origin-when-cross-origin)
  --cookie 'n=v; attrs'    a cookie the browser holds for <url>'s host, written like Set-Cookie
                           (SameSite=Strict|Lax|None, Secure, Domain=, Path=; repeatable)
  --cookie-jar <file>      cookies from a Netscape/curl cookie file (curl -c); it has no SameSite,
                           so they count as Lax-by-default
  --third-party-cookies <s> blocked (default, as headless Chromium 156) | allowed
  --local-network-access <answer>
                           the user's answer when a public page reaches a local or loopback
                           address: granted (default, with a warning) | denied (what headless
                           Chromium does: it cannot show the prompt)
  --json                   one JSON object on stdout
  -h, --help               this help`;

export type Profile = ProfileName;

export interface RequestFlags {
  origin?: string | undefined;
  method?: string | undefined;
  header?: string[] | undefined;
  credentials?: string | undefined;
  data?: string | undefined;
  "data-type"?: string | undefined;
  mode?: string | undefined;
  redirect?: string | undefined;
  browser?: string | undefined;
  "referrer-policy"?: string | undefined;
  cookie?: string[] | undefined;
  "cookie-jar"?: string | undefined;
  "third-party-cookies"?: string | undefined;
  "local-network-access"?: string | undefined;
}

/** What the browser holds and decides besides the request: cookies, the cookie setting, the LNA answer. */
export interface BrowserState {
  readonly cookies: CookieJar;
  readonly thirdPartyCookies: ThirdPartyCookies;
  readonly localNetworkAccess: LocalNetworkAccessPermission;
}

function jarFile(path: string): Cookie[] {
  let text: string;
  try {
    if (statSync(path).size > MAX_COOKIE_FILE_CHARS)
      throw new UsageError(`--cookie-jar ${path}: larger than ${MAX_COOKIE_FILE_CHARS} bytes; is it a cookie file?`);
    text = readFileSync(path, "utf8");
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`--cookie-jar ${path}: cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  try {
    return parseNetscapeCookieFile(text);
  } catch (e) {
    throw new UsageError(`--cookie-jar ${path}: ${(e as Error).message}`);
  }
}

/**
 * The browser state flags: the cookie jar (file first, then each --cookie for <url>'s host), the
 * cookie setting and the LNA answer. Loads the Public Suffix List when cookies are given for
 * domain names (explain and the cookie rules then need it synchronously).
 */
export async function browserState(url: string, origin: string, flags: RequestFlags): Promise<BrowserState> {
  if (flags.cookie !== undefined || flags["cookie-jar"] !== undefined) await loadSuffixListFor([new URL(url), ...(origin === "null" ? [] : [new URL(origin)])]);
  const cookies = createCookieJar(flags["cookie-jar"] === undefined ? [] : jarFile(flags["cookie-jar"]));
  for (const text of flags.cookie ?? []) {
    try {
      cookies.store(parseCookieOption(text, url));
    } catch (e) {
      throw new UsageError(`--cookie: ${(e as Error).message}`);
    }
  }
  return {
    cookies,
    thirdPartyCookies: (oneOf("--third-party-cookies", flags["third-party-cookies"], ["blocked", "allowed"]) ?? "blocked") as ThirdPartyCookies,
    localNetworkAccess: (oneOf("--local-network-access", flags["local-network-access"], ["granted", "denied"]) ?? "granted") as LocalNetworkAccessPermission,
  };
}

function body(data: string | undefined, type: string | undefined): RequestBody | undefined {
  if (data === undefined) {
    if (type !== undefined) throw new UsageError("--data-type needs --data");
    return undefined;
  }
  const t = type ?? "text";
  if (t === "text") return data;
  if (t === "urlencoded") return new URLSearchParams(data);
  if (t === "formdata") {
    const form = new FormData();
    for (const [k, v] of new URLSearchParams(data)) form.append(k, v);
    return form;
  }
  if (t === "bytes") return new Blob([data]);
  if (t.startsWith("blob:")) return new Blob([data], { type: t.slice(5) });
  throw new UsageError(`--data-type must be text, urlencoded, formdata, blob:<mime> or bytes, not '${t}'`);
}

function oneOf(flag: string, value: string | undefined, allowed: readonly string[]): string | undefined {
  if (value !== undefined && !allowed.includes(value))
    throw new UsageError(`${flag} must be ${allowed.slice(0, -1).join(", ")} or ${allowed.at(-1)}, not '${value}'`);
  return value;
}

/** Builds the browser request and profile from the flags; usage errors for bad values. */
export function browserRequest(url: string | undefined, flags: RequestFlags, command: string): { request: BrowserRequest; profile: Profile } {
  if (url === undefined) throw new UsageError(`${command}: missing <url>`);
  httpUrl("<url>", url);
  if (flags.origin === undefined) throw new UsageError(`${command}: --origin is required (the origin of the page making the request)`);
  if (flags.origin !== "null" && !isSerializedOrigin(flags.origin)) {
    throw new UsageError(`--origin must be a serialised origin such as https://app.example.com (no path or trailing slash), not '${flags.origin}'`);
  }
  const credentials = flags.credentials ?? "same-origin";
  if (!["omit", "same-origin", "include"].includes(credentials))
    throw new UsageError(`--credentials must be omit, same-origin or include, not '${credentials}'`);
  const mode = oneOf("--mode", flags.mode, ["cors", "no-cors", "same-origin"]) as RequestMode | undefined;
  const redirect = oneOf("--redirect", flags.redirect, ["follow", "manual", "error"]) as RedirectMode | undefined;
  const profile = flags.browser ?? "chromium";
  if (!Object.hasOwn(profiles, profile)) throw new UsageError(`--browser must be one of ${Object.keys(profiles).join(", ")}, not '${profile}'`);
  const referrerPolicy = flags["referrer-policy"] ?? "strict-origin-when-cross-origin";
  if (!(REFERRER_POLICIES as readonly string[]).includes(referrerPolicy))
    throw new UsageError(`--referrer-policy must be one of ${REFERRER_POLICIES.join(", ")}, not '${referrerPolicy}'`);
  const headers: [string, string][] = (flags.header ?? []).map((h) => {
    const colon = h.indexOf(":");
    if (colon <= 0) throw new UsageError(`--header must look like 'Name: value', not '${h}'`);
    if (h.slice(0, colon).trim().toLowerCase() === "cookie")
      throw new UsageError(
        "script cannot set Cookie (browsers drop it); give the browser its cookies with --cookie 'name=value; SameSite=Lax' or --cookie-jar FILE",
      );
    return [h.slice(0, colon).trim(), h.slice(colon + 1).trim()];
  });
  const b = body(flags.data, flags["data-type"]);
  const request: BrowserRequest = {
    url,
    origin: flags.origin,
    method: flags.method ?? "GET",
    headers,
    credentials: credentials as CredentialsMode,
    referrerPolicy: referrerPolicy as ReferrerPolicy,
    ...(mode === undefined ? {} : { mode }),
    ...(redirect === undefined ? {} : { redirect }),
    ...(b === undefined ? {} : { body: b }),
  };
  return { request, profile: profile as Profile };
}

/** parseArgs options for the network flags of commands that send requests (`check`). */
export const NETWORK_FLAGS = {
  insecure: { type: "boolean", short: "k", default: false },
  cacert: { type: "string" },
  proxy: { type: "string" },
  resolve: { type: "string", multiple: true },
} as const;

export const NETWORK_FLAGS_HELP = `  -k, --insecure           do not verify TLS certificates (as curl -k)
  --cacert <file>          also trust the CA certificates (PEM) in <file>; NODE_EXTRA_CA_CERTS is honoured too
  --proxy <url>            send through this HTTP proxy (CONNECT for https); default from
                           HTTPS_PROXY / HTTP_PROXY, minus NO_PROXY, as curl
  --resolve <h:p:addr>     connect to addr for host h, port p, keeping the URL's Host and TLS name
                           (as curl --resolve; repeatable)`;

export interface NetworkFlags {
  insecure?: boolean | undefined;
  cacert?: string | undefined;
  proxy?: string | undefined;
  resolve?: string[] | undefined;
}

/** Transport options from the network flags and the environment; usage errors for bad values. */
export function transportOptions(flags: NetworkFlags, env: Readonly<Record<string, string | undefined>>): HttpTransportOptions {
  let ca: string | undefined;
  if (flags.cacert !== undefined) {
    try {
      ca = readFileSync(flags.cacert, "utf8");
    } catch (e) {
      throw new UsageError(`--cacert: cannot read ${flags.cacert}: ${(e as Error).message}`);
    }
    if (!ca.includes("-----BEGIN CERTIFICATE-----")) throw new UsageError(`--cacert: ${flags.cacert} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`);
  }
  if (flags.proxy !== undefined) {
    const url = httpUrl("--proxy", flags.proxy);
    if (url.protocol !== "http:") throw new UsageError(`--proxy must be an http:// proxy URL (https URLs go through it with CONNECT), not '${flags.proxy}'`);
  }
  const resolve = flags.resolve ?? [];
  try {
    parseResolve(resolve);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  return {
    rejectUnauthorized: flags.insecure !== true,
    resolve,
    proxy: flags.proxy ?? proxyFromEnv(env),
    ...(ca === undefined ? {} : { ca }),
  };
}
