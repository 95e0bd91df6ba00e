/**
 * What the three `legacy: true` reproductions share: the one warning, and the steps the peers
 * copied from one another (origin matching, appending to Vary), with each peer's deviation as a
 * parameter. Everything under `legacy/` is a deliberate copy of a peer's behaviour, marked "Peer
 * quirk" where it differs from corsproof's own: fix nothing here that the peer does not fix;
 * corsproof's own behaviour lives in the strict adapters.
 */
import { type ConfigIssue, validateCorsOptions } from "../../index.js";
import type { Translation } from "../peer-options.js";

const warned = new Set<string>();

/**
 * Emits `CORSPROOF_LEGACY` once per distinct message: "`adapter` runs with legacy: true,
 * reproducing `quirks`." then `security` (a sentence, or ""), then what strict mode would refuse
 * in the same options (`translation`'s errors and the policy's: the strict adapter's own check, so
 * the two cannot disagree; none when the options are only known per request).
 */
export function warnLegacy(adapter: string, quirks: string, security: string, translation: Translation | undefined): void {
  const issues: ConfigIssue[] =
    translation === undefined ? [] : [...translation.issues, ...validateCorsOptions(translation.options)].filter((i) => i.severity === "error");
  let message = `${adapter} runs with legacy: true, reproducing ${quirks}.${security}`;
  if (issues.length > 0) message += ` Strict mode would refuse this configuration: ${issues.map((i) => `[${i.code}] ${i.path}: ${i.message}`).join(" ")}`;
  if (warned.has(message)) return;
  warned.add(message);
  process.emitWarning(message, { code: "CORSPROOF_LEGACY" });
}

/**
 * Peer quirk (`cors`'s isOriginAllowed, copied by @fastify/cors): a string entry is compared
 * exactly, a RegExp unanchored, anything else by truthiness. @fastify/cors's copy resets a global
 * RegExp's lastIndex first, and reads a String object as truthy rather than as a string.
 */
export function isOriginAllowed(origin: unknown, allowed: unknown, fastify: boolean): boolean {
  if (Array.isArray(allowed)) return allowed.some((a) => isOriginAllowed(origin, a, fastify));
  if (typeof allowed === "string" || (!fastify && allowed instanceof String)) return origin === allowed;
  if (allowed instanceof RegExp) {
    if (fastify) allowed.lastIndex = 0;
    return allowed.test(origin as string);
  }
  return !!allowed;
}

/**
 * Peer quirk: `field` appended to a Vary value as the peers' own list parsers read it, not as
 * RFC 9110 does: the `vary` package (@koa/cors) strips spaces around each name, @fastify/cors's
 * vary.js also tabs (after trimming the whole value). Undefined when `field` is already listed.
 */
export function varyWith(header: string, field: string, tabs: boolean): string | undefined {
  if (header === "") return field;
  const blank = tabs ? /^[ \t]+|[ \t]+$/g : /^ +| +$/g;
  const names = (tabs ? header.trim() : header)
    .toLowerCase()
    .split(",")
    .map((name) => name.replace(blank, ""));
  if (names.includes("*")) return "*";
  return names.includes(field.toLowerCase()) ? undefined : `${header}, ${field}`;
}
