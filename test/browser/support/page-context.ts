/**
 * The world of the page-context conformance suite (mixed content, Local Network Access, cookies):
 * loopback servers reached by names (`*.example.test`, `*.other.test`, `*.public.test`, all mapped
 * to 127.0.0.1), some over TLS with a self-signed certificate Chromium accepts through
 * `--ignore-certificate-errors`, and some ports declared `public` or `local` through Chromium's
 * `--ip-address-space-overrides` so that Local Network Access has something to judge.
 *
 * Every server answers {@link PAGE_PATH} with a page and anything else from the scenario named in the query
 * (`?s=<id>` for Chromium's requests, `?m=<id>` for the model's), recording each request.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { type Browser, type BrowserContext, type CDPSession, chromium, type Page } from "playwright-core";
import { type AddressSpace, addressSpaceOfIp } from "../../../src/browser/address-space.js";
import { httpTransport, type Transport } from "../../../src/browser/index.js";
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from "./chromium.js";

const TLS = {
  key: readFileSync(new URL("./tls/key.pem", import.meta.url)),
  cert: readFileSync(new URL("./tls/cert.pem", import.meta.url)),
};

/** Where every page lives on its origin: a path and a query, which Chromium's mixed-content message shows. */
export const PAGE_PATH = "/app/page";
export const PAGE_QUERY = "?v=1";

/** The servers, by role. `space` is what Chromium is told (overrides) and what the model's transport reports. */
export const SERVERS = {
  tlsApi: { tls: true, space: "loopback" },
  plainApi: { tls: false, space: "loopback" },
  tlsPage: { tls: true, space: "loopback" },
  plainPage: { tls: false, space: "loopback" },
  tlsPublicPage: { tls: true, space: "public" },
  plainPublicPage: { tls: false, space: "public" },
  tlsLocalPage: { tls: true, space: "local" },
  tlsPublicApi: { tls: true, space: "public" },
  /** Closed again once its port is known: nothing listens there. */
  closedApi: { tls: true, space: "loopback", closed: true },
} as const satisfies Record<string, { tls: boolean; space: AddressSpace; closed?: boolean }>;
export type ServerName = keyof typeof SERVERS;

/** A URL's scheme and host on a server (the port is filled in at run time). */
export interface Place {
  readonly server: ServerName;
  readonly host: string;
}

/** Where each named place lives. */
export const PLACES = {
  secureApi: { server: "tlsApi", host: "api.example.test" },
  otherApi: { server: "tlsApi", host: "api.other.test" },
  plainApi: { server: "plainApi", host: "api.example.test" },
  plainIp: { server: "plainApi", host: "127.0.0.1" },
  plainLocalhost: { server: "plainApi", host: "localhost" },
  publicApi: { server: "tlsPublicApi", host: "cdn.public.test" },
  closedApi: { server: "closedApi", host: "api.example.test" },
  securePage: { server: "tlsPage", host: "app.example.test" },
  insecurePage: { server: "plainPage", host: "app.example.test" },
  publicPage: { server: "tlsPublicPage", host: "www.public.test" },
  publicInsecurePage: { server: "plainPublicPage", host: "www.public.test" },
  localPage: { server: "tlsLocalPage", host: "intranet.example.test" },
} as const satisfies Record<string, Place>;
export type PlaceName = keyof typeof PLACES;

export interface Reply {
  readonly status: number;
  readonly headers: readonly (readonly [string, string])[];
  /** A redirect to another place (the same scenario and side). */
  readonly location?: { readonly place: PlaceName; readonly path: string };
}

export interface PageScenario {
  readonly id: string;
  /** The page that calls fetch(). */
  readonly page: PlaceName;
  readonly url: { readonly place: PlaceName; readonly path: string };
  readonly request: {
    readonly method?: string;
    readonly headers?: readonly (readonly [string, string])[];
    readonly credentials?: "omit" | "same-origin" | "include";
    readonly mode?: "cors" | "no-cors";
    readonly body?: string;
  };
  /** Replies by path; default: a permissive credentialed CORS answer. */
  readonly replies?: Readonly<Record<string, { readonly preflight?: Reply; readonly actual: Reply }>>;
  /** The user's answer to the Local Network Access prompt (a browser context where it was granted, or not). */
  readonly permission?: "granted" | "denied";
}

