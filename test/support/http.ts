/** Real loopback sockets for adapter tests: start a server on 127.0.0.1, send one request, read it back. */
import { type RequestListener, type Server, createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import type { Observed } from "./assert-row.js";

/** Node's default 16 KiB header limit would refuse the hostile rows before our code ran. */
const MAX_HEADER_SIZE = 4 << 20;

export async function listen(listener: RequestListener): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer({ maxHeaderSize: MAX_HEADER_SIZE }, listener);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A free loopback port (bound, then released): for servers that must be told their port up front. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface RawResponse extends Observed {
  readonly rawHeaders: readonly string[];
}

/** Sends one request with exactly the given headers; `handled` is true when the app's marker is absent. */
export function send(url: string, method: string, headers: Record<string, string>, path = "/"): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, { method, headers, maxHeaderSize: MAX_HEADER_SIZE, agent: false }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => {
        body += c;
      });
      res.on("end", () =>
        resolve({
          handled: res.headers["x-app"] === undefined,
          status: res.statusCode ?? 0,
          headers: res.headers,
          rawHeaders: res.rawHeaders,
          body,
        }),
      );
    });
    req.on("error", reject);
    req.end();
  });
}
