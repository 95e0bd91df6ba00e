/**
 * `corsproof demo`: starts the demo API on a free loopback port under an example policy and tours
 * it with `check`: a simple request, a preflighted JSON PUT, a credentialed request, an error that
 * keeps its CORS headers, and a request a browser blocks, each with the browser's view of it.
 */
import { type BrowserRequest, createPreflightCache, httpTransport } from "../../browser/index.js";
import type { CorsOptions } from "../../index.js";
import { parse } from "../args.js";
import { runCheck } from "../check-run.js";
import { type CliIo, style, useColor } from "../io.js";
import { renderCheck } from "../render-check.js";
import { startServer } from "./serve.js";

export const DEMO_HELP = `Usage: corsproof demo

Starts the demo API on a free port of 127.0.0.1 and shows what a browser does with five requests
to it, using the same engine as 'corsproof check'. Needs no network and no configuration.
`;

const PAGE = "http://localhost:5173";

/** The policy the tour runs under; printed so people can relate each verdict to it. */
export const DEMO_POLICY: CorsOptions = {
  origin: [PAGE, "https://*.example.com"],
  credentials: true,
  methods: ["GET", "POST", "PUT", "DELETE"],
  allowedHeaders: ["Content-Type", "Authorization"],
  exposedHeaders: ["X-Total-Count", "X-Request-Id"],
  maxAge: 600,
};

interface Step {
  readonly title: string;
  /** What the verdict shows, said after it. */
  readonly lesson: string;
  /** The page's fetch() call; `base` is the API's absolute URL (the page is on another origin). */
  readonly code: (base: string) => string;
  readonly request: (base: string) => BrowserRequest;
  readonly expectAllowed: boolean;
  /** Refused on purpose: the tour says there is nothing to fix. */
  readonly refusedByDesign?: boolean;
}

const STEPS: readonly Step[] = [
  {
    title: "A simple request: GET from an allowed page",
    lesson: "No preflight for GET without custom headers; script reads the exposed X-Total-Count.",
    code: (base) => `fetch("${base}/api/items")`,
    request: (base) => ({ url: `${base}/api/items`, origin: PAGE }),
    expectAllowed: true,
  },
  {
    title: "A preflighted request: PUT with a JSON body",
    lesson: "PUT and a JSON Content-Type make the browser ask first; the policy allows both.",
    code: (base) => `fetch("${base}/api/items/1", { method: "PUT", headers: { "Content-Type": "application/json" }, body })`,
    request: (base) => ({
      url: `${base}/api/items/1`,
      origin: PAGE,
      method: "PUT",
      headers: { "Content-Type": "application/json" },
      body: '{"name":"renamed"}',
    }),
    expectAllowed: true,
  },
  {
    title: "A credentialed request: cookies included",
    lesson:
      "With credentials the origin must be echoed (never '*') with Access-Control-Allow-Credentials: true. The page and the API are different sites, so the session cookie is SameSite=None; Secure: a SameSite=Lax cookie would never come back on this request.",
    code: (base) => `fetch("${base}/api/session", { credentials: "include" })`,
    request: (base) => ({ url: `${base}/api/session`, origin: PAGE, credentials: "include" }),
    expectAllowed: true,
  },
  {
    title: "An error that keeps its CORS headers: the page sees the real 500",
    lesson: "corsproof keeps CORS headers on error responses, so the page sees 500 instead of a CORS error.",
    code: (base) => `fetch("${base}/api/boom")`,
    request: (base) => ({ url: `${base}/api/boom`, origin: PAGE }),
    expectAllowed: true,
  },
  {
    title: "A request the browser blocks: a page on another site asks with credentials",
    lesson: "This is the policy working: https://evil.example is not in the allowlist, so it gets no CORS headers.",
    code: (base) => `// on https://evil.example\nfetch("${base}/api/session", { credentials: "include" })`,
    request: (base) => ({ url: `${base}/api/session`, origin: "https://evil.example", credentials: "include" }),
    expectAllowed: false,
    refusedByDesign: true,
  },
];

export async function demoCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values } = parse("demo", argv, { help: { type: "boolean", short: "h", default: false } }, 0);
  if (values.help) {
    io.stdout.write(DEMO_HELP);
    return 0;
  }
  const s = style(useColor(io));
  const server = await startServer({ policy: DEMO_POLICY, host: "127.0.0.1", port: 0 });
  let failures = 0;
  try {
    io.stdout.write(`${s.bold("corsproof demo")}: the demo API is running on ${server.url} under this policy:\n`);
    io.stdout.write(`${JSON.stringify(DEMO_POLICY, null, 2).replace(/^/gm, "  ")}\n`);
    io.stdout.write(`The page making the requests is at ${PAGE}. Each step is judged by corsproof's browser model (Chromium profile).\n`);
    const cache = createPreflightCache();
    for (const [i, step] of STEPS.entries()) {
      const request = step.request(server.url);
      // The tour shows what a browser does; corsproof's own probes belong to `check`.
      // The demo API stands in for a deployed one: a public page reaching it on loopback would first
      // need the user's Local Network Access permission, which the tour assumes was given.
      const run = await runCheck(request, {
        transport: httpTransport({ timeout: 5000 }),
        cache,
        probes: false,
        browserState: { localNetworkAccess: "granted" },
      });
      io.stdout.write(`\n${s.bold(`${i + 1}. ${step.title}`)}\n${s.dim(step.code(server.url).replace(/^/gm, "   "))}\n\n`);
      io.stdout.write(renderCheck(run, s, { refusedByDesign: step.refusedByDesign === true }).replace(/^(?=.)/gm, "   "));
      io.stdout.write(`   ${s.dim(`-> ${step.lesson}`)}\n`);
      if (run.result.allowed !== step.expectAllowed) failures++;
    }
    io.stdout.write(
      `\nTry it yourself: run ${s.bold("npx corsproof serve")}, then in another terminal ` +
        `${s.bold("npx corsproof check http://127.0.0.1:3000/api/items/1 -X DELETE --origin https://app.example.com --local-network-access granted")}\n`,
    );
  } finally {
    await server.close();
  }
  if (failures > 0) {
    io.stderr.write(`corsproof demo: ${failures} step(s) did not behave as the tour expects\n`);
    return 1;
  }
  return 0;
}
