/**
 * Every server-side failure the browser model reports, produced by a bare server, gets a fix that
 * works when APPLIED: the headers `check` says the server must send, sent by a bare server, and the
 * corsproof options it suggests (what the server sent plus what the request needs), mounted in
 * front of the same handler, both make the browser model allow the request.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { afterAll, describe, expect, it } from "vitest";
import { withCors } from "../../src/adapters/node.js";
import { type BrowserRequest, type CorsErrorCode, type CredentialsMode, nodeListenerTransport, simulateFetch } from "../../src/browser/index.js";
import { main } from "../../src/cli/main.js";
import { listen } from "../support/http.js";
import { captureIo } from "./capture-io.js";

const APP = "https://app.example.com";
type Headers = Record<string, string | string[]>;
interface Case {
  readonly code: CorsErrorCode;
  /** Request flags beyond the URL and origin. */
  readonly flags: readonly string[];
  readonly preflight?: { status?: number; headers: Headers };
  readonly actual: Headers;
}

const CREDS = ["--credentials", "include"];
const CASES: readonly Case[] = [
  { code: "MissingAllowOriginHeader", flags: [], actual: {} },
  { code: "AllowOriginMismatch", flags: [], actual: { "Access-Control-Allow-Origin": "https://app.example.com/" } },
  { code: "MultipleAllowOriginValues", flags: [], actual: { "Access-Control-Allow-Origin": [APP, APP] } },
  { code: "InvalidAllowOriginValue", flags: [], actual: { "Access-Control-Allow-Origin": "app.example.com" } },
  { code: "WildcardOriginNotAllowed", flags: CREDS, actual: { "Access-Control-Allow-Origin": "*" } },
  { code: "InvalidAllowCredentials", flags: CREDS, actual: { "Access-Control-Allow-Origin": APP } },
  { code: "PreflightMissingAllowOriginHeader", flags: ["-X", "PUT"], preflight: { headers: {} }, actual: { "Access-Control-Allow-Origin": APP } },
  { code: "PreflightInvalidStatus", flags: ["-X", "PUT"], preflight: { status: 404, headers: { "Access-Control-Allow-Origin": APP } }, actual: {} },
  {
    code: "PreflightWildcardOriginNotAllowed",
    flags: ["-X", "PUT", ...CREDS],
    preflight: { headers: { "Access-Control-Allow-Origin": "*", "Access-Control-Allow-Methods": "PUT" } },
    actual: {},
  },
  {
    code: "PreflightInvalidAllowCredentials",
    flags: ["-X", "PUT", ...CREDS],
    preflight: { headers: { "Access-Control-Allow-Origin": APP, "Access-Control-Allow-Methods": "PUT" } },
    actual: {},
  },
  {
    code: "MethodDisallowedByPreflightResponse",
    flags: ["-X", "DELETE"],
    preflight: { headers: { "Access-Control-Allow-Origin": APP, "Access-Control-Allow-Methods": "GET, PUT" } },
    actual: { "Access-Control-Allow-Origin": APP },
  },
  {
    code: "HeaderDisallowedByPreflightResponse",
    flags: ["-H", "X-Custom: 1", "-H", "Authorization: Bearer t"],
    preflight: { headers: { "Access-Control-Allow-Origin": APP, "Access-Control-Allow-Headers": "authorization" } },
    actual: { "Access-Control-Allow-Origin": APP },
  },
  {
    code: "InvalidAllowHeadersPreflightResponse",
    flags: ["-H", "X-Custom: 1"],
    preflight: { headers: { "Access-Control-Allow-Origin": APP, "Access-Control-Allow-Headers": "x-custom;" } },
    actual: { "Access-Control-Allow-Origin": APP },
  },
];

const closers: (() => Promise<void>)[] = [];
afterAll(() => Promise.all(closers.map((c) => c())));

function bare(preflight: Case["preflight"], actual: Headers) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const isPreflight = req.method === "OPTIONS" && preflight !== undefined;
    res.writeHead(isPreflight ? (preflight.status ?? 204) : 200, isPreflight ? preflight.headers : actual);
    res.end(isPreflight ? undefined : "ok");
  };
}

/** The request the flags describe, for the in-process re-check. */
function requestOf(flags: readonly string[]): BrowserRequest {
  const headers: [string, string][] = [];
  let method = "GET";
  let credentials: CredentialsMode = "same-origin";
  for (let i = 0; i < flags.length; i += 2) {
    const [flag, value] = [flags[i], flags[i + 1] as string];
    if (flag === "-X") method = value;
    if (flag === "-H") headers.push([value.slice(0, value.indexOf(":")), value.slice(value.indexOf(":") + 1).trim()]);
    if (flag === "--credentials") credentials = value as CredentialsMode;
  }
  return { url: "https://api.example.com/r", origin: APP, method, headers, credentials };
}

describe("every fix, applied, makes the browser allow the request", () => {
  for (const c of CASES) {
    it(c.code, async () => {
      const server = await listen(bare(c.preflight, c.actual));
      closers.push(server.close);
      const io = captureIo();
      expect(await main(["check", `${server.url}/r`, "--origin", APP, ...c.flags, "--json"], io)).toBe(1);
      const json = JSON.parse(io.out()) as {
        error: { code: string };
        fix: { headers: { preflight: [string, string][] | null; actual: [string, string][] }; options: Record<string, unknown> };
      };
      expect(json.error.code).toBe(c.code);
      const request = requestOf(c.flags);
      const byHeaders = await simulateFetch(request, {
        transport: nodeListenerTransport(
          bare(c.preflight && { headers: Object.fromEntries(json.fix.headers.preflight ?? []) }, Object.fromEntries(json.fix.headers.actual)),
        ),
      });
      expect(byHeaders.message).toBeNull();
      expect(byHeaders.allowed).toBe(true);
      const byOptions = await simulateFetch(request, { transport: nodeListenerTransport(withCors(bare(undefined, {}), json.fix.options as never)) });
      expect(byOptions.message).toBeNull();
      expect(byOptions.allowed).toBe(true);
    });
  }
});
