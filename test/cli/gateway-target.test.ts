/**
 * Issue 9, item 1-2: the gateway contacts the configured upstream only, whatever the request-target.
 * Every form from the issue over a raw socket, then a fuzzer of random request-targets; a canary
 * listener that every hostile form names must never receive a connection.
 */
import type { IncomingHttpHeaders } from "node:http";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../../src/cli/commands/serve.js";
import { mapRequestTarget } from "../../src/cli/gateway/request-target.js";
import { listen } from "../support/http.js";
import { canary, rawExchange, rawGet } from "./raw-http.js";

describe("mapRequestTarget", () => {
  const ok = (target: string, base = "/api") => {
    const m = mapRequestTarget(target, base);
    return m.ok ? m.path : `refused: ${m.reason}`;
  };
  it.each([
    ["/items?x=1", "/api/items?x=1"],
    ["/", "/api/"],
    ["/a/./b/../c", "/api/a/c"],
    ["/a/%2E/b/%2e%2E/c/", "/api/a/c/"],
    ["/a/..", "/api/"],
    ["/a/.", "/api/a/"],
    ["//169.254.169.254/latest", "/api//169.254.169.254/latest"],
    ["//user:pw@10.0.0.1:22/x", "/api//user:pw@10.0.0.1:22/x"],
    ["http://10.0.0.1:8080/x?y", "/api/x?y"],
    ["HTTPS://10.0.0.1", "/api/"],
    ["http://h?q", "/api/?q"],
    ["/group%2Fproject/files", "/api/group%2Fproject/files"],
    ["/q?a=..%2f..&b=\\", "/api/q?a=..%2f..&b=\\"],
  ])("%s -> %s", (target, path) => {
    expect(ok(target)).toBe(path);
  });
  it.each([
    ["/../x", "above the root"],
    ["/%2e%2e/x", "above the root"],
    ["/a/../../x", "above the root"],
    ["/..;/x", "parameters"],
    ["/a/..%2f..%2fx", "encoded slash"],
    ["/a/%2e%2e%5cx", "encoded slash"],
    ["/\\127.0.0.1/x", "backslash"],
    ["http://user:pw@10.0.0.1/x", "userinfo"],
    ["http:///x", "empty authority"],
    ["ftp://10.0.0.1/x", "scheme"],
    ["10.0.0.1:22", "neither"],
    ["localhost:22", "neither"],
    ["*", "asterisk"],
    ["/a#b", "fragment"],
    ["/a%zz", "percent-escape"],
    ["/a%00b", "NUL"],
    ["/caf\u00e9", "printable ASCII"],
  ])("%s is refused (%s)", (target, reason) => {
    expect(ok(target)).toMatch(new RegExp(`^refused: .*${reason}`));
  });
  it("the root base path adds nothing", () => {
    expect(ok("/x/../y", "")).toBe("/y");
  });
});

interface Seen {
  readonly host: string | undefined;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
}

/** A gateway with its own recording upstream, under `base` ("" for the upstream's root). */
async function gatewayUnder(base: string) {
  const seen: Seen[] = [];
  const up = await listen((req, res) => {
    seen.push({ host: req.headers.host, url: req.url ?? "", headers: req.headers });
    res.setHeader("Content-Type", "text/plain");
    res.end(req.url);
  });
  const g: RunningServer = await startServer({
    policy: { origin: ["https://app.example.com"] },
    host: "127.0.0.1",
    port: 0,
    upstream: new URL(`${up.url}${base}`),
  });
  return {
    base,
    seen,
    port: Number(new URL(g.url).port),
    upstreamHost: new URL(up.url).host,
    close: async () => {
      await g.close();
      await up.close();
    },
  };
}