export interface Recorded {
  readonly side: "s" | "m";
  readonly id: string;
  readonly method: string;
  readonly path: string;
  readonly cookie: string | undefined;
  /** The request's header names in the order they arrived (where the Cookie line sits, among others). */
  readonly names: string;
}

/** The running servers and their ports. */
export class World {
  readonly recorded: Recorded[] = [];
  readonly scenarios = new Map<string, PageScenario>();
  private constructor(
    private readonly servers: (http.Server | https.Server)[],
    readonly ports: Readonly<Record<ServerName, number>>,
  ) {}

  static async start(): Promise<World> {
    const servers: (http.Server | https.Server)[] = [];
    const ports = {} as Record<ServerName, number>;
    let world: World | undefined;
    for (const [name, spec] of Object.entries(SERVERS) as [ServerName, (typeof SERVERS)[ServerName]][]) {
      const listener: http.RequestListener = (req, res) => world?.handle(req, res);
      const server = spec.tls ? https.createServer(TLS, listener) : http.createServer(listener);
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      ports[name] = (server.address() as AddressInfo).port;
      if ("closed" in spec) await new Promise<void>((resolve) => server.close(() => resolve()));
      else servers.push(server);
    }
    world = new World(servers, ports);
    return world;
  }

  /** The origin of a place, e.g. `https://api.example.test:40123`. */
  origin(place: PlaceName): string {
    const p = PLACES[place];
    return `${SERVERS[p.server].tls ? "https" : "http"}://${p.host}:${this.ports[p.server]}`;
  }

  url(place: PlaceName, path: string, side: "s" | "m", id: string): string {
    return `${this.origin(place)}${path}?${side}=${id}`;
  }

  /** The address space of the server behind a URL, as Chromium is configured to see it. */
  spaceOf(url: URL): AddressSpace {
    const entry = (Object.entries(this.ports) as [ServerName, number][]).find(([, port]) => String(port) === url.port);
    return entry === undefined ? (addressSpaceOfIp("127.0.0.1") ?? "loopback") : SERVERS[entry[0]].space;
  }

  /** Chromium's flags for this world. */
  chromiumArgs(): string[] {
    const overrides = (Object.entries(SERVERS) as [ServerName, { space: AddressSpace }][])
      .filter(([, s]) => s.space !== "loopback")
      .map(([name, s]) => `127.0.0.1:${this.ports[name]}=${s.space}`);
    return [
      "--ignore-certificate-errors",
      "--host-resolver-rules=MAP *.example.test 127.0.0.1, MAP *.other.test 127.0.0.1, MAP *.public.test 127.0.0.1",
      `--ip-address-space-overrides=${overrides.join(",")}`,
    ];
  }

