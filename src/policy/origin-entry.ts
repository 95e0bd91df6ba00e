/**
 * Validation of one allowlist entry at configuration time: exact origins must already be the
 * serialisation a browser sends, patterns must use the one supported form, RegExps must be
 * anchored and stateless. Every refusal says what to write instead.
 */
import { getPublicSuffix } from "tldts";
import { type OriginPattern, parseOriginPattern } from "../spec/origin-pattern.js";
import { isLoopbackHost, isSerializedOrigin, splitSerializedOrigin } from "../spec/origin.js";
import type { IssueList } from "./config-error.js";

/** What a valid string entry compiles to. */
export type CompiledEntry = { readonly kind: "exact"; readonly origin: string } | { readonly kind: "pattern"; readonly pattern: OriginPattern };

/** The opt-ins and context that decide whether an entry is acceptable. */
export interface EntryContext {
  readonly credentials: boolean;
  readonly allowNull: boolean;
  readonly allowInsecure: boolean;
  readonly allowPublicSuffixes: boolean;
}

function explainNonCanonical(entry: string, url: URL): string {
  const reasons: string[] = [];
  if (url.username !== "" || url.password !== "") reasons.push("contains userinfo");
  if (url.search !== "" || url.hash !== "" || /[?#]/.test(entry)) reasons.push("has a query or fragment");
  if (url.pathname !== "/" && url.pathname !== "") reasons.push("has a path");
  else if (/^[^/]*\/\/[^/]*\/$/.test(entry)) reasons.push("ends with a slash");
  if (entry !== entry.toLowerCase()) reasons.push("contains upper-case letters");
  if (/:(0*80|0*443|0*21)(?:[/?#]|$)/.test(entry) && url.port === "") reasons.push("names the default port");
  if (/\s/.test(entry)) reasons.push("contains whitespace");
  if (/[^\x21-\x7e]/.test(entry)) reasons.push("contains non-ASCII characters (browsers send Punycode)");
  return reasons.length > 0 ? reasons.join(", ") : "is not in the form browsers send";
}

function checkCredentialedScheme(scheme: string, host: string, path: string, entry: string, ctx: EntryContext, issues: IssueList): void {
  if (ctx.credentials && scheme === "http" && !isLoopbackHost(host) && !ctx.allowInsecure) {
    issues.add(
      "insecure-origin-with-credentials",
      path,
      `'${entry}' is an http: origin and credentials are on; anyone on the network path can inject script into it and read credentialed responses.`,
      `Use 'https://${entry.slice(7)}', or set dangerouslyAllowInsecureOriginsWithCredentials: true.`,
    );
  }
}

/** Validates a string entry, records problems in `issues`, and returns what it compiles to. */
export function compileOriginEntry(entry: string, path: string, ctx: EntryContext, issues: IssueList): CompiledEntry | undefined {
  if (entry === "*") {
    issues.add(
      "wildcard-origin-in-list",
      path,
      "'*' inside a list matches nothing in browsers' eyes and hides intent.",
      "Use origin: '*' on its own, or list the origins.",
    );
    return undefined;
  }
  if (entry === "null") {
    if (!ctx.allowNull) {
      issues.add(
        "null-origin",
        path,
        "The 'null' origin is sent by sandboxed iframes, file: pages and after cross-origin redirects; any site can produce it.",
        "Remove 'null', or set dangerouslyAllowNullOrigin: true if you really serve such documents.",
      );
      return undefined;
    }
    return { kind: "exact", origin: "null" };
  }
  if (entry.toLowerCase().startsWith("file:")) {
    if (!ctx.allowNull) {
      issues.add(
        "file-origin",
        path,
        `Browsers never send '${entry}': pages loaded from file: send 'Origin: null', which any site can produce too.`,
        "Serve the page over http://localhost instead, or list 'null' with dangerouslyAllowNullOrigin: true.",
      );
      return undefined;
    }
    return { kind: "exact", origin: "null" };
  }
  if (entry.includes("*")) {
    const pattern = parseOriginPattern(entry);
    if (typeof pattern === "string") {
      issues.add(
        "invalid-origin-pattern",
        path,
        `'${entry}' is not a valid origin pattern: ${pattern}.`,
        "Write 'https://*.example.com' (subdomains) or 'http://localhost:*' (any port).",
      );
      return undefined;
    }
    checkCredentialedScheme(pattern.scheme, pattern.subdomains ? `x.${pattern.host}` : pattern.host, path, entry, ctx, issues);
    if (pattern.subdomains && ctx.credentials && !ctx.allowPublicSuffixes) {
      const suffix = getPublicSuffix(pattern.host, { allowPrivateDomains: true });
      if (suffix === pattern.host) {
        issues.add(
          "public-suffix-wildcard-with-credentials",
          path,
          `'${pattern.host}' is a public suffix: anyone can register a site under it and read credentialed responses.`,
          `List the exact origins you own (e.g. 'https://yourname.${pattern.host}'), or set dangerouslyAllowSubdomainsOfPublicSuffixes: true.`,
        );
      }
    }
    return { kind: "pattern", pattern };
  }
  if (isSerializedOrigin(entry)) {
    const parts = splitSerializedOrigin(entry);
    if (parts !== undefined) checkCredentialedScheme(parts.scheme, parts.host, path, entry, ctx, issues);
    return { kind: "exact", origin: entry };
  }
  let url: URL | undefined;
  try {
    url = new URL(entry.trim());
  } catch {
    url = undefined;
  }
  if (url !== undefined && url.origin !== "null" && isSerializedOrigin(url.origin)) {
    issues.add(
      "non-canonical-origin",
      path,
      `'${entry}' ${explainNonCanonical(entry, url)}; browsers send '${url.origin}' and origins are compared byte for byte.`,
      `Write '${url.origin}'.`,
    );
  } else {
    issues.add("invalid-origin", path, `'${entry}' is not an origin.`, "Write scheme://host[:port], e.g. 'https://app.example.com'.");
  }
  return undefined;
}

/** True when the RegExp source has a `|` outside any group or class, which defeats `^…$`. */
function hasTopLevelAlternation(source: string): boolean {
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === "\\") i++;
    else if (inClass) inClass = c !== "]";
    else if (c === "[") inClass = true;
    else if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (c === "|" && depth === 0) return true;
  }
  return false;
}

/** Validates a RegExp entry: it must match whole origins (`^…$`) and must not carry state (`g`, `y`). */
export function checkOriginRegExp(re: RegExp, path: string, issues: IssueList): boolean {
  let ok = true;
  if (re.global || re.sticky) {
    issues.add(
      "stateful-regexp",
      path,
      `${String(re)} has the ${re.global ? "g" : "y"} flag: RegExp.test() then remembers lastIndex and alternates between true and false.`,
      `Drop the flag: /${re.source}/${re.flags.replace(/[gy]/g, "")}.`,
    );
    ok = false;
  }
  const src = re.source;
  let trailing = 0;
  for (let i = src.length - 2; i >= 0 && src[i] === "\\"; i--) trailing++;
  const anchored = src.startsWith("^") && src.endsWith("$") && trailing % 2 === 0 && !hasTopLevelAlternation(src);
  if (!anchored) {
    issues.add(
      "unanchored-regexp",
      path,
      `${String(re)} is not anchored at both ends, so 'https://example.com.evil.net' or 'https://evil-example.com' may match.`,
      "Anchor it as /^(?:…)$/, or better use a pattern such as 'https://*.example.com'.",
    );
    ok = false;
  }
  return ok;
}
