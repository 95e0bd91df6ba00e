/**
 * Hand-written conformance scenarios for redirects (R9) and the preflight cache (R8), where the
 * interesting cases are too rare for the generator to hit reliably.
 */
import { REFERRER_POLICIES } from "../../../src/browser/referrer-policy.js";
import { prng } from "../../support/prng.js";
import { BULK, type Hop, type Reply, type Scenario, type ScenarioRequest, type ServerName } from "./scenarios.js";

type Lines = readonly (readonly [string, string])[];

const reply = (status: number, headers: Lines, location?: Reply["location"]): Reply =>
  location === undefined ? { status, headers } : { status, headers, location };
const acao = (origin: string): Lines => [["Access-Control-Allow-Origin", origin]];
const credentialed = (origin: string): Lines => [
  ["Access-Control-Allow-Origin", origin],
  ["Access-Control-Allow-Credentials", "true"],
];
const permissive = (origin: string, extra: Lines = []): Reply =>
  reply(204, [
    ...credentialed(origin),
    ["Access-Control-Allow-Methods", "PUT, DELETE, PATCH, POST, GET"],
    ["Access-Control-Allow-Headers", "x-api-key, authorization, content-type"],
    ...extra,
  ]);
const hop = (server: ServerName, actual: Reply, preflight: Reply = reply(404, [])): Hop => ({ server, actual, preflight });
const redirect = (status: number, to: number, headers: Lines, userinfo = false): Reply => reply(status, headers, { to, ...(userinfo ? { userinfo } : {}) });

