/**
 * Runs scenarios through the model and compares what it predicts with what Chromium did:
 * verdict, every request sent (method, hop, Origin, Access-Control-Request-*, Authorization,
 * Content-Type), the console message verbatim, the DevTools CORS error code, the readable headers,
 * status and response type.
 */
import {
  type BrowserProfile,
  type BrowserRequest,
  type BrowserResult,
  httpTransport,
  type PreflightCache,
  simulateFetch,
  type Transport,
} from "../../../src/browser/index.js";
import type { CorsIssue, PageFetch, PageOutcome } from "./chromium.js";
import type { RawRequest } from "./raw-server.js";
import { type Bases, type BodySpec, hopUrl, PAGE_PATH, REMOTE_HOST, type Scenario, type ScenarioRequest } from "./scenarios.js";

export interface Recorded {
  readonly prefix: string;
  readonly scenario: string;
  readonly hop: number;
  readonly request: RawRequest;
}

const header = (headers: readonly (readonly [string, string])[], name: string) => headers.find(([n]) => n.toLowerCase() === name)?.[1];

function project(method: string, hop: string, headers: readonly (readonly [string, string])[]): string {
  const ct = header(headers, "content-type");
  return [
    method,
    `hop=${hop}`,
    `origin=${header(headers, "origin") ?? "-"}`,
    `acrm=${header(headers, "access-control-request-method") ?? "-"}`,
    `acrh=${header(headers, "access-control-request-headers") ?? "-"}`,
    `auth=${header(headers, "authorization") === undefined ? "no" : "yes"}`,
    `ct=${ct ?? "-"}`,
  ].join(" ");
}

function body(spec: BodySpec | undefined): BrowserRequest["body"] {
  if (spec === undefined) return undefined;
  if (spec.kind === "text") return spec.value;
  if (spec.kind === "urlencoded") return new URLSearchParams(spec.value);
  return spec.kind === "blob" ? new Blob([spec.value], { type: spec.type }) : spec.value;
}

export function pageFetch(bases: Bases, scenario: Scenario, request: ScenarioRequest = scenario.request, id = scenario.id, waitBefore?: number): PageFetch {
  const init: PageFetch["init"] = { headers: request.headers.map(([n, v]) => [n, v]) };
  if (request.method !== undefined) init.method = request.method;
  if (request.credentials !== undefined) init.credentials = request.credentials;
  if (request.mode !== undefined) init.mode = request.mode;
  if (request.redirect !== undefined) init.redirect = request.redirect;
  if (request.referrerPolicy !== undefined) init.referrerPolicy = request.referrerPolicy;
  if (request.body !== undefined) init.body = { ...request.body };
  return { id, url: hopUrl(bases, "s", scenario, 0), init, ...(waitBefore === undefined ? {} : { waitBefore }) };
}

/** Options of a model run: the profile under test and the loopback servers' bases. */
export interface ModelSetup {
  readonly profile: BrowserProfile;
  readonly transport: Transport;
}

/** httpTransport with the `remote` server's name resolved to 127.0.0.1, as Chromium is told to (curl's --resolve). */
export function loopbackTransport(bases: Bases): Transport {
  const remote = new URL(bases.remote);
  return httpTransport({ resolve: [`${REMOTE_HOST}:${remote.port}:127.0.0.1`] });
}

export function modelFetch(
  bases: Bases,
  scenario: Scenario,
  setup: ModelSetup,
  cache?: PreflightCache,
  request: ScenarioRequest = scenario.request,
): Promise<BrowserResult> {
  const b = body(request.body);
  const input: BrowserRequest = {
    url: hopUrl(bases, "m", scenario, 0),
    origin: bases.page,
    referrer: `${bases.page}${PAGE_PATH}`,
    ...(request.referrerPolicy === undefined ? {} : { referrerPolicy: request.referrerPolicy }),
    headers: request.headers.map(([n, v]) => [n, v] as [string, string]),
    ...(request.method === undefined ? {} : { method: request.method }),
    ...(request.credentials === undefined ? {} : { credentials: request.credentials }),
    ...(request.mode === undefined ? {} : { mode: request.mode }),
    ...(request.redirect === undefined ? {} : { redirect: request.redirect }),
    ...(b === undefined ? {} : { body: b }),
  };
  return simulateFetch(input, { transport: setup.transport, profile: setup.profile, ...(cache === undefined ? {} : { cache }) });
}

