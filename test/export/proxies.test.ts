/**
 * The exported configuration in the real proxies (Debian's nginx 1.22, Caddy 2.6, HAProxy 2.6):
 * every config passes the target's own checker; the shared behaviour table, every row whose
 * policy a proxy can express, answers as the table says, with the browser model judging the
 * proxy's answer exactly as it judges the engine's; and each documented limit of a target is
 * pinned, so a change in it shows up here.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { corsCheck } from "../../src/browser/cors-check.js";
import { chromium, type WireResponse } from "../../src/browser/index.js";
import { evaluatePreflight } from "../../src/browser/preflight.js";
import { EXPORT_TARGETS, ExportError, type ExportTarget, exportPolicy } from "../../src/export/index.js";
import { type CorsDecision, type CorsOptions, createCorsPolicy } from "../../src/index.js";
import { corsHeadersOf } from "../support/assert-row.js";
import { type BehaviourRow, behaviourTable } from "../tables/cors-behaviour.js";
import { EXPORT_POLICIES } from "./policies.js";
import { engineOutcome, keepAliveAgent, sendProbe } from "./support/exchange.js";
import { freePort } from "../support/http.js";
import { checkConfig, type RunningProxy, startProxy, startUpstream, type Upstream, unavailable, writeConfig } from "./support/proxies.js";
import { request } from "node:http";
import { rmSync } from "node:fs";

let upstream: Upstream;
beforeAll(async () => {
  upstream = await startUpstream();
});
afterAll(async () => {
  await upstream?.close();
});

/** Sends raw header lines (duplicates kept) and returns the response as the browser model reads it. */
function sendRaw(url: string, method: string, lines: readonly [string, string][]): Promise<WireResponse & { rawHeaders: string[] }> {
  return new Promise((resolve, reject) => {
    // With raw header lines Node adds no Host, which HTTP/1.1 requires.
    const headers = ["Host", new URL(url).host, ...lines.flat()];
    const req = request(`${url}/api/items`, { method, headers, agent: false }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => {
        body += c;
      });
      res.on("end", () => {
        const headers: [string, string][] = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2) headers.push([res.rawHeaders[i] as string, res.rawHeaders[i + 1] as string]);
        resolve({ status: res.statusCode ?? 0, headers, body, rawHeaders: res.rawHeaders });
      });
    });
    req.on("error", reject);
    req.end();
  });
}

/** The engine's answer as the browser would receive it. */
function engineWire(options: CorsOptions, row: BehaviourRow): WireResponse {
  const h = row.request.headers;
  const d = createCorsPolicy(options).decide(
    row.request.method,
    h.origin,
    h["access-control-request-method"],
    h["access-control-request-headers"],
  ) as CorsDecision;
  const headers: [string, string][] = [];
  for (let i = 0; i < d.headers.length; i += 2) headers.push([d.headers[i] as string, d.headers[i + 1] as string]);
  if (d.vary !== "") headers.push(["Vary", d.vary]);
  return { status: d.endPreflight ? d.status : 200, headers };
}

/** The browser model's verdict on an answer to the row's request: null when it passes, else the failure code. */
function verdict(row: BehaviourRow, options: CorsOptions, response: WireResponse): string | null {
  const h = row.request.headers;
  const origin = h.origin as string;
  const include = options.credentials === true;
  const acrm = h["access-control-request-method"];
  if (row.request.method === "OPTIONS" && acrm !== undefined) {
    const names = (h["access-control-request-headers"] ?? "")
      .split(",")
      .map((n) => n.trim())
      .filter((n) => n !== "");
    const subject = {
      url: "http://127.0.0.1/api/items",
      method: acrm,
      headers: names.map((name) => ({ name, value: "1" })),
      origin,
      include,
      useCorsPreflight: false,
    };
    const outcome = evaluatePreflight(response, false, subject, chromium);
    return outcome.ok ? null : outcome.failure.code;
  }
  return corsCheck(response, origin, include, chromium)?.code ?? null;
}

