/**
 * Request-time guard for origins that an origin function, a RegExp or a pattern allowed: with
 * credentials, they must still pass the rules listed origins are held to at construction
 * (Secure Contexts: https or a potentially trustworthy loopback host; nobody else's site under a
 * shared-hosting public suffix). Functions and RegExps hide their holes from static checks —
 * `origin.endsWith(".vercel.app")`, `callback(null, true)` — so the rule is applied to what they
 * actually allow, once per origin (the policy caches the verdict).
 */
import { isPotentiallyTrustworthyHost, splitSerializedOrigin } from "../protocol/origin.js";
import { type ConfigIssue, configIssue } from "./config-error.js";
import type { EntryContext } from "./origin-entry.js";
import { insecureWithCredentials } from "./probe-hole.js";
import { sharedHostingSuffix } from "./shared-hosting.js";

/**
 * Why a dynamically allowed origin is refused with credentials (a `dynamic-origin-refused`
 * warning naming the origin and the fix), or undefined when it passes. `origin` has already
 * passed isSerializedOrigin, so it is canonical and never `null`.
 */
export function refuseDynamicOrigin(origin: string, ctx: EntryContext): ConfigIssue | undefined {
  const parts = splitSerializedOrigin(origin);
  if (parts === undefined) return undefined;
  if (insecureWithCredentials(parts.scheme, parts.host, ctx)) {
    return configIssue(
      "dynamic-origin-refused",
      "origin",
      `The origin check allowed '${origin}' with credentials; it is an http: origin, so anyone on the network path can inject script into it and read credentialed responses. corsproof denied it.`,
      `Allow only https: origins in the origin check (or list them), or set dangerouslyAllowInsecureOriginsWithCredentials: true.`,
    );
  }
  if (ctx.allowPublicSuffixes || parts.host.startsWith("[") || isPotentiallyTrustworthyHost(parts.host)) return undefined;
  const shared = sharedHostingSuffix(parts.host);
  if (shared !== undefined) {
    return configIssue(
      "dynamic-origin-refused",
      "origin",
      `The origin check allowed '${origin}' with credentials; it is under '${shared}', a public suffix where anyone can create a site, so a check like endsWith('.${shared}') or a RegExp on it lets any tenant read credentialed responses. corsproof denied it.`,
      `List the exact origins you own (e.g. origin: ['${origin}']), or set dangerouslyAllowSubdomainsOfPublicSuffixes: true.`,
    );
  }
  return undefined;
}
