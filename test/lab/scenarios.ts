/**
 * The lab's agreement scenarios, generated: five kinds of request × ten kinds of server answer
 * (allowed, and every class of blocked: no/mismatched/wildcard/duplicated Allow-Origin, missing
 * Allow-Credentials, method or header not allowed by the preflight, a failed preflight), then
 * preflight-cache sequences and redirects.
 */
import type { LabRequest } from "../../src/lab/protocol.js";
import type { HopSpec, Reply } from "./target-server.js";

export interface LabScenario {
  readonly id: string;
  readonly request: LabRequest;
  /** Hop path → how it answers. */
  readonly hops: Readonly<Record<string, HopSpec>>;
  /** Run this many times in a row (cache sequences); each run must agree. */
  readonly runs?: number;
}

interface RequestKind {
  readonly name: string;
  readonly method: string;
  readonly headers: [string, string][];
  readonly credentials: LabRequest["credentials"];
  readonly body: string | null;
}

const KINDS: readonly RequestKind[] = [
  { name: "get", method: "GET", headers: [], credentials: "same-origin", body: null },
  { name: "get-cred", method: "GET", headers: [], credentials: "include", body: null },
  { name: "put-json", method: "PUT", headers: [["Content-Type", "application/json"]], credentials: "same-origin", body: "{}" },
  {
    name: "post-auth-cred",
    method: "POST",
    headers: [
      ["Content-Type", "application/json"],
      ["Authorization", "Bearer t"],
    ],
    credentials: "include",
    body: "{}",
  },
  { name: "delete-custom", method: "DELETE", headers: [["X-Custom", "1"]], credentials: "same-origin", body: null },
];

type Answer = (k: RequestKind, origin: string) => { preflight: Reply; actual: Reply };

const acrh = (k: RequestKind) => k.headers.map(([n]) => n.toLowerCase()).join(",");
const cred = (k: RequestKind): [string, string][] => (k.credentials === "include" ? [["Access-Control-Allow-Credentials", "true"]] : []);
const okPreflight = (k: RequestKind, origin: string): Reply => ({
  status: 204,
  headers: [
    ["Access-Control-Allow-Origin", origin],
    ["Access-Control-Allow-Methods", k.method],
    ...(k.headers.length ? [["Access-Control-Allow-Headers", acrh(k)] as [string, string]] : []),
    ...cred(k),
  ],
});
const okActual = (k: RequestKind, origin: string): Reply => ({ status: 200, headers: [["Access-Control-Allow-Origin", origin], ...cred(k)] });

const ANSWERS: Readonly<Record<string, Answer>> = {
  ok: (k, o) => ({ preflight: okPreflight(k, o), actual: okActual(k, o) }),
  "no-acao": () => ({ preflight: { status: 204, headers: [] }, actual: { status: 200, headers: [] } }),
  "other-origin": (k) => ({ preflight: okPreflight(k, "http://other.localhost:1"), actual: okActual(k, "http://other.localhost:1") }),
  wildcard: (k) => ({
    preflight: {
      status: 204,
      headers: [["Access-Control-Allow-Origin", "*"], ["Access-Control-Allow-Methods", "*"], ["Access-Control-Allow-Headers", "*"], ...cred(k)],
    },
    actual: { status: 200, headers: [["Access-Control-Allow-Origin", "*"], ...cred(k)] },
  }),
  "no-acac": (k, o) => ({
    preflight: { status: 204, headers: okPreflight(k, o).headers.filter(([n]) => n !== "Access-Control-Allow-Credentials") },
    actual: { status: 200, headers: [["Access-Control-Allow-Origin", o]] },
  }),
  "no-acam": (k, o) => ({
    preflight: { status: 204, headers: okPreflight(k, o).headers.filter(([n]) => n !== "Access-Control-Allow-Methods") },
    actual: okActual(k, o),
  }),
  "no-acah": (k, o) => ({
    preflight: { status: 204, headers: okPreflight(k, o).headers.filter(([n]) => n !== "Access-Control-Allow-Headers") },
    actual: okActual(k, o),
  }),
  "preflight-500": (k, o) => ({ preflight: { status: 500, headers: okPreflight(k, o).headers }, actual: okActual(k, o) }),
  "two-acao": (k, o) => ({
    preflight: okPreflight(k, o),
    actual: {
      status: 200,
      headers: [["Access-Control-Allow-Origin", o], ["Access-Control-Allow-Origin", o], ...cred(k)],
    },
  }),
  exposed: (k, o) => ({
    preflight: okPreflight(k, o),
    actual: {
      status: 200,
      headers: [...okActual(k, o).headers, ["Access-Control-Expose-Headers", "X-Total-Count"], ["X-Total-Count", "42"], ["X-Secret", "hidden"]],
    },
  }),
};