export function redirectScenarios(page: string): Scenario[] {
  const list: Scenario[] = [];
  const add = (title: string, request: ScenarioRequest, hops: Hop[]) => list.push({ id: `r${list.length}-${title}`, request, hops });
  const get: ScenarioRequest = { headers: [] };
  const final = (origin: string) => reply(200, [...acao(origin), ["Access-Control-Expose-Headers", "X-Final"], ["X-Final", "1"]]);

  add("same-to-cross-keeps-origin", get, [hop("page", redirect(302, 1, [])), hop("ip", final(page))]);
  add("same-to-cross-null-fails", get, [hop("page", redirect(302, 1, [])), hop("ip", final("null"))]);
  add("cross-to-same-taints", get, [hop("ip", redirect(302, 1, acao(page))), hop("page", final(page))]);
  add("cross-to-same-null-ok", get, [hop("ip", redirect(302, 1, acao(page))), hop("page", final("null"))]);
  add("cross-to-same-star-ok", get, [hop("ip", redirect(307, 1, acao("*"))), hop("page", final("*"))]);
  add("cross-to-other-cross-taints", get, [hop("ip", redirect(301, 1, acao(page))), hop("localhost", final(page))]);
  add("cross-to-other-cross-null", get, [hop("ip", redirect(301, 1, acao(page))), hop("localhost", final("null"))]);
  add("cross-to-same-cross-keeps", get, [hop("ip", redirect(308, 1, acao(page))), hop("ip", final(page))]);
  add("redirect-without-acao", get, [hop("ip", redirect(302, 1, [])), hop("ip", final(page))]);
  add("redirect-wildcard-credentials", { headers: [], credentials: "include" }, [hop("ip", redirect(302, 1, acao("*"))), hop("ip", final(page))]);
  add("tainted-credentialed-null", { headers: [], credentials: "include" }, [
    hop("ip", redirect(302, 1, credentialed(page))),
    hop("localhost", reply(200, credentialed("null"))),
  ]);
  add("userinfo-cross", get, [hop("ip", redirect(302, 1, acao(page), true)), hop("localhost", final("*"))]);
  add("userinfo-same-origin-request", get, [hop("page", redirect(302, 1, [], true)), hop("page", final("*"))]);
  add("userinfo-from-same-to-cross", get, [hop("page", redirect(302, 1, [], true)), hop("ip", final("*"))]);
  add("post-302-becomes-get", { method: "POST", headers: [], body: { kind: "text", value: "x" } }, [
    hop("ip", redirect(302, 1, acao(page))),
    hop("ip", final(page)),
  ]);
  add("post-307-keeps-post", { method: "POST", headers: [], body: { kind: "text", value: "x" } }, [
    hop("ip", redirect(307, 1, acao(page))),
    hop("ip", final(page)),
  ]);
  add("put-303-becomes-get", { method: "PUT", headers: [["Content-Type", "application/json"]] }, [
    hop("ip", redirect(303, 1, credentialed(page)), permissive(page)),
    hop("ip", final(page)),
  ]);
  add("put-307-preflights-again", { method: "PUT", headers: [] }, [
    hop("ip", redirect(307, 1, acao(page)), permissive(page)),
    hop("localhost", final("null"), permissive("null")),
  ]);
  add("header-preflight-after-cross-redirect", { headers: [["X-Api-Key", "1"]] }, [
    hop("ip", redirect(302, 1, acao(page)), permissive(page)),
    hop("localhost", final("*"), permissive("null")),
  ]);
  add("preflight-after-redirect-fails", { headers: [["X-Api-Key", "1"]] }, [
    hop("ip", redirect(302, 1, acao(page)), permissive(page)),
    hop("localhost", final("*"), permissive(page)),
  ]);
  add("authorization-across-origins", { headers: [["Authorization", "Bearer t"]] }, [
    hop("ip", redirect(302, 1, acao(page)), permissive(page)),
    hop("localhost", final("*"), permissive("null")),
  ]);
  add("same-origin-to-cross-with-header", { headers: [["X-Api-Key", "1"]] }, [hop("page", redirect(302, 1, [])), hop("ip", final(page), permissive(page))]);
  add("manual", { headers: [], redirect: "manual" }, [hop("ip", redirect(302, 1, acao(page))), hop("ip", final(page))]);
  add("manual-cors-fails", { headers: [], redirect: "manual" }, [hop("ip", redirect(302, 1, [])), hop("ip", final(page))]);
  add("error-mode", { headers: [], redirect: "error" }, [hop("ip", redirect(302, 1, acao(page))), hop("ip", final(page))]);
  add("no-cors-cross", { headers: [], mode: "no-cors" }, [hop("ip", redirect(302, 1, [])), hop("page", final(page))]);
  // no-cors POST kept by 307/308: //net sets Origin to "null" on every cross-origin hop (not CorsURLLoader's taint rule).
  const noCorsPost: ScenarioRequest = { method: "POST", headers: [], mode: "no-cors", body: { kind: "text", value: "x" } };
  add("no-cors-post-same-to-cross-nulls-origin", noCorsPost, [hop("page", redirect(308, 1, [])), hop("ip", final(page))]);
  add("no-cors-post-cross-to-same-nulls-origin", noCorsPost, [hop("ip", redirect(307, 1, [])), hop("page", final(page))]);
  add("no-cors-post-same-to-same-keeps-origin", noCorsPost, [hop("page", redirect(307, 1, [])), hop("page", final(page))]);
  add("same-origin-mode-redirected-away", { headers: [], mode: "same-origin" }, [hop("page", redirect(302, 1, [])), hop("ip", final(page))]);
  add("preflight-redirected", { method: "DELETE", headers: [] }, [hop("ip", final(page), redirect(302, 0, acao(page)))]);
  add("back-to-same-origin-credentialed", { headers: [], credentials: "include" }, [
    hop("ip", redirect(302, 1, credentialed(page))),
    hop("page", reply(200, [])),
  ]);

  const chain = (n: number): Hop[] => Array.from({ length: n + 1 }, (_, k) => (k < n ? hop("ip", redirect(302, k + 1, acao(page))) : hop("ip", final(page))));
  add("twenty-redirects", get, chain(20));
  add("twenty-one-redirects", get, chain(21));
  // WebKit preflights the credential-less URL of a request that is not simple, then refuses the
  // redirect for its credentials (seed 7 g258); a DELETE the network turned GET is simple.
  for (const method of ["PUT", "DELETE"]) {
    add(`${method.toLowerCase()}-userinfo-from-same-to-cross`, { method, headers: [], credentials: "include" }, [
      hop("page", redirect(307, 1, [], true)),
      hop("ip", final(page), permissive(page)),
    ]);
  }
  // WebKit's 307 sets the first request's Content-Type again on a GET a 303 made (g73).
  add(
    "post-303-then-307-content-type",
    { method: "POST", headers: [["Content-Type", "application/x-www-form-urlencoded"]], body: { kind: "text", value: "t" } },
    [hop("page", redirect(303, 1, [])), hop("page", redirect(307, 2, [])), hop("page", reply(200, []))],
  );
  return list;
}

export interface Sequence {
  readonly title: string;
  readonly scenario: Scenario;
  readonly steps: readonly { readonly request: ScenarioRequest; readonly waitBefore?: number }[];
}

