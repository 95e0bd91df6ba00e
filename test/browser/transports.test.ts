import http from "node:http";
import net, { type AddressInfo } from "node:net";
import zlib from "node:zlib";
import express from "express";
import { describe, expect, it } from "vitest";
import { CorsExpectationError, chromium, expectCors, explainRequest, httpTransport, nodeListenerTransport, simulateFetch } from "../../src/browser/index.js";

const PAGE = "https://app.example.com";

function listenOn(server: net.Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)));
}

/** A bare listener that writes duplicate Access-Control-Allow-Origin lines and a chunked body. */
const duplicating: http.RequestListener = (req, res) => {
  res.writeHead(200, ["Access-Control-Allow-Origin", PAGE, "Access-Control-Allow-Origin", PAGE, "X-Method", req.method ?? ""]);
  res.write("chunk1,");
  res.end("chunk2");
};

describe("nodeListenerTransport", () => {
  it("hands the listener real request objects and returns header lines as written, duplicates kept", async () => {
    const response = await nodeListenerTransport(duplicating).send({ method: "patch", url: `${PAGE}/x`, headers: [["Origin", PAGE]] });
    expect(response.status).toBe(200);
    expect(response.headers.filter(([n]) => n === "Access-Control-Allow-Origin")).toHaveLength(2);
    expect(response.headers).toContainEqual(["X-Method", "patch"]);
    expect(response.body).toBe("chunk1,chunk2");
  });

  it("runs an Express app in-process", async () => {
    const app = express();
    app.use(express.json());
    app.put("/items/:id", (req, res) => {
      res.set("Access-Control-Allow-Origin", PAGE).json({ id: req.params.id, body: req.body });
    });
    const response = await nodeListenerTransport(app).send({
      method: "PUT",
      url: "https://api.example.com/items/7",
      headers: [["Content-Type", "application/json"]],
      body: new TextEncoder().encode('{"a":1}'),
    });
    expect(JSON.parse(response.body ?? "")).toEqual({ id: "7", body: { a: 1 } });
  });
});

