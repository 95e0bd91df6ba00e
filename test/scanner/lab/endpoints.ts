/**
 * The scanner lab: real CORS setups, vulnerable and safe, each labelled with what a browser-aware
 * scan must report. Written the way people write them: the `cors` package, `@fastify/cors`,
 * `@koa/cors`, hand-written Express and Koa checks, and nginx-style `if ($http_origin ~* ...)`
 * regexes transcribed to JS. The site is `https://app.example.com` calling an API; the session
 * cookie is `sid` unless an endpoint says otherwise.
 */
import type { FindingCode } from "../../../src/scanner/index.js";

/** How an endpoint implements CORS. */
export type Stack = "cors" | "@fastify/cors" | "@koa/cors" | "express" | "koa" | "nginx-regex" | "corsproof";

/** Hand-written CORS: given the request's Origin (or undefined) and whether it is a preflight, the headers to add. */
export type HandWritten = (origin: string | undefined, preflight: boolean, cookie?: string) => [string, string][];

export interface LabEndpoint {
  /** URL path segment, unique. */
  readonly id: string;
  readonly stack: Stack;
  readonly description: string;
  /** Codes a correct scan must report (severity above info); empty for a safe endpoint. */
  readonly expect: readonly FindingCode[];
  /** What the site trusts; default `https://app.example.com`. */
  readonly trusted?: readonly string[];
  /** The victim's session cookie as the site sets it; default `sid=lab-session; Secure; SameSite=None`. `null`: bearer-token API. */
  readonly cookie?: string | null;
  /** The endpoint stands for a device on the loopback network (default: a public server). */
  readonly privateNetwork?: boolean;
  /** For `cors`/`@fastify/cors`/`@koa/cors`/`corsproof` stacks: the package's options. */
  readonly options?: Record<string, unknown>;
  /** For hand-written stacks. */
  readonly handWritten?: HandWritten;
  /** Extra response headers on actual responses (caching, exposed tokens). */
  readonly responseHeaders?: readonly [string, string][];
}

const APP = "https://app.example.com";
const creds: [string, string] = ["Access-Control-Allow-Credentials", "true"];
const methods: [string, string] = ["Access-Control-Allow-Methods", "GET, PUT, DELETE"];
const allowHeaders: [string, string] = ["Access-Control-Allow-Headers", "Content-Type, Authorization"];

/** A hand-written check: when `allowed(origin)`, reflect it with credentials (and answer preflights). */
function reflectIf(allowed: (origin: string) => boolean, extra: [string, string][] = [creds]): HandWritten {
  return (origin, preflight) => {
    if (origin === undefined || !allowed(origin)) return [["Vary", "Origin"]];
    return [["Access-Control-Allow-Origin", origin], ["Vary", "Origin"], ...extra, ...(preflight ? [methods, allowHeaders] : [])];
  };
}

/** nginx `~*` is a case-insensitive, unanchored PCRE match. */
function nginx(regex: string): (origin: string) => boolean {
  const re = new RegExp(regex, "i");
  return (origin) => re.test(origin);
}

