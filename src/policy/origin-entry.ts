/**
 * Validation of one allowlist entry at configuration time: exact origins must already be the
 * serialisation a browser sends, patterns must use the one supported form, RegExps must be
 * anchored and stateless. Every refusal says what to write instead.
 */
import { type OriginPattern, isOriginPattern, parseOriginPattern } from "../protocol/origin-pattern.js";
import {
  hostParseFailure,
  isPotentiallyTrustworthyHost,
  isSerializedOrigin,
  schemeEnd,
  serializeOrigin,
  splitSerializedOrigin,
  withoutTrailingDot,
} from "../protocol/origin.js";
import type { IssueList } from "./config-error.js";
import { publicSuffixOf } from "./public-suffix.js";
import { registrableDomain, sharedHostingSuffix, siteOf } from "./shared-hosting.js";
import {
  ATTACKER_DOMAIN,
  CANARY_HTTP_ORIGIN,
  findLookalikeOrigin,
  fullyAnchored,
  type OriginProbe,
  originProbes,
  regexpWitnesses,
} from "../protocol/origin-probes.js";
import { toProbeSeed } from "../protocol/origin-seeds.js";
import { insecureWithCredentials, judgeProbe, type ProbeHole } from "./probe-hole.js";

/** The fix for an origin option that admits every origin while credentials are on (`*`, `true`, a RegExp matching everything). */
export const LIST_CREDENTIALED_ORIGINS = "List the origins that may send credentials, e.g. origin: ['https://app.example.com'].";

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
  const { host } = writtenHostAndPort(entry.trim());
  if (host.startsWith("[") && host !== url.host.replace(/:\d+$/, ""))
    reasons.push(`writes the IPv6 address as '${host}' where browsers write '${url.hostname}'`);
  else if (/^\d+\.\d+\.\d+\.\d+$/.test(url.hostname) && host !== url.hostname && host.toLowerCase() === host) {
    reasons.push(`writes the IPv4 address as '${host}' where browsers write '${url.hostname}'`);
  }
  return reasons.length > 0 ? reasons.join(", ") : "is not in the form browsers send";
}