describe("gateway request-targets over raw sockets", () => {
  let trap: Awaited<ReturnType<typeof canary>>;
  // Under a base path and at the upstream's root: without a base path, a target that a URL parser
  // reads as protocol-relative or absolute would replace the host outright (the report).
  let api: Awaited<ReturnType<typeof gatewayUnder>>;
  let root: Awaited<ReturnType<typeof gatewayUnder>>;

  beforeAll(async () => {
    trap = await canary();
    api = await gatewayUnder("/api");
    root = await gatewayUnder("");
  });
  afterAll(async () => {
    await api.close();
    await root.close();
    await trap.close();
  });

  it("maps every form from the issue onto the upstream, or refuses it with 400", async () => {
    const c = `127.0.0.1:${trap.port}`;
    // [gateway, target, status, upstream path]; path null: refused by the gateway (400 with CORS
    // headers); "parser": Node's HTTP parser refuses it before the gateway runs.
    const cases: Array<[typeof api, string, number, string | null]> = [
      [root, `//${c}/x`, 200, `//${c}/x`],
      [root, `///${c}/x`, 200, `///${c}/x`],
      [root, `/\\${c}/x`, 400, null],
      [root, `http://${c}/x`, 200, "/x"],
      [root, `//user:pw@${c}/x`, 200, `//user:pw@${c}/x`],
      [root, `http://user:pw@${c}/x`, 400, null],
      [api, `//${c}/x`, 200, `/api//${c}/x`],
      [api, `///${c}/x`, 200, `/api///${c}/x`],
      [api, `/\\${c}/x`, 400, null],
      [api, `http://${c}/x`, 200, "/api/x"],
      [api, `https://${c}/x?q=1`, 200, "/api/x?q=1"],
      [api, `//user:pw@${c}/x`, 200, `/api//user:pw@${c}/x`],
      [api, `http://user:pw@${c}/x`, 400, null],
      [api, "/../x", 400, null],
      [api, "/%2e%2e/x", 400, null],
      [api, "/%2E%2E/%2e%2e/x", 400, null],
      [api, "/a/..;/x", 400, null],
      [api, "/a/b/../x", 200, "/api/a/x"],
      [api, c, 400, "parser"],
      [api, `ftp://${c}/x`, 400, null],
    ];
    for (const [gw, target, status, path] of cases) {
      const label = `${gw.base || "(root)"} ${target}`;
      const before = gw.seen.length;
      const reply = await rawGet(gw.port, target);
      expect.soft(reply.status, label).toBe(status);
      if (path === "parser") expect.soft(gw.seen.length, label).toBe(before);
      else if (path === null) {
        expect.soft(gw.seen.length, label).toBe(before);
        expect.soft(reply.head, label).toMatch(/access-control-allow-origin: https:\/\/app\.example\.com/i);
      } else {
        expect.soft(gw.seen.at(-1)?.url, label).toBe(path);
        expect.soft(gw.seen.at(-1)?.host, label).toBe(gw.upstreamHost);
        expect.soft(gw.seen.at(-1)?.headers.authorization, label).toBeUndefined();
      }
    }
    for (const extra of [`CONNECT ${c} HTTP/1.1\r\nHost: ${c}\r\n\r\n`, "OPTIONS * HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"]) {
      expect((await rawExchange(root.port, extra)).status).toBe(400);
    }
    expect(trap.connections()).toBe(0);
  });

  it("fuzz: 10,000 random request-targets reach the configured upstream only, under its base path", async () => {
    const c = `127.0.0.1:${trap.port}`;
    const piece = fc.constantFrom(
      "/",
      "//",
      "\\",
      "/\\",
      ".",
      "..",
      "%2e",
      "%2E",
      "%2f",
      "%2F",
      "%5c",
      "%00",
      "%",
      "%zz",
      ";",
      "?",
      "#",
      "@",
      ":",
      "user:pw@",
      "http://",
      "https://",
      "HTTP://",
      "ftp://",
      "//",
      c,
      `localhost:${trap.port}`,
      `[::1]:${trap.port}`,
      "169.254.169.254",
      "*",
      "a",
      "api",
      "x=1",
      "&",
      " ",
      "\t",
      "\u00e9",
      "\u00ff",
      "\u0001",
      "~",
      "[",
      "]",
      "{",
      "|",
      "^",
      "`",
    );
    // Half the targets start like a path, so both the forwarding and the refusing paths are exercised.
    const start = fc.constantFrom("/", "/", "/a/", "", "http://h/");
    const target = fc.tuple(start, fc.array(piece, { minLength: 1, maxLength: 8 })).map(([s, parts]) => s + parts.join(""));
    const targets = fc.sample(target, { numRuns: 10_000, seed: 9 });
    const gateways = [api, root];
    const before = gateways.map((g) => g.seen.length);
    const statuses = new Map<number, number>();
    let next = 0;
    const worker = async () => {
      while (next < targets.length) {
        const i = next++;
        const target = targets[i] as string;
        const gw = gateways[i % 2] as typeof api;
        const reply = await rawExchange(gw.port, Buffer.from(`GET ${target} HTTP/1.1\r\nHost: gateway.test\r\nConnection: close\r\n\r\n`, "latin1"));
        statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
        // The gateway never fails on its own: only the upstream's answer, our 400, or Node's parser 400.
        if (reply.status !== 200 && reply.status !== 400) throw new Error(`${JSON.stringify(target)} -> ${reply.status}`);
      }
    };
    await Promise.all(Array.from({ length: 32 }, worker));
    expect(trap.connections()).toBe(0);
    const forwarded = gateways.flatMap((g, k) => g.seen.slice(before[k]).map((s) => ({ ...s, gw: g })));
    expect(forwarded.length).toBe(statuses.get(200));
    expect(forwarded.length).toBeGreaterThan(1000);
    expect(statuses.get(400)).toBeGreaterThan(1000);
    for (const s of forwarded) {
      expect(s.host).toBe(s.gw.upstreamHost);
      expect(s.url.startsWith(`${s.gw.base}/`)).toBe(true);
      expect(s.headers.authorization).toBeUndefined();
      const segments = (s.url.split("?")[0] as string).split("/").map((x) => x.replace(/%2e/gi, ".").split(";")[0]);
      expect(segments.includes("..") || segments.includes(".")).toBe(false);
    }
  }, 60_000);
});
