/**
 * The benchmark matrix: one policy description per row, written once in corsproof's syntax and
 * translated for each peer (see implementations.js), plus the request sent.
 *
 * Modelled on jub0bs/cors-benchmarks: allowed origins 1 / 2 / 9 (exact, subdomain pattern and port
 * pattern mixed) / 1000, actual vs preflight, allowed vs denied origin, hostile inputs; plus the
 * issue-2 row (100 origins, credentials).
 */

/** Exact origins: `https://tenant-0.example.com`, ... */
function tenants(n) {
  return Array.from({ length: n }, (_, i) => `https://tenant-${i}.example.com`);
}

/** Origin entries of each allowlist size (corsproof syntax: exact origins and patterns). */
export const ORIGIN_LISTS = {
  1: ["https://app.example.com"],
  2: ["https://app.example.com", "https://admin.example.com"],
  9: [
    "https://app.example.com",
    "https://admin.example.com",
    "https://www.example.org",
    "https://example.net",
    "https://partner.example.io",
    "https://*.preview.example.com",
    "https://*.example.dev",
    "http://localhost:*",
    "http://127.0.0.1:*",
  ],
  100: tenants(100),
  1000: tenants(1000),
};

/** The origin sent when the row asks for an allowed one. */
const ALLOWED = {
  1: "https://app.example.com",
  2: "https://admin.example.com",
  // matched by the subdomain pattern, not by an exact entry
  9: "https://pr-42.preview.example.com",
  100: "https://tenant-50.example.com",
  1000: "https://tenant-500.example.com",
};
const DENIED = "https://evil.example.net";

/** The policy of the matrix rows: an explicit header list, the `cors` default methods, 10-minute max-age. */
const MATRIX_POLICY = {
  methods: ["GET", "HEAD", "PUT", "PATCH", "POST", "DELETE"],
  allowedHeaders: ["Content-Type", "Authorization"],
  maxAge: 600,
  credentials: false,
};

/** The issue-2 policy: 100 exact origins with credentials, every other option at the `cors` defaults (requested headers echoed). */
const CREDENTIALED_POLICY = {
  methods: ["GET", "HEAD", "PUT", "PATCH", "POST", "DELETE"],
  allowedHeaders: undefined,
  maxAge: undefined,
  credentials: true,
};

/**
 * A copy of `s` that is a fresh heap string, as the HTTP parser delivers header values (string
 * literals are internalised, which would let Map and Set lookups compare pointers instead of bytes).
 */
function fresh(s) {
  return Buffer.from(s, "latin1").toString("latin1");
}

/** Request headers as Node delivers them (lower-case names, fresh string values). */
function actual(origin) {
  return { method: "GET", headers: { host: fresh("api.example.com"), origin: fresh(origin), accept: fresh("*/*") } };
}
function preflight(origin, acrh = "authorization,content-type") {
  return {
    method: "OPTIONS",
    headers: {
      host: fresh("api.example.com"),
      origin: fresh(origin),
      "access-control-request-method": fresh("PUT"),
      "access-control-request-headers": fresh(acrh),
      accept: fresh("*/*"),
    },
  };
}

function row(group, id, label, size, policy, request, notes = "") {
  return { group, id, label, size, origins: ORIGIN_LISTS[size], policy, request, notes };
}

function matrix() {
  const rows = [];
  for (const size of [1, 2, 9, 1000]) {
    for (const kind of ["actual", "preflight"]) {
      for (const verdict of ["allowed", "denied"]) {
        const origin = verdict === "allowed" ? ALLOWED[size] : DENIED;
        const req = kind === "actual" ? actual(origin) : preflight(origin);
        rows.push(row("matrix", `o${size}-${kind}-${verdict}`, `${size} origin${size > 1 ? "s" : ""}, ${kind}, ${verdict}`, size, MATRIX_POLICY, req));
      }
    }
  }
  return rows;
}

function credentialed() {
  return [
    row("issue2", "o100c-actual-allowed", "100 origins + credentials, actual, allowed", 100, CREDENTIALED_POLICY, actual(ALLOWED[100])),
    row(
      "issue2",
      "o100c-preflight-allowed",
      "100 origins + credentials, preflight, allowed",
      100,
      CREDENTIALED_POLICY,
      preflight(ALLOWED[100], "content-type"),
    ),
  ];
}

const KIB = 1024;
/** Builds hostile values once; the same string object is sent on every call. */
const commas = (n) => ",".repeat(n);
const spaces = (n) => `content-type${" ".repeat(n - 13)},`;
const LONG_ORIGIN = `https://${"a".repeat(8 * KIB - "https://".length - ".example.com".length)}.example.com`;

function hostile() {
  // One allowed origin, so that every peer (even @koa/cors, which has no list) can express these rows.
  const ok = ALLOWED[1];
  const reflect = { ...MATRIX_POLICY, allowedHeaders: undefined };
  return [
    row("hostile", "h-acrh-commas-1k", "ACRH 1 KiB of commas", 1, MATRIX_POLICY, preflight(ok, commas(KIB))),
    row("hostile", "h-acrh-commas-64k", "ACRH 64 KiB of commas", 1, MATRIX_POLICY, preflight(ok, commas(64 * KIB))),
    row("hostile", "h-acrh-commas-1m", "ACRH 1 MiB of commas", 1, MATRIX_POLICY, preflight(ok, commas(1024 * KIB))),
    row("hostile", "h-acrh-spaces-16k", "ACRH 16 KiB of spaces", 1, MATRIX_POLICY, preflight(ok, spaces(16 * KIB))),
    row("hostile", "h-acrh-commas-1m-reflect", "ACRH 1 MiB of commas, headers echoed", 1, reflect, preflight(ok, commas(1024 * KIB)), "reflect"),
    row("hostile", "h-acrh-spaces-16k-reflect", "ACRH 16 KiB of spaces, headers echoed", 1, reflect, preflight(ok, spaces(16 * KIB)), "reflect"),
    row("hostile", "h-origin-8k-actual", "Origin of 8 KiB, actual", 1, MATRIX_POLICY, actual(LONG_ORIGIN)),
    row("hostile", "h-origin-8k-preflight", "Origin of 8 KiB, preflight", 1, MATRIX_POLICY, preflight(LONG_ORIGIN)),
  ];
}

/** Every in-process row, in report order. */
export function scenarios() {
  return [...matrix(), ...credentialed(), ...hostile()];
}

/** Whether a corsproof origin entry is a pattern (`*` inside). */
export function isPattern(entry) {
  return entry.includes("*");
}

/**
 * The RegExp a peer without pattern syntax needs for a corsproof pattern (same matches on the
 * origins browsers send: `*.` is one or more labels, `:*` any port or none).
 */
export function patternToRegExp(entry) {
  const m = /^([a-z][a-z0-9+.-]*):\/\/(\*\.)?([^:]+)(:\*)?$/.exec(entry);
  if (!m) throw new Error(`unsupported pattern ${entry}`);
  const [, scheme, sub, host, anyPort] = m;
  const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`^${esc(scheme)}:\\/\\/${sub ? "(?:[a-z0-9_-]+\\.)+" : ""}${esc(host)}${anyPort ? "(?::\\d{1,5})?" : ""}$`);
}
