/**
 * The opt-in start-up audit of an origin function (`auditOriginFunction: true`), kept out of the
 * engine's bundle: the probe generator and the seed reader it needs weigh ~5 KiB minified, which
 * edge bundles (corsproof/fetch, corsproof/hono) would carry for an option few use. On Node the
 * audit is loaded on first need from the package's own entry (`corsproof`, by self-reference,
 * through require, which bundlers do not follow — as public-suffix.ts loads tldts); elsewhere the
 * option reports that it cannot run there and how to run the same audit in CI.
 */
import type { auditOriginFunction } from "./audit-origin-function.js";
import { type CorsWarningHandler, configIssue } from "./config-error.js";
import type { CorsOptions } from "./options.js";

type Audit = typeof auditOriginFunction;

function loadOnNode(): Audit | undefined {
  try {
    const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
    const mod = proc?.getBuiltinModule?.("node:module") as { createRequire(from: string): (id: string) => unknown } | undefined;
    return (mod?.createRequire(import.meta.url)("corsproof") as { auditOriginFunction?: Audit } | undefined)?.auditOriginFunction;
  } catch {
    return undefined;
  }
}

/** Starts the audit `options.auditOriginFunction` asks for, in the background; findings go to `onWarning`. */
export function startOriginAudit(options: CorsOptions, onWarning: CorsWarningHandler): void {
  const audit = options.auditOriginFunction;
  const fn = options.origin;
  if (audit === undefined || audit === false || typeof fn !== "function") return;
  const run = loadOnNode();
  if (run === undefined) {
    onWarning(
      configIssue(
        "origin-audit-unavailable",
        "auditOriginFunction",
        "The start-up audit of the origin function runs on Node only (edge bundles leave the probe generator out to stay small); the function was not audited.",
        "Run `npx corsproof audit <config module>` in CI, or call auditOriginFunction from 'corsproof' in a Node test.",
      ),
    );
    return;
  }
  void run(fn, { credentials: options.credentials === true, origins: audit === true ? [] : audit.origins }).then((found) => {
    for (const issue of found) onWarning(issue);
  });
}
