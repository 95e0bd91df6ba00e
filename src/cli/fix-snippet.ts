/**
 * The concrete fix shown when a request is blocked: the headers the server must send and the
 * corsproof configuration that sends them, in the idiom of the framework the response reveals.
 */
import type { Explanation, WireResponse } from "../browser/index.js";

/** Which server framework answered, guessed from the response headers. */
export type Framework = "express" | "next" | "fastify" | "node";

export function detectFramework(responses: readonly (WireResponse | null)[]): Framework {
  for (const r of responses) {
    for (const [name, value] of r?.headers ?? []) {
      const n = name.toLowerCase();
      if (n === "x-powered-by" && /express/i.test(value)) return "express";
      if (n === "x-powered-by" && /next\.js/i.test(value)) return "next";
      if (n === "server" && /fastify/i.test(value)) return "fastify";
    }
  }
  return "node";
}

/** The policy options that make `explanation`'s request pass, as corsproof options. */
export function policyFor(explanation: Explanation): Record<string, unknown> {
  const req = explanation.request;
  const options: Record<string, unknown> = { origin: [req ? originOf(explanation) : "https://app.example.com"] };
  const reasons = explanation.preflight.reasons;
  const method = reasons.find((r) => r.kind === "method");
  if (method && req) options.methods = [req.method];
  const acrh = explanation.preflight.request?.headers.find(([n]) => n === "Access-Control-Request-Headers");
  if (acrh) options.allowedHeaders = acrh[1].split(",");
  if (req?.credentials === "include") options.credentials = true;
  return options;
}

function originOf(e: Explanation): string {
  const origin = e.preflight.request?.headers.find(([n]) => n === "Origin")?.[1];
  return origin ?? (e.required?.actual.find(([n]) => n === "Access-Control-Allow-Origin")?.[1] as string);
}

/** A snippet applying `options` with corsproof in the detected framework. */
export function snippet(framework: Framework, options: Record<string, unknown>): string {
  const o = `{ ${Object.entries(options)
    .map(([k, v]) => `${k}: ${JSON.stringify(v).replace(/","/g, '", "')}`)
    .join(", ")} }`;
  switch (framework) {
    case "express":
      return `const cors = require("corsproof/express");\napp.use(cors(${o}));`;
    case "fastify":
      return `import cors from "corsproof/fastify";\nawait app.register(cors, ${o});`;
    case "next":
      return `import { withCors } from "corsproof/fetch";\nexport const GET = withCors(handler, ${o});`;
    default:
      return `import { withCors } from "corsproof/node";\nhttp.createServer(withCors(handler, ${o}));`;
  }
}
