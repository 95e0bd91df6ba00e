/**
 * `corsproof serve`: the demo API, or a CORS gateway in front of an upstream, under a policy.
 * Without --config the policy is the classic default tutorials show (any origin, the usual
 * methods, requested headers echoed), so it behaves as people expect from `cors()`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { type AddressInfo, isIP } from "node:net";
import { withCors } from "../../adapters/node.js";
import type { CorsDecision, CorsOptions } from "../../index.js";
import { httpUrl, integer, parse } from "../args.js";
import { loadPolicyFile } from "../config-file.js";
import { createDemoApi, DEMO_ROUTES } from "../demo-api.js";
import { assertUpstreamIsNotSelf, createGateway, DEFAULT_TIMEOUTS, type Gateway, type GatewayTimeouts, newViaToken } from "../gateway/index.js";
import type { CliIo } from "../io.js";
import { UsageError } from "../usage-error.js";

/** The classic default: what `cors()` does, which `serve` reproduces without --config. */
export const CLASSIC_DEFAULT_POLICY: CorsOptions = { origin: "*" };

/** Documented defaults of the limits (README, --help). */
export const SERVE_DEFAULTS = {
  maxBodyBytes: 10 * 1024 * 1024,
  /** Below a typical 1024 fd limit together with the upstream sockets. */
  maxConnections: 512,
  maxUpstreamSockets: 256,
} as const;

export const SERVE_HELP = `Usage: corsproof serve [--config policy.json|policy.mjs] [--host 127.0.0.1] [--port 3000] [--upstream <url>]

Serves the demo API (or, with --upstream, a CORS gateway in front of an API without CORS support)
under a CORS policy. Logs one line per request with the CORS decision.

Options:
  --config <file>               policy with the library's option names: JSON, or a .js/.mjs/.cjs
                                module whose default export is the options (for RegExp and function
                                origins). Default: any origin, methods GET,HEAD,PUT,PATCH,POST,DELETE,
                                requested headers echoed
  --host <host>                 address to bind (default 127.0.0.1)
  --port <port>                 port (default 3000; 0 picks a free one)
  --max-connections <n>         client connections open at once; more are dropped (default ${SERVE_DEFAULTS.maxConnections})
  --quiet                       no request log
  -h, --help                    this help

Gateway (--upstream <url>): only that origin is ever contacted, under its path.
  --upstream <url>              forward non-preflight requests to this API
  --max-body <bytes>            largest request body forwarded; more is 413 (default ${SERVE_DEFAULTS.maxBodyBytes})
  --max-upstream-sockets <n>    sockets open to the upstream at once (default ${SERVE_DEFAULTS.maxUpstreamSockets})
  --connect-timeout <ms>        connect to the upstream, incl. waiting for a free socket (default ${DEFAULT_TIMEOUTS.connectMs}; 503/504)
  --response-timeout <ms>       end of request to the upstream's response headers (default ${DEFAULT_TIMEOUTS.responseHeadersMs}; 504)
  --idle-timeout <ms>           longest pause between body chunks, each direction (default ${DEFAULT_TIMEOUTS.idleMs})
  --stream-idle-timeout <ms>    the same for text/event-stream responses (default ${DEFAULT_TIMEOUTS.streamIdleMs})
  --client-body-timeout <ms>    longest pause in the client's request body (default ${DEFAULT_TIMEOUTS.clientBodyMs}; 408)
  --trust-proxy <addr>          peer address that is a proxy: keep and extend its Forwarded and
                                X-Forwarded-* headers (repeatable; default: replace them)
  Timeouts of 0 are off.

Demo API routes:
${DEMO_ROUTES.map((r) => `  ${r}`).join("\n")}
`;

/** What a running server exposes to its caller. */
export interface RunningServer {
  readonly url: string;
  readonly server: Server;
  /** Stops accepting, lets in-flight requests finish (up to 5 s), then closes. */
  close(): Promise<void>;
}

/** Settings of {@link startServer}. */
export interface ServerSettings {
  readonly policy: CorsOptions;
  readonly host: string;
  readonly port: number;
  readonly upstream?: URL | undefined;
  readonly maxBodyBytes?: number;
  readonly timeouts?: Partial<GatewayTimeouts>;
  readonly maxConnections?: number;
  readonly maxUpstreamSockets?: number;
  readonly trustProxy?: readonly string[];
  /** One line per request. */
  readonly log?: ((line: string) => void) | undefined;
  /** Gateway failures with their internal details (upstream address, error code). */
  readonly errorLog?: ((line: string) => void) | undefined;
}

