/**
 * The concrete fix shown when a request is blocked: the corsproof configuration that keeps what the
 * server already allows and adds what the request needs, in the idiom of the framework that
 * answered (or the one named with `--framework`).
 */
import { type Diagnosis, mergePolicy, type ObservedPolicy } from "../browser/diagnose.js";
import type { WireResponse } from "../browser/index.js";
import { UsageError } from "./usage-error.js";

/** Frameworks the fix can be written for. */
export const FRAMEWORKS = ["express", "fastify", "koa", "hono", "next", "nginx", "node"] as const;
export type Framework = (typeof FRAMEWORKS)[number];

/** One fingerprint: a test on a response that names the framework which produced it. */
const FINGERPRINTS: readonly [Framework, (header: (name: string) => string | undefined, body: string) => boolean][] = [
  ["next", (h) => /next\.js/i.test(h("x-powered-by") ?? "") || h("x-nextjs-cache") !== undefined || /\bnext-router-state-tree\b/i.test(h("vary") ?? "")],
  // Express: its header, its 404 page, or its automatic OPTIONS answer (the Allow list as the body).
  [
    "express",
    (h, body) =>
      /express/i.test(h("x-powered-by") ?? "") ||
      /^<!DOCTYPE html>[\s\S]*<pre>Cannot [A-Z]+ \//.test(body) ||
      (body !== "" && body === h("allow") && /^text\/(plain|html)\b/i.test(h("content-type") ?? "")),
  ],
  [
    "fastify",
    (h, body) => /fastify/i.test(h("server") ?? "") || /^\{"message":"Route [A-Z]+:\/[^"]* not found","error":"Not Found","statusCode":404\}$/.test(body),
  ],
  ["hono", (h, body) => body === "404 Not Found" && /^text\/plain;\s*charset=UTF-8$/i.test(h("content-type") ?? "")],
  ["koa", (h, body) => (body === "Not Found" || body === "Method Not Allowed") && /^text\/plain; charset=utf-8$/.test(h("content-type") ?? "")],
  ["nginx", (h) => /^nginx\b/i.test(h("server") ?? "")],
];

/**
 * Which server framework answered, from every response seen: `X-Powered-By`, `Server`, and the
 * default answers each framework writes (Express's `Cannot OPTIONS /x` and automatic OPTIONS, Fastify's JSON 404,
 * Hono's and Koa's text 404). An app framework wins over a proxy (nginx in front of Express).
 */
export function detectFramework(responses: readonly (WireResponse | null)[]): Framework {
  let found: Framework = "node";
  for (const r of responses) {
    if (r === null) continue;
    const h = (name: string) => r.headers.find(([n]) => n.toLowerCase() === name)?.[1];
    for (const [framework, test] of FINGERPRINTS) {
      if (!test(h, r.body ?? "")) continue;
      if (framework !== "nginx") return framework;
      found = "nginx";
    }
  }
  return found;
}

/** The corsproof options for `policy` (the option names every adapter accepts). */
export function optionsFor(policy: ObservedPolicy): Record<string, unknown> {
  const options: Record<string, unknown> = { origin: policy.anyOrigin && policy.origins.length === 0 ? "*" : [...policy.origins] };
  if (policy.credentials) options.credentials = true;
  if (policy.methods.length > 0) options.methods = [...policy.methods];
  if (policy.allowedHeaders.length > 0) options.allowedHeaders = [...policy.allowedHeaders];
  if (policy.exposedHeaders.length > 0) options.exposedHeaders = [...policy.exposedHeaders];
  if (policy.maxAge !== null) options.maxAge = policy.maxAge;
  return options;
}

/** The `cors` package's default `methods`, which most CORS layers share (Fastify's and Hono's differ). */
const COMMON_METHODS = ["GET", "HEAD", "PUT", "PATCH", "POST", "DELETE"];

/**
 * The options that keep what `d` saw the server allow and add what the request needs, or null.
 * When the server's methods were not seen (no successful preflight), listing only the new method
 * would drop the others, and each adapter has its own default: the common list is written out.
 */
