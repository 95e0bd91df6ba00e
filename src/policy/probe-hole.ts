/**
 * The one judgement of probe origins, shared by the construction-time RegExp probing
 * (origin-entry.ts) and the origin-function audit (audit-origin-function.ts): given what a check
 * allowed, is it someone else's origin that may read the responses? And the one Secure Contexts
 * rule for `http:` origins with credentials, shared by listed origins, patterns, probes and the
 * request-time guard (dynamic-origin-guard.ts).
 */
import type { OriginProbe, ProbeKind } from "../protocol/origin-probes.js";
import { isPotentiallyTrustworthyHost, splitSerializedOrigin } from "../protocol/origin.js";
import { registrableDomain, sharedHostingSuffix } from "./shared-hosting.js";

/** The credentials context and its `dangerously…` opt-outs (all false when absent). */
export interface CredentialsContext {
  readonly credentials: boolean;
  readonly allowNull?: boolean;
  readonly allowInsecure?: boolean;
  readonly allowPublicSuffixes?: boolean;
}

/**
 * Secure Contexts §3.1: an `http:` origin whose host is not potentially trustworthy (loopback)
 * must not be given credentials unless the author opted in: anyone on the network path can inject
 * script into it.
 */
export function insecureWithCredentials(scheme: string, host: string, ctx: CredentialsContext): boolean {
  return ctx.credentials && scheme === "http" && ctx.allowInsecure !== true && !isPotentiallyTrustworthyHost(host);
}

/** What makes an allowed probe a hole: `null`, `insecure` (http: with credentials), `shared` (a shared-hosting tenant) or the probe's kind. */
export type ProbeHole =
  | { readonly hole: "null" }
  | { readonly hole: "insecure" }
  | { readonly hole: "shared"; readonly suffix: string }
  | { readonly hole: ProbeKind };

/**
 * Whether `probe`, which the check allowed, is a hole, or undefined when it is harmless. `owners`
 * are the registrable domains the configuration names (its author's). Without credentials only
 * hosts an attacker can register count (an IP address is what a check naming addresses means);
 * with credentials, `null`, insecure `http:` origins, any IP address and shared-hosting tenants
 * count too.
 */
export function judgeProbe(probe: OriginProbe, owners: ReadonlySet<string>, ctx: CredentialsContext): ProbeHole | undefined {
  if (probe.origin === "null") return ctx.credentials && ctx.allowNull !== true ? { hole: "null" } : undefined;
  const parts = splitSerializedOrigin(probe.origin);
  if (parts === undefined) return undefined;
  if (insecureWithCredentials(parts.scheme, parts.host, ctx)) return { hole: "insecure" };
  // Loopback names (`*.localhost`, 127.0.0.0/8) are the user's own machine: nobody else owns them.
  const foreign = !owners.has(registrableDomain(parts.host)) && !isPotentiallyTrustworthyHost(parts.host);
  if (!foreign) return undefined;
  const suffix = sharedHostingSuffix(parts.host);
  if (suffix !== undefined) return ctx.credentials && ctx.allowPublicSuffixes !== true ? { hole: "shared", suffix } : undefined;
  return ctx.credentials || probe.kind !== "ip-origin" ? { hole: probe.kind } : undefined;
}
