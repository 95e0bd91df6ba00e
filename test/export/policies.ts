/** Policies the export tests and the benchmark run through every proxy: together they cover every exportable option. */
import type { CorsOptions } from "../../src/index.js";

export const EXPORT_POLICIES: Readonly<Record<string, CorsOptions>> = {
  /** Credentialed list: exact, subdomain, any-port and fixed-port patterns, `null`, listed headers, exposure (`%` is HAProxy's format character), caching, timing. */
  credentialedList: {
    origin: ["https://app.example.com", "https://*.example.org", "http://localhost:*", "https://*.example.net:8443", "http://[::1]:*", "null"],
    dangerouslyAllowNullOrigin: true,
    credentials: true,
    methods: ["GET", "PUT", "PATCH", "DELETE", "patch"],
    allowedHeaders: ["Content-Type", "X-Api-Key", "x-a", "x-ab", "Authorization"],
    exposedHeaders: ["ETag", "X-Total-Count", "X-Rate%"],
    maxAge: 600,
    timingAllowOrigin: true,
  },
  /** The `cors` package's defaults: default methods, requested headers echoed. */
  classicList: { origin: ["https://app.example.com", "https://*.example.com:*"] },
  /** Anonymous and wide: `*` everywhere, non-default statuses. */
  anonymousWildcards: {
    origin: "*",
    methods: "*",
    allowedHeaders: "*",
    exposedHeaders: "*",
    timingAllowOrigin: "*",
    optionsSuccessStatus: 200,
    preflightFailureStatus: 400,
  },
  /** Credentials with `methods: "*"` and `allowedHeaders: "*"`: the method and headers are echoed; Private Network Access. */
  credentialedEcho: { origin: ["https://*.example.org"], credentials: true, methods: "*", allowedHeaders: ["*"], privateNetwork: true },
  /** `origin: true`: any origin a browser can send is reflected, checked for its exact shape (no credentials: the engine refuses them here). */
  reflectAny: { origin: true, methods: ["GET", "PUT"], allowedHeaders: ["Content-Type"], exposedHeaders: ["ETag"], maxAge: 60, timingAllowOrigin: true },
  /** Large: many long exact origins, patterns, headers (the proxies' hash sizes, line and word limits). */
  large: {
    origin: [
      ...Array.from({ length: 300 }, (_, i) => `https://${"x".repeat(50)}-${i}.${"long-label".repeat(5)}.example.com`),
      ...Array.from({ length: 50 }, (_, i) => `https://*.tenant-${i}.example.net`),
    ],
    credentials: true,
    allowedHeaders: Array.from({ length: 150 }, (_, i) => `X-Custom-Header-${i}`),
    exposedHeaders: Array.from({ length: 50 }, (_, i) => `X-Exposed-${i}`),
  },
};