export function fixedOptions(d: Diagnosis): Record<string, unknown> | null {
  if (d.add === null) return null;
  const merged = mergePolicy(d.current, d.add);
  if (d.current.methods.length > 0 || d.add.methods.length === 0) return optionsFor(merged);
  return optionsFor({ ...merged, methods: [...COMMON_METHODS, ...d.add.methods.filter((m) => !COMMON_METHODS.includes(m))] });
}

function literal(options: Record<string, unknown>, keepOtherOrigins: boolean): string {
  return `{ ${Object.entries(options)
    .map(([k, v]) => {
      const json = JSON.stringify(v).replace(/","/g, '", "');
      return k === "origin" && keepOtherOrigins && Array.isArray(v) ? `${k}: [/* the origins you allow now, */ ${json.slice(1)}` : `${k}: ${json}`;
    })
    .join(", ")} }`;
}

/**
 * nginx has no corsproof: the same headers with `add_header ... always` (so error responses keep
 * them). An `add_header` inside `if` replaces the outer ones, so the preflight branch repeats them.
 */
function nginxSnippet(options: Record<string, unknown>): string {
  const join = (v: unknown) => (Array.isArray(v) ? v.join(", ") : String(v));
  const origins = options.origin as string[] | "*";
  const common = [
    `add_header Access-Control-Allow-Origin ${origins === "*" ? '"*"' : "$cors_origin"} always;`,
    ...(origins === "*" ? [] : ["add_header Vary Origin always;"]),
    ...(options.credentials ? ["add_header Access-Control-Allow-Credentials true always;"] : []),
  ];
  const lines =
    origins === "*"
      ? []
      : [
          "# in http {}: the allowed origins (an empty value sends no header)",
          "map $http_origin $cors_origin {",
          '  default "";',
          ...origins.map((o) => `  "${o}" $http_origin;`),
          "}",
          "# in the API's location {}:",
        ];
  lines.push(...common);
  if (options.exposedHeaders) lines.push(`add_header Access-Control-Expose-Headers "${join(options.exposedHeaders)}" always;`);
  lines.push("if ($request_method = OPTIONS) {", ...common.map((l) => `  ${l}`));
  if (options.methods) lines.push(`  add_header Access-Control-Allow-Methods "${join(options.methods)}" always;`);
  if (options.allowedHeaders) lines.push(`  add_header Access-Control-Allow-Headers "${join(options.allowedHeaders)}" always;`);
  if (options.maxAge !== undefined) lines.push(`  add_header Access-Control-Max-Age ${String(options.maxAge)} always;`);
  lines.push("  return 204;", "}");
  return lines.join("\n");
}

/**
 * A snippet applying `options` with corsproof in `framework`'s idiom. `keepOtherOrigins` marks the
 * origin list as an addition to the origins the server allows today (which its answers cannot reveal).
 */
export function snippet(framework: Framework, options: Record<string, unknown>, keepOtherOrigins = false): string {
  const o = literal(options, keepOtherOrigins);
  switch (framework) {
    case "express":
      return `const cors = require("corsproof/express");\napp.use(cors(${o})); // before auth and routes`;
    case "fastify":
      return `import cors from "corsproof/fastify";\nawait app.register(cors, ${o});`;
    case "koa":
      return `import cors from "corsproof/koa";\napp.use(cors(${o})); // first, before the router`;
    case "hono":
      return `import { cors } from "corsproof/hono";\napp.use("*", cors(${o})); // before auth and routes`;
    case "next":
      return `import { withCors } from "corsproof/fetch";\nconst policy = ${o};\nexport const GET = withCors(handler, policy);\nexport const OPTIONS = withCors(() => new Response(null, { status: 404 }), policy);`;
    case "nginx":
      return nginxSnippet(options);
    default:
      return `import { withCors } from "corsproof/node";\nhttp.createServer(withCors(handler, ${o}));`;
  }
}

/** Validates `--framework`. */
export function frameworkFlag(value: string | undefined): Framework | undefined {
  if (value === undefined) return undefined;
  if (!(FRAMEWORKS as readonly string[]).includes(value)) throw new UsageError(`--framework must be one of ${FRAMEWORKS.join(", ")}, not '${value}'`);
  return value as Framework;
}