function describe(d: CorsDecision, origin: string | undefined): string {
  if (origin === undefined) return "no-origin";
  if (d.preflight) return d.allowed ? "preflight-allowed" : `preflight-denied(${d.denial})`;
  return d.allowed ? "allowed" : `denied(${d.denial})`;
}

const LISTEN_HINTS: Record<string, string> = {
  EADDRINUSE: "choose another --port",
  EADDRNOTAVAIL: "--host must be an address of this machine, such as 127.0.0.1",
  EACCES: "ports below 1024 need privileges; choose another --port",
  ENOTFOUND: "--host does not resolve; use an IP address such as 127.0.0.1",
  EAI_AGAIN: "--host does not resolve; use an IP address such as 127.0.0.1",
};

/** Any listen failure as one line for the user (exit 2), never a stack trace. */
function listenError(e: NodeJS.ErrnoException, host: string, port: number): UsageError {
  const code = e.code ?? "error";
  return new UsageError(`cannot listen on ${host}:${port}: ${code} (${LISTEN_HINTS[code] ?? e.message})`);
}

function closeServer(server: Server): Promise<void> {
  return new Promise<void>((resolve) => {
    const force = setTimeout(() => server.closeAllConnections(), 5000);
    server.close(() => {
      clearTimeout(force);
      resolve();
    });
    server.closeIdleConnections();
  });
}

function gatewayFor(settings: ServerSettings, upstream: URL): Gateway {
  return createGateway({
    upstream,
    maxBodyBytes: settings.maxBodyBytes ?? SERVE_DEFAULTS.maxBodyBytes,
    timeouts: { ...DEFAULT_TIMEOUTS, ...settings.timeouts },
    maxUpstreamSockets: settings.maxUpstreamSockets ?? SERVE_DEFAULTS.maxUpstreamSockets,
    trustProxy: settings.trustProxy ?? [],
    ownsTimingAllowOrigin: settings.policy.timingAllowOrigin !== undefined && settings.policy.timingAllowOrigin !== false,
    viaToken: newViaToken(),
    log: settings.errorLog,
  });
}

/** Starts the demo API or the gateway under the policy; resolves once listening. */
export async function startServer(settings: ServerSettings): Promise<RunningServer> {
  const gateway = settings.upstream ? gatewayFor(settings, settings.upstream) : undefined;
  const handler = gateway?.handle ?? createDemoApi();
  const log = settings.log;
  const decisions = new WeakMap<object, CorsDecision>();
  const cors = withCors(handler, settings.policy, log ? { onDecision: (d, req) => decisions.set(req, d) } : {});
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    if (log) {
      const started = Date.now();
      res.once("finish", () => {
        const origin = req.headers.origin;
        const d = decisions.get(req);
        const cors = d === undefined ? "-" : describe(d, origin);
        log(
          `${new Date(started).toISOString()} ${req.method} ${req.url} origin=${origin ?? "-"} cors=${cors} status=${res.statusCode} ${Date.now() - started}ms`,
        );
      });
    }
    cors(req, res);
  };
  const server = createServer(listener);
  server.maxConnections = settings.maxConnections ?? SERVE_DEFAULTS.maxConnections;
  // Node drops connections over the cap silently; say so, at most once a second.
  let lastDropLog = 0;
  server.on("drop", () => {
    if (settings.errorLog === undefined || Date.now() - lastDropLog < 1000) return;
    lastDropLog = Date.now();
    settings.errorLog(`serve: connection dropped, ${server.maxConnections} client connections already open (--max-connections)`);
  });
  // The gateway sends `100 Continue` itself, after checking Content-Length against --max-body.
  if (gateway) server.on("checkContinue", listener);
  // CONNECT (authority-form) would make the gateway a tunnel: refuse it (Node would just drop it).
  server.on("connect", (_req, socket) => {
    socket.on("error", () => {});
    socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(settings.port, settings.host, () => resolve());
    });
  } catch (e) {
    gateway?.close();
    throw listenError(e as NodeJS.ErrnoException, settings.host, settings.port);
  }
  const address = server.address() as AddressInfo;
  const close = async () => {
    await closeServer(server);
    gateway?.close();
  };
  if (settings.upstream) {
    try {
      await assertUpstreamIsNotSelf(settings.upstream, address.address, address.port);
    } catch (e) {
      await close();
      const err = e as NodeJS.ErrnoException;
      throw new UsageError(err.code ? `cannot resolve --upstream host ${settings.upstream.hostname} (${err.code})` : err.message);
    }
  }
  const host = settings.host.includes(":") ? `[${settings.host}]` : settings.host;
  return { url: `http://${host}:${address.port}`, server, close };
}