export const LAB: readonly LabEndpoint[] = [
  // --- the `cors` package (Express) ---
  {
    id: "cors-reflect-credentials",
    stack: "cors",
    description: "cors({ origin: true, credentials: true }): reflects any origin with credentials",
    expect: ["reflected-origin"],
    options: { origin: true, credentials: true },
  },
  {
    id: "cors-reflect-public",
    stack: "cors",
    description: "cors({ origin: true }) on public data: reflection without credentials",
    expect: [],
    options: { origin: true },
  },
  { id: "cors-star-public", stack: "cors", description: "cors() default: Access-Control-Allow-Origin: * on public data", expect: [], options: {} },
  {
    id: "cors-allowlist",
    stack: "cors",
    description: "cors with an exact allowlist and credentials",
    expect: [],
    options: { origin: [APP], credentials: true },
  },
  {
    id: "cors-regex-no-end-anchor",
    stack: "cors",
    description: "cors({ origin: /^https:\\/\\/app\\.example\\.com/ }): no $ anchor",
    expect: ["prefix-match"],
    options: { origin: /^https:\/\/app\.example\.com/, credentials: true },
  },
  {
    id: "cors-regex-no-start-anchor",
    stack: "cors",
    description: "cors({ origin: /example\\.com$/ }): the README's regex, no ^ anchor",
    expect: ["suffix-match"],
    options: { origin: /example\.com$/, credentials: true },
  },
  {
    id: "cors-regex-unescaped-dot",
    stack: "cors",
    description: "cors({ origin: /^https:\\/\\/app.example.com$/ }): dots not escaped",
    expect: ["unescaped-dot"],
    options: { origin: /^https:\/\/app.example.com$/, credentials: true },
  },
  {
    id: "cors-null-allowed",
    stack: "cors",
    description: "cors allowlist with 'null' for local file testing",
    expect: ["null-origin"],
    options: { origin: [APP, "null"], credentials: true },
  },
  {
    id: "cors-http-allowed",
    stack: "cors",
    description: "cors allowlist with the http: twin of the site",
    expect: ["insecure-origin"],
    options: { origin: [APP, "http://app.example.com"], credentials: true },
  },
  {
    id: "cors-any-subdomain",
    stack: "cors",
    description: "cors regex for every subdomain while only app.example.com is trusted",
    expect: ["any-subdomain"],
    options: { origin: /^https:\/\/([a-z0-9-]+\.)*example\.com$/, credentials: true },
  },
  {
    id: "cors-subdomains-intended",
    stack: "cors",
    description: "the same subdomain regex where the site does trust https://*.example.com",
    expect: [],
    trusted: [APP, "https://*.example.com"],
    options: { origin: /^https:\/\/([a-z0-9-]+\.)+example\.com$/, credentials: true },
  },
  {
    id: "cors-vercel-previews",
    stack: "cors",
    description: "cors regex admitting every *.vercel.app preview deployment",
    expect: ["shared-hosting"],
    options: { origin: [APP, /^https:\/\/[a-z0-9-]+\.vercel\.app$/], credentials: true },
  },
  {
    id: "cors-reflect-samesite-strict",
    stack: "cors",
    description: "reflects with credentials, but the session cookie is SameSite=Strict",
    expect: [],
    cookie: "sid=lab-session; Secure; SameSite=Strict; HttpOnly",
    options: { origin: true, credentials: true },
  },
  {
    id: "cors-reflect-samesite-default",
    stack: "cors",
    description: "reflects with credentials; the cookie has no SameSite (Lax in Chromium)",
    expect: [],
    cookie: "sid=lab-session; Secure; HttpOnly",
    options: { origin: true, credentials: true },
  },
  {
    id: "cors-reflect-bearer-api",
    stack: "cors",
    description: "reflects with credentials on an API authenticated by a bearer token only",
    expect: [],
    cookie: null,
    options: { origin: true, credentials: true },
  },
  {
    id: "cors-reflect-exposes-token",
    stack: "cors",
    description: "reflects with credentials and exposes X-Auth-Token",
    expect: ["reflected-origin", "credential-headers-exposed"],
    options: { origin: true, credentials: true, exposedHeaders: ["X-Auth-Token"] },
    responseHeaders: [["X-Auth-Token", "tok-123"]],
  },

  // --- hand-written Express ---
  {
    id: "express-startswith",
    stack: "express",
    description: "origin.startsWith('https://app.example.com')",
    expect: ["prefix-match"],
    handWritten: reflectIf((o) => o.startsWith(APP)),
  },
  {
    id: "express-endswith",
    stack: "express",
    description: "origin.endsWith('example.com')",
    expect: ["suffix-match"],
    handWritten: reflectIf((o) => o.endsWith("example.com")),
  },
  {
    id: "express-includes",
    stack: "express",
    description: "origin.includes('app.example.com')",
    expect: ["prefix-match"],
    handWritten: reflectIf((o) => o.includes("app.example.com")),
  },
  {
    id: "express-allowlist-string",
    stack: "express",
    description: "ALLOWED_ORIGINS string .includes(origin)",
    expect: ["substring-match"],
    handWritten: reflectIf((o) => "https://app.example.com https://admin.example.com".includes(o)),
  },
  {
    id: "express-hostname-only",
    stack: "express",
    description: "new URL(origin).hostname === 'app.example.com' (scheme and port ignored)",
    expect: ["insecure-origin"],
    handWritten: reflectIf((o) => URL.canParse(o) && new URL(o).hostname === "app.example.com"),
  },
  {
    id: "express-any-port",
    stack: "express",
    description: "https: and hostname checked, port ignored",
    expect: ["other-port"],
    handWritten: reflectIf((o) => URL.canParse(o) && new URL(o).protocol === "https:" && new URL(o).hostname === "app.example.com"),
  },
  {
    id: "express-null-for-files",
    stack: "express",
    description: "hand-written allowlist with 'null' for file:// testing",
    expect: ["null-origin"],
    handWritten: reflectIf((o) => o === APP || o === "null"),
  },
  {
    id: "express-preflight-reflects",
    stack: "express",
    description: "OPTIONS handler reflects every origin with credentials; GET checks the allowlist",
    expect: ["reflected-origin"],
    handWritten: (o, preflight) => (preflight ? reflectIf(() => true)(o, true) : reflectIf((x) => x === APP)(o, false)),
  },
  {
    id: "express-reflect-when-logged-in",
    stack: "express",
    description: "CORS middleware after the session middleware: reflects with credentials only for logged-in users",
    expect: ["reflected-origin"],
    handWritten: (o, preflight, cookie) =>
      cookie?.includes("sid=lab-session") ? reflectIf(() => true)(o, preflight) : reflectIf((x) => x === APP)(o, preflight),
  },
  {
    id: "express-star-with-credentials",
    stack: "express",
    description: "Access-Control-Allow-Origin: * with Allow-Credentials: true (browsers refuse it)",
    expect: [],
    handWritten: (_o, preflight) => [["Access-Control-Allow-Origin", "*"], creds, ...(preflight ? [methods, allowHeaders] : [])],
  },
  {
    id: "express-acac-capitalised",
    stack: "express",
    description: "reflects any origin with Access-Control-Allow-Credentials: True (browsers refuse it)",
    expect: [],
    handWritten: reflectIf(() => true, [["Access-Control-Allow-Credentials", "True"]]),
  },
  {
    id: "express-trailing-slash",
    stack: "express",
    description: "Access-Control-Allow-Origin: https://app.example.com/ (never matches)",
    expect: [],
    handWritten: () => [["Access-Control-Allow-Origin", `${APP}/`], creds],
  },
  {
    id: "express-wildcard-methods-headers",
    stack: "express",
    description: "exact allowlist, credentials, Allow-Methods: * and Allow-Headers: *",
    expect: [],
    handWritten: reflectIf((o) => o === APP, [creds, ["Access-Control-Allow-Methods", "*"], ["Access-Control-Allow-Headers", "*"]]),
  },
  {
    id: "express-no-vary-cached",
    stack: "express",
    description: "allowlist echoed without Vary: Origin on a response cached for 10 minutes",
    expect: ["vary-origin-missing"],
    handWritten: (o) => (o === APP ? [["Access-Control-Allow-Origin", o], creds] : []),
    responseHeaders: [["Cache-Control", "public, max-age=600"]],
  },
  {
    id: "express-vary-cached",
    stack: "express",
    description: "the same with Vary: Origin",
    expect: [],
    handWritten: reflectIf((o) => o === APP),
    responseHeaders: [["Cache-Control", "public, max-age=600"]],
  },
  {
    id: "express-no-vary-no-store",
    stack: "express",
    description: "allowlist echoed without Vary on a no-store response",
    expect: [],
    handWritten: (o) => (o === APP ? [["Access-Control-Allow-Origin", o], creds] : []),
    responseHeaders: [["Cache-Control", "no-store"]],
  },
  {
    id: "express-static-origin",
    stack: "express",
    description: "one fixed Access-Control-Allow-Origin for every request, cached (no Vary needed)",
    expect: [],
    handWritten: () => [["Access-Control-Allow-Origin", APP], creds],
    responseHeaders: [["Cache-Control", "public, max-age=600"]],
  },
  {
    id: "corsproof-express",
    stack: "corsproof",
    description: "corsproof/express with an exact allowlist and credentials",
    expect: [],
    options: { origin: [APP], credentials: true, allowedHeaders: ["Content-Type", "Authorization"] },
  },

  // --- Koa ---
  {
    id: "koa-cors-reflect",
    stack: "@koa/cors",
    description: "@koa/cors with origin: ctx => ctx.get('Origin') and credentials (the pre-5.0 default)",
    expect: ["reflected-origin"],
    options: { origin: "reflect", credentials: true },
  },
  {
    id: "koa-cors-allowlist",
    stack: "@koa/cors",
    description: "@koa/cors with an allowlist function",
    expect: [],
    options: { origin: "allowlist", credentials: true },
  },
  {
    id: "koa-null",
    stack: "koa",
    description: "hand-written Koa check admitting 'null'",
    expect: ["null-origin"],
    handWritten: reflectIf((o) => [APP, "null"].includes(o)),
  },
  {
    id: "koa-regex-any-prefix",
    stack: "koa",
    description: "/^https:\\/\\/.*example\\.com$/: any characters before the domain",
    expect: ["suffix-match"],
    handWritten: reflectIf((o) => /^https:\/\/.*example\.com$/.test(o)),
  },
  {
    id: "koa-underscore",
    stack: "koa",
    description: "/^https:\\/\\/app\\.example\\.com(?![a-z0-9.-])/: '_' passes the lookahead",
    expect: ["special-char-host"],
    handWritten: reflectIf((o) => /^https:\/\/app\.example\.com(?![a-z0-9.-])/.test(o)),
  },
  {
    id: "koa-host-punctuation",
    stack: "koa",
    description: "/^https:\\/\\/app\\.example\\.com(?![\\w.-])/: host characters such as } and ! pass (Chromium and Safari send them)",
    expect: ["special-char-host"],
    handWritten: reflectIf((o) => /^https:\/\/app\.example\.com(?![\w.-])/.test(o)),
  },
  {
    id: "koa-github-io",
    stack: "koa",
    description: "trusts every *.github.io page (origin.endsWith('.github.io'))",
    expect: ["shared-hosting"],
    handWritten: reflectIf((o) => o === APP || o.endsWith(".github.io")),
  },

  // --- @fastify/cors ---
  {
    id: "fastify-reflect",
    stack: "@fastify/cors",
    description: "@fastify/cors { origin: true, credentials: true }",
    expect: ["reflected-origin"],
    options: { origin: true, credentials: true },
  },
  {
    id: "fastify-allowlist",
    stack: "@fastify/cors",
    description: "@fastify/cors with an exact allowlist",
    expect: [],
    options: { origin: [APP], credentials: true },
  },
  {
    id: "fastify-regex-unanchored",
    stack: "@fastify/cors",
    description: "@fastify/cors { origin: /app\\.example\\.com/ }: unanchored",
    expect: ["prefix-match"],
    options: { origin: /app\.example\.com/, credentials: true },
  },
  { id: "fastify-star-public", stack: "@fastify/cors", description: "@fastify/cors { origin: '*' } on public data", expect: [], options: { origin: "*" } },

  // --- nginx-style `if ($http_origin ~* ...)` ---
  {
    id: "nginx-unescaped-alternation",
    stack: "nginx-regex",
    description: "~* ^https://(app|admin).example.com$: unescaped dots",
    expect: ["unescaped-dot"],
    handWritten: reflectIf(nginx("^https://(app|admin).example.com$")),
  },
  {
    id: "nginx-unanchored",
    stack: "nginx-regex",
    description: "~* example\\.com: unanchored",
    expect: ["suffix-match", "prefix-match"],
    handWritten: reflectIf(nginx("example\\.com")),
  },
  {
    id: "nginx-exact-map",
    stack: "nginx-regex",
    description: "~* ^https://(app|admin)\\.example\\.com$: correct",
    expect: [],
    handWritten: reflectIf(nginx("^https://(app|admin)\\.example\\.com$")),
  },
  {
    id: "nginx-device-star",
    stack: "nginx-regex",
    description: "a device on the local network answering Access-Control-Allow-Origin: *",
    expect: ["wildcard-origin"],
    privateNetwork: true,
    cookie: null,
    handWritten: () => [["Access-Control-Allow-Origin", "*"]],
  },
  {
    id: "nginx-device-pna",
    stack: "nginx-regex",
    description: "a device granting Private Network Access to any origin on preflights",
    expect: ["private-network-grant"],
    privateNetwork: true,
    cookie: null,
    handWritten: (o, preflight) =>
      preflight && o !== undefined
        ? [
            ["Access-Control-Allow-Origin", o],
            ["Access-Control-Allow-Private-Network", "true"],
            ["Vary", "Origin"],
          ]
        : reflectIf((x) => x === APP)(o, false),
  },
  {
    id: "nginx-device-allowlist",
    stack: "nginx-regex",
    description: "a device on the local network with an exact allowlist",
    expect: [],
    privateNetwork: true,
    cookie: null,
    handWritten: reflectIf(nginx("^https://app\\.example\\.com$")),
  },
];