  /**
   * The model's transport: httpTransport (accepting the self-signed certificate) with every name
   * resolved to 127.0.0.1 as Chromium's host-resolver rules do (`--resolve`); its address space is
   * judged on a real connection, as httpTransport does, then overridden as Chromium was told.
   */
  transport(): Transport {
    const resolve = Object.values(PLACES).map((p) => `${p.host}:${this.ports[p.server]}:127.0.0.1`);
    const inner = httpTransport({ rejectUnauthorized: false, resolve });
    return {
      addressSpace: async (url) => {
        await inner.addressSpace?.(url);
        return this.spaceOf(url);
      },
      send: (request) => inner.send(request),
    };
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? "/", "http://x");
    if (url.pathname === PAGE_PATH) {
      res.writeHead(200, { "Content-Type": "text/html" }).end("<!doctype html><title>corsproof</title>");
      return;
    }
    const side = url.searchParams.has("s") ? "s" : url.searchParams.has("m") ? "m" : null;
    const id = side === null ? "" : (url.searchParams.get(side) ?? "");
    const scenario = this.scenarios.get(id);
    if (side === null || scenario === undefined) {
      res.writeHead(404).end();
      return;
    }
    req.resume();
    const names = req.rawHeaders.filter((_, i) => i % 2 === 0).join(",");
    this.recorded.push({ side, id, method: req.method ?? "", path: url.pathname, cookie: req.headers.cookie, names });
    const preflight = req.method === "OPTIONS" && req.headers["access-control-request-method"] !== undefined;
    const replies = scenario.replies?.[url.pathname];
    const origin = req.headers.origin ?? "*";
    const reply: Reply =
      (preflight ? replies?.preflight : replies?.actual) ??
      (preflight
        ? {
            status: 204,
            headers: [
              ["Access-Control-Allow-Origin", origin],
              ["Access-Control-Allow-Credentials", "true"],
              ["Access-Control-Allow-Methods", "PUT, POST, DELETE"],
              ["Access-Control-Allow-Headers", "x-a, content-type"],
            ],
          }
        : {
            status: 200,
            headers: [
              ["Access-Control-Allow-Origin", origin],
              ["Access-Control-Allow-Credentials", "true"],
            ],
          });
    const lines: string[] = [];
    for (const [n, v] of reply.headers) lines.push(n, v === "{origin}" ? origin : v);
    if (reply.location !== undefined) lines.push("Location", this.url(reply.location.place, reply.location.path, side, id));
    res.writeHead(reply.status, lines).end(reply.status === 204 ? undefined : "ok");
  }

  async close(): Promise<void> {
    await Promise.all(this.servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  }
}

/** What Chromium's DevTools reported about one scenario. */
export interface DevtoolsRecord {
  readonly messages: string[];
  readonly issues: string[];
  /** Per request: withheld cookies as `name:Reason+Reason`. */
  readonly withheld: string[][];
  /** Per response: refused Set-Cookie lines as `line:Reason+Reason`. */
  readonly refused: string[];
}

/** Headless Chromium with two browser contexts: one where Local Network Access was granted, one where it was not. */
export class PageDriver {
  private readonly tabs = new Map<string, Page>();
  private readonly urls = new Map<string, string>();
  /** Extra-info events by request id: CDP may deliver them before the request's requestWillBeSent. */
  private readonly extra: { requestId: string; add: (r: DevtoolsRecord) => void }[] = [];
  private readonly records = new Map<string, DevtoolsRecord>();
  private constructor(
    readonly contexts: Readonly<Record<"granted" | "denied", BrowserContext>>,
    readonly close: () => Promise<void>,
  ) {}

  private static args(world: World): string[] {
    return [...CHROMIUM_FLAGS, ...world.chromiumArgs()];
  }