/** `--upstream`: an origin and base path only; credentials in it would be sent to the upstream on every request. */
function upstreamUrl(value: string): URL {
  const url = httpUrl("--upstream", value);
  if (url.username !== "" || url.password !== "")
    throw new UsageError("--upstream must not contain user:password@ (the gateway never sends credentials of its own)");
  if (url.search !== "" || url.hash !== "") throw new UsageError("--upstream must not have a query or fragment; give the origin and base path only");
  return url;
}

/** `--trust-proxy`: an IP address as the socket reports it (the gateway compares peer addresses exactly). */
function proxyAddress(value: string): string {
  if (isIP(value) === 0) throw new UsageError(`--trust-proxy must be an IP address such as 127.0.0.1, not '${value}'`);
  return value;
}

export async function serveCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values } = parse(
    "serve",
    argv,
    {
      config: { type: "string" },
      host: { type: "string", default: "127.0.0.1" },
      port: { type: "string" },
      upstream: { type: "string" },
      "max-body": { type: "string" },
      "max-connections": { type: "string" },
      "max-upstream-sockets": { type: "string" },
      "connect-timeout": { type: "string" },
      "response-timeout": { type: "string" },
      "idle-timeout": { type: "string" },
      "stream-idle-timeout": { type: "string" },
      "client-body-timeout": { type: "string" },
      "trust-proxy": { type: "string", multiple: true },
      quiet: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
    0,
  );
  if (values.help) {
    io.stdout.write(SERVE_HELP);
    return 0;
  }
  const ms = (flag: "connect-timeout" | "response-timeout" | "idle-timeout" | "stream-idle-timeout" | "client-body-timeout", fallback: number) =>
    integer(`--${flag}`, values[flag], fallback, 0, 86_400_000);
  const settings: ServerSettings = {
    policy: values.config ? await loadPolicyFile(values.config) : CLASSIC_DEFAULT_POLICY,
    host: values.host as string,
    port: integer("--port", values.port, 3000, 0, 65535),
    upstream: values.upstream ? upstreamUrl(values.upstream) : undefined,
    maxBodyBytes: integer("--max-body", values["max-body"], SERVE_DEFAULTS.maxBodyBytes, 0, 2 ** 40),
    maxConnections: integer("--max-connections", values["max-connections"], SERVE_DEFAULTS.maxConnections, 1, 1_000_000),
    maxUpstreamSockets: integer("--max-upstream-sockets", values["max-upstream-sockets"], SERVE_DEFAULTS.maxUpstreamSockets, 1, 1_000_000),
    timeouts: {
      connectMs: ms("connect-timeout", DEFAULT_TIMEOUTS.connectMs),
      responseHeadersMs: ms("response-timeout", DEFAULT_TIMEOUTS.responseHeadersMs),
      idleMs: ms("idle-timeout", DEFAULT_TIMEOUTS.idleMs),
      streamIdleMs: ms("stream-idle-timeout", DEFAULT_TIMEOUTS.streamIdleMs),
      clientBodyMs: ms("client-body-timeout", DEFAULT_TIMEOUTS.clientBodyMs),
    },
    trustProxy: (values["trust-proxy"] ?? []).map(proxyAddress),
    log: values.quiet ? undefined : (line) => io.stdout.write(`${line}\n`),
    errorLog: (line) => io.stderr.write(`${line}\n`),
  };
  const running = await startServer(settings);
  io.stdout.write(
    `corsproof serve: ${settings.upstream ? `gateway to ${settings.upstream.origin}` : "demo API"} on ${running.url} ` +
      `(policy: ${values.config ?? "classic default, any origin"}). Ctrl-C stops.\n`,
  );
  const signal = await (io.stopSignal ?? new Promise<string>(() => {}));
  io.stdout.write(`corsproof serve: ${signal}, finishing in-flight requests (again to stop now)\n`);
  await running.close();
  return 0;
}