/**
 * Two identical preflighted PUTs to a fresh URL on the `ip` server (127.0.0.1), allowed for 10
 * minutes: the Firefox suite repeats this until the second is answered from the preflight cache,
 * which tells that Firefox's DNS cache holds every record its cache lookup consults for that host
 * (see primeDnsCache in firefox-conformance.test.ts).
 */
export function dnsCachePrimer(page: string, attempt: number): Sequence {
  const put: ScenarioRequest = { method: "PUT", headers: [] };
  const preflight = reply(204, [...credentialed(page), ["Access-Control-Allow-Methods", "PUT"], ["Access-Control-Max-Age", "600"]]);
  return {
    title: "dns-cache-primer",
    scenario: { id: `dns-primer-${attempt}`, request: put, hops: [hop("ip", reply(200, credentialed(page)), preflight)] },
    steps: [{ request: put }, { request: put }],
  };
}

export function cacheSequences(page: string): Sequence[] {
  const list: Sequence[] = [];
  const put: ScenarioRequest = { method: "PUT", headers: [] };
  const add = (title: string, preflight: Reply, steps: Sequence["steps"], actual: Reply = reply(200, credentialed(page))) =>
    list.push({ title, scenario: { id: `c${list.length}-${title}`, request: put, hops: [hop("ip", actual, preflight)] }, steps });
  const pre = (extra: Lines, methods = "PUT", headers = "x-a, x-b") =>
    reply(204, [...credentialed(page), ["Access-Control-Allow-Methods", methods], ["Access-Control-Allow-Headers", headers], ...extra]);

  add("default-5s", pre([]), [{ request: put }, { request: put }]);
  add("max-age-0", pre([["Access-Control-Max-Age", "0"]]), [{ request: put }, { request: put }]);
  add("max-age-negative", pre([["Access-Control-Max-Age", "-1"]]), [{ request: put }, { request: put }]);
  add("max-age-invalid", pre([["Access-Control-Max-Age", "abc"]]), [{ request: put }, { request: put }]);
  add("max-age-1-expires", pre([["Access-Control-Max-Age", "1"]]), [{ request: put }, { request: put, waitBefore: 1300 }]);
  add("max-age-2h-cap", pre([["Access-Control-Max-Age", "100000"]]), [{ request: put }, { request: put }]);
  add("other-method-covered", pre([], "PUT, DELETE"), [{ request: put }, { request: { method: "DELETE", headers: [] } }]);
  add("insufficient-entry-deleted", pre([], "PUT"), [{ request: put }, { request: { method: "DELETE", headers: [] } }, { request: put }]);
  add("headers-covered", pre([]), [{ request: { method: "PUT", headers: [["X-A", "1"]] } }, { request: { method: "PUT", headers: [["X-B", "1"]] } }]);
  add("header-not-covered", pre([], "PUT", "x-a"), [
    { request: { method: "PUT", headers: [["X-A", "1"]] } },
    { request: { method: "PUT", headers: [["X-B", "1"]] } },
  ]);
  const star = reply(204, [...acao("*"), ["Access-Control-Allow-Methods", "*"], ["Access-Control-Allow-Headers", "*"]]);
  const withAuth: ScenarioRequest = { method: "PUT", headers: [["Authorization", "Bearer t"]] };
  add("wildcard-authorization-not-cached", star, [{ request: withAuth }, { request: withAuth }], reply(200, acao("*")));
  add(
    "wildcard-without-authorization-cached",
    star,
    [{ request: { method: "PUT", headers: [["X-A", "1"]] } }, { request: { method: "PUT", headers: [["X-B", "1"]] } }],
    reply(200, acao("*")),
  );
  add("uncredentialed-entry-not-for-include", pre([]), [{ request: put }, { request: { method: "PUT", headers: [], credentials: "include" } }]);
  add("credentialed-entry-serves-omit", pre([]), [
    { request: { method: "PUT", headers: [], credentials: "include" } },
    { request: { method: "PUT", headers: [], credentials: "omit" } },
  ]);
  add("failed-preflight-not-cached", reply(204, acao(page)), [{ request: put }, { request: put }]);
  add("max-age-plus-sign", pre([["Access-Control-Max-Age", "+5"]]), [{ request: put }, { request: put }]);
  // HEAD needs no Allow-Methods entry in the preflight, but Gecko's cache lookup wants a HEAD token.
  const head: ScenarioRequest = { method: "HEAD", headers: [["X-A", "1"]] };
  add("head-without-method-token", pre([]), [{ request: head }, { request: head }]);
  return list;
}