/**
 * The bytes a side put on the wire for a scenario, as its servers recorded them, one request per
 * entry. Normalised only where Chromium and the model legitimately differ: the `/s/` and `/m/`
 * path prefixes that tell their requests apart, and the browser build in User-Agent (headless
 * Chromium says `HeadlessChrome/`, the profile the desktop browser's `Chrome/`).
 */
export function wireBytes(recorded: readonly Recorded[], prefix: "s" | "m", id: string): string[] {
  return recorded
    .filter((r) => r.prefix === prefix && r.scenario === id)
    .map((r) => {
      const lines = [`${r.request.method} ${r.request.target.replace(/^\/[sm]\//, "/*/")} HTTP/1.1`];
      for (const [n, v] of r.request.headers) lines.push(`${n}: ${n.toLowerCase() === "user-agent" ? v.replace("HeadlessChrome/", "Chrome/") : v}`);
      return `${lines.join("\n")}\n\n${r.request.body}`;
    });
}

/** What one side did, in comparable form. */
export interface Observation {
  readonly verdict: string;
  readonly requests: string[];
  readonly messages: string[];
  readonly code: string;
  readonly readable: string;
  /** Every request's line and header lines as received (see {@link wireBytes}). */
  readonly bytes: string[];
}

export function observeChromium(
  id: string,
  outcomes: readonly PageOutcome[],
  recorded: readonly Recorded[],
  messages: readonly { text: string }[],
  issues: readonly CorsIssue[],
): Observation {
  const marker = `/s/${id}/`;
  const requests = recorded.filter((r) => r.prefix === "s" && r.scenario === id).map((r) => project(r.request.method, String(r.hop), r.request.headers));
  const corsMessages = messages
    .map((m) => m.text)
    .filter(
      (t) => t.includes(marker) && (t.startsWith("Access to fetch at") || t.startsWith("Fetch API cannot load") || t.startsWith("Unsafe attempt to load URL")),
    );
  const codes = issues.filter((i) => !i.isWarning && i.url.includes(marker)).map((i) => `${i.code}(${i.failedParameter})`);
  return {
    verdict: outcomes.map((o) => (o.ok ? `ok ${o.status} ${o.type}` : `error ${o.error}`)).join(" | "),
    requests,
    messages: corsMessages,
    code: codes.join(","),
    readable: outcomes.map((o) => (o.ok ? (o.headers ?? []).join(",") : "-")).join(" | "),
    bytes: wireBytes(recorded, "s", id),
  };
}

const CORS_CODES = new Set([
  "DisallowedByMode",
  "WildcardOriginNotAllowed",
  "MissingAllowOriginHeader",
  "MultipleAllowOriginValues",
  "InvalidAllowOriginValue",
  "AllowOriginMismatch",
  "InvalidAllowCredentials",
  "PreflightWildcardOriginNotAllowed",
  "PreflightMissingAllowOriginHeader",
  "PreflightMultipleAllowOriginValues",
  "PreflightInvalidAllowOriginValue",
  "PreflightAllowOriginMismatch",
  "PreflightInvalidAllowCredentials",
  "PreflightInvalidStatus",
  "PreflightDisallowedRedirect",
  "InvalidAllowMethodsPreflightResponse",
  "InvalidAllowHeadersPreflightResponse",
  "MethodDisallowedByPreflightResponse",
  "HeaderDisallowedByPreflightResponse",
  "RedirectContainsCredentials",
  "NoCorsRedirectModeNotFollow",
]);

