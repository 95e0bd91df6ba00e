/** Loopback helpers for gateway and serve tests: exact request bytes out, status and body back; free ports; a canary. */
import { connect, createServer, type Socket } from "node:net";
import type { AddressInfo } from "node:net";

export interface RawReply {
  readonly status: number;
  readonly head: string;
  readonly body: string;
}

/** Sends `bytes` on a fresh connection and reads until the server closes it (send Connection: close). */
export function rawExchange(port: number, bytes: string | Buffer, timeoutMs = 5000): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    const chunks: Buffer[] = [];
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`no close within ${timeoutMs} ms`)));
    socket.on("data", (c: Buffer) => chunks.push(c));
    socket.on("error", reject);
    socket.on("close", () => {
      const text = Buffer.concat(chunks).toString("latin1");
      const split = text.indexOf("\r\n\r\n");
      const head = split === -1 ? text : text.slice(0, split);
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0), head, body: split === -1 ? "" : text.slice(split + 4) });
    });
    // No half-close: Node's server aborts a request whose client sent FIN (httpAllowHalfOpen false).
    socket.write(bytes);
  });
}

/** A GET for `target` with Connection: close. */
export function rawGet(port: number, target: string, extra = ""): Promise<RawReply> {
  return rawExchange(port, `GET ${target} HTTP/1.1\r\nHost: gateway.test\r\nOrigin: https://app.example.com\r\n${extra}Connection: close\r\n\r\n`);
}

/** A TCP listener that must never be contacted; counts the connections it gets. */
export async function canary(): Promise<{ port: number; connections: () => number; close: () => Promise<void> }> {
  let count = 0;
  const sockets = new Set<Socket>();
  const server = createServer((s) => {
    count++;
    sockets.add(s);
    s.destroy();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    port: (server.address() as AddressInfo).port,
    connections: () => count,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
