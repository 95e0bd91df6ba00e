/**
 * corsproof/scanner — finds the CORS misconfigurations an attacker's browser can exploit, and only
 * those. Probes are derived from the trusted origins, sent the way a browser sends them, and every
 * finding is judged by the browser model (never by the policy engine), cookie attachment included.
 *
 * @example
 * import { scan } from "corsproof/scanner";
 * const report = await scan(["https://api.example.com/me"], { trustedOrigins: ["https://app.example.com"] });
 */
export { type AddressSpace, type AuthKind, judgeGrant } from "./exploitability.js";
export { createLimiter, type Limiter } from "./politeness.js";
export { PROBE_TOKEN, type ProbeMethod } from "./probe.js";
export { SHARED_HOSTING_SUFFIXES } from "../protocol/shared-hosting.js";
export { probeOrigins, registrableDomain, SPECIAL_HOST_CHARS } from "./probe-origins.js";
export { addressSpaceOf, type ScanOptions, ScanOptionsError, scan, scanServer } from "./scan.js";
export { sarifLog } from "./sarif.js";
export { parseTrustedOrigins, TrustedOriginError } from "./trusted-origins.js";
export * from "./types.js";