/**
 * The model's side. `handlerSeesAll`: every request reaches the scenario handler (the raw server),
 * so the requests are taken from the model's trace and the trace must equal the recorded bytes.
 * Real servers' parsers answer some requests themselves (400 for `patch`): there, as on Chromium's
 * side, only what the handler recorded is compared.
 */
export function observeModel(
  id: string,
  results: readonly BrowserResult[],
  recorded: readonly Recorded[],
  handlerSeesAll = true,
  engine: "chromium" | "firefox" | "webkit" = "chromium",
): Observation {
  const toS = (s: string) => s.split(`/m/${id}/`).join(`/s/${id}/`);
  const requests = handlerSeesAll
    ? results.flatMap((r) =>
        r.trace.map((e) => {
          const hop = /\/m\/[^/]+\/(\d+)$/.exec(e.request.url)?.[1] ?? "?";
          return project(e.request.method, hop, e.request.headers);
        }),
      )
    : recorded.filter((r) => r.prefix === "m" && r.scenario === id).map((r) => project(r.request.method, String(r.hop), r.request.headers));
  const sent = wireBytes(recorded, "m", id);
  return {
    verdict: results
      .map((r) => {
        if (r.allowed) return `ok ${r.response?.status} ${r.response?.type}`;
        if (engine !== "chromium") return r.error?.code === "InvalidRequest" ? INVALID_REQUEST : `error ${NETWORK_ERROR[engine]}`;
        return `error ${r.error?.exception ?? "TypeError: Failed to fetch"}`;
      })
      .join(" | "),
    requests,
    // Firefox prints some failures as two console lines; the model returns them joined by "\n".
    messages: results
      .flatMap((r) => (r.message === null ? [] : engine === "chromium" ? [toS(r.message)] : splitLines(toS(r.message), engine)))
      .sort(engine === "webkit" ? byWebKitLineKind : () => 0),
    code: results
      .filter((r) => r.error !== null && CORS_CODES.has(r.error.code))
      .map((r) => `${r.error?.code}(${r.error?.hint})`)
      .join(","),
    readable: results.map((r) => (r.allowed ? r.exposedHeaders.join(",") : "-")).join(" | "),
    bytes: handlerSeesAll ? withTraceCheck(sent, results) : sent,
  };
}

/**
 * The model's trace must show exactly the lines its transport sent (what `check --json` prints):
 * the recorded bytes are returned unchanged when they match, marked when not.
 */
function withTraceCheck(sent: string[], results: readonly BrowserResult[]): string[] {
  const traced = results.flatMap((r) =>
    r.trace.map((e) => {
      const url = new URL(e.request.url);
      const lines = [`${e.request.method} ${(url.pathname + url.search).replace(/^\/[sm]\//, "/*/")} HTTP/1.1`];
      for (const [n, v] of e.request.headers) lines.push(`${n}: ${n.toLowerCase() === "user-agent" ? v.replace("HeadlessChrome/", "Chrome/") : v}`);
      return `${lines.join("\n")}\n\n${e.request.body === undefined ? "" : Buffer.from(e.request.body).toString("latin1")}`;
    }),
  );
  return JSON.stringify(traced) === JSON.stringify(sent) ? sent : [...sent, `TRACE DIFFERS FROM THE WIRE: ${JSON.stringify(traced)}`];
}

/** The TypeError each engine rejects a fetch() with when it fails on the network or a CORS check. */
const NETWORK_ERROR = { firefox: "TypeError: NetworkError when attempting to fetch resource.", webkit: "TypeError: Load failed" } as const;
/**
 * fetch() arguments an engine refuses before any request (forbidden method, bad header value, …):
 * the refusal must agree, not the wording, which is the engine's own (Gecko's `Window.fetch: …`) and
 * not modelled.
 */
const INVALID_REQUEST = "error TypeError (invalid request)";

