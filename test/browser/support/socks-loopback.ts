/**
 * A SOCKS5 server (RFC 1928, CONNECT with no authentication only) that connects every request for
 * a name in `names`, or for a loopback address, to 127.0.0.1 on the requested port, and refuses
 * anything else. It plays the part of Chromium's `--host-resolver-rules=MAP` and Firefox's
 * `network.dns.localDomains` for WebKitGTK, which has neither: libsoup hands a SOCKS proxy the host
 * name unresolved and then writes the HTTP request unchanged (origin-form request line, same header
 * lines) into the tunnel, so the test servers receive exactly the bytes of a direct connection,
 * which an HTTP proxy (absolute-form request line) would not give.
 *
 * Written here rather than taken from npm: the only SOCKS5 server package (`socksv5`) has had no
 * release since 2015, and the CONNECT subset the suite needs is one small state machine.
 */
import net from "node:net";

const LOOPBACK = new Set(["127.0.0.1", "localhost"]);
/** Longest greeting or request the protocol allows (a 255-byte name plus framing). */
const MAX_MESSAGE = 512;

/** A running SOCKS server; `close` ends every tunnel still open, so it never waits on the browser's sockets. */
export interface SocksLoopback {
  readonly port: number;
  close(): Promise<void>;
}

/** Starts the server on 127.0.0.1 with an ephemeral port. */
export function startSocksLoopback(names: readonly string[]): Promise<SocksLoopback> {
  const allowed = new Set([...names.map((n) => n.toLowerCase()), ...LOOPBACK]);
  const open = new Set<net.Socket>();
  const track = (socket: net.Socket) => {
    open.add(socket);
    socket.once("close", () => open.delete(socket));
  };
  const server = net.createServer((client) => {
    track(client);
    client.on("error", () => client.destroy());
    client.setTimeout(30_000, () => client.destroy());
    let buffer = Buffer.alloc(0);
    let greeted = false;
    const onData = (data: Buffer) => {
      buffer = Buffer.concat([buffer, data]);
      if (buffer.length > MAX_MESSAGE) return client.destroy();
      if (!greeted) {
        // VER, NMETHODS, METHODS: answer "no authentication" when offered.
        if (buffer.length < 2 || buffer.length < 2 + buffer[1]!) return;
        const methods = buffer.subarray(2, 2 + buffer[1]!);
        if (buffer[0] !== 5 || !methods.includes(0)) return client.end(Buffer.from([5, 0xff]));
        buffer = buffer.subarray(2 + buffer[1]!);
        greeted = true;
        client.write(Buffer.from([5, 0]));
      }
      // VER, CMD, RSV, ATYP, DST.ADDR, DST.PORT.
      if (buffer.length < 5) return;
      const atyp = buffer[3];
      const addressLength = atyp === 1 ? 4 : atyp === 3 ? 1 + buffer[4]! : atyp === 4 ? 16 : -1;
      if (buffer[0] !== 5 || buffer[1] !== 1 || addressLength < 0) return reply(client, 7);
      if (buffer.length < 4 + addressLength + 2) return;
      const host = atyp === 1 ? [...buffer.subarray(4, 8)].join(".") : atyp === 3 ? buffer.subarray(5, 5 + buffer[4]!).toString("latin1") : "";
      const port = buffer.readUInt16BE(4 + addressLength);
      client.off("data", onData);
      // Not a name the suite maps: "connection not allowed by ruleset", nothing leaves the machine.
      if (!allowed.has(host.toLowerCase())) return reply(client, 2);
      const upstream = net.connect(port, "127.0.0.1", () => {
        client.setTimeout(0);
        reply(client, 0, false);
        client.pipe(upstream);
        upstream.pipe(client);
      });
      track(upstream);
      upstream.on("error", () => (upstream.connecting ? reply(client, 5) : client.destroy()));
      client.on("close", () => upstream.destroy());
    };
    client.on("data", onData);
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({
        port: (server.address() as net.AddressInfo).port,
        close: () => {
          const closed = new Promise<void>((r) => server.close(() => r()));
          for (const socket of open) socket.destroy();
          return closed;
        },
      }),
    ),
  );
}

/** Sends a reply with status `rep` (0 success, 2 not allowed, 5 refused, 7 unsupported), bound address 0.0.0.0:0. */
function reply(client: net.Socket, rep: number, end = true): void {
  const message = Buffer.from([5, rep, 0, 1, 0, 0, 0, 0, 0, 0]);
  if (end) client.end(message);
  else client.write(message);
}