/** The host (brackets kept) and port as written in `scheme://host[:port][/…]`; "" for what is absent. */
function writtenHostAndPort(entry: string): { readonly host: string; readonly port: string } {
  const start = entry.indexOf("://") + 3;
  if (start < 3) return { host: "", port: "" };
  const authority = entry.slice(start).split(/[/?#]/, 1)[0] ?? "";
  const hostPort = authority.slice(authority.lastIndexOf("@") + 1);
  const hostEnd = hostPort.startsWith("[") ? hostPort.indexOf("]") + 1 : hostPort.includes(":") ? hostPort.indexOf(":") : hostPort.length;
  return { host: hostPort.slice(0, hostEnd), port: hostPort.slice(hostEnd + 1) };
}

/** Secure Contexts: only potentially trustworthy origins may be given credentials without opting in. */
function checkCredentialedScheme(scheme: string, host: string, path: string, entry: string, ctx: EntryContext, issues: IssueList): void {
  if (insecureWithCredentials(scheme, host, ctx)) {
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
  if (entry.includes(",") && entry.split(",").every((part) => serializeOrigin(part.trim()) !== undefined)) {
    const parts = entry.split(",").map((part) => `'${part.trim()}'`);
    issues.add(
      "comma-separated-origins",
      path,
      `'${entry}' is several origins in one string; browsers send one origin, so it never matches any of them.`,
      `Split it into a list: origin: [${parts.join(", ")}] (from an environment variable: process.env.X.split(',').map((o) => o.trim())).`,
    );
    return undefined;
  }
  if (entry.length > 2 && entry.startsWith("/") && entry.endsWith("/")) {
    issues.add(
      "invalid-origin",
      path,
      `'${entry}' is a RegExp written as a string: it is compared as text and never matches an origin.`,
      `Write the RegExp without quotes and anchored, e.g. ${entry.slice(0, 1)}^https:\\/\\/app\\.example\\.com$${entry.slice(-1)}, or list the origin.`,
    );
    return undefined;
  }
  if (entry === "") {
    issues.add(
      "unset-origin",
      path,
      "The origin is an empty string: the value it was given is empty (typically an environment variable set to nothing).",
      "Set the variable to the front end's origin, e.g. 'https://app.example.com'.",
    );
    return undefined;
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
  if (entry.includes("*")) return compilePattern(entry, path, ctx, issues);
  const serialised = serializeOrigin(entry.trim());
  if (serialised === entry && isSerializedOrigin(entry)) {
    const parts = splitSerializedOrigin(entry);
    if (parts !== undefined) checkCredentialedScheme(parts.scheme, parts.host, path, entry, ctx, issues);
    return { kind: "exact", origin: entry };
  }
  if (serialised !== undefined && isSerializedOrigin(serialised)) {
    issues.add(
      "non-canonical-origin",
      path,
      `'${entry}' ${explainNonCanonical(entry, new URL(entry.trim()))}; browsers send '${serialised}' and origins are compared byte for byte.`,
      `Write '${serialised}'.`,
    );
  } else if (serialised?.endsWith(":0")) {
    issues.add("invalid-origin", path, `'${entry}' names port 0, a bad port (Fetch): no page is ever loaded from it.`, "Write the port the page is served on.");
  } else if (serialised !== undefined) {
    issues.add(
      "invalid-origin",
      path,
      `'${entry}' has a host corsproof does not match: host names must be lower-case labels of 1 to 63 letters, digits, '-' and '_', not starting or ending with '-', at most 253 bytes.`,
      "Use the DNS name the site is served under, e.g. 'https://app.example.com'.",
    );
  } else {
    const { host, port } = writtenHostAndPort(entry);
    const failure =
      schemeEnd(entry) <= 0
        ? undefined
        : (hostParseFailure(host) ?? (/^\d+$/.test(port) && Number(port) > 65535 ? `the port ${port} is above 65535` : undefined));
    issues.add(
      "invalid-origin",
      path,
      failure === undefined ? `'${entry}' is not an origin.` : `'${entry}' is not an origin a browser can send: ${failure}.`,
      "Write scheme://host[:port], e.g. 'https://app.example.com'.",
    );
  }
  return undefined;
}

/** Validates a pattern entry (one containing `*`), including the credentials rules for what it covers. */
function compilePattern(entry: string, path: string, ctx: EntryContext, issues: IssueList): CompiledEntry | undefined {
  const pattern = parseOriginPattern(entry);
  if (!isOriginPattern(pattern)) {
    issues.add("invalid-origin-pattern", path, `'${entry}' is not a valid origin pattern: ${pattern.reason}.`, pattern.fix);
    return undefined;
  }
  const someHost = pattern.subdomains ? `x.${pattern.host}` : pattern.host;
  checkCredentialedScheme(pattern.scheme, someHost, path, entry, ctx, issues);
  // Names under `localhost` are the local machine (Secure Contexts §3.1 step 5): nobody can register one.
  if (pattern.subdomains && ctx.credentials && !ctx.allowPublicSuffixes && !isPotentiallyTrustworthyHost(someHost)) {
    const base = withoutTrailingDot(pattern.host);
    const suffix = publicSuffixOf(base);
    if (suffix === undefined) {
      issues.add(
        "public-suffix-list-unavailable",
        path,
        `'${entry}' allows credentialed subdomains, and this runtime has no Public Suffix List to check that '${base}' is not a public suffix.`,
        'Add `import "corsproof/public-suffix"` before creating the policy (edge bundles leave the list out to stay small).',
      );
    } else if (suffix === base) {
      issues.add(
        "public-suffix-wildcard-with-credentials",
        path,
        `'${base}' is a public suffix: anyone can register a site under it and read credentialed responses.`,
        `List the exact origins you own (e.g. 'https://yourname.${base}'), or set dangerouslyAllowSubdomainsOfPublicSuffixes: true.`,
      );
    }
  }
  return { kind: "pattern", pattern };
}

/** The canary any check admitting every origin admits: the probes' reflected-origin origin. */
const CANARY_ORIGIN = `https://${ATTACKER_DOMAIN}`;

/** A probe origin the RegExp admits and why that is a hole. */
interface AdmittedProbe {
  readonly probe: OriginProbe;
  readonly verdict: ProbeHole;
}

/**
 * The first probe origin `re` admits that is a hole (judged as the function audit judges them,
 * see {@link judgeProbe}), or undefined. The probes are the scanner's and the audit's
 * ({@link originProbes}), seeded by the RegExp's witnesses — origins it matches, built from its
 * own literal parts — and the witnesses themselves are judged too (an `http:` RegExp is insecure
 * by its own witness with credentials).
 */
function admittedProbe(re: RegExp, witnesses: readonly string[], ctx: EntryContext): AdmittedProbe | undefined {
  const seeds = witnesses.flatMap((w) => toProbeSeed(w) ?? []);
  const owners = new Set(seeds.map((s) => registrableDomain(s.host)));
  const own: OriginProbe[] = seeds.map((s) => ({ origin: s.source, kind: "insecure-origin", from: s.source }));
  for (const probe of [...own, ...originProbes(seeds, { site: siteOf, sharedSuffix: sharedHostingSuffix })]) {
    if (!re.test(probe.origin)) continue;
    const verdict = judgeProbe(probe, owners, ctx);
    if (verdict !== undefined) return { probe, verdict };
  }
  return undefined;
}

/** Why an admitted probe origin is dangerous, for the message. */
function explainHole({ probe, verdict }: AdmittedProbe): string {
  switch (verdict.hole) {
    case "null":
      return "the origin any page can send from a sandboxed iframe, and credentials are on";
    case "insecure":
      return "an http: origin, into which anyone on the network path can inject script, and credentials are on";
    case "shared":
      return `a site anyone can create under the shared-hosting suffix '${verdict.suffix}', and credentials are on`;
    case "prefix-match":
    case "special-char-host":
      return `'${probe.from}' followed by a domain an attacker registers`;
    case "reflected-origin":
    case "ip-origin":
      return "a host it never names";
    case "suffix-match":
      return `a host anyone can register that merely ends with '${splitSerializedOrigin(probe.from)?.host ?? probe.from}' (no dot before it)`;
    default:
      return `a host anyone can register that merely contains or resembles '${splitSerializedOrigin(probe.from)?.host ?? probe.from}'`;
  }
}

/**
 * Validates a RegExp entry: it must not carry state (`g`, `y`), and it must admit only origins its
 * author named. Rather than demanding `^…$` syntactically, it is probed with attacker-style origins
 * derived from its own literal parts (see {@link admittedProbe}): `/\.example\.com$/` can only
 * match subdomains of example.com and is accepted (with credentials, its `http:` copies are refused),
 * while `/example\.com$/` admits `https://attackerexample.com` and is refused, naming that origin.
 * A RegExp matching every origin (`/./`) is `'*'` in disguise: refused with credentials, a warning
 * without. Anything the probe cannot model must be anchored at both ends.
 */
export function checkOriginRegExp(re: RegExp, path: string, ctx: EntryContext, issues: IssueList): boolean {
  if (re.global || re.sticky) {
    issues.add(
      "stateful-regexp",
      path,
      `${String(re)} has the ${re.global ? "g" : "y"} flag: RegExp.test() then remembers lastIndex and alternates between true and false.`,
      `Drop the flag: /${re.source}/${re.flags.replace(/[gy]/g, "")}.`,
    );
    return false;
  }
  if (re.test(CANARY_ORIGIN) && re.test(CANARY_HTTP_ORIGIN)) {
    if (ctx.credentials) {
      issues.add(
        "reflect-origin-with-credentials",
        path,
        `${String(re)} matches every origin (even '${CANARY_ORIGIN}' and '${CANARY_HTTP_ORIGIN}'), so with credentials every website could read your users' data.`,
        LIST_CREDENTIALED_ORIGINS,
      );
      return false;
    }
    issues.add(
      "regexp-matches-any-origin",
      path,
      `${String(re)} matches every origin (even '${CANARY_ORIGIN}'): it means the same as origin: '*', written as a RegExp.`,
      "Write origin: '*' to say so, or anchor the RegExp on the origins you mean, e.g. /^https://app.example.com$/.",
    );
    return true;
  }
  // `^a$|^b$` is anchored: each top-level alternative is judged on its own.
  const anchored = fullyAnchored(re.source);
  const witnesses = regexpWitnesses(re);
  const attack = admittedProbe(re, witnesses, ctx);
  if (!anchored && (witnesses.length === 0 || attack !== undefined)) {
    issues.add(
      "unanchored-regexp",
      path,
      attack !== undefined
        ? `${String(re)} is not anchored at both ends and admits '${attack.probe.origin}', ${explainHole(attack)}.`
        : `${String(re)} is not anchored at both ends, and corsproof cannot tell which origins it admits (it may match inside an attacker's origin).`,
      // A suffix RegExp (`/\.example\.com$/`) only admits its own subdomains; the hole is the scheme.
      attack?.verdict.hole === "insecure"
        ? String.raw`Require https: at the start, e.g. /^https:\/\/([a-z0-9-]+\.)*example\.com$/, or better use a pattern such as 'https://*.example.com'.`
        : "Anchor it as /^(?:…)$/, or better use a pattern such as 'https://*.example.com'.",
    );
    return false;
  }
  const lookalike = anchored ? findLookalikeOrigin(re) : undefined;
  if (lookalike !== undefined) {
    issues.add(
      "unescaped-dot-regexp",
      path,
      `${String(re)} admits '${lookalike.admitted}', a host you did not name: an unescaped '.' matches any character, not only the dot of '${lookalike.meant}'.`,
      `Escape the dots: ${String(lookalike.fixed)}, or better list the origin or use a pattern such as 'https://*.example.com'.`,
    );
    return false;
  }
  if (attack !== undefined) {
    issues.add(
      "regexp-admits-unnamed-origin",
      path,
      `${String(re)} admits '${attack.probe.origin}', ${explainHole(attack)}.`,
      attack.verdict.hole === "insecure"
        ? "Require https: in the RegExp (https:// instead of https?://), or list the origins."
        : "List the exact origins you own, or use a pattern on a domain you own such as 'https://*.example.com'.",
    );
    return false;
  }
  return true;
}