/**
 * What Firefox or WebKit did, as {@link observeChromium} (neither has DevTools CORS issue codes):
 * `messages` are the engine's console lines about this scenario.
 */
function observeEngine(
  engine: "firefox" | "webkit",
  id: string,
  outcomes: readonly PageOutcome[],
  recorded: readonly Recorded[],
  messages: string[],
): Observation {
  return {
    verdict: outcomes
      .map((o) => {
        if (o.ok) return `ok ${o.status} ${o.type}`;
        return o.error === NETWORK_ERROR[engine] ? `error ${o.error}` : INVALID_REQUEST;
      })
      .join(" | "),
    requests: recorded.filter((r) => r.prefix === "s" && r.scenario === id).map((r) => project(r.request.method, String(r.hop), r.request.headers)),
    messages,
    code: "",
    readable: outcomes.map((o) => (o.ok ? (o.headers ?? []).join(",") : "-")).join(" | "),
    bytes: wireBytes(recorded, "s", id),
  };
}

/** What Firefox did: {@link observeEngine} with its "Cross-Origin Request Blocked" lines. */
export function observeFirefox(
  id: string,
  outcomes: readonly PageOutcome[],
  recorded: readonly Recorded[],
  messages: readonly { text: string }[],
): Observation {
  const marker = `/s/${id}/`;
  const lines = messages.map((m) => m.text).filter((t) => t.includes(marker) && t.startsWith("Cross-Origin Request Blocked"));
  return observeEngine("firefox", id, outcomes, recorded, lines);
}

/** Field-by-field differences, empty when the model agrees with the browser. */
export function differences(chromium: Observation, model: Observation): string[] {
  const out: string[] = [];
  for (const key of ["verdict", "requests", "messages", "code", "readable", "bytes"] as const) {
    const a = JSON.stringify(chromium[key]);
    const b = JSON.stringify(model[key]);
    if (a !== b) out.push(`${key}:\n      chromium ${a}\n      model    ${b}`);
  }
  return out;
}

/**
 * What WebKit did ({@link observeEngine}). WebKit prints a CORS failure as up to three console
 * entries: the check's own line (source `security`, no URL: it belongs to the entry that follows it,
 * which DocumentThreadableLoader::logErrorAndFail prints right after), "Fetch API cannot load <url>
 * due to access control checks." and the inspector's "Failed to load resource: …" (its URL in the
 * entry's `url`).
 */
export function observeWebKit(
  id: string,
  outcomes: readonly PageOutcome[],
  recorded: readonly Recorded[],
  messages: readonly { text: string; url: string }[],
): Observation {
  const marker = `/s/${id}/`;
  const concerns = (m: { text: string; url: string } | undefined) => m !== undefined && (m.url.includes(marker) || m.text.includes(marker));
  const lines = messages
    .filter((m, i) => concerns(m) || (m.url === "" && !m.text.includes("/s/") && concerns(messages[i + 1])))
    .map((m) => m.text)
    // An HTTP error status the page may read is not a CORS message (the Chromium suite leaves it out too).
    .filter((t) => !t.startsWith("Failed to load resource: the server responded with a status of"))
    .sort(byWebKitLineKind);
  return observeEngine("webkit", id, outcomes, recorded, lines);
}

/** A message of several console lines, as printed; a WebKit line may itself end in "\n" (r29). */
function splitLines(message: string, engine: "firefox" | "webkit"): string[] {
  return message.split(engine === "webkit" ? /\n(?=Fetch API cannot load|Failed to load resource:)/ : "\n");
}

/**
 * WebKit's fetch line and the inspector's come from different processes, in either order: both sides'
 * lines are compared grouped by kind (the check's descriptions, the fetch's lines, the inspector's).
 */
function byWebKitLineKind(a: string, b: string): number {
  const rank = (text: string) => (text.startsWith("Fetch API cannot load") ? 1 : text.startsWith("Failed to load resource:") ? 2 : 0);
  return rank(a) - rank(b);
}
