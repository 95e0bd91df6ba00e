/**
 * Reading a {@link LabRequest} from the page's JSON. The lab answers only its own page, but the
 * request still crosses a process boundary: every field is checked and bounded before use.
 */
import type { BrowserRequest, CredentialsMode, RedirectMode } from "../browser/index.js";
import type { LabRequest, ModelBrowser } from "./protocol.js";

/** Thrown for a malformed request; the message says what to change. */
export class LabInputError extends Error {}

const CREDENTIALS: readonly CredentialsMode[] = ["omit", "same-origin", "include"];
const REDIRECTS: readonly RedirectMode[] = ["follow", "error", "manual"];
const MAX_URL = 8192;
const MAX_HEADERS = 64;
const MAX_FIELD = 8192;
const MAX_BODY = 64 * 1024;

function str(value: unknown, name: string, max: number): string {
  if (typeof value !== "string") throw new LabInputError(`${name} must be a string`);
  if (value.length > max) throw new LabInputError(`${name} is longer than ${max} characters`);
  return value;
}

function oneOf<T extends string>(value: unknown, name: string, allowed: readonly T[]): T {
  if (typeof value === "string" && (allowed as readonly string[]).includes(value)) return value as T;
  throw new LabInputError(`${name} must be one of ${allowed.join(", ")}`);
}

/** Validates the page's JSON into a LabRequest (absolute http(s) URL, serialised origin, bounded fields). */
export function parseLabRequest(input: unknown): LabRequest {
  if (input === null || typeof input !== "object") throw new LabInputError("the request must be an object");
  const o = input as Record<string, unknown>;
  const url = str(o.url, "url", MAX_URL);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new LabInputError(`url '${url}' is not an absolute URL; write it like http://127.0.0.1:3000/api/items`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:")
    throw new LabInputError(`url must start with http:// or https://, like http://127.0.0.1:3000/api/items, not '${url}'`);
  const origin = str(o.origin, "origin", 512);
  if (origin !== "null") {
    let o2: URL;
    try {
      o2 = new URL(origin);
    } catch {
      throw new LabInputError(`page origin '${origin}' is not an origin; write it like http://localhost:5173`);
    }
    if (o2.origin !== origin) throw new LabInputError(`page origin must be a serialised origin such as ${o2.origin}, not '${origin}'`);
  }
  const method = str(o.method, "method", 64);
  if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(method)) throw new LabInputError(`method '${method}' is not an HTTP token`);
  if (!Array.isArray(o.headers) || o.headers.length > MAX_HEADERS)
    throw new LabInputError(`headers must be a list of at most ${MAX_HEADERS} [name, value] pairs`);
  const headers = o.headers.map((h, i): [string, string] => {
    if (!Array.isArray(h) || h.length !== 2) throw new LabInputError(`header ${i + 1} must be a [name, value] pair`);
    return [str(h[0], `header ${i + 1} name`, 256), str(h[1], `header ${i + 1} value`, MAX_FIELD)];
  });
  const body = o.body === null || o.body === undefined ? null : str(o.body, "body", MAX_BODY);
  return {
    url,
    origin,
    method,
    headers,
    credentials: oneOf(o.credentials, "credentials", CREDENTIALS),
    redirect: oneOf(o.redirect, "redirect", REDIRECTS),
    body,
  };
}

/** The model's browser profile; Chromium when not given. */
export function parseModelBrowser(value: unknown): ModelBrowser {
  return value === undefined ? "chromium" : oneOf(value, "browser", ["chromium", "firefox", "spec"] as const);
}

/** The request as the browser model takes it. */
export function toBrowserRequest(r: LabRequest): BrowserRequest {
  return {
    url: r.url,
    origin: r.origin,
    method: r.method,
    headers: r.headers.map(([n, v]) => [n, v] as const),
    credentials: r.credentials,
    redirect: r.redirect,
    ...(r.body === null ? {} : { body: r.body }),
  };
}
