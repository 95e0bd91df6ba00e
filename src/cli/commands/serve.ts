/**
 * `corsproof serve`: the demo API, or a CORS gateway in front of an upstream, under a policy.
 * Without --config the policy is the classic default tutorials show (any origin, the usual
 * methods, requested headers echoed), so it behaves as people expect from `cors()`.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { withCors } from "../../adapters/node.js";
import type { CorsDecision, CorsOptions } from "../../index.js";
import { httpUrl, integer, parse } from "../args.js";
import { loadPolicyFile } from "../config-file.js";
import { createDemoApi, DEMO_ROUTES } from "../demo-api.js";
import { createGateway } from "../gateway.js";
import type { CliIo } from "../io.js";

/** The classic default: what `cors()` does, which `serve` reproduces without --config. */
export const CLASSIC_DEFAULT_POLICY: CorsOptions = { origin: "*" };

export const SERVE_HELP = `Usage: corsproof serve [--config policy.json] [--host 127.0.0.1] [--port 3000] [--upstream <url>]

Serves the demo API (or, with --upstream, a CORS gateway in front of an API without CORS support)
under a CORS policy. Logs one line per request with the CORS decision.

Options:
  --config <file>     policy as JSON, with the library's option names (default: any origin,
                      methods GET,HEAD,PUT,PATCH,POST,DELETE, requested headers echoed)
  --host <host>       address to bind (default 127.0.0.1)
  --port <port>       port (default 3000; 0 picks a free one)
  --upstream <url>    forward non-preflight requests to this API (CORS gateway mode)
  --timeout <ms>      gateway: time the upstream has to answer (default 30000)
  --max-body <bytes>  gateway: largest request body forwarded (default 10485760)
  --quiet             no request log
  -h, --help          this help

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
  readonly timeoutMs?: number;
  readonly maxBodyBytes?: number;
  readonly log?: ((line: string) => void) | undefined;
}

function describe(d: CorsDecision, origin: string | undefined): string {
  if (origin === undefined) return "no-origin";
  if (d.preflight) return d.allowed ? "preflight-allowed" : `preflight-denied(${d.denial})`;
  return d.allowed ? "allowed" : `denied(${d.denial})`;
}

/** Starts the demo API or the gateway under the policy; resolves once listening. */
export async function startServer(settings: ServerSettings): Promise<RunningServer> {
  const handler = settings.upstream
    ? createGateway({ upstream: settings.upstream, timeoutMs: settings.timeoutMs ?? 30_000, maxBodyBytes: settings.maxBodyBytes ?? 10 * 1024 * 1024 })
    : createDemoApi();
  const log = settings.log;
  const decisions = new WeakMap<object, CorsDecision>();
  const cors = withCors(handler, settings.policy, log ? { onDecision: (d, req) => decisions.set(req, d) } : {});
  const server = createServer((req, res) => {
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
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(settings.port, settings.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = settings.host.includes(":") ? `[${settings.host}]` : settings.host;
  return {
    url: `http://${host}:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        const force = setTimeout(() => server.closeAllConnections(), 5000);
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
        server.closeIdleConnections();
      }),
  };
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
      timeout: { type: "string" },
      "max-body": { type: "string" },
      quiet: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
    0,
  );
  if (values.help) {
    io.stdout.write(SERVE_HELP);
    return 0;
  }
  const settings: ServerSettings = {
    policy: values.config ? await loadPolicyFile(values.config) : CLASSIC_DEFAULT_POLICY,
    host: values.host as string,
    port: integer("--port", values.port, 3000, 0, 65535),
    upstream: values.upstream ? httpUrl("--upstream", values.upstream) : undefined,
    timeoutMs: integer("--timeout", values.timeout, 30_000, 1, 3_600_000),
    maxBodyBytes: integer("--max-body", values["max-body"], 10 * 1024 * 1024, 0, 2 ** 40),
    log: values.quiet ? undefined : (line) => io.stdout.write(`${line}\n`),
  };
  const running = await startServer(settings);
  io.stdout.write(
    `corsproof serve: ${settings.upstream ? `gateway to ${settings.upstream.origin}` : "demo API"} on ${running.url} ` +
      `(policy: ${values.config ?? "classic default, any origin"}). Ctrl-C stops.\n`,
  );
  const signal = await (io.stopSignal ?? new Promise<string>(() => {}));
  io.stdout.write(`corsproof serve: ${signal}, finishing in-flight requests\n`);
  await running.close();
  return 0;
}