/**
 * Scenarios where the preflight allows some or none of several CORS-unsafe headers, so that the
 * console message has to name the first disallowed one in Chromium's order (Blink's header hash
 * map): 3–10 disallowed names, names differing only in case, the same names set in different
 * orders, mixed with safelisted and forbidden ones, on trustworthy and non-trustworthy hosts
 * (which decides whether Blink adds client hints to the map). Some allow everything, so the order
 * of the headers on the wire can be compared too.
 */
export function headerOrderScenarios(page: string, seed = 7): Scenario[] {
  const list: Scenario[] = [];
  const servers: readonly ServerName[] = ["ip", "localhost", "remote"];
  const add = (title: string, request: ScenarioRequest, allow: string, server: ServerName, withCredentials = false) => {
    const origin = withCredentials ? credentialed(page) : acao(page);
    const preflight = reply(204, [...origin, ["Access-Control-Allow-Methods", "PUT, POST, PATCH"], ["Access-Control-Allow-Headers", allow]]);
    list.push({ id: `h${list.length}-${title}`, request, hops: [hop(server, reply(200, origin), preflight)] });
  };
  const named = (names: readonly string[]): [string, string][] => names.map((n, k) => [n, `v${k}`]);
  const ten = ["X-Alpha", "X-Beta", "X-Gamma", "X-Delta", "X-Epsilon", "X-Zeta", "X-Eta", "X-Theta", "X-Iota", "X-Kappa"];
  const mixed: [string, string][] = [
    ["Accept", "application/json"],
    ["X-Request-Id", "1"],
    ["Cookie", "a=b"],
    ["X-Client", "web"],
    ["Content-Language", "de"],
    ["User-Agent", "corsproof"],
    ["Sec-Custom", "1"],
    ["Proxy-Thing", "1"],
    ["X-Tenant", "t"],
    ["Content-Type", "application/json"],
    ["Range", "bytes=-5"],
    ["Authorization", "Bearer t"],
  ];
  for (const server of servers) {
    add(`ten-none-allowed-${server}`, { method: "PUT", headers: named(ten) }, "", server);
    add(`ten-reversed-${server}`, { method: "PUT", headers: named([...ten].reverse()) }, "", server);
    add(`ten-lower-${server}`, { method: "PUT", headers: named(ten.map((n) => n.toLowerCase())) }, "", server);
    add(`ten-upper-${server}`, { method: "PUT", headers: named(ten.map((n) => n.toUpperCase())) }, "x-beta, X-ZETA", server);
    add(`ten-all-allowed-${server}`, { method: "PUT", headers: named(ten) }, ten.join(", "), server);
    add(`case-duplicates-${server}`, { method: "PUT", headers: named(["X-Dup", "x-DUP", "X-Other", "x-other", "X-Third", "X-dup"]) }, "x-third", server);
    add(`mixed-none-allowed-${server}`, { method: "POST", headers: mixed }, "", server);
    add(`mixed-some-allowed-${server}`, { method: "POST", headers: [...mixed].reverse() }, "x-request-id, authorization", server);
    add(`mixed-credentialed-star-${server}`, { method: "POST", headers: mixed, credentials: "include" }, "*", server, true);
    add(`mixed-all-allowed-${server}`, { method: "POST", headers: mixed }, "x-request-id, x-client, x-tenant, content-type, range, authorization", server);
    add(`over-1024-${server}`, { method: "PUT", headers: [...BULK, ["X-Custom", "1"], ["X-Other", "2"]] }, "x-custom, x-other, dpr", server);
    // Blink adds client hints only for potentially trustworthy URLs: with them these five names
    // share a 32-bucket table, without them a 16-bucket one, and the first disallowed name changes.
    const five = named(["X-Api-Key", "X-Requested-With", "X-Trace-Id", "X-Q", "Foo"]);
    add(`client-hints-table-size-${server}`, { method: "PUT", headers: five }, "", server);
    add(`client-hints-table-size-allowed-${server}`, { method: "PUT", headers: five }, "*", server);
    add(
      `text-body-${server}`,
      { method: "POST", headers: named(["X-Q", "X-Long-Header-Name-Over-Sixteen-Bytes", "Q"]), body: { kind: "text", value: "b" } },
      "",
      server,
    );
  }

  // Seeded (the suite passes CORSPROOF_SEED): 3–10 disallowed custom names (random, some differing only in case), shuffled, with a
  // few allowed ones, safelisted and forbidden ones mixed in.
  const rand = prng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;
  const POOL = [
    "X-Api-Key",
    "X-Requested-With",
    "X-Trace-Id",
    "X-Custom-Header",
    "Zeta",
    "Foo",
    "Bar",
    "A",
    "Q",
    "If-Match",
    "X-Client-Version",
    "X-Correlation-Id",
  ];
  const EXTRA: readonly (readonly [string, string])[] = [
    ["Accept", "text/html"],
    ["Content-Language", "en"],
    ["Cookie", "c=1"],
    ["User-Agent", "x"],
    ["Sec-Fetch-Foo", "1"],
    ["DPR", "2"],
    ["Content-Type", "text/plain"],
    ["Content-Type", "application/json"],
  ];
  for (let i = 0; i < 90; i++) {
    // Every tenth has 11–24 names, so that tables of 32 and 64 buckets are exercised too.
    const n = i % 10 === 9 ? 11 + Math.floor(rand() * 14) : 3 + Math.floor(rand() * 8);
    const names: string[] = [];
    while (names.length < n) {
      let name = rand() < 0.5 ? pick(POOL) : `X-H${Math.floor(rand() * 10_000)}`;
      if (rand() < 0.25) name = rand() < 0.5 ? name.toLowerCase() : name.toUpperCase();
      if (!names.some((x) => x.toLowerCase() === name.toLowerCase()) || rand() < 0.15) names.push(name);
    }
    const headers: [string, string][] = named(names);
    for (let k = Math.floor(rand() * 3); k > 0; k--) headers.splice(Math.floor(rand() * (headers.length + 1)), 0, [...pick(EXTRA)]);
    const unique = [...new Set(names.map((x) => x.toLowerCase()))];
    const allowed = rand() < 0.15 ? unique : unique.filter(() => rand() < 0.2);
    add(
      `seeded-${i}`,
      { method: pick(["PUT", "POST", "PATCH"]), headers, credentials: pick(["omit", "include"] as const) },
      allowed.join(", "),
      pick(servers),
      true,
    );
  }
  return list;
}

