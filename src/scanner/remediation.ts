/**
 * What goes with each finding besides the evidence: a proof-of-concept page the tester hosts at the
 * attacker's origin, and the server-side fix with a corsproof policy that would be safe.
 */
import type { BrowserRequest } from "../browser/index.js";
import type { FindingCode } from "./types.js";

const FIXES: Record<FindingCode, string> = {
  "reflected-origin": "Never echo the Origin header: compare it byte for byte with an allowlist and send no CORS headers for anything else.",
  "wildcard-origin": "Send Access-Control-Allow-Origin: * only on public data; for private or network-gated resources allow the exact origins that need them.",
  "ip-origin":
    "Never trust origins by the shape of an address (/^http:\\/\\/\\d+\\.\\d+\\.\\d+\\.\\d+:\\d+$/): anyone can serve a page from an IP they rent. List the exact origins.",
  "null-origin": "Remove 'null' from the allowlist: sandboxed iframes, data: and file: pages all send it, so any site can.",
  "prefix-match":
    "Compare the whole origin (an anchored '^...$' regex at most, or better an exact list): startsWith() admits 'https://app.example.com.evil.com'.",
  "suffix-match": "Match whole labels: endsWith('example.com') admits 'evilexample.com'. Use exact origins or the pattern 'https://*.example.com'.",
  "substring-match": "Never test origins with includes()/indexOf(): compare the whole serialised origin against an allowlist.",
  "unescaped-dot": "Escape every dot in origin regexes ('app\\.example\\.com'), or better use exact origins: an unescaped dot matches 'appxexample.com'.",
  "special-char-host":
    "Anchor origin checks at the end of the host: '(?![a-z0-9.-])' lets '_' and other host characters through. Use exact origins or 'https://*.example.com'.",
  "insecure-origin": "Trust only the https: origin: any network attacker can run script as the http: origin.",
  "other-port": "List the exact ports that are trusted; another service on the same host must not read this API.",
  "any-subdomain": "List the subdomains that need access instead of trusting all: one XSS or dangling DNS record on any of them then reads this API.",
  "shared-hosting": "Never trust a shared-hosting suffix (github.io, vercel.app, ...): anyone can publish there. List your own sites exactly.",
  "private-network-grant": "Send Access-Control-Allow-Private-Network: true only to the exact public origins that must reach this device.",
  "vary-origin-missing":
    "Add 'Vary: Origin' to every response whose CORS headers depend on the Origin (including responses to requests without one), or mark them Cache-Control: no-store.",
  "credential-headers-exposed":
    "Expose only the response headers the page needs; tokens and credentials belong in the body of an authenticated response, not in Access-Control-Expose-Headers.",
  "wildcard-with-credentials": "With credentials, browsers read '*' literally: list the methods, headers and origin explicitly.",
  "invalid-allow-credentials": "Send exactly 'Access-Control-Allow-Credentials: true' (lower case), or omit the header.",
  "preflight-actual-mismatch": "Answer preflights and actual requests from one CORS policy, so that what the preflight grants is what the response allows.",
};

/**
 * The fix for a finding: one sentence and the corsproof options that would be safe (the trusted
 * origins as an exact allowlist, credentials only if the site uses them).
 *
 * @example
 * fixFor("reflected-origin", ["https://app.example.com"], true).policy
 * // { origin: ["https://app.example.com"], credentials: true }
 */
export function fixFor(code: FindingCode, trusted: readonly string[], credentials: boolean): { text: string; policy: Record<string, unknown> } {
  const policy: Record<string, unknown> = { origin: [...trusted] };
  if (credentials) policy.credentials = true;
  if (code === "private-network-grant") policy.privateNetwork = true;
  return { text: `${FIXES[code]} With corsproof: createCorsPolicy(${JSON.stringify(policy)}).`, policy };
}

/** Escapes text for an HTML attribute or element. */
function html(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/**
 * A page that demonstrates the finding in a real browser: hosted at `request.origin`, opened by a
 * logged-in victim, it shows what script could read (or that the write went through). For the
 * `null` origin, the fetch runs in a sandboxed iframe, which is how an attacker produces it.
 */
export function proofOfConcept(request: BrowserRequest, title: string): string {
  const init: Record<string, unknown> = { method: request.method ?? "GET", credentials: request.credentials ?? "include" };
  const headers = Array.isArray(request.headers) ? Object.fromEntries(request.headers) : request.headers;
  if (headers && Object.keys(headers).length > 0) init.headers = headers;
  if (typeof request.body === "string") init.body = request.body;
  // `<` escaped so that no value can close the script element.
  const json = (v: unknown) => JSON.stringify(v).replace(/</g, "\\u003c");
  const script = `fetch(${json(request.url)}, ${json(init)})
  .then(async (r) => show(r.status + "\\n" + (await r.text())))
  .catch((e) => show("blocked: " + e));
function show(t) { document.body.appendChild(document.createElement("pre")).textContent = t; }`;
  const inner = `<script>${script}</script>`;
  const body =
    request.origin === "null"
      ? `<p>The sandboxed iframe below has the origin <code>null</code>.</p>\n<iframe sandbox="allow-scripts" srcdoc="${html(inner)}"></iframe>`
      : `<p>Host this page at <code>${html(request.origin)}</code> and open it while logged in to <code>${html(new URL(request.url).origin)}</code>.</p>\n${inner}`;
  return `<!doctype html>\n<meta charset="utf-8">\n<title>corsproof PoC: ${html(title)}</title>\n${body}\n`;
}
