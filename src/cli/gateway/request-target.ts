/**
 * Maps a client's request-target to the path sent to the configured upstream, or refuses it.
 *
 * The connection target never comes from the request: the gateway always connects to the
 * configured upstream and only the path and query of the request-target travel. This module
 * decides which path, with the rules a production reverse proxy applies (nginx's
 * `ngx_http_parse_complex_uri`, Envoy's path normalisation):
 *
 * - origin-form (`/path?query`, RFC 9112 §3.2.1) is the normal case;
 * - absolute-form (`http://host/path`, RFC 9112 §3.2.2) must be accepted by a server; its path is
 *   mapped onto the upstream and its authority only informs `X-Forwarded-Host`;
 * - authority-form and asterisk-form, other schemes, userinfo (RFC 9110 §4.2.4: "treat its presence
 *   as an error"), backslashes, fragments, malformed or NUL percent-escapes and any byte outside
 *   printable ASCII are refused with 400;
 * - dot segments, plain or percent-encoded (RFC 3986 §6.2.2.2: `%2E` is `.`), are resolved
 *   (RFC 3986 §5.2.4) before the base path is prefixed, and one that climbs above the root is
 *   refused, so no target can leave the base path. Segments that some servers still read as dot
 *   segments (`..;param`, `..%2F..`) are refused rather than forwarded.
 */

/** The path to request from the upstream, or why the request-target was refused. */
export type MappedTarget = { readonly ok: true; readonly path: string; readonly authority: string | null } | { readonly ok: false; readonly reason: string };

const refuse = (reason: string): MappedTarget => ({ ok: false, reason });

/** RFC 3986 §3.1 scheme followed by "://". */
const ABSOLUTE_FORM = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?]*)(.*)$/;
const BAD_ESCAPE = /%(?![0-9A-Fa-f]{2})/;

/** Printable US-ASCII only (0x21-0x7E); browsers percent-encode everything else. */
function printableAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x21 || c > 0x7e) return false;
  }
  return true;
}

/** "." or ".." after decoding `%2E` and dropping `;params`; null for an ordinary segment. */
function dotSegment(segment: string): "." | ".." | "params" | "encoded-slash" | null {
  const decoded = segment.replace(/%2e/gi, ".");
  const name = decoded.split(";", 1)[0];
  if (name === "." || name === "..") return decoded === name ? name : "params";
  // An upstream that decodes %2F/%5C before routing would see "../" here.
  if (/%(2f|5c)/i.test(segment)) {
    const parts = decoded.replace(/%2f|%5c/gi, "/").split("/");
    if (parts.some((p) => p === "." || p === "..")) return "encoded-slash";
  }
  return null;
}

/** RFC 3986 §5.2.4 remove_dot_segments, refusing a climb above the root. */
function resolvePath(path: string): string | MappedTarget {
  const segments = path.slice(1).split("/");
  const out: string[] = [];
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i] as string;
    const last = i === segments.length - 1;
    const dot = dotSegment(segment);
    if (dot === "params") return refuse("a dot segment with parameters");
    if (dot === "encoded-slash") return refuse("an encoded slash that forms a dot segment");
    if (dot === "..") {
      if (out.length === 0) return refuse("a dot segment above the root");
      out.pop();
    }
    if (dot === null) out.push(segment);
    else if (last) out.push("");
  }
  return `/${out.join("/")}`;
}

/**
 * The upstream path for `target` under `basePath` (no trailing slash; "" for the root).
 *
 * @example
 * mapRequestTarget("/v1/../items?x=1", "/api"); // { ok: true, path: "/api/items?x=1", authority: null }
 * mapRequestTarget("//169.254.169.254/latest", "/api"); // { ok: true, path: "/api//169.254.169.254/latest", … }
 * mapRequestTarget("/%2e%2e/admin", "/api"); // { ok: false, reason: "a dot segment above the root" }
 */
export function mapRequestTarget(target: string, basePath: string): MappedTarget {
  if (target === "*") return refuse("asterisk-form is only for OPTIONS to the server itself");
  if (!printableAscii(target)) return refuse("a byte outside printable ASCII");
  if (target.includes("#")) return refuse("a fragment");
  let rest = target;
  let authority: string | null = null;
  if (!target.startsWith("/")) {
    const m = ABSOLUTE_FORM.exec(target);
    if (m === null) return refuse("neither origin-form nor absolute-form");
    const scheme = (m[1] as string).toLowerCase();
    if (scheme !== "http" && scheme !== "https") return refuse(`the scheme '${scheme}'`);
    authority = m[2] as string;
    if (authority.includes("@")) return refuse("userinfo in the authority");
    if (authority === "") return refuse("an empty authority");
    rest = m[3] as string;
    if (rest === "" || rest.startsWith("?")) rest = `/${rest}`;
  }
  const q = rest.indexOf("?");
  const path = q === -1 ? rest : rest.slice(0, q);
  const query = q === -1 ? "" : rest.slice(q);
  if (path.includes("\\")) return refuse("a backslash in the path");
  if (BAD_ESCAPE.test(path) || BAD_ESCAPE.test(query)) return refuse("a malformed percent-escape");
  if (/%00/.test(path)) return refuse("an encoded NUL in the path");
  const resolved = resolvePath(path);
  if (typeof resolved !== "string") return resolved;
  return { ok: true, path: `${basePath}${resolved}${query}`, authority };
}