  /** Chromium as it starts: two fresh contexts, one where Local Network Access was granted. */
  static async launch(world: World): Promise<PageDriver> {
    const browser: Browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: PageDriver.args(world) });
    const denied = await browser.newContext();
    const granted = await browser.newContext();
    await granted.grantPermissions(["local-network-access"]);
    return new PageDriver({ denied, granted }, () => browser.close());
  }

  /**
   * Chromium with a profile whose user allowed third-party cookies (the `profile.cookie_controls_mode`
   * preference at 0, what chrome://settings/cookies writes). One context, LNA not granted.
   */
  static async launchAllowingThirdPartyCookies(world: World): Promise<PageDriver> {
    const dir = mkdtempSync(join(tmpdir(), "corsproof-3pc-"));
    mkdirSync(join(dir, "Default"));
    writeFileSync(join(dir, "Default", "Preferences"), JSON.stringify({ profile: { cookie_controls_mode: 0 } }));
    const context = await chromium.launchPersistentContext(dir, { executablePath: CHROMIUM_PATH, args: PageDriver.args(world) });
    return new PageDriver({ denied: context, granted: context }, async () => {
      await context.close();
      rmSync(dir, { recursive: true, force: true });
    });
  }

  /** Everything DevTools reported for a scenario. */
  devtools(id: string): DevtoolsRecord {
    const record = this.record(id);
    for (const e of this.extra.splice(0)) {
      const owner = this.idOf(this.urls.get(e.requestId) ?? "");
      if (owner !== null) e.add(this.record(owner));
    }
    return record;
  }

  private record(id: string): DevtoolsRecord {
    let r = this.records.get(id);
    if (r === undefined) {
      r = { messages: [], issues: [], withheld: [], refused: [] };
      this.records.set(id, r);
    }
    return r;
  }

  private idOf(url: string): string | null {
    return /[?&]s=([\w-]+)/.exec(url)?.[1] ?? null;
  }

  /** A tab showing `origin`'s page in a context, reused across scenarios. */
  async tab(context: "granted" | "denied", origin: string): Promise<Page> {
    const key = `${context} ${origin}`;
    const existing = this.tabs.get(key);
    if (existing !== undefined) return existing;
    const page = await this.contexts[context].newPage();
    const cdp: CDPSession = await this.contexts[context].newCDPSession(page);
    const of = (text: string) => this.idOf(text);
    cdp.on("Log.entryAdded", ({ entry }) => {
      const id = of(entry.text) ?? of(entry.url ?? "");
      if (id !== null) this.record(id).messages.push(entry.text);
    });
    cdp.on("Audits.issueAdded", ({ issue }) => {
      const cors = issue.details.corsIssueDetails;
      const mixed = issue.details.mixedContentIssueDetails;
      if (cors !== undefined && !cors.isWarning) {
        const id = of(cors.request.url);
        if (id !== null) this.record(id).issues.push(cors.corsErrorStatus.corsError);
      }
      if (mixed !== undefined && mixed.resolutionStatus === "MixedContentBlocked") {
        const id = of(mixed.insecureURL);
        if (id !== null) this.record(id).issues.push("MixedContent");
      }
    });
    cdp.on("Network.requestWillBeSent", ({ requestId, request }) => this.urls.set(requestId, request.url));
    cdp.on("Network.requestWillBeSentExtraInfo", ({ requestId, associatedCookies }) => {
      const withheld = associatedCookies.filter((c) => c.blockedReasons.length > 0).map((c) => `${c.cookie.name}:${[...c.blockedReasons].sort().join("+")}`);
      this.extra.push({ requestId, add: (r) => r.withheld.push(withheld) });
    });
    cdp.on("Network.responseReceivedExtraInfo", ({ requestId, blockedCookies }) => {
      const refused = blockedCookies.map((c) => `${c.cookieLine}:${[...c.blockedReasons].sort().join("+")}`);
      this.extra.push({ requestId, add: (r) => r.refused.push(...refused) });
    });
    await cdp.send("Network.enable");
    await cdp.send("Log.enable");
    await cdp.send("Audits.enable");
    await page.goto(`${origin}${PAGE_PATH}${PAGE_QUERY}`);
    this.tabs.set(key, page);
    return page;
  }

  /** Runs one fetch in the page; resolves with `ok <status> <type>` or `error <exception>`. */
  async fetch(context: "granted" | "denied", origin: string, url: string, init: PageScenario["request"]): Promise<string> {
    const page = await this.tab(context, origin);
    return page.evaluate(
      async ({ url, init }) => {
        const options: RequestInit = { headers: (init.headers ?? []) as [string, string][] };
        if (init.method !== undefined) options.method = init.method;
        if (init.credentials !== undefined) options.credentials = init.credentials;
        if (init.mode !== undefined) options.mode = init.mode;
        if (init.body !== undefined) options.body = init.body;
        try {
          const r = await fetch(url, options);
          await r.arrayBuffer().catch(() => undefined);
          return `ok ${r.status} ${r.type}`;
        } catch (e) {
          return `error ${String(e)}`;
        }
      },
      { url, init },
    );
  }
}