/** Table rows grouped by policy, one proxy per group; rows a target cannot express are listed with the reason. */
function groups(target: ExportTarget): {
  runnable: Map<string, { options: CorsOptions; rows: BehaviourRow[]; files: ReturnType<typeof exportPolicy>["files"] }>;
  refused: string[];
} {
  const runnable = new Map<string, { options: CorsOptions; rows: BehaviourRow[]; files: ReturnType<typeof exportPolicy>["files"] }>();
  const refused: string[] = [];
  for (const row of behaviourTable) {
    try {
      const result = exportPolicy(row.options, { target });
      const group = runnable.get(result.digest) ?? { options: row.options, rows: [], files: result.files };
      group.rows.push(row);
      runnable.set(result.digest, group);
    } catch (e) {
      if (!(e instanceof ExportError)) throw e;
      refused.push(`${row.name}: ${e.issues.map((i) => i.path).join(", ")}`);
    }
  }
  return { runnable, refused };
}

/** Rows whose request a target refuses before any rule runs: header lines over nginx's and HAProxy's buffers (pinned in "documented limits" below). */
function limited(target: ExportTarget, row: BehaviourRow): boolean {
  return target !== "caddy" && Object.values(row.request.headers).some((v) => v.length > 8000);
}

describe.each(EXPORT_TARGETS)("%s", (target) => {
  const skip = unavailable(target);

  it.skipIf(skip)(
    `every exported policy passes ${target}'s own configuration check`,
    async () => {
      for (const options of Object.values(EXPORT_POLICIES)) {
        const dir = writeConfig(target, await freePort(), upstream.port, exportPolicy(options, { target }).files);
        try {
          await expect(checkConfig(target, dir)).resolves.toBeTypeOf("string");
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }
    },
    120_000,
  );

  it.skipIf(skip)(
    "runs the behaviour table: the table's answer, and the browser model's verdict on it equals its verdict on the engine's",
    async () => {
      const { runnable, refused } = groups(target);
      let ran = 0;
      let skipped = 0;
      for (const { options, rows, files } of runnable.values()) {
        const proxy: RunningProxy = await startProxy(target, upstream.port, files);
        try {
          for (const row of rows) {
            if (limited(target, row)) {
              skipped++;
              continue;
            }
            const seen = await sendRaw(proxy.url, row.request.method, Object.entries(row.request.headers));
            const headers = Object.fromEntries(seen.headers.map(([n, v]) => [n.toLowerCase(), v]));
            const vary = seen.headers.filter(([n]) => n.toLowerCase() === "vary").map(([, v]) => v);
            const label = `${target}: ${row.name}`;
            expect(corsHeadersOf(headers), `${label}: CORS headers`).toEqual(row.expect.headers);
            expect(vary.length > 0 ? vary.join(", ") : undefined, `${label}: Vary`).toBe(row.expect.vary);
            expect(headers["x-upstream"] === undefined, `${label}: answered by the proxy`).toBe(row.expect.handled);
            if (row.expect.handled) {
              expect(seen.status, `${label}: status`).toBe(row.expect.status);
              expect(seen.body, `${label}: empty body`).toBe("");
              // RFC 9110 §8.6 forbids Content-Length on 204; other statuses say 0.
              expect(headers["content-length"], `${label}: Content-Length`).toBe(seen.status === 204 ? undefined : "0");
            }
            for (const [name] of seen.headers) {
              if (/^access-control-/i.test(name))
                expect(
                  seen.headers.filter(([n]) => n.toLowerCase() === name.toLowerCase()),
                  `${label}: one ${name}`,
                ).toHaveLength(1);
            }
            if (row.request.headers.origin !== undefined && row.request.headers.origin !== "") {
              expect(verdict(row, options, seen), `${label}: browser verdict`).toBe(verdict(row, options, engineWire(options, row)));
            }
            ran++;
          }
        } finally {
          await proxy.stop();
        }
      }
      // Everything but origin functions, RegExps, debug and preflightContinue runs.
      expect(
        refused.every((r) => /origin|debug|preflightContinue/.test(r)),
        refused.join("\n"),
      ).toBe(true);
      expect(ran + skipped).toBe(behaviourTable.length - refused.length);
      // The 1 MiB and 16 KiB Access-Control-Request-Headers rows and the 8 KiB Origin row (origin: true).
      expect(skipped).toBeLessThanOrEqual(3);
    },
    120_000,
  );

  it.skipIf(skip)(
    "the proxy's own error answer (upstream down) carries the engine's CORS headers",
    async () => {
      const options = EXPORT_POLICIES.credentialedList as CorsOptions;
      const policy = createCorsPolicy(options);
      const proxy = await startProxy(target, await freePort(), exportPolicy(options, { target }).files);
      const agent = keepAliveAgent(1);
      try {
        for (const origin of ["https://app.example.com", "https://a.example.org", "https://evil.example.net", undefined]) {
          const seen = await sendProbe(proxy.url, agent, { method: "GET", origin, upstreamStatus: 200 });
          expect(seen.status, String(origin)).toBeGreaterThanOrEqual(502);
          const expected = engineOutcome(policy, { method: "GET", origin, upstreamStatus: seen.status });
          expect({ cors: seen.cors, vary: seen.vary }, String(origin)).toEqual({ cors: expected.cors, vary: expected.vary });
        }
      } finally {
        agent.destroy();
        await proxy.stop();
      }
    },
    120_000,
  );

  describe.skipIf(skip)("documented limits", () => {
    let proxy: RunningProxy;
    const options: CorsOptions = { origin: ["https://app.example.com"] };
    beforeAll(async () => {
      proxy = await startProxy(target, upstream.port, exportPolicy(options, { target }).files);
    });
    afterAll(async () => {
      await proxy?.stop();
    });
    const preflight = (origin: [string, string][]): [string, string][] => [...origin, ["Access-Control-Request-Method", "PUT"]];

    it("an empty Origin on a preflight: HAProxy refuses it as the engine does; nginx and Caddy cannot tell it from an absent one and pass it on", async () => {
      const seen = await sendRaw(proxy.url, "OPTIONS", preflight([["Origin", ""]]));
      if (target === "haproxy") expect(seen.status).toBe(403);
      else expect(seen.rawHeaders.map((h) => h.toLowerCase())).toContain("x-upstream");
      expect(seen.headers.filter(([n]) => /^access-control-/i.test(n))).toEqual([]);
    });

    it("two Origin lines: HAProxy and Caddy (which joins them with a comma) deny them as the engine does; nginx reads the first line", async () => {
      const seen = await sendRaw(proxy.url, "GET", [
        ["Origin", "https://app.example.com"],
        ["Origin", "https://evil.example.net"],
      ]);
      const acao = seen.headers.find(([n]) => n.toLowerCase() === "access-control-allow-origin")?.[1];
      expect(acao).toBe(target === "nginx" ? "https://app.example.com" : undefined);
    });

    it("two Access-Control-Request-Method lines: HAProxy and Caddy refuse the preflight as the engine does; nginx reads the first line", async () => {
      const seen = await sendRaw(proxy.url, "OPTIONS", [
        ["Origin", "https://app.example.com"],
        ["Access-Control-Request-Method", "PUT"],
        ["Access-Control-Request-Method", "PUT"],
      ]);
      expect(seen.status).toBe(target === "nginx" ? 204 : 403);
    });

    it("two Access-Control-Request-Headers lines: each proxy echoes its own reading (the engine echoes 'x-a, x-b')", async () => {
      const seen = await sendRaw(proxy.url, "OPTIONS", [
        ["Origin", "https://app.example.com"],
        ["Access-Control-Request-Method", "PUT"],
        ["Access-Control-Request-Headers", "x-a"],
        ["Access-Control-Request-Headers", "x-b"],
      ]);
      const echoed = seen.headers.find(([n]) => n.toLowerCase() === "access-control-allow-headers")?.[1];
      expect(echoed).toBe({ nginx: "x-a", caddy: "x-a,x-b", haproxy: "x-b" }[target]);
    });

    it("headers larger than the proxy's buffers are refused by the proxy before CORS (nginx 8 KiB, HAProxy 16 KiB; Caddy reads 1 MiB)", async () => {
      const seen = await sendRaw(
        proxy.url,
        "OPTIONS",
        preflight([
          ["Origin", "https://app.example.com"],
          ["Access-Control-Request-Headers", ",".repeat(20_000)],
        ]),
      );
      if (target === "caddy") expect(seen.status).toBe(403);
      else expect(seen.status).toBeGreaterThanOrEqual(400);
      expect(seen.headers.filter(([n]) => /^access-control-/i.test(n))).toEqual([]);
    });
  });
});
