/**
 * Conformance scenarios: what the page's fetch() asks for, and what each server hop answers.
 * The same scenario drives headless Chromium (over loopback sockets) and the model, and the
 * results must agree. Generated scenarios come from a seeded PRNG so failures reproduce.
 */
import type { ReferrerPolicy } from "../../../src/browser/index.js";
import { prng } from "../../support/prng.js";
import type { RawReply, RawRequest } from "./raw-server.js";

/**
 * `remote` is a loopback server reached by a name that is not potentially trustworthy
 * (`corsproof.test`, mapped to 127.0.0.1 in Chromium and in the model's transport): Chromium adds no
 * client hints to requests for it.
 */
export type ServerName = "page" | "ip" | "localhost" | "remote";

/** Where the page lives on the `page` server: a path and query, so that a full Referer differs from an origin-only one. */
export const PAGE_PATH = "/app/page.html?v=1";

/** The host name of the `remote` server. */
export const REMOTE_HOST = "corsproof.test";

/** Where a redirect points: another hop of the same scenario. */
export interface LocationSpec {
  readonly to: number;
  readonly userinfo?: boolean;
}

export interface Reply {
  readonly status: number;
  readonly headers: readonly (readonly [string, string])[];
  readonly location?: LocationSpec;
}

export interface Hop {
  readonly server: ServerName;
  readonly preflight: Reply;
  readonly actual: Reply;
}

export type BodySpec =
  | { readonly kind: "text" | "urlencoded"; readonly value: string }
  | { readonly kind: "blob"; readonly type: string; readonly value: string };

export interface ScenarioRequest {
  readonly method?: string;
  readonly headers: readonly (readonly [string, string])[];
  readonly credentials?: "omit" | "same-origin" | "include";
  readonly mode?: "cors" | "no-cors" | "same-origin";
  readonly redirect?: "follow" | "error" | "manual";
  readonly referrerPolicy?: ReferrerPolicy;
  readonly body?: BodySpec;
}

export interface Scenario {
  readonly id: string;
  readonly request: ScenarioRequest;
  readonly hops: readonly Hop[];
}

/** Base URLs of the three loopback servers; `page` also serves the page, so its origin is the page origin. */
export type Bases = Readonly<Record<ServerName, string>>;

/** The URL of a hop; `prefix` separates Chromium's requests (`s`) from the model's (`m`). */
export function hopUrl(bases: Bases, prefix: string, scenario: Scenario, hop: number): string {
  const h = scenario.hops[hop];
  if (h === undefined) throw new Error(`scenario ${scenario.id} has no hop ${hop}`);
  return `${bases[h.server]}/${prefix}/${scenario.id}/${hop}`;
}

/** Serves a scenario hop: the preflight reply for an OPTIONS carrying Access-Control-Request-Method, else the actual reply. */
export function serveScenario(
  scenarios: ReadonlyMap<string, Scenario>,
  bases: Bases,
  request: RawRequest,
): { reply: RawReply; scenario: string; hop: number; prefix: string } | null {
  const m = /^\/([sm])\/([^/]+)\/(\d+)$/.exec(request.target);
  if (m === null) return null;
  const [, prefix = "", id = "", hopText = ""] = m;
  const scenario = scenarios.get(id);
  const hop = scenario?.hops[Number(hopText)];
  if (scenario === undefined || hop === undefined) return null;
  const isPreflight = request.method === "OPTIONS" && request.headers.some(([n]) => n.toLowerCase() === "access-control-request-method");
  const reply = isPreflight ? hop.preflight : hop.actual;
  const headers = reply.headers.map(([n, v]): [string, string] => [n, v]);
  if (reply.location !== undefined) {
    let target = hopUrl(bases, prefix, scenario, reply.location.to);
    if (reply.location.userinfo === true) target = target.replace("http://", "http://user:pass@");
    headers.push(["Location", target]);
  }
  return { reply: { status: reply.status, headers, body: `body of ${id}/${hopText}` }, scenario: id, hop: Number(hopText), prefix };
}