describe("httpTransport", () => {
  it("sends exactly the given headers over a real socket and keeps duplicate response lines", async () => {
    let received: string[] = [];
    const server = http.createServer((req, res) => {
      received = req.rawHeaders;
      duplicating(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    try {
      // PAGE is a public name and the server is on loopback: Local Network Access asks the user first.
      const r = await simulateFetch({ url: `http://127.0.0.1:${port}/x`, origin: PAGE }, { transport: httpTransport(), localNetworkAccess: "granted" });
      // Chromium's lines for a cross-site GET to a loopback (potentially trustworthy) URL; no Referer
      // from an https page to an http URL (strict-origin-when-cross-origin).
      const ua = chromium.wire?.userAgent ?? "";
      expect(received).toEqual([
        ...["Host", `127.0.0.1:${port}`, "Connection", "keep-alive", "sec-ch-ua-platform", '"Linux"', "User-Agent", ua],
        ...["sec-ch-ua", chromium.wire?.secChUa, "sec-ch-ua-mobile", "?0", "Accept", "*/*", "Origin", PAGE],
        ...["Sec-Fetch-Site", "cross-site", "Sec-Fetch-Mode", "cors", "Sec-Fetch-Dest", "empty"],
        ...["Accept-Encoding", "gzip, deflate, br, zstd", "Accept-Language", "en-US,en;q=0.9"],
      ]);
      expect(r.error?.code).toBe("MultipleAllowOriginValues");
      expect(r.message).toContain(`The 'Access-Control-Allow-Origin' header contains multiple values '${PAGE}, ${PAGE}'`);
    } finally {
      server.close();
    }
  });

  it("frames a hand-made request (Host first, Content-Length for a body) and writes the method as given", async () => {
    let seen: { method: string | undefined; raw: string[] } = { method: undefined, raw: [] };
    const server = http.createServer((req, res) => {
      seen = { method: req.method, raw: req.rawHeaders };
      req.resume();
      req.on("end", () => res.end("ok"));
    });
    const port = await listenOn(server);
    try {
      await httpTransport().send({ method: "DELETE", url: `http://127.0.0.1:${port}/x`, headers: [["Origin", PAGE]], body: new Uint8Array([1, 2]) });
      expect(seen).toEqual({ method: "DELETE", raw: ["Host", `127.0.0.1:${port}`, "Origin", PAGE, "Content-Length", "2"] });
    } finally {
      server.close();
    }
  });

  it("decodes gzip, deflate and br bodies as the browser does, and keeps the raw header lines", async () => {
    const text = "body ".repeat(100);
    const encoders: Record<string, (b: Buffer) => Buffer> = { gzip: zlib.gzipSync, deflate: zlib.deflateSync, br: zlib.brotliCompressSync };
    const server = http.createServer((req, res) => {
      const coding = req.url?.slice(1) ?? "";
      res.writeHead(200, { "Content-Encoding": coding });
      res.end(encoders[coding]!(Buffer.from(text)));
    });
    const port = await listenOn(server);
    try {
      for (const coding of Object.keys(encoders)) {
        const r = await httpTransport().send({ method: "GET", url: `http://127.0.0.1:${port}/${coding}`, headers: [] });
        expect(r.body).toBe(text);
        expect(r.headers).toContainEqual(["Content-Encoding", coding]);
      }
    } finally {
      server.close();
    }
  });

  it("bounds what it reads: response headers over 256 KiB are a network error, as in Chromium", async () => {
    const server = http.createServer({ maxHeaderSize: 1 << 20 }, (_req, res) => {
      res.writeHead(200, { "X-Big": "a".repeat(300 * 1024) });
      res.end();
    });
    const port = await listenOn(server);
    try {
      await expect(httpTransport().send({ method: "GET", url: `http://127.0.0.1:${port}/`, headers: [] })).rejects.toThrow(/HPE_HEADER_OVERFLOW/);
    } finally {
      server.close();
    }
  });

  it("stops on an AbortSignal and refuses header values with CR or LF", async () => {
    const silent = net.createServer((socket) => socket.on("error", () => {}));
    const port = await listenOn(silent);
    try {
      const controller = new AbortController();
      const sending = httpTransport({ signal: controller.signal }).send({ method: "GET", url: `http://127.0.0.1:${port}/`, headers: [] });
      setTimeout(() => controller.abort(new Error("max-time reached")), 50);
      await expect(sending).rejects.toThrow("aborted: max-time reached");
      const injected = httpTransport().send({ method: "GET", url: `http://127.0.0.1:${port}/`, headers: [["X-A", "1\r\nX-B: 2"]] });
      await expect(injected).rejects.toThrow("refusing to send a request line or header containing CR, LF or NUL");
    } finally {
      silent.close();
    }
  });

  it("keeps the connection alive like the browser: a preflight and its request share one, a closed idle one is replaced", async () => {
    const connections: string[] = [];
    const server = http.createServer((req, res) => {
      connections.push(`${req.socket.remotePort}`);
      res.writeHead(req.method === "OPTIONS" ? 204 : 200, { "Access-Control-Allow-Origin": PAGE, "Access-Control-Allow-Methods": "PUT" });
      res.end();
    });
    const port = await listenOn(server);
    try {
      const transport = httpTransport();
      const r = await simulateFetch({ url: `http://127.0.0.1:${port}/x`, origin: PAGE, method: "PUT" }, { transport });
      expect(r.allowed).toBe(true);
      expect(connections).toHaveLength(2);
      expect(new Set(connections).size).toBe(1);
      // The server closes its idle connection; the next request notices and goes on a new one.
      server.closeIdleConnections();
      const again = await simulateFetch({ url: `http://127.0.0.1:${port}/x`, origin: PAGE, method: "PUT" }, { transport });
      expect(again.allowed).toBe(true);
      expect(new Set(connections).size).toBe(2);
    } finally {
      server.close();
    }
  });

  it("reports an unreachable server as a network failure", async () => {
    const r = await simulateFetch({ url: "http://127.0.0.1:9/x", origin: PAGE }, { transport: httpTransport({ timeout: 2000 }) });
    expect(r.error?.code).toBe("NetworkFailure");
    expect(r.error?.hint).toBe("connection refused by 127.0.0.1:9");
    expect(r.trace).toHaveLength(1);
    expect(r.trace[0]?.response).toBeNull();
  });
});

describe("expectCors test helper", () => {
  const app = express();
  app.use((req, res, next) => {
    if (req.headers.origin === PAGE) {
      res.set({ "Access-Control-Allow-Origin": PAGE, "Access-Control-Allow-Credentials": "true", Vary: "Origin" });
      if (req.method === "OPTIONS") {
        res.set({ "Access-Control-Allow-Methods": "PUT", "Access-Control-Allow-Headers": "Content-Type, Authorization" }).status(204).end();
        return;
      }
    }
    next();
  });
  app.put("/items/1", (_req, res) => {
    res.set("X-Total", "1").json({ ok: true });
  });

  it("passes when the browser would allow the request", async () => {
    const result = await expectCors(
      app,
      {
        url: "https://api.example.com/items/1",
        origin: PAGE,
        method: "PUT",
        headers: { "Content-Type": "application/json", Authorization: "Bearer t" },
        body: "{}",
        credentials: "include",
      },
      { allowed: true, preflight: true },
    );
    expect(result.exposedHeaders).toContain("content-type");
  });

  it("throws with the console message and a fix when it would not", async () => {
    const attempt = expectCors(
      app,
      { url: "https://api.example.com/items/1", origin: PAGE, method: "PUT", headers: { "X-Trace": "1" } },
      { allowed: true, exposes: ["x-total"] },
    );
    await expect(attempt).rejects.toBeInstanceOf(CorsExpectationError);
    await expect(attempt).rejects.toThrow(
      /Request header field x-trace is not allowed by Access-Control-Allow-Headers in preflight response\.\nLikely cause: The CORS layer allows https:\/\/app\.example\.com but not the request header `x-trace`: add it to `allowedHeaders`\.\nFix: Add `x-trace`[^\n]*\nIn the CORS configuration: add `x-trace` to `allowedHeaders`\./,
    );
  });

  it("accepts Fetch handlers", async () => {
    const handler = async (_request: Request) => new Response("x", { headers: { "Access-Control-Allow-Origin": "*" } });
    await expectCors(handler, { url: "https://api.example.com/", origin: PAGE }, { allowed: true, preflight: false, message: null });
  });
});

describe("explainRequest", () => {
  it("lists every preflight reason, the exact preflight, and the minimal headers to send", () => {
    const e = explainRequest({
      url: "https://api.example.com/items",
      origin: PAGE,
      method: "PUT",
      headers: { "Content-Type": "application/json", Authorization: "Bearer t", "User-Agent": "x" },
      credentials: "include",
    });
    expect(e.preflight.reasons.map((r) => r.text)).toEqual([
      "method PUT is not a CORS-safelisted method (GET, HEAD, POST)",
      'header content-type: value "application/json" is not safelisted (must be a MIME type whose essence is application/x-www-form-urlencoded, multipart/form-data or text/plain, without CORS-unsafe bytes)',
      "header authorization is not a CORS-safelisted request header",
    ]);
    expect(e.preflight.request?.headers).toEqual([
      ["Accept", "*/*"],
      ["Access-Control-Request-Method", "PUT"],
      ["Access-Control-Request-Headers", "authorization,content-type"],
      ["Origin", PAGE],
    ]);
    expect(e.required?.preflight).toEqual([
      ["Access-Control-Allow-Origin", PAGE],
      ["Access-Control-Allow-Credentials", "true"],
      ["Access-Control-Allow-Methods", "PUT"],
      ["Access-Control-Allow-Headers", "authorization, content-type"],
    ]);
    expect(e.notes[0]).toBe("The browser silently drops these headers: user-agent.");
  });

  it("reports what fetch() would throw", () => {
    expect(explainRequest({ url: "https://api.example.com/", origin: PAGE, method: "TRACE" }).exception).toBe(
      "TypeError: Failed to execute 'fetch' on 'Window': 'TRACE' HTTP method is unsupported.",
    );
  });
});
