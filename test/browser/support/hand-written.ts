/**
 * Hand-written conformance scenarios for redirects (R9) and the preflight cache (R8), where the
 * interesting cases are too rare for the generator to hit reliably.
 */
import type { Hop, Reply, Scenario, ScenarioRequest, ServerName } from "./scenarios.js";

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
  add("same-origin-mode-redirected-away", { headers: [], mode: "same-origin" }, [hop("page", redirect(302, 1, [])), hop("ip", final(page))]);
  add("preflight-redirected", { method: "DELETE", headers: [] }, [hop("ip", final(page), redirect(302, 0, acao(page)))]);
  add("back-to-same-origin-credentialed", { headers: [], credentials: "include" }, [
    hop("ip", redirect(302, 1, credentialed(page))),
    hop("page", reply(200, [])),
  ]);

  const chain = (n: number): Hop[] => Array.from({ length: n + 1 }, (_, k) => (k < n ? hop("ip", redirect(302, k + 1, acao(page))) : hop("ip", final(page))));
  add("twenty-redirects", get, chain(20));
  add("twenty-one-redirects", get, chain(21));
  return list;
}

export interface Sequence {
  readonly title: string;
  readonly scenario: Scenario;
  readonly steps: readonly { readonly request: ScenarioRequest; readonly waitBefore?: number }[];
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
  return list;
}
