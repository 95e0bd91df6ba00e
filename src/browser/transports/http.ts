/**
 * A real-network {@link Transport} on node:http/node:https. Deliberately not fetch()/undici: they
 * add headers of their own and merge duplicate response headers, and the model must see the
 * header lines exactly as the server sent them.
 */
import http from "node:http";
import https from "node:https";
import type { Transport, WireRequest, WireResponse } from "../types.js";

/** Options of {@link httpTransport}. */
export interface HttpTransportOptions {
  /** Milliseconds before a request is abandoned (reported as a network failure). Default 10 000. */
  readonly timeout?: number;
  /** Largest response body kept, in bytes; the rest is read and dropped. Default 1 MiB. */
  readonly maxBodyBytes?: number;
  /** Verify TLS certificates. Default true. */
  readonly rejectUnauthorized?: boolean;
  /** Aborting it destroys the in-flight socket (a deadline for a whole run, like curl's --max-time). */
  readonly signal?: AbortSignal;
}

/**
 * Sends each request over a fresh connection with exactly the given header lines (plus the Host and
 * Content-Length a browser sends too) and returns the response's raw header lines in order.
 *
 * @example
 * const result = await simulateFetch({ url: "http://127.0.0.1:3000/api", origin: "http://localhost:5173" },
 *   { transport: httpTransport({ timeout: 5000 }) });
 */
export function httpTransport(options: HttpTransportOptions = {}): Transport {
  const timeout = options.timeout ?? 10_000;
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  return {
    send(request: WireRequest): Promise<WireResponse> {
      const url = new URL(request.url);
      const lib = url.protocol === "https:" ? https : http;
      // With raw array headers Node adds no Host line, and HTTP/1.1 servers answer 400 without one;
      // a browser sends Host first.
      const headers: string[] = ["Host", url.host];
      for (const [name, value] of request.headers) headers.push(name, value);
      if (request.body !== undefined) headers.push("Content-Length", String(request.body.byteLength));
      return new Promise((resolve, reject) => {
        const req = lib.request(url, {
          method: request.method,
          headers,
          agent: false,
          timeout,
          ...(options.signal ? { signal: options.signal } : {}),
          ...(url.protocol === "https:" ? { rejectUnauthorized: options.rejectUnauthorized ?? true } : {}),
        });
        req.on("timeout", () => req.destroy(new Error(`timed out after ${timeout} ms`)));
        req.on("error", reject);
        req.on("response", (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on("data", (chunk: Buffer) => {
            if (size < maxBodyBytes) chunks.push(chunk.subarray(0, maxBodyBytes - size));
            size += chunk.length;
          });
          res.on("error", reject);
          res.on("end", () => {
            const raw = res.rawHeaders;
            const lines: [string, string][] = [];
            for (let i = 0; i + 1 < raw.length; i += 2) lines.push([raw[i]!, raw[i + 1]!]);
            resolve({ status: res.statusCode ?? 0, headers: lines, body: Buffer.concat(chunks).toString("utf8") });
          });
        });
        req.end(request.body === undefined ? undefined : Buffer.from(request.body));
      });
    },
  };
}