const base = (kind: RequestKind, url: string, origin: string): LabRequest => ({
  url,
  origin,
  method: kind.method,
  headers: kind.headers,
  credentials: kind.credentials,
  redirect: "follow",
  body: kind.body,
});

/** Every scenario, for a page at `origin` calling the target at `target` (and `otherTarget`, another origin of the same server). */
export function labScenarios(origin: string, target: string, otherTarget: string): LabScenario[] {
  const out: LabScenario[] = [];
  for (const kind of KINDS) {
    for (const [answerName, answer] of Object.entries(ANSWERS)) {
      const id = `${kind.name}.${answerName}`;
      const a = answer(kind, origin);
      out.push({ id, request: base(kind, `${target}/t/${id}/0`, origin), hops: { [`/t/${id}/0`]: { preflight: () => a.preflight, actual: () => a.actual } } });
    }
  }
  const put = KINDS[2] as RequestKind;
  // Preflight cache: the second preflight would be refused, so the second run passes only from the cache.
  // At `otherTarget` (a host name): Firefox drops an entry for an IP-literal host while its DNS cache
  // is cold (CORSCacheEntry::CheckDNSCache; see primeDnsCache in firefox-conformance.test.ts).
  for (const maxAge of ["600", "0"]) {
    const id = `cache.max-age-${maxAge}`;
    out.push({
      id,
      runs: 2,
      request: base(put, `${otherTarget}/t/${id}/0`, origin),
      hops: {
        [`/t/${id}/0`]: {
          preflight: (run) =>
            run === 1 ? { status: 204, headers: [...okPreflight(put, origin).headers, ["Access-Control-Max-Age", maxAge]] } : { status: 204, headers: [] },
          actual: () => okActual(put, origin),
        },
      },
    });
  }
  const get = KINDS[0] as RequestKind;
  const redirect = (to: string, status = 302): Reply => ({
    status,
    headers: [
      ["Location", to],
      ["Access-Control-Allow-Origin", origin],
    ],
  });
  const redirects: [string, RequestKind, LabRequest["redirect"], (id: string) => Record<string, HopSpec>][] = [
    [
      "same-origin-hop",
      get,
      "follow",
      (id) => ({ [`/t/${id}/0`]: { actual: () => redirect(`${target}/t/${id}/1`) }, [`/t/${id}/1`]: { actual: () => okActual(get, origin) } }),
    ],
    [
      "cross-origin-hop-needs-null",
      get,
      "follow",
      (id) => ({ [`/t/${id}/0`]: { actual: () => redirect(`${otherTarget}/t/${id}/1`) }, [`/t/${id}/1`]: { actual: () => okActual(get, origin) } }),
    ],
    [
      "cross-origin-hop-allows-null",
      get,
      "follow",
      (id) => ({
        [`/t/${id}/0`]: { actual: () => redirect(`${otherTarget}/t/${id}/1`) },
        [`/t/${id}/1`]: { actual: () => ({ status: 200, headers: [["Access-Control-Allow-Origin", "*"]] }) },
      }),
    ],
    [
      "hop-without-acao",
      get,
      "follow",
      (id) => ({
        [`/t/${id}/0`]: { actual: () => ({ status: 302, headers: [["Location", `${target}/t/${id}/1`]] }) },
        [`/t/${id}/1`]: { actual: () => okActual(get, origin) },
      }),
    ],
    [
      "mode-error",
      get,
      "error",
      (id) => ({ [`/t/${id}/0`]: { actual: () => redirect(`${target}/t/${id}/1`) }, [`/t/${id}/1`]: { actual: () => okActual(get, origin) } }),
    ],
    [
      "mode-manual",
      get,
      "manual",
      (id) => ({ [`/t/${id}/0`]: { actual: () => redirect(`${target}/t/${id}/1`) }, [`/t/${id}/1`]: { actual: () => okActual(get, origin) } }),
    ],
    [
      "preflighted-307",
      put,
      "follow",
      (id) => ({
        [`/t/${id}/0`]: { preflight: () => okPreflight(put, origin), actual: () => redirect(`${target}/t/${id}/1`, 307) },
        [`/t/${id}/1`]: { preflight: () => okPreflight(put, origin), actual: () => okActual(put, origin) },
      }),
    ],
  ];
  for (const [name, kind, mode, hops] of redirects) {
    const id = `redirect.${name}`;
    out.push({ id, request: { ...base(kind, `${target}/t/${id}/0`, origin), redirect: mode }, hops: hops(id) });
  }
  return out;
}
