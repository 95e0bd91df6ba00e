/**
 * The lab's HTTP server on 127.0.0.1: the app page and its bundle, the runner page that plays a
 * page origin in the real browser, and the JSON API behind the page (run the model, host an
 * origin, check and serve a policy).
 *
 * Security: the API makes requests to any URL the page names (like `check`) and runs module
 * policies (in a sandboxed process, module-sandbox.ts), so only the lab's own page may call it.
 * Requests whose Host is not a loopback name are refused (DNS rebinding); API calls must be
 * same-origin JSON POSTs from the lab's origin (another site's page cannot send JSON or a custom
 * header cross-origin without a preflight, which the lab never grants) carrying the per-run token
 * that only the lab's page holds (a page of another origin cannot read it: same-origin policy,
 * `frame-ancestors 'none'`); bodies are capped, and the pages carry a CSP that allows no script
 * but the lab's own bundle.
 */
import { randomBytes, timingSafeEqual } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createPreflightCache, type CredentialsMode } from "../browser/index.js";
import { type RunningServer, startServer } from "../cli/commands/serve.js";
import { hostablePort, isLoopbackName, MAX_EXTRA_PORTS } from "./hosting.js";
import { LabInputError, parseLabRequest, parseModelBrowser } from "./lab-request.js";
import { runModel } from "./model-run.js";
import { appHtml, runnerHtml } from "./page-html.js";
import { ModuleSandbox } from "./module-sandbox.js";
import { MAX_MATRIX_ORIGINS, parsePolicyText, policyReport } from "./policy-lab.js";
import { type Hosting, LAB_TOKEN_HEADER, type PolicyProblem } from "./protocol.js";

/** Largest API request body. */
const MAX_API_BODY = 256 * 1024;
/** The built page bundle's file name (tsup.config.ts). */
export const PAGE_BUNDLE = "lab-page.global.js";

/** A running lab. */
export interface RunningLab {
  /** The app's URL, `http://127.0.0.1:<port>/`. */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** Finds the page bundle next to this module (dist/) or in dist/ when running from src/. */
async function loadBundle(): Promise<string> {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const candidate of [join(here, PAGE_BUNDLE), join(here, "..", "..", "dist", PAGE_BUNDLE)]) {
    try {
      return await readFile(candidate, "utf8");
    } catch {
      // try the next place
    }
  }
  throw new Error(`corsproof lab: the page bundle ${PAGE_BUNDLE} is missing; run 'npm run build' first.`);
}

function send(res: ServerResponse, status: number, type: string, body: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, {
    "Content-Type": type,
    "Content-Length": Buffer.byteLength(body),
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    ...extra,
  });
  res.end(body);
}

const json = (res: ServerResponse, status: number, value: unknown) => send(res, status, "application/json; charset=utf-8", JSON.stringify(value));

