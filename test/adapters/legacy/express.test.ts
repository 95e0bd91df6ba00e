/**
 * legacy: true must behave exactly like the `cors` package: the same setHeader calls in the same
 * order, the same status, the same end() and the same next(err). Checked against the real package
 * on generated configurations and requests.
 */
import realCors from "cors";
import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import cors from "../../../src/adapters/express.js";
import { RecordingResponse, fakeRequest } from "../../support/recording-response.js";

type Spec = { origin: unknown; rest: Record<string, unknown>; delegate: boolean };

/** Builds fresh option objects from a spec, so each middleware gets its own (stateful) RegExps. */
function build(spec: Spec): Record<string, unknown> {
  const origin = (function make(o: unknown): unknown {
    if (Array.isArray(o)) return o.map(make);
    if (o && typeof o === "object" && "re" in o) return new RegExp((o as { re: string; flags: string }).re, (o as { re: string; flags: string }).flags);
    if (o && typeof o === "object" && "fn" in o) {
      const answer = make((o as { fn: unknown }).fn);
      return (_origin: unknown, cb: (e: unknown, v?: unknown) => void) => (answer === "ERR" ? cb(new Error("denied")) : cb(null, answer));
    }
    return o;
  })(spec.origin);
  return { ...spec.rest, ...(origin === "UNSET" ? {} : { origin }) };
}

const originValue = fc.constantFrom("https://a.example", "https://b.example", "*", "");
const originSpec = fc.oneof(
  fc.constant("UNSET"),
  fc.constantFrom(true, false, undefined, "*", "https://a.example", "https://a.example/"),
  fc.record({ re: fc.constantFrom("a\\.example", "^https://a\\.example$", "example"), flags: fc.constantFrom("", "g", "i") }),
  fc.array(fc.oneof(originValue, fc.record({ re: fc.constantFrom("b\\.", "^x"), flags: fc.constantFrom("", "g") })), { maxLength: 3 }),
  fc.record({ fn: fc.constantFrom(true, false, "https://fixed.example", "ERR", undefined, "*") }),
);
const listValue = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom("", "GET,POST", "X-A, X-B"),
  fc.array(fc.constantFrom("GET", "PUT", "X-A", "x-b"), { maxLength: 3 }),
);
const restSpec = fc.record(
  {
    methods: listValue,
    allowedHeaders: listValue,
    headers: listValue,
    exposedHeaders: listValue,
    credentials: fc.constantFrom(true, false, "true", undefined),
    maxAge: fc.constantFrom(undefined, 0, 600, "600", "", null),
    preflightContinue: fc.constantFrom(true, false, undefined),
    optionsSuccessStatus: fc.constantFrom(undefined, 200, 204),
  },
  { requiredKeys: [] },
);
const requestSpec = fc.record({
  method: fc.constantFrom("GET", "POST", "OPTIONS", "options", "PUT", "DELETE"),
  origin: fc.constantFrom(undefined, "https://a.example", "https://b.example", "https://x.example", "null", ""),
  acrm: fc.constantFrom(undefined, "PUT", "GET"),
  acrh: fc.constantFrom(undefined, "content-type", "X-A, x-b", ""),
  vary: fc.constantFrom(undefined, "Accept", "origin", "*"),
});

type Req = { method: string; origin: string | undefined; acrm: string | undefined; acrh: string | undefined; vary: string | undefined };
type Mw = (req: unknown, res: unknown, next: (err?: unknown) => void) => void;

function run(mw: Mw, r: Req) {
  const req = fakeRequest(r.method, { origin: r.origin, "access-control-request-method": r.acrm, "access-control-request-headers": r.acrh });
  const res = new RecordingResponse();
  if (r.vary !== undefined) res.setHeader("Vary", r.vary);
  let nextArg: unknown = "not called";
  try {
    mw(req, res, (err?: unknown) => {
      nextArg = err === undefined || err === null ? `next(${String(err)})` : `next(${(err as Error).message})`;
    });
  } catch (e) {
    nextArg = `threw ${(e as Error).message}`;
  }
  return { calls: res.calls, status: res.statusCode, next: nextArg, headers: res.headers() };
}

describe("corsproof/express legacy: true is the cors package", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("matches cors call for call on generated configurations and request sequences", () => {
    vi.spyOn(process, "emitWarning").mockImplementation(() => {});
    fc.assert(
      fc.property(originSpec, restSpec, fc.boolean(), fc.array(requestSpec, { minLength: 1, maxLength: 4 }), (origin, rest, delegate, requests) => {
        const spec: Spec = { origin, rest, delegate };
        const theirs = delegate ? realCors((_req, cb) => cb(null, build(spec) as realCors.CorsOptions)) : realCors(build(spec) as realCors.CorsOptions);
        const ours = delegate ? cors((_req, cb) => cb(null, { ...build(spec), legacy: true })) : cors({ ...(build(spec) as object), legacy: true });
        for (const r of requests) {
          expect(run(ours as Mw, r)).toEqual(run(theirs as unknown as Mw, r));
        }
      }),
      { numRuns: 1500, seed: 20261121 },
    );
  });

  it("warns once, naming what strict mode would refuse", () => {
    const warn = vi.spyOn(process, "emitWarning").mockImplementation(() => {});
    cors({ origin: true, credentials: true, maxAge: -7, legacy: true });
    cors({ origin: true, credentials: true, maxAge: -7, legacy: true });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toContain("reflect-origin-with-credentials");
  });
});
