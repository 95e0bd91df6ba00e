/**
 * A minimal HTTP/1.1 server on node:net for the conformance suite. node:http's parser refuses
 * methods such as `patch` or `chicken` and normalises header lines; this one accepts any method
 * token, records request header lines exactly, and writes response header lines exactly as given
 * (order, case, duplicates, empty values). Loopback only.
 */
import net from "node:net";

export interface RawRequest {
  readonly method: string;
  readonly target: string;
  readonly headers: [string, string][];
  /** The body, latin1-decoded ("" for none). */
  readonly body: string;
}

export interface RawReply {
  readonly status: number;
  readonly headers: readonly (readonly [string, string])[];
  readonly body?: string;
}

export type RawHandler = (request: RawRequest) => RawReply;

/** Starts a server on 127.0.0.1 with an ephemeral port. */
export function startRawServer(handler: RawHandler): Promise<net.Server> {
  const server = net.createServer((socket) => {
    let buffer = Buffer.alloc(0);
    socket.on("error", () => {});
    socket.on("data", (data) => {
      buffer = Buffer.concat([buffer, data]);
      for (;;) {
        const end = buffer.indexOf("\r\n\r\n");
        if (end < 0) return;
        const lines = buffer.subarray(0, end).toString("latin1").split("\r\n");
        const [method = "", target = ""] = (lines[0] ?? "").split(" ");
        const headers = lines.slice(1).map((line): [string, string] => {
          const colon = line.indexOf(":");
          return [line.slice(0, colon), line.slice(colon + 1).trim()];
        });
        const length = Number(headers.find(([name]) => name.toLowerCase() === "content-length")?.[1] ?? 0);
        if (buffer.length < end + 4 + length) return;
        const requestBody = buffer.subarray(end + 4, end + 4 + length).toString("latin1");
        buffer = buffer.subarray(end + 4 + length);
        let reply: RawReply;
        try {
          reply = handler({ method, target, headers, body: requestBody });
        } catch (error) {
          reply = { status: 500, headers: [["X-Harness-Error", String(error).replace(/[\r\n]/g, " ")]] };
        }
        const noBody = method === "HEAD" || reply.status === 204 || reply.status === 304;
        const body = Buffer.from(noBody ? "" : (reply.body ?? ""), "latin1");
        let head = `HTTP/1.1 ${reply.status} Status\r\n`;
        for (const [name, value] of reply.headers) head += `${name}: ${value}\r\n`;
        head += `${reply.status === 204 ? "" : `Content-Length: ${noBody && method === "HEAD" ? 0 : body.length}\r\n`}Connection: keep-alive\r\n\r\n`;
        socket.write(Buffer.concat([Buffer.from(head, "latin1"), body]));
      }
    });
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

/** The port a started server listens on. */
export function portOf(server: net.Server): number {
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("server not listening");
  return address.port;
}