async function readBody(req: IncomingMessage): Promise<unknown> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_API_BODY) throw new LabInputError(`request body over ${MAX_API_BODY} bytes`);
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw new LabInputError("request body is not JSON");
  }
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** Starts the lab on 127.0.0.1:`port` (0 picks one). */
export async function startLab(options: { readonly port: number }): Promise<RunningLab> {
  const bundle = await loadBundle();
  const cache = { current: createPreflightCache() };
  const extra = new Map<number, Server>();
  let served: Pick<RunningServer, "url" | "close"> | null = null;
  const modules = new ModuleSandbox();
  // Only the app page gets it (in its markup); every API call must send it back.
  const token = randomBytes(32).toString("base64url");
  const hasToken = (value: string | string[] | undefined) =>
    typeof value === "string" && value.length === token.length && timingSafeEqual(Buffer.from(value), Buffer.from(token));
  let port = 0;
  /** The lab app's own origins: only their pages may call the API. */
  const isAppOrigin = (origin: string | undefined) => origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
  const csp = (frameAncestors: string) =>
    `default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src *; frame-src http:; form-action 'none'; base-uri 'none'; frame-ancestors ${frameAncestors}`;

  async function host(origin: string): Promise<Hosting> {
    const where = hostablePort(origin);
    if ("reason" in where) return { hosted: false, reason: where.reason };
    const runnerUrl = `${origin}/__corsproof/runner`;
    if (where.port === port || extra.has(where.port)) return { hosted: true, runnerUrl };
    if (extra.size >= MAX_EXTRA_PORTS)
      return { hosted: false, reason: `the lab already hosts pages on ${MAX_EXTRA_PORTS} extra ports; restart it to free them.` };
    const server = createServer(handle);
    try {
      await listen(server, where.port);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      return {
        hosted: false,
        reason: `port ${where.port} is ${code === "EADDRINUSE" ? "used by another program (is your dev server running there?)" : `not available (${code})`}; the model runs it alone.`,
      };
    }
    extra.set(where.port, server);
    return { hosted: true, runnerUrl };
  }

  /** Serves the policy (a module from its sandboxed process) in place of the one served before. */
  async function serve(text: string, isModule: boolean): Promise<{ url: string | null; problems: readonly PolicyProblem[] }> {
    await served?.close();
    served = null;
    if (isModule) {
      const answer = await modules.serve(text);
      served = answer.served;
      return { url: served?.url ?? null, problems: answer.problems };
    }
    const { options, problems } = parsePolicyText(text);
    if (options === null) return { url: null, problems };
    served = await startServer({ policy: options, host: "127.0.0.1", port: 0 });
    return { url: served.url, problems };
  }

  async function api(path: string, body: unknown): Promise<unknown> {
    const o = (body ?? {}) as Record<string, unknown>;
    switch (path) {
      case "/api/run":
        return runModel(parseLabRequest(o.request), parseModelBrowser(o.browser), cache.current);
      case "/api/host":
        if (typeof o.origin !== "string" || o.origin.length > 512) throw new LabInputError("origin must be a string");
        return host(o.origin);
      case "/api/cache/clear":
        cache.current = createPreflightCache();
        return { cleared: true };
      case "/api/policy": {
        const origins = Array.isArray(o.origins)
          ? o.origins.filter((x): x is string => typeof x === "string" && x.length <= 512).slice(0, MAX_MATRIX_ORIGINS)
          : [];
        const credentials: CredentialsMode = o.credentials === "include" ? "include" : "omit";
        const text = typeof o.text === "string" ? o.text : "";
        return o.format === "mjs" ? modules.check(text, origins, credentials) : policyReport(text, origins, credentials);
      }
      case "/api/policy/serve":
        return serve(typeof o.text === "string" ? o.text : "", o.format === "mjs");
      case "/api/policy/stop":
        await served?.close();
        served = null;
        return { stopped: true };
      default:
        return undefined;
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const hostHeader = req.headers.host ?? "";
    const hostname = hostHeader.replace(/:\d+$/, "");
    // DNS rebinding: a foreign name that resolves to 127.0.0.1 must not reach the lab.
    if (!isLoopbackName(hostname))
      return send(res, 421, "text/plain; charset=utf-8", "corsproof lab answers loopback names only (127.0.0.1, localhost, *.localhost).\n");
    const path = new URL(req.url ?? "/", "http://lab").pathname;
    try {
      if (req.method === "GET" && path === "/lab.js") return send(res, 200, "text/javascript; charset=utf-8", bundle);
      if (req.method === "GET" && path === "/__corsproof/runner") {
        const parents = [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
        return send(res, 200, "text/html; charset=utf-8", runnerHtml(parents), { "Content-Security-Policy": csp(parents.join(" ")) });
      }
      if (req.method === "GET" && path === "/" && isAppOrigin(`http://${hostHeader}`))
        return send(res, 200, "text/html; charset=utf-8", appHtml(token), { "Content-Security-Policy": csp("'none'") });
      if (req.method === "POST" && path.startsWith("/api/")) {
        if (
          !isAppOrigin(req.headers.origin) ||
          !/^application\/json\b/i.test(req.headers["content-type"] ?? "") ||
          !hasToken(req.headers[LAB_TOKEN_HEADER.toLowerCase()])
        )
          return json(res, 403, { error: "the lab API answers the lab page only" });
        const answer = await api(path, await readBody(req));
        if (answer !== undefined) return json(res, 200, answer);
      }
      send(res, 404, "text/plain; charset=utf-8", "not found\n");
    } catch (e) {
      if (e instanceof LabInputError) json(res, 400, { error: e.message });
      else json(res, 500, { error: String(e) });
    }
  }

  const main = createServer(handle);
  port = await listen(main, options.port);
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    async close() {
      modules.close();
      await served?.close();
      await Promise.all([main, ...extra.values()].map(closeServer));
    },
  };
}