const METHODS = [
  "GET",
  "GET",
  "GET",
  "POST",
  "POST",
  "HEAD",
  "PUT",
  "DELETE",
  "PATCH",
  "patch",
  "put",
  "get",
  "post",
  "delete",
  "OPTIONS",
  "chicken",
  "Custom-Method",
];

const HEADER_POOL: readonly (readonly [string, string])[] = [
  ["Accept", "application/json"],
  ["Accept", "text/html, */*;q=0.8"],
  ["Accept", 'application/json; x="y"'],
  ["Accept", "a".repeat(129)],
  ["Accept-Language", "en-US,en;q=0.9"],
  ["Accept-Language", "en_US"],
  ["Content-Language", "de-DE"],
  ["Content-Language", "a/b"],
  ["Content-Type", "text/plain"],
  ["Content-Type", "application/x-www-form-urlencoded"],
  ["Content-Type", "multipart/form-data; boundary=abc"],
  ["Content-Type", "application/json"],
  ["Content-Type", 'text/plain; charset="utf-8"'],
  ["Content-Type", "TEXT/PLAIN;garbage"],
  ["Content-Type", "text /plain"],
  ["Content-Type", "text/ plain"],
  ["Content-Type", "text/plain ;x"],
  ["Content-Type", "text/plain;"],
  ["Content-Type", "text/plain;charset"],
  ["Content-Type", "text/plain\t;a=b"],
  ["Content-Type", "text/plain x"],
  ["Content-Type", "text/plain, application/json"],
  ["Content-Type", `text/plain; x=${"y".repeat(120)}`],
  ["Range", "bytes=0-"],
  ["Range", "bytes=0-10"],
  ["Range", "bytes=-5"],
  ["Range", "bytes = 0-1"],
  ["Range", "bytes=5-1"],
  ["Range", "bytes=0-1,3-4"],
  ["Range", "BYTES=0-1"],
  ["Range", "bytes=+5-"],
  ["X-Api-Key", "k1"],
  ["X-Requested-With", "XMLHttpRequest"],
  ["X-Custom-Header", "v"],
  ["Authorization", "Bearer token"],
  ["authorization", "Basic dTpw"],
  ["User-Agent", "corsproof"],
  ["Cookie", "a=b"],
  ["X-HTTP-Method-Override", "TRACE"],
  ["X-HTTP-Method-Override", "PUT"],
  ["DPR", "2"],
  ["Save-Data", "on"],
  ["Width", "abc"],
  ["Intervention", "x"],
  ["X-Trace-Id", "t-1"],
  ["Zeta", "1"],
];

/** Safelisted in Chromium, 120-byte values: together over the 1024-byte limit. */
export const BULK: readonly (readonly [string, string])[] = [
  ["Accept", "a".repeat(120)],
  ["Accept-Language", "b".repeat(120)],
  ["Content-Language", "c".repeat(120)],
  ["Intervention", "d".repeat(120)],
  ["DPR", "1".repeat(120)],
  ["Width", "2".repeat(120)],
  ["Viewport-Width", "3".repeat(120)],
  ["RTT", "4".repeat(120)],
  ["Device-Memory", "5".repeat(120)],
];