/**
 * Method tokens as fetch() normalises them (only DELETE GET HEAD OPTIONS POST PUT are upper-cased),
 * with and without a body, against permissive and strict preflight answers: on a real server,
 * Node's parser refuses `patch` and `chicken` before any handler runs.
 */
export function methodScenarios(page: string): Scenario[] {
  const list: Scenario[] = [];
  const methods = ["patch", "PATCH", "chicken", "Custom-Method", "get", "delete", "put", "post", "options", "head"];
  for (const method of methods) {
    for (const [k, server] of (["ip", "localhost", "remote"] as const).entries()) {
      const allow = reply(204, [...credentialed(page), ["Access-Control-Allow-Methods", k === 1 ? "*" : method]]);
      const upper = method.toUpperCase();
      const body = upper === "GET" || upper === "HEAD" || k !== 2 ? {} : { body: { kind: "text" as const, value: "x" } };
      list.push({
        id: `m${list.length}-${method}`,
        request: { method, headers: [], credentials: k === 2 ? "include" : "omit", ...body },
        hops: [hop(server, reply(200, [...credentialed(page), ["Access-Control-Expose-Headers", "X-Method"], ["X-Method", method]]), allow)],
      });
    }
  }
  return list;
}

/**
 * Every referrer policy, to the same origin, a same-site origin, a cross-site one and a name that is
 * not potentially trustworthy, and across a redirect: the Referer line must be Chromium's.
 */
export function referrerScenarios(page: string): Scenario[] {
  const list: Scenario[] = [];
  const ok = reply(200, acao(page));
  for (const referrerPolicy of REFERRER_POLICIES) {
    for (const server of ["page", "ip", "localhost", "remote"] as const) {
      list.push({ id: `rp${list.length}-${referrerPolicy}-${server}`, request: { headers: [], referrerPolicy }, hops: [hop(server, ok)] });
    }
    list.push({
      id: `rp${list.length}-${referrerPolicy}-redirect`,
      request: { headers: [], referrerPolicy },
      hops: [hop("page", redirect(302, 1, [])), hop("localhost", ok)],
    });
  }
  return list;
}
