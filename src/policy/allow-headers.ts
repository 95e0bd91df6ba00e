/**
 * Access-Control-Allow-Headers: the requested header names (Access-Control-Request-Headers) are
 * parsed in one bounded pass and checked against a lower-case Set. Reflection echoes the request's
 * value only after it parsed as a clean list of tokens, so CR/LF or junk is never written back.
 */
import { CORS_NON_WILDCARD_REQUEST_HEADER_NAME, isForbiddenRequestHeaderName } from "../protocol/headers.js";
import { scanHeaderNameList } from "../protocol/header-list.js";
import type { IssueList } from "./config-error.js";
import { isValidHeaderName, listItems } from "./list-option.js";
import type { ListOption } from "./options.js";

export const ACAH = "Access-Control-Allow-Headers";
export const ACRH_VARY = "Access-Control-Request-Headers";

/**
 * - `reflect`: no list configured; any valid request is echoed back (the `cors` default).
 * - `wildcard`: `*` listed; any name but `authorization` unless it is listed too.
 * - `list`: only the listed names.
 */
export type AllowedHeadersMode = "reflect" | "wildcard" | "list";

/** A compiled allowedHeaders option. */
export interface AllowedHeaders {
  readonly mode: AllowedHeadersMode;
  /** Listed names, lower-case. */
  readonly allowed: ReadonlySet<string>;
  /** The static header value ("" for none). */
  readonly header: string;
  /** The requested names are echoed instead (no list, or `*` with credentials). */
  readonly echo: boolean;
}

/** Validates and compiles allowedHeaders (or its alias `headers`). */
export function compileAllowedHeaders(option: ListOption | undefined, optionName: string, credentials: boolean, issues: IssueList): AllowedHeaders {
  if (option === undefined) return { mode: "reflect", allowed: new Set(), header: "", echo: true };
  const allowed = new Set<string>();
  const names: string[] = [];
  let wildcard = false;
  for (const item of listItems(option, optionName, issues)) {
    const { value, path } = item;
    const lower = value.toLowerCase();
    if (value === "*") {
      wildcard = true;
      continue;
    }
    if (!isValidHeaderName(item, issues)) continue;
    if (isForbiddenRequestHeaderName(value)) {
      issues.add(
        "forbidden-request-header",
        path,
        `Script can never set '${value}' (Fetch forbidden request-header), so it never needs allowing.`,
        `Remove '${value}'.`,
      );
    } else if (lower.startsWith("access-control-")) {
      issues.add(
        "prohibited-request-header",
        path,
        `'${value}' is a response header; listing it in ${optionName} has no effect (a frequent copy-paste mistake).`,
        `Remove '${value}' from ${optionName}; corsproof sends the response headers itself.`,
      );
    } else if (!allowed.has(lower)) {
      allowed.add(lower);
      names.push(value);
    }
  }
  if (!wildcard) return { mode: "list", allowed, header: names.join(","), echo: false };
  // Fetch: `*` never covers Authorization, so a listed authorization is sent by name after it.
  const header = credentials ? "" : allowed.has(CORS_NON_WILDCARD_REQUEST_HEADER_NAME) ? "*,authorization" : "*";
  return { mode: "wildcard", allowed, header, echo: credentials };
}

/** Why a requested header list was refused. */
export type HeadersCheck = "ok" | "malformed" | "not-allowed";

/**
 * Checks Access-Control-Request-Headers against the policy. On "not-allowed" the offending name is
 * pushed to `offending` when an array is given (debug explanations only).
 */
export function checkRequestedHeaders(h: AllowedHeaders, requested: string, offending?: string[]): HeadersCheck {
  if (h.mode === "reflect") return scanHeaderNameList(requested) ? "ok" : "malformed";
  const names: string[] = [];
  if (!scanHeaderNameList(requested, names)) return "malformed";
  for (const name of names) {
    const ok = h.mode === "list" ? h.allowed.has(name) : name !== CORS_NON_WILDCARD_REQUEST_HEADER_NAME || h.allowed.has(name);
    if (!ok) {
      offending?.push(name);
      return "not-allowed";
    }
  }
  return "ok";
}

/**
 * The header names {@link checkRequestedHeaders} accepts, in words, read from the same mode and set
 * (debug explanations: an empty list must not read as "any").
 */
export function describeAllowedHeaders(h: AllowedHeaders): string {
  if (h.mode === "reflect") return "any";
  if (h.mode === "wildcard") return `any but ${CORS_NON_WILDCARD_REQUEST_HEADER_NAME}, which '*' never covers (list it by name)`;
  return h.allowed.size > 0 ? [...h.allowed].join(",") : "none";
}