/** Generates `count` random scenarios from `seed`. */
export function generateScenarios(seed: number, count: number, pageOrigin: string): Scenario[] {
  const rand = prng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;
  const chance = (p: number) => rand() < p;

  const allowOrigin = (good: number): (readonly [string, string])[] => {
    if (chance(good)) return [["Access-Control-Allow-Origin", chance(0.5) ? pageOrigin : "*"]];
    const bad: (readonly [string, string])[][] = [
      [],
      [["Access-Control-Allow-Origin", "null"]],
      [["Access-Control-Allow-Origin", `${pageOrigin}/`]],
      [["Access-Control-Allow-Origin", pageOrigin.toUpperCase()]],
      [["Access-Control-Allow-Origin", "http://127.0.0.1:9"]],
      [["Access-Control-Allow-Origin", `${pageOrigin}, *`]],
      [
        ["Access-Control-Allow-Origin", pageOrigin],
        ["Access-Control-Allow-Origin", pageOrigin],
      ],
      [["Access-Control-Allow-Origin", ""]],
      [["Access-Control-Allow-Origin", "foo"]],
      [["access-control-allow-origin", `  ${pageOrigin}  `]],
      [["Access-Control-Allow-Origin", "*"]],
    ];
    return pick(bad);
  };
  const allowCredentials = (): (readonly [string, string])[] =>
    chance(0.6)
      ? [["Access-Control-Allow-Credentials", "true"]]
      : pick<(readonly [string, string])[]>([
          [],
          [["Access-Control-Allow-Credentials", "TRUE"]],
          [["Access-Control-Allow-Credentials", "True"]],
          [["Access-Control-Allow-Credentials", "false"]],
          [["Access-Control-Allow-Credentials", '"true"']],
          [
            ["Access-Control-Allow-Credentials", "true"],
            ["Access-Control-Allow-Credentials", "true"],
          ],
        ]);

  const scenarios: Scenario[] = [];
  for (let i = 0; i < count; i++) {
    let method = pick(METHODS);
    const headers: (readonly [string, string])[] = [];
    const nHeaders = pick([0, 0, 1, 1, 2, 2, 3, 4]);
    for (let k = 0; k < nHeaders; k++) headers.push(pick(HEADER_POOL));
    if (chance(0.03)) headers.push(...BULK);
    if (chance(0.04)) headers.push(["X-Dup", "1"], ["x-dup", "2"]);
    const credentials = pick(["omit", "same-origin", "include", "include"] as const);
    const mode = chance(0.05) ? pick(["no-cors", "same-origin"] as const) : "cors";
    if (mode === "no-cors" && chance(0.7)) method = pick(["GET", "POST", "HEAD"]);
    const upper = method.toUpperCase();
    let body: BodySpec | undefined;
    if (upper !== "GET" && upper !== "HEAD" && chance(0.4)) {
      body = pick<BodySpec>([
        { kind: "text", value: "hello" },
        { kind: "urlencoded", value: "a=1&b=2" },
        { kind: "blob", type: "application/json", value: "{}" },
        { kind: "blob", type: "", value: "raw" },
        { kind: "blob", type: "text/plain", value: "t" },
      ]);
    } else if (chance(0.02)) {
      body = { kind: "text", value: "body on a GET" };
    }

    const hopCount = chance(0.2) ? pick([2, 2, 3, 4]) : 1;
    const hops: Hop[] = [];
    for (let h = 0; h < hopCount; h++) {
      const server: ServerName = h === 0 ? pick(["ip", "localhost", "ip", "localhost", "page"]) : pick(["ip", "localhost", "page"]);
      const needsCredentials = credentials === "include";
      const exact = (m: string) => m;
      const methodsValue = pick<(readonly [string, string])[]>([
        [],
        [["Access-Control-Allow-Methods", exact(method)]],
        [["Access-Control-Allow-Methods", exact(method)]],
        [["Access-Control-Allow-Methods", method.toUpperCase()]],
        [["Access-Control-Allow-Methods", method.toLowerCase()]],
        [["Access-Control-Allow-Methods", "*"]],
        [["Access-Control-Allow-Methods", `GET, POST, ${method}`]],
        [["Access-Control-Allow-Methods", "GET, PU T"]],
        [["Access-Control-Allow-Methods", `GET,,${method}`]],
        [["Access-Control-Allow-Methods", '"PUT"']],
        [
          ["Access-Control-Allow-Methods", "GET"],
          ["Access-Control-Allow-Methods", method],
        ],
      ]);
      const names = [...new Set(headers.map(([n]) => n.toLowerCase()))];
      const headersValue = pick<(readonly [string, string])[]>([
        [],
        [["Access-Control-Allow-Headers", names.join(", ")]],
        [["Access-Control-Allow-Headers", names.join(", ")]],
        [["Access-Control-Allow-Headers", names.map((n) => n.toUpperCase()).join(",")]],
        [["Access-Control-Allow-Headers", names.slice(1).join(", ")]],
        [["Access-Control-Allow-Headers", "*"]],
        [["Access-Control-Allow-Headers", "*"]],
        [["Access-Control-Allow-Headers", "*, authorization"]],
        [["Access-Control-Allow-Headers", "authorization"]],
        [["Access-Control-Allow-Headers", "x y"]],
        [["Access-Control-Allow-Headers", `${names.join(",,")},`]],
      ]);
      const preflight: Reply = {
        status: chance(0.85) ? pick([204, 200]) : pick([404, 500, 400, 206, 299, 300, 302, 307]),
        headers: [...allowOrigin(0.75), ...(needsCredentials || chance(0.2) ? allowCredentials() : []), ...methodsValue, ...headersValue],
      };
      const withPreflightLocation: Reply = preflight.status === 302 || preflight.status === 307 ? { ...preflight, location: { to: 0 } } : preflight;
      const isLast = h === hopCount - 1;
      const exposeValue = pick<(readonly [string, string])[]>([
        [],
        [],
        [["Access-Control-Expose-Headers", "X-Request-Id"]],
        [["Access-Control-Expose-Headers", "*"]],
        [["Access-Control-Expose-Headers", "x-secret, X-Request-Id"]],
        [["Access-Control-Expose-Headers", "x-secret y"]],
        [["Access-Control-Expose-Headers", "X-Request-Id,"]],
        [["Access-Control-Expose-Headers", ",X-Secret"]],
        [["Access-Control-Expose-Headers", "Set-Cookie, X-Secret"]],
        [["Access-Control-Expose-Headers", "*, x-secret"]],
        [
          ["Access-Control-Expose-Headers", "x-secret"],
          ["Access-Control-Expose-Headers", "x-request-id"],
        ],
      ]);
      const extra: (readonly [string, string])[] = [
        ["X-Secret", "s"],
        ["X-Request-Id", String(i)],
      ];
      if (chance(0.3)) extra.push(["Cache-Control", "no-store"]);
      if (chance(0.3)) extra.push(["Content-Language", "en"]);
      // Max-Age=0: the line is there (script must never read it) but no cookie is stored, so no
      // later request of another scenario carries one; cookie scenarios are written by hand.
      if (chance(0.2)) extra.push(["Set-Cookie", "sid=1; Path=/; Max-Age=0"]);
      if (chance(0.3)) extra.push(["Content-Type", "text/plain"]);
      const actual: Reply = isLast
        ? {
            status: chance(0.8) ? 200 : pick([201, 404, 500, 403, 302, 300]),
            headers: [...allowOrigin(0.7), ...(needsCredentials || chance(0.2) ? allowCredentials() : []), ...exposeValue, ...extra],
          }
        : {
            status: pick([301, 302, 303, 307, 308]),
            headers: [
              ...(chance(0.3) ? [["Access-Control-Allow-Origin", "null"] as const] : allowOrigin(0.7)),
              ...(needsCredentials || chance(0.2) ? allowCredentials() : []),
            ],
            location: { to: h + 1, userinfo: chance(0.08) },
          };
      hops.push({ server, preflight: withPreflightLocation, actual });
    }
    const redirect = hopCount > 1 && chance(0.15) ? pick(["manual", "error"] as const) : "follow";
    scenarios.push({
      id: `g${i}`,
      request: {
        method,
        headers,
        credentials,
        mode,
        redirect,
        ...(body === undefined ? {} : { body }),
      },
      hops,
    });
  }
  return scenarios;
}
