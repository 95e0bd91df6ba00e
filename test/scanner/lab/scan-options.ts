/** How a scan of a lab endpoint is configured: what the site trusts and how its users authenticate. */
import type { ScanOptions } from "../../../src/scanner/index.js";
import type { LabEndpoint } from "./endpoints.js";

export const LAB_TRUSTED = "https://app.example.com";
export const LAB_COOKIE = "sid=lab-session; Secure; SameSite=None";
export const LAB_TOKEN = "Bearer victim-token";

/** The scan options a tester would pass for this endpoint (as flags: see {@link labScanFlags}). */
export function labScanOptions(ep: LabEndpoint): ScanOptions {
  return {
    trustedOrigins: ep.trusted ?? [LAB_TRUSTED],
    cookies: ep.cookie === null || ep.privateNetwork ? [] : [ep.cookie ?? LAB_COOKIE],
    headers: ep.cookie === null && !ep.privateNetwork ? [["Authorization", LAB_TOKEN]] : [],
    // The lab runs on loopback but stands for public servers, except the "devices".
    addressSpace: ep.privateNetwork ? "auto" : "public",
  };
}

/** The same as `corsproof scan` flags. */
export function labScanFlags(ep: LabEndpoint): string[] {
  const o = labScanOptions(ep);
  return [
    ...(o.trustedOrigins ?? []).flatMap((t) => ["--trusted-origin", t]),
    ...(o.cookies ?? []).flatMap((c) => ["--cookie", c]),
    ...(o.headers ?? []).flatMap(([n, v]) => ["-H", `${n}: ${v}`]),
    "--address-space",
    o.addressSpace ?? "auto",
  ];
}
